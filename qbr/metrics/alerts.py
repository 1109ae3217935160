"""Weekly sales of a customer in a quarter and the weeks whose fall deserves an alert, with causes.

Stage: metrics. Input: the engine, the customer's code and sales lines, and a Quarter. Output:
`WeekSales` for every week that starts (on a Monday) in Q, each judged by the one alert rule
(`qbr.metrics.changes.judge`: the week against the mean of the `baseline_weeks` weeks before,
beyond both `weekly_drop` and `noise_k` x the account's usual wobble, or a stock-out), and a
`WeeklyAlert` for each alert week with its driver SKUs and their causes.

Choices (see docs/metrics.md): a week is always its full Monday-Sunday, even when it runs past
the quarter end; a week that ends after the data cut-off is incomplete and never alerts (its
sales would look like a fall only because the days are missing); a baseline week that starts
before the data's first day is not in the data and is left out of the mean; with no baseline
week in the data, or a baseline of no (positive) sales, the change is null and only a stock-out
can alert.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from qbr.metrics.changes import Cause, Context, Driver, causes_of, context, judge
from qbr.metrics.common import day_date, day_number, monday_of
from qbr.metrics.engine import Lines, MetricsEngine
from qbr.quarter import Quarter

WEEK = 7


@dataclass(frozen=True)
class WeekSales:
    week_start: date
    week_end: date
    iso_week: str  # "2023-W40"
    sales: float
    sales_prev_week: float
    baseline: float | None  # mean of the baseline_weeks weeks before (those in the data)
    change: float | None  # sales / baseline - 1
    wobble: float | None  # median |change| of the 13 weeks before
    complete: bool
    alert: bool = False
    stockout_lost_sales: float = 0.0  # sales lost to stock-outs this week (0 when none)


@dataclass(frozen=True)
class WeeklyAlert:
    week_start: date
    week_end: date
    sales: float
    sales_prev_week: float
    baseline: float | None
    change: float | None  # None only for a stock-out alert without a baseline
    wobble: float | None
    limit: float  # the fall the rule tolerated this week: max(weekly_drop, noise_k x wobble)
    stockout: bool
    drivers: list[Driver]
    causes: list[Cause] = field(default_factory=list)


def weekly(
    engine: MetricsEngine, code: int, lines: Lines, quarter: Quarter, ctx: Context | None = None
) -> tuple[list[WeekSales], list[WeeklyAlert]]:
    """Each week whose Monday is in Q, judged by the alert rule, and the alerts among them."""
    first = day_number(quarter.start)
    monday = int(monday_of(first))
    if monday < first:
        monday += WEEK
    ctx = ctx or context(engine, code)
    weeks: list[WeekSales] = []
    alerts: list[WeeklyAlert] = []
    while monday <= day_number(quarter.end):
        j = judge(engine, lines, monday + WEEK - 1, WEEK, ctx)
        start = day_date(monday)
        iso = start.isocalendar()
        before = lines.amount_between(monday - WEEK, monday - 1)
        weeks.append(
            WeekSales(
                week_start=start,
                week_end=day_date(monday + WEEK - 1),
                iso_week=f"{iso.year}-W{iso.week:02d}",
                sales=j.sales,
                sales_prev_week=before,
                baseline=j.baseline,
                change=j.change,
                wobble=j.wobble,
                complete=engine.last_day is not None and monday + WEEK - 1 <= engine.last_day,
                alert=j.alert,
                stockout_lost_sales=j.lost_sales,
            )
        )
        if j.alert:
            alerts.append(
                WeeklyAlert(
                    start,
                    day_date(monday + WEEK - 1),
                    j.sales,
                    before,
                    j.baseline,
                    j.change,
                    j.wobble,
                    j.limit,
                    j.stockout,
                    j.drivers,
                    causes_of(j.drivers),
                )
            )
        monday += WEEK
    return weeks, alerts


def stockout_lost_sales(weeks: list[WeekSales]) -> float:
    """The quarter's sales lost to stock-outs: summed over its complete weeks."""
    return float(sum(w.stockout_lost_sales for w in weeks if w.complete))
