"""Chart data sets against figures worked out by hand on a tiny data set."""

from __future__ import annotations

import pytest

from qbr.context.chartdata import build_charts, growth_waterfall, investment_rows, profit_bridge
from qbr.metrics import compute_metrics, engine_for
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings

Q4 = Quarter(2023, 4)


def _dataset(target: float | None = 92_000.0):
    sales = [
        # 2023Q4: Oct 40,000 + Nov 30,000 + Dec 20,000 = 90,000 (cost 60% -> gross 36,000)
        sale("2023-10-10", "A", "S1", 40_000.0, cost=24_000.0),
        sale("2023-11-10", "A", "S2", 30_000.0, cost=18_000.0),
        sale("2023-12-10", "A", "S1", 20_000.0, cost=12_000.0),
        # 2023Q3 60,000; 2023Q2 50,000; 2023Q1 none; 2022Q4 80,000 (S1 50,000, S2 30,000)
        sale("2023-08-01", "A", "S1", 60_000.0, cost=36_000.0),
        sale("2023-05-01", "A", "S1", 50_000.0, cost=30_000.0),
        sale("2022-10-05", "A", "S1", 50_000.0, cost=30_000.0),
        sale("2022-11-05", "A", "S2", 30_000.0, cost=18_000.0),
        # the data runs 2022-01-01 .. 2023-12-31 (zero lines of another customer): last year is inside it
        # and 2023Q4 is complete
        sale("2022-01-01", "Z", "S1", 0.0),
        sale("2023-12-31", "Z", "S1", 0.0),
    ]
    targets = [] if target is None else [{"customer_id": "A", "quarter": "2023Q4", "target": target}]
    support = [
        {"date": "2023-10-01", "customer_id": "A", "type": "display", "amount": 4_500.0},
        {"date": "2023-11-01", "customer_id": "A", "type": "rebate", "amount": 1_500.0},
    ]
    receivables = [
        {
            "customer_id": "A",
            "invoice_no": "F1",
            "invoice_date": "2023-09-01",
            "due_date": "2023-10-31",
            "amount": 10_000.0,
        }
    ]  # 61 days past due at 12-31
    return make_dataset(sales=sales, targets=targets, support=support, receivables=receivables)


def _charts(lang: str = "zh", target: float | None = 92_000.0) -> dict:
    ds = _dataset(target)
    s = settings()
    m = compute_metrics(ds, s, "A", Q4)
    return build_charts(engine_for(ds, s), m, lang)


def values(chart: dict, series: int = 0) -> list:
    return chart["series"][series]["values"]


def test_sales_compare_is_last_year_previous_quarter_target_and_sales_in_wan() -> None:
    c = _charts()["sales_compare"]
    # 2022Q4 80,000; 2023Q3 60,000; target 92,000; 2023Q4 90,000 -> / 10,000
    assert values(c) == [8.0, 6.0, 9.2, 9.0]
    assert c["series"][0]["number_format"] == "#,##0.0"


def test_english_charts_are_in_thousands() -> None:
    assert values(_charts("en")["sales_compare"]) == [80.0, 60.0, 92.0, 90.0]


def test_quarterly_sales_cover_five_quarters_oldest_first_with_zero_for_a_quarter_without_sales() -> None:
    c = _charts()["quarterly_sales"]
    assert c["categories"] == ["22Q4", "23Q1", "23Q2", "23Q3", "23Q4"]
    assert values(c) == [8.0, 0.0, 5.0, 6.0, 9.0]


def test_target_pace_spreads_the_target_over_the_months_by_days() -> None:
    c = _charts()["monthly_sales"]
    assert c["categories"] == ["10月", "11月", "12月"]
    assert values(c, 0) == [4.0, 3.0, 2.0]
    # 92,000 x 31/92, x 30/92, x 31/92 = 31,000, 30,000, 31,000
    assert values(c, 2) == pytest.approx([3.1, 3.0, 3.1])


def test_target_pace_is_a_gap_without_a_target() -> None:
    c = _charts(target=None)
    assert values(c["monthly_sales"], 2) == [None, None, None]
    assert values(c["sales_compare"])[2] is None


def test_investment_by_type_lists_support_with_money_and_promoters_largest_on_top() -> None:
    c = _charts()["investment_by_type"]
    # display 4,500 and rebate 1,500, no promoters; bars draw bottom-up, so the list is reversed
    assert c["categories"] == ["返利", "陈列费"]
    assert values(c) == [0.15, 0.45]


def test_investment_rows_add_up_to_the_investment_with_promoters() -> None:
    ds = _dataset()
    ds.tables["promoters"] = make_dataset(
        promoters=[
            # 2023-10-01..10-20: 20 days, all in Q4 -> 2,000
            {"customer_id": "A", "promoter": "P1", "start_date": "2023-10-01", "end_date": "2023-10-20", "cost": 2000.0}
        ],
        sales=[sale("2023-10-10", "A", "S1", 1.0)],
    ).promoters
    m = compute_metrics(ds, settings(), "A", Q4)
    rows = investment_rows(m, "zh")
    assert [(r["label"], r["amount"]) for r in rows] == [("陈列费", 4500.0), ("促销员费用", 2000.0), ("返利", 1500.0)]
    assert sum(r["amount"] for r in rows) == m.investment == 8000.0
    assert rows[0]["share"] == pytest.approx(4500 / 8000)


def test_aging_buckets_hold_the_outstanding_invoice() -> None:
    c = _charts()["ar_aging"]
    assert c["categories"] == ["未到期", "逾期1-30天", "逾期31-60天", "逾期61-90天", "逾期90天以上"]
    assert values(c) == [0.0, 0.0, 0.0, 1.0, 0.0]  # 10,000 at 61 days


def test_growth_waterfall_runs_from_last_year_to_this_year() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    w = growth_waterfall(m, "zh")
    v = values(w)
    # S1: 60,000 vs 50,000 (+10,000); S2: 30,000 vs 30,000 (0, neither gainer nor decliner)
    assert v[0] == 80_000.0 and v[-1] == 90_000.0
    assert w["categories"][0] == "去年同期" and w["categories"][-1] == "本季度"
    assert sum(x for x in v[1:-1]) == pytest.approx(90_000.0 - 80_000.0)
    assert w["totals"] == [0, len(v) - 1]


def test_profit_bridge_steps_and_gaps_when_cost_is_unknown() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    b = profit_bridge(m, "zh")
    # sales 90,000; cost 54,000; gross 36,000; investment 6,000; contribution 30,000
    assert values(b) == [90_000.0, -54_000.0, 36_000.0, -6_000.0, 30_000.0]
    unknown = make_dataset(
        sales=[sale("2023-10-10", "A", "S1", 1_000.0)], products=[{"sku": "S1", "name": "x", "category": "c"}]
    )  # no unit_cost
    b = profit_bridge(compute_metrics(unknown, settings(), "A", Q4), "zh")
    assert values(b) == [1_000.0, None, None, 0.0, None]
