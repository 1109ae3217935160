"""Sales KPIs of one customer and quarter: sales, growth, target attainment, gross profit, rank.

Stage: metrics. Input: the engine (shared precompute), a customer's code and lines, a Quarter.
Output: `SalesKpis`, plain Python numbers, None where the spec says null.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from qbr.metrics.common import day_number, growth, opt_float, ratio
from qbr.metrics.coverage import Windows
from qbr.metrics.engine import Lines, MetricsEngine
from qbr.quarter import Quarter


@dataclass(frozen=True)
class SalesKpis:
    sales: float
    sales_prev: float | None  # None when last quarter starts before the data
    sales_ly: float | None  # None when last year's quarter starts before the data
    qoq: float | None
    yoy: float | None
    target: float | None
    attainment: float | None
    target_gap: float | None  # sales - target: negative when short of target
    target_full: float | None  # the quarter's whole target (target is pro-rated in a quarter under way)
    gross_profit: float | None
    gross_margin: float | None
    rank: int | None
    share: float | None


def gross_profit(lines: Lines, quarter: Quarter) -> float | None:
    """sum(amount - cost) over the quarter's lines; None when any of those lines has unknown cost."""
    s = lines.span(day_number(quarter.start), day_number(quarter.end))
    cost = lines.cost[s]
    if np.isnan(cost).any():
        return None
    return float((lines.amount[s] - cost).sum())


@dataclass(frozen=True)
class UnknownCost:
    """A SKU sold in Q with at least one line whose cost is unknown (no cost, no unit_cost)."""

    sku: str
    name: str
    sales: float  # its sales on those lines
    share: float | None  # of the customer's sales in Q


def known_cost(
    engine: MetricsEngine, lines: Lines, quarter: Quarter, sales: float
) -> tuple[float, float | None, list[UnknownCost]]:
    """What can be said when some costs are unknown: the gross profit of the lines whose cost is
    known, the share of sales they make, and the SKUs without cost, largest sales first."""
    s = lines.span(day_number(quarter.start), day_number(quarter.end))
    amount, cost, sku = lines.amount[s], lines.cost[s], lines.sku[s]
    unknown = np.isnan(cost)
    known_gp = float((amount[~unknown] - cost[~unknown]).sum())
    rows = []
    for code in np.unique(sku[unknown]):
        value = float(amount[unknown & (sku == code)].sum())
        key = str(engine.sku_ids[code]) if code >= 0 else "?"
        rows.append(UnknownCost(key, str(engine.sku_names[code]) if code >= 0 else "", value, ratio(value, sales)))
    rows.sort(key=lambda r: (-r.sales, r.sku))
    return known_gp, ratio(float(amount[~unknown].sum()), sales), rows


def target_of(engine: MetricsEngine, code: int, quarter: Quarter) -> float | None:
    """The customer's target row for the quarter, None when there is none."""
    # a customer's targets by quarter, read once per engine: an account asks for ten of them
    # (the quarter, the next, the year's four for the review, the history)
    targets = engine.memo(("targets by quarter", code), lambda: _targets_by_quarter(engine, code))
    return opt_float(targets[str(quarter)]) if str(quarter) in targets else None


def _targets_by_quarter(engine: MetricsEngine, code: int) -> dict[str, Any]:
    """{quarter as text: target} of the customer's target rows, the first row of a quarter kept.
    (customer, quarter) is the table's key, so there is at most one row after validation."""
    rows = engine.targets.rows(code)
    found: dict[str, Any] = {}
    for quarter, target in zip(rows["quarter"].astype(str), rows["target"], strict=True):
        found.setdefault(quarter, target)
    return found


def window_sales(lines: Lines, window: tuple[date, date]) -> float:
    return lines.amount_between(day_number(window[0]), day_number(window[1]))


def sales_kpis(engine: MetricsEngine, code: int, lines: Lines, quarter: Quarter, w: Windows) -> SalesKpis:
    """Sales to date against the same days of the quarter before and of last year; the target
    pro-rated by the days covered (the whole target once the quarter is complete)."""
    sales = window_sales(lines, w.now)
    sales_prev = window_sales(lines, w.prev) if engine.covers(w.prev[0]) else None
    sales_ly = window_sales(lines, w.ly) if engine.covers(w.ly[0]) else None
    target_full = target_of(engine, code, quarter)
    target = None if target_full is None else target_full * w.fraction
    gp = gross_profit(lines, quarter)
    totals = engine.quarter_totals(quarter)
    rank = int(totals.rank[code])
    return SalesKpis(
        sales=sales,
        sales_prev=sales_prev,
        sales_ly=sales_ly,
        qoq=growth(sales, sales_prev),
        yoy=growth(sales, sales_ly),
        target=target,
        attainment=ratio(sales, target),
        target_gap=None if target is None else sales - target,
        target_full=target_full,
        gross_profit=gp,
        gross_margin=ratio(gp, sales),
        rank=rank or None,
        share=ratio(sales, totals.total_sales),
    )
