"""Support spend, promoters (spread over quarter boundaries), investment and expense ratio."""

from __future__ import annotations

import pytest

from qbr.data.dataset import Dataset
from qbr.metrics import compute_metrics
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings

Q4 = Quarter(2023, 4)  # 2023-10-01 .. 2023-12-31


def _dataset(**extra: list[dict]) -> Dataset:
    tables = {
        "sales": [
            sale("2023-10-05", "A", "S1", 36500.0, cost=20000.0),
            sale("2023-10-05", "B", "S1", 100.0, cost=50.0),
        ],
        "support": [
            {"date": "2023-10-01", "customer_id": "A", "type": "display", "amount": 300.0},
            {"date": "2023-12-31", "customer_id": "A", "type": "rebate", "amount": 200.0},
            {"date": "2023-11-11", "customer_id": "A", "type": "promotion", "amount": 100.0, "activity_id": "ACT1"},
            {"date": "2023-09-30", "customer_id": "A", "type": "display", "amount": 999.0},  # prev Q
            {"date": "2024-01-01", "customer_id": "A", "type": "promotion", "amount": 888.0},  # next Q
            {"date": "2023-10-01", "customer_id": "B", "type": "display", "amount": 5.0},  # other customer
        ],
        "promoters": [
            # 2023-09-01..10-31: 30 + 31 = 61 days, 31 in Q -> 6100 x 31/61 = 3100
            {
                "customer_id": "A",
                "promoter": "P1",
                "start_date": "2023-09-01",
                "end_date": "2023-10-31",
                "cost": 6100.0,
            },
            # 2023-12-02..2024-01-31: 30 + 31 = 61 days, 30 in Q -> 6100 x 30/61 = 3000
            {
                "customer_id": "A",
                "promoter": "P2",
                "start_date": "2023-12-02",
                "end_date": "2024-01-31",
                "cost": 6100.0,
            },
            # P1 again, all 10 days in Q -> 500 (P1 still counts once)
            {"customer_id": "A", "promoter": "P1", "start_date": "2023-11-01", "end_date": "2023-11-10", "cost": 500.0},
            # one day, the quarter's last -> 100
            {"customer_id": "A", "promoter": "P4", "start_date": "2023-12-31", "end_date": "2023-12-31", "cost": 100.0},
            # ends the day before Q -> nothing
            {
                "customer_id": "A",
                "promoter": "P3",
                "start_date": "2023-07-01",
                "end_date": "2023-09-30",
                "cost": 9000.0,
            },
        ],
    }
    tables.update(extra)
    return make_dataset(**tables)


def test_support_sums_amounts_dated_in_the_quarter_by_type() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    assert m.support == pytest.approx(600.0, abs=1e-6)  # 300 + 200 + 100
    assert m.support_by_type == pytest.approx(
        {
            "display": 300.0,
            "promotion": 100.0,
            "free_goods": 0.0,
            "rebate": 200.0,
            "listing": 0.0,
            "posm": 0.0,
            "other": 0.0,
        },
        abs=1e-6,
    )


def test_promoter_cost_is_spread_over_the_assignment_days_that_fall_in_the_quarter() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    assert m.promoter_days == 72  # 31 + 30 + 10 + 1
    assert m.promoter_cost == pytest.approx(6700.0, abs=1e-6)  # 3100 + 3000 + 500 + 100
    assert m.promoters == 3  # P1, P2, P4; P3 has no day in Q


def test_promoter_assignments_list_each_assignment_with_its_days_and_cost_in_the_quarter() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    # by promoter, then start date; P3 has no day in Q (same arithmetic as the fixture's comments)
    got = [(a.promoter, str(a.start_date), a.days, a.cost) for a in m.promoter_assignments]
    assert got == [
        ("P1", "2023-09-01", 31, pytest.approx(3100.0)),
        ("P1", "2023-11-01", 10, pytest.approx(500.0)),
        ("P2", "2023-12-02", 30, pytest.approx(3000.0)),
        ("P4", "2023-12-31", 1, pytest.approx(100.0)),
    ]
    assert sum(a.days for a in m.promoter_assignments) == m.promoter_days


def test_investment_is_support_plus_promoter_cost_and_expense_ratio_divides_by_sales() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    assert m.investment == pytest.approx(7300.0, abs=1e-6)  # 600 + 6700
    assert m.expense_ratio == pytest.approx(0.2, abs=1e-6)  # 7300 / 36500


def test_customer_without_support_or_promoters_has_zero_investment() -> None:
    m = compute_metrics(_dataset(), settings(), "B", Q4)
    assert m.support == pytest.approx(5.0)
    assert (m.promoter_days, m.promoter_cost, m.promoters) == (0, 0.0, 0)
    assert m.expense_ratio == pytest.approx(0.05)  # 5 / 100


def test_promoter_cost_of_an_uneven_split_keeps_full_precision() -> None:
    ds = _dataset(
        promoters=[
            # 2023-12-01..2024-01-30: 31 + 30 = 61 days, 31 in Q -> 6000 x 31/61 = 3049.1803278688...
            {
                "customer_id": "A",
                "promoter": "P9",
                "start_date": "2023-12-01",
                "end_date": "2024-01-30",
                "cost": 6000.0,
            },
        ]
    )
    m = compute_metrics(ds, settings(), "A", Q4)
    assert m.promoter_cost == pytest.approx(6000.0 * 31 / 61, abs=1e-6)


def test_promoter_cost_per_day_divides_the_cost_by_the_days() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    assert m.promoter_cost_per_day == pytest.approx(6700.0 / 72)  # 93.06 a day, not 72 / 6700


def test_promoter_cost_per_day_is_null_without_promoter_days() -> None:
    assert compute_metrics(_dataset(), settings(), "B", Q4).promoter_cost_per_day is None


def test_contribution_is_gross_profit_less_investment() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    # gross profit 36500 - 20000 = 16500; investment 7300 -> 9200 left; 9200 / 36500 of sales
    assert m.contribution == pytest.approx(9200.0)
    assert m.contribution_margin == pytest.approx(9200.0 / 36500.0)


def test_contribution_is_negative_when_investment_exceeds_gross_profit() -> None:
    # B: gross profit 100 - 50 = 50, support 5 -> +45; with 500 of display it is 50 - 505 = -455
    ds = _dataset(support=[{"date": "2023-10-01", "customer_id": "B", "type": "display", "amount": 505.0}])
    m = compute_metrics(ds, settings(), "B", Q4)
    assert m.contribution == pytest.approx(-455.0)
    assert m.contribution_margin == pytest.approx(-4.55)


def test_investment_by_kind_adds_up_to_the_investment_largest_first() -> None:
    from qbr.metrics.investment import investment_by_kind

    m = compute_metrics(_dataset(), settings(), "A", Q4)
    rows = investment_by_kind(m.support_by_type, m.promoter_cost, m.investment)
    # promoters 6700, display 300, rebate 200, promotion 100; shares of 7300
    assert [(r.kind, r.amount) for r in rows] == [
        ("promoters", pytest.approx(6700.0)),
        ("display", 300.0),
        ("rebate", 200.0),
        ("promotion", 100.0),
    ]
    assert [r.share for r in rows] == pytest.approx([6700 / 7300, 300 / 7300, 200 / 7300, 100 / 7300])
