"""Sales KPIs: sales, growth, target, gross profit, rank and share, by hand on tiny data sets."""

from __future__ import annotations

import math

import pytest

from qbr.data.dataset import Dataset
from qbr.errors import QbrError
from qbr.metrics import compute_metrics
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings

Q4 = Quarter(2023, 4)  # 2023-10-01 .. 2023-12-31, 92 days; prev = 2023Q3, ly = 2022Q4


def _dataset() -> Dataset:
    return make_dataset(
        customers=[
            {"customer_id": "A", "name": "Alpha", "channel": "modern"},
            {"customer_id": "B", "name": "Beta", "channel": "modern"},
            {"customer_id": "C", "name": "Gamma", "channel": "traditional"},
            {"customer_id": "D", "name": "Delta", "channel": "fresh"},
            {"customer_id": "E", "name": "Epsilon", "channel": "fresh"},
        ],
        products=[
            {"sku": "S1", "name": "Cola", "category": "drinks", "unit_cost": 70.0},
            {"sku": "S2", "name": "Juice", "category": "drinks", "unit_cost": 50.0},
            {"sku": "S3", "name": "Chips", "category": "snacks"},  # no unit cost
        ],
        sales=[
            # A in Q: 1000 + 500 - 200 (a return on the quarter's last day) = 1300
            sale("2023-10-05", "A", "S1", 1000.0, qty=10, cost=600.0),
            sale("2023-11-20", "A", "S2", 500.0, qty=4),  # no cost: 4 x unit_cost 50 = 200
            sale("2023-12-31", "A", "S1", -200.0, qty=-2, cost=-120.0),
            sale("2024-01-01", "A", "S1", 999.0, qty=1, cost=1.0),  # next quarter
            sale("2023-09-30", "A", "S1", 800.0, qty=5, cost=480.0),  # prev quarter
            sale("2022-10-01", "A", "S2", 1000.0, qty=10, cost=500.0),  # same quarter last year
            # B ties A on 1300
            sale("2023-10-10", "B", "S1", 1300.0, qty=1, cost=1000.0),
            # C: S3 has neither cost nor unit_cost -> gross figures unknown
            sale("2023-10-10", "C", "S3", 700.0, qty=1),
            sale("2022-11-10", "C", "S1", 100.0, qty=1, cost=70.0),
            # D: sales last quarter only
            sale("2023-08-01", "D", "S1", 400.0, qty=1, cost=70.0),
            # E: started last quarter (nothing a year ago)
            sale("2023-09-01", "E", "S1", 500.0, qty=1, cost=70.0),
            sale("2023-12-01", "E", "S1", 600.0, qty=1, cost=70.0),
        ],
        targets=[
            {"customer_id": "A", "quarter": "2023Q4", "target": 2000.0},
            {"customer_id": "A", "quarter": "2023Q3", "target": 1000.0},
            {"customer_id": "D", "quarter": "2023Q4", "target": 500.0},
        ],
    )


def test_sales_prev_and_last_year_sum_amounts_dated_in_each_quarter_including_returns() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    assert m.sales == pytest.approx(1300.0, abs=1e-6)  # 1000 + 500 - 200; 2024-01-01 excluded
    assert m.sales_prev == pytest.approx(800.0, abs=1e-6)  # 2023-09-30
    assert m.sales_ly == pytest.approx(1000.0, abs=1e-6)  # 2022-10-01
    assert m.qoq == pytest.approx(0.625, abs=1e-6)  # 1300 / 800 - 1
    assert m.yoy == pytest.approx(0.3, abs=1e-6)  # 1300 / 1000 - 1


def test_attainment_uses_the_target_row_of_the_quarter() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    assert m.target == pytest.approx(2000.0)
    assert m.attainment == pytest.approx(0.65, abs=1e-6)  # 1300 / 2000


def test_target_gap_is_negative_when_short_of_target() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    assert m.target_gap == pytest.approx(-700.0)  # 1300 sold against 2000: 700 short


def test_gross_profit_uses_line_cost_else_qty_times_unit_cost() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    # costs 600 + (4 x 50) + (-120) = 680; gross profit 1300 - 680 = 620
    assert m.gross_profit == pytest.approx(620.0, abs=1e-6)
    assert m.gross_margin == pytest.approx(620.0 / 1300.0, abs=1e-6)  # 0.476923...


def test_gross_figures_are_null_when_any_line_cost_is_unknown() -> None:
    m = compute_metrics(_dataset(), settings(), "C", Q4)
    assert m.sales == pytest.approx(700.0)
    assert m.gross_profit is None
    assert m.gross_margin is None


def test_rank_gives_tied_customers_the_same_rank_and_share_divides_by_all_sales() -> None:
    ds = _dataset()
    a, b, c = (compute_metrics(ds, settings(), cid, Q4) for cid in "ABC")
    # Q sales: A 1300, B 1300, C 700, E 600, D 0; total 3900
    assert (a.rank, b.rank, c.rank) == (1, 1, 3)
    assert a.share == pytest.approx(1300.0 / 3900.0, abs=1e-6)
    assert c.share == pytest.approx(700.0 / 3900.0, abs=1e-6)


def test_customer_that_started_last_quarter_has_null_yoy() -> None:
    m = compute_metrics(_dataset(), settings(), "E", Q4)
    assert m.sales_ly == 0.0
    assert m.yoy is None
    assert m.qoq == pytest.approx(0.2, abs=1e-6)  # 600 / 500 - 1


def test_quarter_without_sales_gives_zero_sales_and_null_ratios() -> None:
    m = compute_metrics(_dataset(), settings(), "D", Q4)
    assert m.sales == 0.0 and isinstance(m.sales, float)
    assert m.sales_prev == pytest.approx(400.0)
    assert m.qoq == pytest.approx(-1.0)  # 0 / 400 - 1: the fall is real
    assert m.yoy is None  # nothing in 2022Q4
    assert m.attainment == pytest.approx(0.0)  # 0 / 500
    assert m.gross_profit == 0.0
    assert m.gross_margin is None
    assert m.expense_ratio is None
    assert m.dso is None
    assert m.rank is None
    assert m.share == pytest.approx(0.0)
    assert m.by_week and all(w.sales == 0.0 for w in m.by_week)
    assert m.alerts == []


def test_attainment_is_null_without_a_target_row() -> None:
    m = compute_metrics(_dataset(), settings(), "B", Q4)
    assert m.target is None and m.attainment is None and m.target_gap is None


def test_results_are_plain_python_numbers() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    for name in ("sales", "sales_prev", "qoq", "gross_profit", "share", "support", "ar_outstanding"):
        assert type(getattr(m, name)) is float, name
    assert type(m.rank) is int and type(m.promoters) is int
    assert not any(isinstance(v, float) and (math.isnan(v) or math.isinf(v)) for v in vars(m).values())


def test_unknown_customer_is_a_user_error_with_a_hint() -> None:
    with pytest.raises(QbrError) as exc:
        compute_metrics(_dataset(), settings(), "ZZZ", Q4)
    text = exc.value.format()
    assert 'unknown customer "ZZZ"' in text
    assert "qbr accounts --quarter 2023Q4" in text


def test_with_some_costs_unknown_the_known_part_and_the_skus_without_cost_are_named() -> None:
    ds = make_dataset(
        sales=[
            sale("2023-10-02", "K", "S1", 600.0, cost=450.0),  # known: 150 gross profit
            sale("2023-10-03", "K", "S2", 300.0),  # no cost, no unit_cost: unknown
            sale("2023-10-04", "K", "S3", 100.0),  # unknown too
            sale("2023-12-31", "K", "S1", 0.0, cost=0.0),  # the data covers the quarter
        ]
    )
    m = compute_metrics(ds, settings(), "K", Q4)
    assert m.gross_profit is None and m.gross_margin is None  # the spec: any unknown line
    assert m.gross_profit_known == pytest.approx(150.0)
    assert m.cost_known_share == pytest.approx(600.0 / 1000.0)
    assert [(u.sku, u.sales, u.share) for u in m.unknown_cost_skus] == [("S2", 300.0, pytest.approx(0.3)),
                                                                        ("S3", 100.0, pytest.approx(0.1))]  # fmt: skip


def test_targets_read_once_per_customer_are_the_rows_the_table_holds() -> None:
    # target_of keeps each customer's targets by quarter after the first ask; every answer must be
    # the row filtered from the table (plain route), for customers with, without and with NaN targets
    import pandas as pd

    from qbr.metrics import engine_for
    from qbr.metrics.common import opt_float
    from qbr.metrics.sales import target_of

    data = _dataset()
    targets = pd.concat(
        [data.targets, pd.DataFrame([{"customer_id": "E", "quarter": "2023Q4", "target": float("nan")}])],
        ignore_index=True,
    )
    data = make_dataset(
        customers=data.customers.to_dict("records"),
        products=data.products.to_dict("records"),
        sales=[sale("2023-10-05", "A", "S1", 1.0, qty=1, cost=1.0)],
        targets=targets.to_dict("records"),
    )
    engine = engine_for(data, settings())
    quarters = [Quarter(2023, n) for n in range(1, 5)] + [Quarter(2024, 1)]
    for _ in range(2):  # the second round answers from what the first one kept
        for customer in ["A", "B", "C", "D", "E"]:
            rows = data.targets[data.targets["customer_id"] == customer]
            for q in quarters:
                plain = rows[rows["quarter"].astype(str) == str(q)]["target"]
                expected = opt_float(plain.iloc[0]) if len(plain) else None
                assert target_of(engine, engine.code(customer), q) == expected, (customer, q)
    assert target_of(engine, engine.code("A"), Q4) == 2000.0 and target_of(engine, engine.code("E"), Q4) is None
