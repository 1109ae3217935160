"""Weekly sales (Monday weeks) and alerts with their driver SKUs, on the plain week-on-week rule
(baseline_weeks = 1, noise_k = 0); tests/metrics/test_alert_rule.py pins the baseline and wobble."""

from __future__ import annotations

from datetime import date

import pytest

from qbr.metrics import CustomerMetrics, compute_metrics
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, week_on_week

Q4 = Quarter(2023, 4)  # 2023-10-01 is a Sunday: the first week starting in Q is Monday 10-02


def _week(monday: str, amounts: dict[str, float]) -> list[dict]:
    return [sale(monday, "A", sku, amount) for sku, amount in amounts.items()]


SALES = [
    sale("2023-09-01", "B", "S1", 1.0),  # another customer: the data starts before the week of 09-25
    # week of 09-25 (before the first week): 100 on Thursday 09-28 (last quarter) + 100 on Sunday 10-01
    sale("2023-09-28", "A", "S1", 100.0),
    sale("2023-10-01", "A", "S2", 100.0),
    *_week("2023-10-02", {"S1": 100.0, "S2": 90.0}),  # 190: exactly -5% vs 200 -> no alert
    *_week("2023-10-09", {"S1": 100.0, "S2": 90.0, "S3": 40.0, "S4": 60.0, "S5": 10.0}),  # 300
    # 220 vs 300 = -26.7%: S1 -60, S2 -30, S3 -10, S4 -5 fell; S5 +5 rose; S6 is new (+20)
    *_week("2023-10-16", {"S1": 40.0, "S2": 60.0, "S3": 30.0, "S4": 55.0, "S5": 15.0, "S6": 20.0}),
    # week of 10-23: nothing -> -100%; week of 10-30: nothing after nothing -> no change, no alert
    *_week("2023-11-06", {"S1": 100.0}),  # up from 0: change null
    sale("2023-12-31", "B", "S1", 1.0),  # another customer's line: the data runs to the quarter end
]


def _metrics() -> CustomerMetrics:
    return compute_metrics(make_dataset(sales=SALES), week_on_week(weekly_drop=0.05), "A", Q4)


def test_weeks_start_on_monday_and_cover_each_week_starting_in_the_quarter() -> None:
    weeks = _metrics().by_week
    assert weeks[0].week_start == date(2023, 10, 2) and weeks[0].iso_week == "2023-W40"
    assert weeks[-1].week_start == date(2023, 12, 25) and weeks[-1].week_end == date(2023, 12, 31)
    assert len(weeks) == 13
    assert weeks[0].sales_prev_week == pytest.approx(200.0)  # 09-28 + 10-01, across the quarter start
    assert weeks[0].change == pytest.approx(-0.05, abs=1e-6)


def test_a_fall_of_exactly_the_threshold_is_not_an_alert() -> None:
    assert date(2023, 10, 2) not in [a.week_start for a in _metrics().alerts]


def test_alerts_flag_falls_beyond_the_threshold_with_the_falling_skus_that_explain_it() -> None:
    alerts = _metrics().alerts
    # 10-16: 220 after 300; 10-23: 0 after 220; 11-13: 0 after the 100 of 11-06
    assert [a.week_start for a in alerts] == [date(2023, 10, 16), date(2023, 10, 23), date(2023, 11, 13)]
    first = alerts[0]
    assert first.sales == pytest.approx(220.0) and first.sales_prev_week == pytest.approx(300.0)
    assert first.change == pytest.approx(220.0 / 300.0 - 1, abs=1e-6)  # -0.2667
    # fall -80: S1 -60 explains 75 %, with S2 -30 it is 112 % >= 80 %, so S3 -10 and S4 -5 are left out
    assert [d.key for d in first.drivers] == ["S1", "S2"]
    assert [d.change for d in first.drivers] == pytest.approx([-60.0, -30.0])
    assert [d.share for d in first.drivers] == pytest.approx([60 / 80, 30 / 80])
    assert (first.drivers[0].sales, first.drivers[0].sales_base) == (40.0, 100.0)


def test_a_week_with_no_sales_after_sales_is_a_full_fall_and_drivers_rank_by_fall() -> None:
    second = _metrics().alerts[1]
    assert second.change == pytest.approx(-1.0)
    # the week before: S1 40, S2 60, S3 30, S4 55, S5 15, S6 20 -> largest falls S2, S4, S1;
    # together 155 of 220 (70 %), so all three of the most a slide lists
    assert [d.key for d in second.drivers] == ["S2", "S4", "S1"]


def test_no_change_and_no_alert_when_the_week_before_had_no_sales() -> None:
    weeks = {w.week_start: w for w in _metrics().by_week}
    assert weeks[date(2023, 10, 30)].change is None  # 0 after 0
    assert weeks[date(2023, 11, 6)].change is None  # 100 after 0


def test_drivers_are_only_skus_whose_sales_fell() -> None:
    ds = make_dataset(
        sales=[
            *_week("2023-10-02", {"S1": 100.0, "S2": 100.0}),
            *_week("2023-10-09", {"S1": 50.0, "S2": 110.0}),  # 160 vs 200 = -20%; only S1 fell
            sale("2023-12-31", "A", "S1", 1.0),
        ]
    )
    alert = compute_metrics(ds, week_on_week(), "A", Q4).alerts[0]
    assert [d.key for d in alert.drivers] == ["S1"]


Q3 = Quarter(2023, 3)  # 2023-07-01 (Saturday) .. 2023-09-30 (Saturday)


def test_a_week_straddling_the_quarter_end_counts_its_full_monday_to_sunday() -> None:
    ds = make_dataset(
        sales=[
            sale("2023-09-18", "B", "S1", 1.0),  # the data starts on the Monday of the week before
            sale("2023-09-20", "A", "S1", 100.0),
            sale("2023-09-26", "A", "S1", 50.0),
            sale("2023-10-01", "A", "S1", 60.0),  # Sunday after the quarter end, same week
        ]
    )
    weeks = compute_metrics(ds, week_on_week(), "A", Q3).by_week
    assert weeks[0].week_start == date(2023, 7, 3)  # 07-01 and 07-02 belong to the week of 06-26
    assert len(weeks) == 13  # 07-03 .. 09-25
    last = weeks[-1]
    assert (last.week_start, last.week_end) == (date(2023, 9, 25), date(2023, 10, 1))
    assert last.sales == pytest.approx(110.0)  # 50 + 60
    assert last.change == pytest.approx(0.1, abs=1e-6)  # 110 / 100 - 1


def test_a_week_ending_after_the_data_cut_off_never_alerts() -> None:
    ds = make_dataset(
        sales=[
            sale("2023-09-18", "B", "S1", 1.0),  # the data starts on the Monday of the week before
            sale("2023-09-20", "A", "S1", 100.0),
            sale("2023-09-26", "A", "S1", 50.0),  # data ends 09-30: the week of 09-25 lacks 10-01
            sale("2023-09-30", "B", "S1", 1.0),
        ]
    )
    m = compute_metrics(ds, week_on_week(), "A", Q3)
    assert m.by_week[-1].complete is False
    assert m.by_week[-1].change == pytest.approx(-0.5)
    assert m.alerts == []


def test_a_baseline_week_starting_before_the_data_is_not_in_the_data() -> None:
    # the data starts on Wednesday 09-20: the week of 09-18 is only partly covered, so the week of
    # 09-25 has no baseline (spec "Data coverage": a base period starting before the data is null)
    ds = make_dataset(sales=[sale("2023-09-20", "A", "S1", 100.0), sale("2023-10-01", "A", "S1", 10.0)])
    last = compute_metrics(ds, week_on_week(), "A", Q3).by_week[-1]
    assert (last.baseline, last.change, last.alert) == (None, None, False)
