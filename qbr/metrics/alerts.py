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

import numpy as np

from qbr.metrics.common import day_date, day_number, growth, monday_of
from qbr.metrics.engine import Lines, MetricsEngine
from qbr.quarter import Quarter

DRIVERS = 3


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
class Driver:
    sku: str
    name: str
    sales: float
    sales_prev_week: float
    change: float  # absolute change, negative


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
        weeks.append(WeekSales(
            week_start=start,
            week_end=day_date(monday + 6),
            iso_week=f"{iso.year}-W{iso.week:02d}",
            sales=sales,
            sales_prev_week=before,
            change=growth(sales, before),
            complete=last_day is not None and monday + 6 <= last_day,
        ))
        monday += 7
    return weeks


def key_changes(keys: np.ndarray, amount: np.ndarray, now: slice,
                base: slice) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(distinct keys, sales per key in `now`, in `base`) over the lines of two slices of a Lines.

    Keys are SKU or store codes; weekly alerts and `qbr watch` both explain a fall with it.
    """
    both = np.concatenate([keys[now], keys[base]])
    if both.size == 0:
        empty = np.zeros(0)
        return both, empty, empty
    uniq, inverse = np.unique(both, return_inverse=True)
    n_now = now.stop - now.start
    sales_now = np.bincount(inverse[:n_now], weights=amount[now], minlength=uniq.size)
    sales_base = np.bincount(inverse[n_now:], weights=amount[base], minlength=uniq.size)
    return uniq, sales_now, sales_base


def sku_changes(engine: MetricsEngine, lines: Lines, monday: int) -> list[Driver]:
    """SKUs whose sales fell from the week before to the week of `monday`, largest fall first."""
    uniq, now, then = key_changes(lines.sku, lines.amount, lines.span(monday, monday + 6),
                                  lines.span(monday - 7, monday - 1))
    change = now - then
    names = [str(engine.sku_ids[c]) if c >= 0 else "?" for c in uniq]
    order = sorted((i for i in range(uniq.size) if change[i] < 0), key=lambda i: (change[i], names[i]))
    return [
        Driver(
            sku=names[i],
            name=str(engine.sku_names[uniq[i]]) if uniq[i] >= 0 else "",
            sales=float(now[i]),
            sales_prev_week=float(then[i]),
            change=float(change[i]),
        )
        for i in order
    ]


def weekly_alerts(engine: MetricsEngine, lines: Lines, weeks: list[WeekSales],
                  weekly_drop: float) -> list[WeeklyAlert]:
    """Complete weeks whose sales fell by more than weekly_drop (strictly) vs the week before."""
    alerts: list[WeeklyAlert] = []
    for w in weeks:
        # The tolerance keeps a fall of exactly weekly_drop (95 after 100 is -0.0500000000000000444
        # in floating point) from alerting: "more than" must mean more than.
        if w.change is None or not w.complete or not w.change < -weekly_drop - 1e-9:
            continue
        drivers = sku_changes(engine, lines, day_number(w.week_start))[:DRIVERS]
        alerts.append(WeeklyAlert(w.week_start, w.week_end, w.sales, w.sales_prev_week, w.change, drivers))
    return alerts
