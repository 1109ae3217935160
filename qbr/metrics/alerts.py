"""Weekly sales of a customer in a quarter and the weeks whose fall deserves an alert.

Stage: metrics. Input: the customer's sales lines, a Quarter, alerts.weekly_drop and the data
cut-off (the last sales date of the whole data set). Output: `WeekSales` for every week that
starts (on a Monday) in Q, and a `WeeklyAlert` for each week whose sales fell by more than
weekly_drop against the week before, with the three SKUs that fell most as drivers.

Choices (see docs/metrics.md): a week is always its full Monday-Sunday, even when it runs past
the quarter end; a week that ends after the data cut-off is incomplete and never alerts (its
sales would look like a fall only because the days are missing); when the week before had no
(positive) sales the change is null and there is no alert; drivers are only SKUs whose sales
fell, largest fall first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qbr.metrics.changes import Driver, falling
from qbr.metrics.common import day_date, day_number, growth, monday_of
from qbr.metrics.engine import Lines, MetricsEngine
from qbr.quarter import Quarter


@dataclass(frozen=True)
class WeekSales:
    week_start: date
    week_end: date
    iso_week: str  # "2023-W40"
    sales: float
    sales_prev_week: float
    change: float | None
    complete: bool


@dataclass(frozen=True)
class WeeklyAlert:
    week_start: date
    week_end: date
    sales: float
    sales_prev_week: float
    change: float
    drivers: list[Driver]


def weeks_in_quarter(lines: Lines, quarter: Quarter, last_day: int | None) -> list[WeekSales]:
    """Each week whose Monday is in Q: its sales, the week before's, and the relative change."""
    first = day_number(quarter.start)
    monday = int(monday_of(first))
    if monday < first:
        monday += 7
    weeks: list[WeekSales] = []
    while monday <= day_number(quarter.end):
        sales = lines.amount_between(monday, monday + 6)
        before = lines.amount_between(monday - 7, monday - 1)
        start = day_date(monday)
        iso = start.isocalendar()
        weeks.append(
            WeekSales(
                week_start=start,
                week_end=day_date(monday + 6),
                iso_week=f"{iso.year}-W{iso.week:02d}",
                sales=sales,
                sales_prev_week=before,
                change=growth(sales, before),
                complete=last_day is not None and monday + 6 <= last_day,
            )
        )
        monday += 7
    return weeks


def weekly_alerts(engine: MetricsEngine, lines: Lines, weeks: list[WeekSales], weekly_drop: float) -> list[WeeklyAlert]:
    """Complete weeks whose sales fell by more than weekly_drop (strictly) vs the week before."""
    alerts: list[WeeklyAlert] = []
    for w in weeks:
        # The tolerance keeps a fall of exactly weekly_drop (95 after 100 is -0.0500000000000000444
        # in floating point) from alerting: "more than" must mean more than.
        if w.change is None or not w.complete or not w.change < -weekly_drop - 1e-9:
            continue
        monday = day_number(w.week_start)
        drivers = falling(
            engine, "sku", lines.sku, lines.amount, lines.span(monday, monday + 6), lines.span(monday - 7, monday - 1)
        )
        alerts.append(WeeklyAlert(w.week_start, w.week_end, w.sales, w.sales_prev_week, w.change, drivers))
    return alerts
