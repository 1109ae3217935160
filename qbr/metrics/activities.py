"""Promotional activities of a customer that start in a quarter, and what they returned.

Stage: metrics. Input: the customer's activities rows, sales lines, the engine's activity cost
(support rows carrying the activity_id, any date) and the customer's gross margin for Q.
Output: one `ActivityResult` per activity whose start_date is in Q, ordered by start date.

Baseline: the 28 days [start - 28, start - 1], divided by 28 whatever the sales on those days
(a day without sales is a day of zero sales, not a missing day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from qbr.metrics.common import day_date, day_number, day_numbers, growth, opt_str, ratio, split_skus
from qbr.metrics.engine import Lines, MetricsEngine
from qbr.quarter import Quarter

BASELINE_DAYS = 28


@dataclass(frozen=True)
class ActivityResult:
    activity_id: str
    name: str
    type: str | None
    start_date: date
    end_date: date
    skus: list[str]  # [] = all products
    days: int
    cost: float  # 0.0 when no support row carries the activity
    baseline_daily: float
    actual_daily: float
    uplift: float | None
    incremental_sales: float
    sales_roi: float | None
    profit_roi: float | None
    complete: bool  # False when the activity ends after the last sales date in the data


def activity_results(
    engine: MetricsEngine, rows: pd.DataFrame, lines: Lines, quarter: Quarter, gross_margin: float | None
) -> list[ActivityResult]:
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
        base = lines.span(start - BASELINE_DAYS, start - 1)
        during = lines.span(start, end)
        days = end - start + 1
        baseline_daily = float(amount[base].sum()) / BASELINE_DAYS
        actual_daily = float(amount[during].sum()) / days
        incremental = (actual_daily - baseline_daily) * days
        activity_id = str(row["activity_id"])
        cost = engine.activity_cost.get(activity_id, 0.0)
        profit = None if gross_margin is None else incremental * gross_margin
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
                uplift=growth(actual_daily, baseline_daily),
                incremental_sales=incremental,
                sales_roi=ratio(incremental, cost),
                profit_roi=ratio(profit, cost),
                complete=engine.last_day is not None and end <= engine.last_day,
            )
        )
    return results
