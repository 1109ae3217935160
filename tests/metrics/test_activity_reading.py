"""Activities read honestly: promoters on the activity's days in its cost, the two weeks after
against the baseline, stock-out days left out of the lift, and falls during it named."""

from __future__ import annotations

from datetime import date

import pytest

from qbr.commentary import activity_notes, activity_title
from qbr.formatting import Formatter
from qbr.metrics import CustomerMetrics, compute_metrics, metrics_to_dict
from qbr.metrics.activities import ActivityResult
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings
from tests.metrics.planted import planted_sales
from tests.metrics.test_activities import ACTIVITIES, PRODUCTS, SALES, SUPPORT

Q3, Q4 = Quarter(2023, 3), Quarter(2023, 4)
PROMOTERS = [
    # 10 days 10-27 .. 11-05, 5 of them inside ACT1 (11-01 .. 11-10): 1000 x 5 / 10 = 500
    {"customer_id": "A", "promoter": "张", "start_date": "2023-10-27", "end_date": "2023-11-05", "cost": 1000.0},
    # after ACT1: not counted
    {"customer_id": "A", "promoter": "李", "start_date": "2023-11-11", "end_date": "2023-11-20", "cost": 800.0},
    # another customer's promoter on the same days: not counted
    {"customer_id": "B", "promoter": "王", "start_date": "2023-11-01", "end_date": "2023-11-10", "cost": 900.0},
]


def _metrics() -> CustomerMetrics:
    sales = [*SALES, sale("2023-11-02", "B", "S1", 1.0)]
    ds = make_dataset(sales=sales, activities=ACTIVITIES, support=SUPPORT, products=PRODUCTS, promoters=PROMOTERS)
    return compute_metrics(ds, settings(), "A", Q4)


def _act1() -> ActivityResult:
    return _metrics().activities[0]


def test_a_promoter_on_the_activitys_days_is_part_of_its_cost() -> None:
    a = _act1()
    assert a.support_cost == pytest.approx(500.0)  # 300 + 200
    assert a.promoter_cost == pytest.approx(500.0)
    assert a.cost == pytest.approx(1000.0)
    assert a.sales_roi == pytest.approx(400.0 / 1000.0)  # incremental 400


def test_the_two_weeks_after_are_compared_with_the_baseline() -> None:
    a = _act1()
    # [11-11, 11-24] of S1;S2: 7777 on 11-11 -> 7777 / 14 = 555.5 a day; baseline 20 a day
    assert a.after_daily == pytest.approx(7777.0 / 14)
    assert a.after_uplift == pytest.approx(7777.0 / 14 / 20.0 - 1)
    notes = activity_notes(metrics_to_dict(_metrics())["activities"][0], "zh", Formatter("zh"))
    assert "活动后两周日均¥556，仍比活动前高2,677.5%：效果在延续" in notes  # 555.5 / 20 - 1 = 26.775


def test_the_two_weeks_after_past_the_data_are_null() -> None:
    ds = make_dataset(sales=SALES[:-1], activities=ACTIVITIES, products=PRODUCTS)  # data ends 11-11
    a = compute_metrics(ds, settings(), "A", Q4).activities[0]
    assert a.after_daily is None and a.after_uplift is None


def test_stockout_days_are_left_out_of_the_lift_and_the_drop_is_named_on_the_slide() -> None:
    rows = [r for r in planted_sales(0) if r["customer_id"] == "STOCK"]
    activity = {
        "activity_id": "ACT-S",
        "customer_id": "STOCK",
        "name": "八月促销",
        "start_date": "2023-08-07",
        "end_date": "2023-08-20",
        "skus": "S1",
    }
    ds = make_dataset(sales=rows, activities=[activity])
    m = compute_metrics(ds, settings(), "STOCK", Q3)
    a = m.activities[0]
    # S1 was out of stock in every store in the week of 08-14: its 7 days are left out
    assert a.stockout_days == 7
    in_stock = sum(r["amount"] for r in rows if r["sku"] == "S1" and "2023-08-07" <= r["date"] <= "2023-08-13")
    base = sum(r["amount"] for r in rows if r["sku"] == "S1" and "2023-07-10" <= r["date"] <= "2023-08-06")
    assert a.actual_daily == pytest.approx(in_stock / 7)
    assert a.baseline_daily == pytest.approx(base / 28)
    assert a.incremental_sales == pytest.approx((in_stock / 7 - base / 28) * 7)
    assert [(d.week_start, d.sku, d.cause) for d in a.drops] == [(date(2023, 8, 14), "S1", "stockout")]
    act = metrics_to_dict(m)["activities"][0]
    assert activity_title(act, "zh", Formatter("zh")).endswith("（活动期间断货：Product S1）")
    assert "各门店同时断货" in activity_notes(act, "zh", Formatter("zh"))
