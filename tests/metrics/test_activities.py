"""Activities starting in the quarter: baseline, actual, uplift, incremental sales and ROI."""

from __future__ import annotations

from datetime import date

import pytest

from qbr.metrics import CustomerMetrics, compute_metrics
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings

Q4 = Quarter(2023, 4)


def _half(day: str, sku: str, amount: float) -> dict:
    """A line of customer A whose cost is half its amount, so A's gross margin in Q is 0.5."""
    return sale(day, "A", sku, amount, cost=amount / 2)


SALES = [
    # ACT1 baseline window [2023-10-04, 2023-10-31] (28 days before 11-01), skus S1;S2:
    _half("2023-10-03", "S1", 5000.0),  # one day too early
    _half("2023-10-04", "S1", 280.0),  # first baseline day
    _half("2023-10-15", "S3", 1000.0),  # not an activity sku
    _half("2023-10-31", "S2", 280.0),  # last baseline day
    # ACT1 itself [2023-11-01, 2023-11-10]
    _half("2023-11-01", "S1", 400.0),
    _half("2023-11-05", "S3", 999.0),  # not an activity sku
    _half("2023-11-10", "S2", 200.0),
    _half("2023-11-11", "S1", 7777.0),  # the day after
    # ACT2 (all skus) [2023-12-01, 2023-12-05]
    _half("2023-12-03", "S3", 500.0),
]
ACTIVITIES = [
    {
        "activity_id": "ACT1",
        "customer_id": "A",
        "name": "Autumn push",
        "start_date": "2023-11-01",
        "end_date": "2023-11-10",
        "skus": "S1; S2",
    },
    {
        "activity_id": "ACT2",
        "customer_id": "A",
        "name": "All products",
        "start_date": "2023-12-01",
        "end_date": "2023-12-05",
    },  # blank skus = all products, no support rows
    {
        "activity_id": "ACT3",
        "customer_id": "A",
        "name": "Started last quarter",
        "start_date": "2023-09-25",
        "end_date": "2023-10-05",
    },
    {
        "activity_id": "ACT4",
        "customer_id": "A",
        "name": "Next quarter",
        "start_date": "2024-01-01",
        "end_date": "2024-01-05",
    },
    {
        "activity_id": "ACT5",
        "customer_id": "A",
        "name": "Slow seller",
        "start_date": "2023-12-20",
        "end_date": "2023-12-21",
        "skus": "S4",
    },
]
SUPPORT = [
    {"date": "2023-10-20", "customer_id": "A", "type": "promotion", "amount": 300.0, "activity_id": "ACT1"},
    {"date": "2024-02-15", "customer_id": "A", "type": "posm", "amount": 200.0, "activity_id": "ACT1"},
    {"date": "2023-12-20", "customer_id": "A", "type": "display", "amount": 100.0, "activity_id": "ACT5"},
]
PRODUCTS = [{"sku": s, "name": s, "category": "c"} for s in ("S1", "S2", "S3", "S4")]


def _metrics(sales: list[dict] = SALES) -> CustomerMetrics:
    ds = make_dataset(sales=sales, activities=ACTIVITIES, support=SUPPORT, products=PRODUCTS)
    return compute_metrics(ds, settings(), "A", Q4)


def test_only_activities_starting_in_the_quarter_are_reported_in_start_order() -> None:
    assert [a.activity_id for a in _metrics().activities] == ["ACT1", "ACT2", "ACT5"]


def test_activity_uplift_incremental_sales_and_roi_from_its_skus() -> None:
    a = _metrics().activities[0]
    assert a.skus == ["S1", "S2"]
    assert (a.start_date, a.end_date, a.days) == (date(2023, 11, 1), date(2023, 11, 10), 10)
    assert a.cost == pytest.approx(500.0)  # 300 + 200: support rows of any date
    assert a.baseline_daily == pytest.approx(20.0, abs=1e-6)  # (280 + 280) / 28
    assert a.actual_daily == pytest.approx(60.0, abs=1e-6)  # (400 + 200) / 10
    assert a.uplift == pytest.approx(2.0, abs=1e-6)  # 60 / 20 - 1
    assert a.incremental_sales == pytest.approx(400.0, abs=1e-6)  # (60 - 20) x 10
    assert a.sales_roi == pytest.approx(0.8, abs=1e-6)  # 400 / 500
    assert a.profit_roi == pytest.approx(0.4, abs=1e-6)  # 400 x 0.5 / 500


def test_activity_with_blank_skus_counts_all_products_and_without_support_has_null_roi() -> None:
    a = _metrics().activities[1]
    assert a.skus == []
    assert a.days == 5
    # baseline [2023-11-03, 2023-11-30]: 999 (S3) + 200 (S2) + 7777 (S1) = 8976
    assert a.baseline_daily == pytest.approx(8976.0 / 28, abs=1e-6)
    assert a.actual_daily == pytest.approx(100.0, abs=1e-6)  # 500 / 5
    assert a.uplift == pytest.approx(100.0 / (8976.0 / 28) - 1, abs=1e-6)
    assert a.incremental_sales == pytest.approx((100.0 - 8976.0 / 28) * 5, abs=1e-6)  # -1102.857...
    assert a.cost == 0.0
    assert a.sales_roi is None and a.profit_roi is None


def test_activity_without_baseline_sales_has_null_uplift() -> None:
    a = _metrics().activities[2]
    assert a.baseline_daily == 0.0 and a.actual_daily == 0.0
    assert a.uplift is None
    assert a.incremental_sales == 0.0
    assert a.sales_roi == pytest.approx(0.0)  # 0 / 100
    assert a.profit_roi == pytest.approx(0.0)


def test_profit_roi_is_null_when_the_quarter_gross_margin_is_unknown() -> None:
    sales = [*SALES, sale("2023-12-30", "A", "S3", 10.0)]  # S3 has no cost and no unit_cost
    a = _metrics(sales).activities[0]
    assert a.sales_roi == pytest.approx(0.8, abs=1e-6)
    assert a.profit_roi is None
