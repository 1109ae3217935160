"""Promotional activities of a customer that start in a quarter, and what they returned.

Stage: metrics. Input: the customer's activities rows, sales lines, the engine's activity cost
(support rows carrying the activity_id, any date) and the customer's gross margin for Q.
Output: one `ActivityResult` per activity whose start_date is in Q, ordered by start date.

Baseline: the 28 days [start - 28, start - 1], divided by 28 whatever the sales on those days
(a day without sales is a day of zero sales, not a missing day). Days before the data's first day
are not in it: the baseline is the covered days' daily mean, and with fewer than 14 of them there
is no base (lift and ROIs null, `not_measured` "no_base_data"). An activity shorter than 1.5 times
the customer's usual gap between deliveries of its SKUs (median gap between delivery days over the
baseline, with at least three of them) cannot show a lift in delivery data: `not_measured`
"too_short", lift and ROIs null.

Read honestly (docs/metrics.md, "Activities"): the days of a week in which one of its SKUs was out
of stock (the weekly alert rule's stock-out) are left out of the lift, so a supply failure is not
booked as a weak activity; a promoter working at the customer on the activity's days is part of
its cost (prorated by days); the two weeks after the activity are compared with the baseline
(pull-forward or a lasting effect); and the falls the weekly rule found on its SKUs during the
activity are listed with their causes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from qbr.metrics.changes import Context, judge
from qbr.metrics.common import day_date, day_number, day_numbers, growth, monday_of, opt_str, ratio, split_skus
from qbr.metrics.engine import Lines, MetricsEngine
from qbr.quarter import Quarter

BASELINE_DAYS = 28
MIN_BASELINE_DAYS = 14  # a baseline the data covers for fewer days than this is no base (null lift)
# An activity shorter than 1.5 of the customer's usual gaps between deliveries of its SKUs may hold
# no delivery at all, whatever the shoppers did: its lift is not measured. A rhythm needs at least
# three delivery days in the baseline (two gaps) to be one.
RHYTHM_WINDOWS = 1.5
MIN_RHYTHM_DAYS = 3
AFTER_DAYS = 14  # the two weeks after an activity, against its baseline


@dataclass(frozen=True)
class ActivityDrop:
    """A weekly alert's driver on one of the activity's SKUs, in a week overlapping the activity."""

    week_start: date
    sku: str
    name: str
    cause: str
    lost_sales: float | None


@dataclass(frozen=True)
class ActivityResult:
    activity_id: str
    name: str
    type: str | None
    start_date: date
    end_date: date
    skus: list[str]  # [] = all products
    days: int
    cost: float  # support_cost + promoter_cost; 0.0 when neither
    baseline_daily: float
    actual_daily: float  # over the days with stock (stockout_days left out)
    uplift: float | None
    incremental_sales: float | None  # (actual_daily - baseline_daily) x the days with stock; None if not measured
    sales_roi: float | None
    profit_roi: float | None
    complete: bool  # False when the activity ends after the last sales date in the data
    support_cost: float = 0.0  # support rows carrying the activity_id (any date)
    promoter_cost: float = 0.0  # promoters at the customer on the activity's days, prorated by days
    stockout_days: int = 0  # days of the activity in weeks when one of its SKUs was out of stock
    after_daily: float | None = None  # daily sales of its SKUs in the 14 days after; None past the data
    after_uplift: float | None = None  # after_daily / baseline_daily - 1: < 0 pulled forward, > 0 lasting
    # why lift and ROIs are null: "no_base_data" (the baseline lies before the data), "too_short"
    # (shorter than two of the customer's usual gaps between deliveries of its SKUs); None = measured
    not_measured: str | None = None
    drops: list[ActivityDrop] = field(default_factory=list)


def activity_results(
    engine: MetricsEngine,
    rows: pd.DataFrame,
    lines: Lines,
    quarter: Quarter,
    gross_margin: float | None,
    ctx: Context | None = None,
    promoters: pd.DataFrame | None = None,
) -> list[ActivityResult]:
    """The activities starting in Q; `ctx` (the customer's alert context) enables the stock-out and
    drop reading, `promoters` (the customer's promoter rows) the promoter cost."""
    starts = day_numbers(rows["start_date"])
    ends = day_numbers(rows["end_date"])
    in_q = (starts >= day_number(quarter.start)) & (starts <= day_number(quarter.end))
    results: list[ActivityResult] = []
    for i in np.flatnonzero(in_q)[np.argsort(starts[in_q], kind="stable")]:
        row = rows.iloc[int(i)]
        start, end = int(starts[i]), int(ends[i])
        skus = split_skus(opt_str(row["skus"]))
        if skus:
            codes = engine.sku_ids.get_indexer(skus)
            wanted = np.isin(lines.sku, codes[codes >= 0])
            amount = np.where(wanted, lines.amount, 0.0)
        else:
            amount = lines.amount
        # the baseline's days inside the data: before the data's first day there is no base
        base_first = max(start - BASELINE_DAYS, engine.first_day if engine.first_day is not None else start)
        base_days = start - base_first
        base = lines.span(base_first, start - 1)
        days = end - start + 1
        baseline_daily = float(amount[base].sum()) / base_days if base_days > 0 else 0.0
        gap = _delivery_gap(lines, amount, start - BASELINE_DAYS, start - 1)
        not_measured = (
            "no_base_data" if base_days < MIN_BASELINE_DAYS
            else "too_short" if gap is not None and days < RHYTHM_WINDOWS * gap
            else None
        )  # fmt: skip
        drops, out_days = _weeks(engine, lines, start, end, set(skus), ctx)
        # the lift is read on the days with stock; when every day lacked stock there is nothing to
        # leave out against, and the whole window is used
        in_stock = [d for d in range(start, end + 1) if d not in out_days] or list(range(start, end + 1))
        actual_daily = sum(float(amount[lines.span(d, d)].sum()) for d in in_stock) / len(in_stock)
        incremental = None if not_measured else (actual_daily - baseline_daily) * len(in_stock)
        activity_id = str(row["activity_id"])
        support_cost = engine.activity_cost.get(activity_id, 0.0)
        promoter_cost = _promoter_cost(promoters, start, end)
        cost = support_cost + promoter_cost
        profit = None if gross_margin is None or incremental is None else incremental * gross_margin
        after_in_data = engine.last_day is not None and end + AFTER_DAYS <= engine.last_day
        after = float(amount[lines.span(end + 1, end + AFTER_DAYS)].sum()) / AFTER_DAYS if after_in_data else None
        results.append(
            ActivityResult(
                activity_id=activity_id,
                name=str(row["name"]),
                type=opt_str(row["type"]),
                start_date=day_date(start),
                end_date=day_date(end),
                skus=skus,
                days=days,
                cost=cost,
                baseline_daily=baseline_daily,
                actual_daily=actual_daily,
                uplift=None if not_measured else growth(actual_daily, baseline_daily),
                incremental_sales=incremental,
                sales_roi=ratio(incremental, cost),
                profit_roi=ratio(profit, cost),
                complete=engine.last_day is not None and end <= engine.last_day,
                support_cost=support_cost,
                promoter_cost=promoter_cost,
                stockout_days=days - len(in_stock) if out_days and len(in_stock) < days else 0,
                after_daily=after,
                after_uplift=growth(after, baseline_daily),
                drops=drops,
                not_measured=not_measured,
            )
        )
    return results


def _delivery_gap(lines: Lines, amount: np.ndarray, first: int, last: int) -> float | None:
    """The customer's usual gap in days between deliveries of the activity's SKUs over the
    baseline: the median gap between consecutive days with sales. None with fewer than
    MIN_RHYTHM_DAYS such days (no rhythm to judge by; the baseline itself then says whether a lift
    exists)."""
    s = lines.span(first, last)
    days = np.unique(lines.day[s][amount[s] != 0])
    if days.size < MIN_RHYTHM_DAYS:
        return None
    return float(np.median(np.diff(days)))


def _weeks(
    engine: MetricsEngine, lines: Lines, start: int, end: int, skus: set[str], ctx: Context | None
) -> tuple[list[ActivityDrop], set[int]]:
    """The weekly rule over the weeks the activity touches: the alerts' drivers on its SKUs, and the
    activity's days in weeks when one of its SKUs was out of stock."""
    if ctx is None:
        return [], set()
    drops: list[ActivityDrop] = []
    out_days: set[int] = set()
    monday = int(monday_of(start))
    while monday <= end:
        j = judge(engine, lines, monday + 6, 7, ctx)
        if any(not skus or s in skus for s in j.stockouts):
            out_days.update(range(max(start, monday), min(end, monday + 6) + 1))
        if j.alert:
            drops += [
                ActivityDrop(day_date(monday), d.key, d.name, d.cause, d.lost_sales)
                for d in j.drivers
                if not skus or d.key in skus
            ]
        monday += 7
    return drops, out_days


def _promoter_cost(promoters: pd.DataFrame | None, start: int, end: int) -> float:
    """Promoters at the customer on the activity's days: each assignment's cost x its days inside the
    activity / its days (activities name no store: they run in all of the customer's stores)."""
    if promoters is None or promoters.empty:
        return 0.0
    p_start = day_numbers(promoters["start_date"])
    p_end = day_numbers(promoters["end_date"])
    cost = promoters["cost"].to_numpy(dtype="float64", na_value=0.0)
    overlap = np.clip(np.minimum(p_end, end) - np.maximum(p_start, start) + 1, 0, None)
    total = p_end - p_start + 1
    share = np.divide(overlap, total, out=np.zeros(len(total)), where=total > 0)
    return float((cost * share).sum())
