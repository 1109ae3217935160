"""The tables a deck shows beside the KPIs: sales by month, SKU, category and store, top movers.

Stage: metrics. Input: the engine (product names/categories, store names), a customer's sales
lines and a Quarter. Output: lists of small dataclasses, sorted the way a slide lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from qbr.metrics.common import day_number, growth, ratio
from qbr.metrics.coverage import Windows
from qbr.metrics.engine import Lines, MetricsEngine
from qbr.quarter import Quarter

TOP_MOVERS = 5  # gainers / decliners shown
TOP_STORES = 5  # best / worst stores shown


@dataclass(frozen=True)
class MonthSales:
    month: str  # "2023-10"
    sales: float
    sales_ly: float | None  # same month one year earlier; None when the data starts later
    yoy: float | None


@dataclass(frozen=True)
class GroupSales:
    """Sales of one SKU or one category in Q, prev and ly."""

    key: str  # sku or category
    name: str  # product name (the category itself for a category)
    category: str
    qty: float  # in Q
    sales: float
    sales_prev: float | None  # None when that quarter starts before the data
    sales_ly: float | None
    qoq: float | None
    yoy: float | None
    change_ly: float | None  # sales - sales_ly
    share: float | None  # of the customer's sales in Q


@dataclass(frozen=True)
class StoreSales:
    store_id: str
    name: str | None  # None when the store is not in the stores table
    sales: float
    sales_ly: float | None
    yoy: float | None


@dataclass(frozen=True)
class StoreSummary:
    active_stores: int  # stores with net sales > 0 in Q
    active_stores_ly: int | None
    sales_per_store: float | None  # sales of the active stores / their number
    sales_without_store: float  # Q sales on lines without store_id (e.g. deliveries to a DC)
    best: list[StoreSales]  # the spec's: the TOP_STORES largest
    worst: list[StoreSales]  # the spec's: the TOP_STORES smallest of the others
    ranking: list[StoreSales]  # every active store, largest sales first
    growing: list[StoreSales]  # grew most vs last year (the slide's 同比增长最快), see growing_and_falling
    falling: list[StoreSales]  # fell most vs last year (同比下降最多)
    # like for like (同店): the stores with net sales in Q and in the same quarter last year; None
    # when last year is outside the data (and the growth None when no store sold in both)
    same_stores: int | None = None
    same_store_sales: float | None = None
    same_store_sales_ly: float | None = None
    same_store_yoy: float | None = None


def _span(lines: Lines, window: tuple[date, date]) -> slice:
    return lines.span(day_number(window[0]), day_number(window[1]))


def _year_before(day: date) -> date:
    return day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) else date(day.year - 1, 2, 28)


def by_month(
    lines: Lines, quarter: Quarter, covers: Callable[[date], bool], to: date | None = None
) -> list[MonthSales]:
    """Each month of Q up to `to` (the data's last day in a quarter under way) with the same days
    one year earlier; a month after `to` is left out rather than shown as a fall to zero."""
    out: list[MonthSales] = []
    ends = [*quarter.months[1:], quarter.next().start]
    last = to or quarter.end
    for first, nxt in zip(quarter.months, ends, strict=True):
        if first > last:
            break
        end = min(nxt - timedelta(days=1), last)
        ly_first, ly_end = _year_before(first), _year_before(end)
        sales = lines.amount_between(day_number(first), day_number(end))
        sales_ly = lines.amount_between(day_number(ly_first), day_number(ly_end)) if covers(ly_first) else None
        out.append(MonthSales(f"{first:%Y-%m}", sales, sales_ly, growth(sales, sales_ly)))
    return out


def _sum_by(codes: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    # codes may be -1 (unknown); shift by one so bincount accepts them, then drop that slot.
    return np.bincount(codes + 1, weights=weights, minlength=size + 1)[1:]


def by_sku(engine: MetricsEngine, lines: Lines, quarter: Quarter, w: Windows) -> list[GroupSales]:
    """Every SKU the customer bought in Q, prev or ly; largest sales in Q first."""
    n = len(engine.sku_ids)
    spans = [_span(lines, window) for window in (w.now, w.prev, w.ly)]
    sales, prev, ly = (_sum_by(lines.sku[s], lines.amount[s], n) for s in spans)
    qty = _sum_by(lines.sku[spans[0]], lines.qty[spans[0]], n)
    seen = np.zeros(n, dtype=bool)
    for span in spans:
        seen[lines.sku[span][lines.sku[span] >= 0]] = True
    total = float(sales.sum())
    prev_known, ly_known = engine.covers(w.prev[0]), engine.covers(w.ly[0])
    rows: list[GroupSales] = []
    for i in np.flatnonzero(seen):
        s = float(sales[i])
        p = float(prev[i]) if prev_known else None
        y = float(ly[i]) if ly_known else None
        rows.append(GroupSales(
            key=str(engine.sku_ids[i]), name=str(engine.sku_names[i]), category=str(engine.sku_categories[i]),
            qty=float(qty[i]), sales=s, sales_prev=p, sales_ly=y, qoq=growth(s, p), yoy=growth(s, y),
            change_ly=None if y is None else s - y, share=ratio(s, total),
        ))  # fmt: skip
    rows.sort(key=lambda r: (-r.sales, r.key))
    return rows


def by_category(skus: list[GroupSales]) -> list[GroupSales]:
    """The SKU rows summed per category; largest sales in Q first."""
    sums: dict[str, list[float]] = {}
    for r in skus:
        acc = sums.setdefault(r.category, [0.0, 0.0, 0.0, 0.0])
        acc[0] += r.qty
        acc[1] += r.sales
        acc[2] += r.sales_prev or 0.0
        acc[3] += r.sales_ly or 0.0
    # a base period before the data is unknown for every SKU alike (see by_sku)
    prev_known = all(r.sales_prev is not None for r in skus)
    ly_known = all(r.sales_ly is not None for r in skus)
    total = sum(v[1] for v in sums.values())
    rows = []
    for cat, (q, s, p_sum, ly_sum) in sums.items():
        p = p_sum if prev_known else None
        ly = ly_sum if ly_known else None
        rows.append(GroupSales(
            key=cat, name=cat, category=cat, qty=q, sales=s, sales_prev=p, sales_ly=ly, qoq=growth(s, p),
            yoy=growth(s, ly), change_ly=None if ly is None else s - ly, share=ratio(s, total),
        ))  # fmt: skip
    rows.sort(key=lambda r: (-r.sales, r.key))
    return rows


def movers(skus: list[GroupSales]) -> tuple[list[GroupSales], list[GroupSales]]:
    """(gainers, decliners): SKUs with the largest absolute rise / fall of sales vs last year."""
    moved = [(r.change_ly, r) for r in skus if r.change_ly is not None]  # none when last year is not in the data
    gainers = [r for c, r in sorted((m for m in moved if m[0] > 0), key=lambda m: (-m[0], m[1].key))]
    decliners = [r for c, r in sorted((m for m in moved if m[0] < 0), key=lambda m: (m[0], m[1].key))]
    return gainers[:TOP_MOVERS], decliners[:TOP_MOVERS]


def other_change(sales: float, sales_ly: float | None, shown: list[GroupSales]) -> float | None:
    """The part of the change vs last year that the `shown` SKUs do not explain ("other SKUs")."""
    if sales_ly is None:
        return None
    return (sales - sales_ly) - sum(r.change_ly or 0.0 for r in shown)


def growing_and_falling(rows: list[StoreSales]) -> tuple[list[StoreSales], list[StoreSales]]:
    """Stores that grew most and fell most vs last year, TOP_STORES each, by growth.

    The spec's `best`/`worst` are the largest and smallest stores; a slide that says 表现最佳 /
    表现最弱 (best / worst performers) means growth: a store that fell is never among the growing,
    one that grew never among the falling. A store without last year's sales (new, or last year
    not in the data) has no growth and is in neither list; it shows in the ranking. When no store
    has a growth figure, the growing are the largest stores and none is falling.
    """
    with_yoy = [r for r in rows if r.yoy is not None]
    if not with_yoy:
        return rows[:TOP_STORES], []
    grew = sorted(
        (r for r in with_yoy if r.yoy is not None and r.yoy >= 0), key=lambda r: (-(r.yoy or 0.0), r.store_id)
    )
    fell = sorted((r for r in with_yoy if r.yoy is not None and r.yoy < 0), key=lambda r: (r.yoy or 0.0, r.store_id))
    return grew[:TOP_STORES], fell[:TOP_STORES]


def store_summary(engine: MetricsEngine, lines: Lines, quarter: Quarter, w: Windows) -> StoreSummary:
    """Active stores (net sales > 0 in Q), sales per active store, best and worst stores."""
    n = len(engine.store_ids)
    q, ly = _span(lines, w.now), _span(lines, w.ly)
    sales = _sum_by(lines.store[q], lines.amount[q], n)
    sales_ly = _sum_by(lines.store[ly], lines.amount[ly], n)
    ly_known = engine.covers(w.ly[0])
    without = float(lines.amount[q][lines.store[q] < 0].sum())
    active = [int(i) for i in np.flatnonzero(sales > 0)]
    rows = [
        StoreSales(
            store_id=engine.store_ids[i],
            name=engine.store_names.get(engine.store_ids[i]),
            sales=float(sales[i]),
            sales_ly=float(sales_ly[i]) if ly_known else None,
            yoy=growth(float(sales[i]), float(sales_ly[i])) if ly_known else None,
        )
        for i in active
    ]
    rows.sort(key=lambda r: (-r.sales, r.store_id))
    best = rows[:TOP_STORES]
    # Worst stores never repeat a best one, so a customer with 7 stores shows 5 best and 2 worst.
    rest = rows[len(best) :]
    worst = sorted(rest, key=lambda r: (r.sales, r.store_id))[:TOP_STORES]
    growing, falling = growing_and_falling(rows)
    active_total = float(sum(r.sales for r in rows))
    both = (sales > 0) & (sales_ly > 0)
    same = (float(sales[both].sum()), float(sales_ly[both].sum())) if ly_known else (None, None)
    return StoreSummary(
        active_stores=len(rows),
        active_stores_ly=int((sales_ly > 0).sum()) if ly_known else None,
        sales_per_store=active_total / len(rows) if rows else None,
        sales_without_store=without,
        best=best,
        worst=worst,
        growing=growing,
        falling=falling,
        ranking=rows,
        same_stores=int(both.sum()) if ly_known else None,
        same_store_sales=same[0],
        same_store_sales_ly=same[1],
        same_store_yoy=growth(*same) if ly_known else None,
    )
