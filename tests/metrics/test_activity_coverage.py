"""An activity's lift only where the data can show one: its baseline inside the data, and a window
long enough for the customer's delivery rhythm (issue 15)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from qbr.metrics import compute_metrics
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings

Q4 = Quarter(2023, 4)


def _days(first: str, last: str, step: int = 1) -> list[str]:
    d, end, out = date.fromisoformat(first), date.fromisoformat(last), []
    while d <= end:
        out.append(d.isoformat())
        d += timedelta(days=step)
    return out


def _activity(start: str, end: str) -> list[dict]:
    return [{"activity_id": "A1", "customer_id": "C", "name": "试吃", "start_date": start, "end_date": end,
             "skus": "S1"}]  # fmt: skip


def _result(sales: list[dict], start: str, end: str):
    sales = [*sales, sale("2023-12-31", "Z", "S1", 0.0)]  # the data reaches the quarter's end
    support = [{"date": start, "customer_id": "C", "type": "promotion", "amount": 100.0, "activity_id": "A1"}]
    ds = make_dataset(sales=sales, activities=_activity(start, end), support=support)
    (a,) = compute_metrics(ds, settings(), "C", Q4).activities
    return a


def test_a_baseline_mostly_before_the_data_gives_no_lift() -> None:
    # data from 2023-10-01; the activity starts 10-10: 9 days of baseline in the data, fewer than 14
    sales = [sale(d, "C", "S1", 10.0) for d in _days("2023-10-01", "2023-10-20")]
    a = _result(sales, "2023-10-10", "2023-10-20")
    assert a.not_measured == "no_base_data"
    assert a.uplift is None and a.incremental_sales is None and a.sales_roi is None and a.profit_roi is None


def test_a_baseline_partly_in_the_data_uses_its_covered_days() -> None:
    # data from 2023-09-16: the baseline 09-12..10-09 has 24 days in the data at 10 a day -> 10 a day,
    # not 240 / 28 = 8.57; during 10-10..10-16 20 a day -> +100 %, incremental (20 - 10) x 7 = 70
    sales = [sale(d, "C", "S1", 10.0) for d in _days("2023-09-16", "2023-10-09")]
    sales += [sale(d, "C", "S1", 20.0) for d in _days("2023-10-10", "2023-10-16")]
    a = _result(sales, "2023-10-10", "2023-10-16")
    assert a.not_measured is None
    assert a.baseline_daily == pytest.approx(10.0)
    assert a.uplift == pytest.approx(1.0) and a.incremental_sales == pytest.approx(70.0)
    assert a.sales_roi == pytest.approx(0.7)  # 70 / 100


def test_an_activity_shorter_than_two_delivery_gaps_is_too_short_to_measure() -> None:
    # weekly deliveries (every 7 days) from 2023-08-01; a 10-day tasting 10-10..10-19 < 1.5 x 7 days
    sales = [sale(d, "C", "S1", 70.0) for d in _days("2023-08-01", "2023-12-31", step=7)]
    a = _result(sales, "2023-10-10", "2023-10-19")
    assert a.not_measured == "too_short" and a.uplift is None and a.sales_roi is None
    # the same window with daily deliveries is measured
    daily = [sale(d, "C", "S1", 10.0) for d in _days("2023-08-01", "2023-12-31")]
    assert _result(daily, "2023-10-10", "2023-10-19").not_measured is None
