"""Sell-out and stock: what the customer sold to shoppers and holds in its stores, beside what we
delivered (sell-in).

Stage: metrics (pure pandas; no I/O, no formatting). Input: one customer's rows of the optional
`sellout` table (daily or weekly, per store or for the customer as a whole), its sales lines and a
Quarter. Output: `SelloutMetrics` (by SKU, by month, dead stock, shelf gaps and, for Q4, the cover
going into 春节), or None when the customer has no sell-out row in Q. The weekly diagnosis
(`weekly_sellout`, `sellout_cause`) reads the same table week by week.

Readings of the spec (written down in docs/metrics.md):
- "the last 28 days of Q" end on `as_of`, the customer's last sell-out date in Q (E when its
  data runs to the quarter end), so a portal export that stops a week early does not make every
  shelf look dead;
- a (store, SKU)'s stock is the stock_qty of its last row in Q that carries one; rows without a
  store_id are the customer as a whole (one "store"), and such rows on the same day are summed;
- sell-in is compared only on the SKUs the customer reports sell-out for, so a customer that
  shares ten of our thirty SKUs does not look like it sells a third of what we deliver;
- sellout_amount is null when a row that sold something has no amount (as gross margin is null
  when a line's cost is unknown).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from qbr.data.dataset import Dataset
from qbr.metrics.common import day_date, day_number, day_numbers, growth, ratio
from qbr.metrics.engine import Lines, MetricsEngine
from qbr.quarter import Quarter

WINDOW_DAYS = 28  # "the last 4 weeks": cover's run rate, dead stock and shelf gaps
# The weekly diagnosis (issue #16) judges a week's sell-out against the mean of its baseline weeks:
SELLOUT_STEADY = 0.10  # sell-out no more than 10 % below its baseline counts as steady
SELLOUT_DROP = 0.15  # sell-out more than 15 % below its baseline is a sell-through problem

# The first day of the lunar new year (春节), for the stock cover a Q4 review shows. Published
# dates; a year missing here simply shows no 春节 cover.
SPRING_FESTIVAL: dict[int, date] = {
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
}

NO_STORE = ""  # the store key of rows without a store_id


@dataclass(frozen=True)
class SkuSellout:
    sku: str
    name: str
    sellin_qty: float  # our deliveries of the SKU to the customer in Q
    sellout_qty: float
    sellout_amount: float | None
    sell_through: float | None  # sellout_qty / sellin_qty
    stock: float | None  # units in the customer's stores at the end of Q
    weeks_of_cover: float | None  # stock / (sell-out of the last 28 days / 4)


@dataclass(frozen=True)
class SelloutTotal:
    """The by_sku rows added up (units of different SKUs summed, as a buyer's report does)."""

    sellin_qty: float
    sellout_qty: float
    sellout_amount: float | None
    sell_through: float | None
    stock: float | None
    weeks_of_cover: float | None


@dataclass(frozen=True)
class MonthSellout:
    month: str  # "2023-10"
    sellin_qty: float  # our deliveries of the reported SKUs
    sellout_qty: float
    sellout_amount: float | None
    sell_through: float | None
    stock: float | None  # at the month's end: each (store, SKU)'s last reading in the month


@dataclass(frozen=True)
class DeadStock:
    """A store holding a SKU it did not sell in the last 28 days."""

    store_id: str | None
    store_name: str | None
    sku: str
    name: str
    stock: float
    stock_date: date  # the reading's date
    last_sale: date | None  # the last day it sold any (in the data), None = never


@dataclass(frozen=True)
class ShelfGap:
    """A store that sold a SKU in the last 28 days and now has none of it (on-shelf out of stock)."""

    store_id: str | None
    store_name: str | None
    sku: str
    name: str
    sellout_qty: float  # sold in the last 28 days: the demand the empty shelf now turns away
    stock_date: date  # the zero reading's date


@dataclass(frozen=True)
class SpringFestivalCover:
    date: date
    weeks_to: float  # from as_of to 春节
    weeks_of_cover: float | None  # the total's
    short: list[str]  # SKUs whose weeks_of_cover is below weeks_to: they run out before 春节


@dataclass(frozen=True)
class SelloutMetrics:
    as_of: date  # the customer's last sell-out date in Q
    window_start: date  # first of the last 28 days (as_of - 27)
    total: SelloutTotal
    by_sku: list[SkuSellout]
    by_month: list[MonthSellout]
    dead_stock: list[DeadStock]
    shelf_gaps: list[ShelfGap]
    spring_festival: SpringFestivalCover | None  # Q4 only


def _rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns the figures need, with day numbers and a store key ("" = no store)."""
    return pd.DataFrame(
        {
            "day": day_numbers(frame["date"]),
            "sku": frame["sku"].astype(str).to_numpy(),
            "store": frame["store_id"].fillna(NO_STORE).astype(str).to_numpy(),
            "qty": frame["qty"].to_numpy(dtype="float64", na_value=np.nan),
            "amount": frame["amount"].to_numpy(dtype="float64", na_value=np.nan),
            "stock": frame["stock_qty"].to_numpy(dtype="float64", na_value=np.nan),
        }
    )


def last_stock(rows: pd.DataFrame) -> pd.DataFrame:
    """Per (store, sku): the stock of its last reading among `rows` and that reading's day.

    Rows of the same (store, sku) on that day are summed: only rows without a store_id can
    repeat (validation rejects the others), and those are parts of the customer's whole.
    """
    read = rows[rows["stock"].notna()]
    if read.empty:
        return pd.DataFrame({"store": [], "sku": [], "stock": [], "day": []})
    last = read.groupby(["store", "sku"])["day"].transform("max")
    read = read[read["day"] == last]
    return read.groupby(["store", "sku"], as_index=False).agg(stock=("stock", "sum"), day=("day", "max"))


def _amount(rows: pd.DataFrame) -> float | None:
    """Sum of amount; None when a row that sold something has no amount."""
    sold = rows["qty"].fillna(0) != 0
    if (sold & rows["amount"].isna()).any():
        return None
    return float(rows["amount"].fillna(0).sum())


def _cover(stock: float | None, window_qty: float) -> float | None:
    return ratio(stock, window_qty / (WINDOW_DAYS / 7))


def sellout_metrics(
    engine: MetricsEngine, frame: pd.DataFrame, lines: Lines, quarter: Quarter
) -> SelloutMetrics | None:
    """The customer's sell-out figures for Q; None without a sell-out row dated in Q."""
    if frame.empty:
        return None
    rows = _rows(frame)
    first, last = day_number(quarter.start), day_number(quarter.end)
    in_q = rows[(rows["day"] >= first) & (rows["day"] <= last)]
    if in_q.empty:
        return None
    as_of = int(in_q["day"].max())
    window = in_q[in_q["day"] >= as_of - (WINDOW_DAYS - 1)]
    stock_q = last_stock(in_q)
    names = dict(zip(engine.sku_ids, engine.sku_names, strict=True))
    skus = sorted(set(in_q["sku"]))

    # sell-in of the reported SKUs, from our sales lines
    codes = engine.sku_ids.get_indexer(pd.Index(skus, dtype=engine.sku_ids.dtype))
    span = lines.span(first, last)
    delivered = np.bincount(lines.sku[span] + 1, weights=lines.qty[span], minlength=len(engine.sku_ids) + 1)
    sellin = {s: float(delivered[c + 1]) if c >= 0 else 0.0 for s, c in zip(skus, codes, strict=True)}

    sold = in_q.groupby("sku")["qty"].sum()
    amount = in_q["amount"].fillna(0).groupby(in_q["sku"]).sum()
    unknown = ((in_q["qty"].fillna(0) != 0) & in_q["amount"].isna()).groupby(in_q["sku"]).any()
    stocks = stock_q.groupby("sku")["stock"].sum()
    recent = window.groupby("sku")["qty"].sum()
    by_sku: list[SkuSellout] = []
    for sku in skus:
        stock = float(stocks[sku]) if sku in stocks.index else None
        qty = float(sold[sku])
        by_sku.append(
            SkuSellout(
                sku=sku,
                name=str(names.get(sku, sku)),
                sellin_qty=sellin[sku],
                sellout_qty=qty,
                sellout_amount=None if unknown[sku] else float(amount[sku]),
                sell_through=ratio(qty, sellin[sku]),
                stock=stock,
                weeks_of_cover=_cover(stock, float(recent.get(sku, 0.0))),
            )
        )
    by_sku.sort(key=lambda r: (-r.sellout_qty, r.sku))

    stock_known = [r.stock for r in by_sku if r.stock is not None]
    total_stock = float(sum(stock_known)) if stock_known else None
    total_in = float(sum(sellin.values()))
    total_out = float(in_q["qty"].sum())
    total = SelloutTotal(
        sellin_qty=total_in,
        sellout_qty=total_out,
        sellout_amount=_amount(in_q),
        sell_through=ratio(total_out, total_in),
        stock=total_stock,
        weeks_of_cover=_cover(total_stock, float(window["qty"].sum())),
    )
    spring = _spring_festival(quarter, as_of, total.weeks_of_cover, by_sku)
    return SelloutMetrics(
        as_of=day_date(as_of),
        window_start=day_date(as_of - (WINDOW_DAYS - 1)),
        total=total,
        by_sku=by_sku,
        by_month=_by_month(in_q, lines, codes, quarter),
        dead_stock=_dead_stock(engine, rows, window, stock_q, names, as_of),
        shelf_gaps=_shelf_gaps(engine, window, stock_q, names),
        spring_festival=spring,
    )


def _by_month(in_q: pd.DataFrame, lines: Lines, codes: np.ndarray, quarter: Quarter) -> list[MonthSellout]:
    out: list[MonthSellout] = []
    ends = [*quarter.months[1:], quarter.next().start]
    known = codes[codes >= 0]
    for month, nxt in zip(quarter.months, ends, strict=True):
        first, last = day_number(month), day_number(nxt) - 1
        rows = in_q[(in_q["day"] >= first) & (in_q["day"] <= last)]
        span = lines.span(first, last)
        sellin = float(lines.qty[span][np.isin(lines.sku[span], known)].sum())
        sold = float(rows["qty"].sum())
        stock = last_stock(rows)
        out.append(
            MonthSellout(
                month=f"{month:%Y-%m}",
                sellin_qty=sellin,
                sellout_qty=sold,
                sellout_amount=_amount(rows),
                sell_through=ratio(sold, sellin),
                stock=float(stock["stock"].sum()) if len(stock) else None,
            )
        )
    return out


def _store(engine: MetricsEngine, key: str) -> tuple[str | None, str | None]:
    if key == NO_STORE:
        return None, None
    return key, engine.store_names.get(key)


def _dead_stock(
    engine: MetricsEngine,
    rows: pd.DataFrame,
    window: pd.DataFrame,
    stock_q: pd.DataFrame,
    names: dict[str, str],
    as_of: int,
) -> list[DeadStock]:
    """(store, SKU) holding stock at the end of Q that sold nothing in the last 28 days; most stock first."""
    sold = window.groupby(["store", "sku"])["qty"].sum()
    sales_days = rows[(rows["qty"] > 0) & (rows["day"] <= as_of)].groupby(["store", "sku"])["day"].max()
    out: list[DeadStock] = []
    for r in stock_q.itertuples(index=False):
        if not r.stock > 0 or sold.get((r.store, r.sku), 0.0) > 0:
            continue
        store_id, store_name = _store(engine, str(r.store))
        last_sale = sales_days.get((r.store, r.sku))
        out.append(
            DeadStock(
                store_id=store_id,
                store_name=store_name,
                sku=str(r.sku),
                name=str(names.get(str(r.sku), r.sku)),
                stock=float(r.stock),
                stock_date=day_date(int(r.day)),
                last_sale=None if last_sale is None else day_date(int(last_sale)),
            )
        )
    out.sort(key=lambda d: (-d.stock, d.store_id or "", d.sku))
    return out


def _shelf_gaps(
    engine: MetricsEngine, window: pd.DataFrame, stock_q: pd.DataFrame, names: dict[str, str]
) -> list[ShelfGap]:
    """(store, SKU) whose last reading in Q is zero stock although it sold in the last 28 days."""
    sold = window.groupby(["store", "sku"])["qty"].sum()
    out: list[ShelfGap] = []
    for r in stock_q.itertuples(index=False):
        qty = float(sold.get((r.store, r.sku), 0.0))
        if r.stock > 0 or qty <= 0:
            continue
        store_id, store_name = _store(engine, str(r.store))
        out.append(
            ShelfGap(
                store_id=store_id,
                store_name=store_name,
                sku=str(r.sku),
                name=str(names.get(str(r.sku), r.sku)),
                sellout_qty=qty,
                stock_date=day_date(int(r.day)),
            )
        )
    out.sort(key=lambda g: (-g.sellout_qty, g.store_id or "", g.sku))
    return out


def _spring_festival(
    quarter: Quarter, as_of: int, cover: float | None, by_sku: list[SkuSellout]
) -> SpringFestivalCover | None:
    """Q4: weeks from as_of to the coming 春节, and the SKUs whose cover runs out before it."""
    festival = SPRING_FESTIVAL.get(quarter.end.year + 1) if quarter.q == 4 else None
    if festival is None:
        return None
    weeks_to = (day_number(festival) - as_of) / 7
    short = [r.sku for r in by_sku if r.weeks_of_cover is not None and r.weeks_of_cover < weeks_to]
    return SpringFestivalCover(date=festival, weeks_to=weeks_to, weeks_of_cover=cover, short=short)


# -- the weekly diagnosis (issue #16: deck alerts and `qbr watch`) -------------------------------


@dataclass(frozen=True)
class SelloutWeek:
    week_start: date  # a Monday
    sellout_qty: float  # sold Monday to Sunday (rows dated in the week)
    stock: float | None  # at the week's end: each store's last reading on or before Sunday, summed


@dataclass(frozen=True)
class _CustomerRows:
    """One customer's sell-out rows as arrays; SKUs and stores as codes in their text order."""

    day: np.ndarray
    sku: np.ndarray
    skus: np.ndarray  # code -> SKU
    store: np.ndarray
    qty: np.ndarray
    stock: np.ndarray


# The last customer's prepared rows, for the table they came from: `alerts` asks `weekly_sellout`
# for 15 weeks in a row, and reading the rows out of the table cost more than the figures. A weak
# reference, so the cache never keeps a data set alive; one entry, as a batch goes customer by customer.
_LAST_ROWS: tuple[weakref.ref[pd.DataFrame], str, _CustomerRows | None] | None = None


def _customer_rows(sellout: pd.DataFrame, customer_id: str) -> _CustomerRows | None:
    """The customer's rows of the sellout table (None: it has none)."""
    global _LAST_ROWS
    last = _LAST_ROWS
    if last is not None and last[0]() is sellout and last[1] == customer_id:
        return last[2]
    frame = sellout[sellout["customer_id"] == customer_id]
    prepared = None
    if not frame.empty:
        rows = _rows(frame)
        sku, skus = pd.factorize(rows["sku"].to_numpy(dtype=object), sort=True)
        store, _ = pd.factorize(rows["store"].to_numpy(dtype=object), sort=True)
        prepared = _CustomerRows(
            day=rows["day"].to_numpy(dtype=np.int64),
            sku=sku,
            skus=np.asarray(skus, dtype=object),
            store=store,
            qty=rows["qty"].to_numpy(dtype=np.float64),
            stock=rows["stock"].to_numpy(dtype=np.float64),
        )
    _LAST_ROWS = (weakref.ref(sellout), customer_id, prepared)
    return prepared


def weekly_sellout(dataset: Dataset, customer_id: str, first_monday: date, weeks: int) -> dict[str, list[SelloutWeek]]:
    """Per SKU the customer reports, `weeks` weeks from `first_monday`: sell-out and stock.

    {} when the sellout table is absent or holds nothing for the customer: the diagnosis then
    works from sell-in alone, as before. A weekly export is dated once a week, so its row falls in
    exactly one Monday-Sunday week whichever weekday it carries.
    """
    if first_monday.weekday() != 0:
        raise ValueError(f"{first_monday} is not a Monday")
    if not dataset.has("sellout"):
        return {}
    prepared = _customer_rows(dataset.sellout, customer_id)
    if prepared is None:
        return {}
    start = day_number(first_monday)
    keep = prepared.day <= start + 7 * weeks - 1
    day, qty, stock, store = prepared.day[keep], prepared.qty[keep], prepared.stock[keep], prepared.store[keep]
    present = np.unique(prepared.sku[keep])  # the SKUs with a row by the last week, in text order
    skus, sku = prepared.skus[present], np.searchsorted(present, prepared.sku[keep])
    week = np.maximum((day - start) // 7, -1)  # readings before the first week carry into it as week -1
    n = len(skus)
    sold = np.zeros((n, weeks))
    counted = (week >= 0) & ~np.isnan(qty)
    np.add.at(sold, (sku[counted], week[counted]), qty[counted])
    stock_at = _weekly_stock(sku, store, day, week, stock, n, weeks)
    mondays = [first_monday + timedelta(days=7 * w) for w in range(weeks)]
    return {
        str(name): [
            SelloutWeek(mondays[w], float(q), None if np.isnan(st) else float(st))
            for w, (q, st) in enumerate(zip(sold[i], stock_at[i], strict=True))
        ]
        for i, name in enumerate(skus)
    }


def _weekly_stock(
    sku: np.ndarray, store: np.ndarray, day: np.ndarray, week: np.ndarray, stock: np.ndarray, n: int, weeks: int
) -> np.ndarray:
    """(SKU code x week) stock at each week's end: per (SKU, store) the stock of its last reading
    day on or before the week's Sunday (same-day rows summed), summed over the stores that have
    one; NaN when none has."""
    out = np.full((n, weeks), np.nan)
    read = ~np.isnan(stock)
    if not read.any():
        return out
    sku, store, day, week, stock = sku[read], store[read], day[read], week[read], stock[read]
    order = np.lexsort((day, store, sku))  # stable: same-day rows keep their order
    sku, store, day, week, stock = sku[order], store[order], day[order], week[order], stock[order]
    # one entry per (SKU, store, day): the day's rows summed
    new_day = np.r_[True, (sku[1:] != sku[:-1]) | (store[1:] != store[:-1]) | (day[1:] != day[:-1])]
    starts = np.flatnonzero(new_day)
    day_stock = np.add.reduceat(stock, starts)
    sku, store, week = sku[starts], store[starts], week[starts]
    # the last day of each (SKU, store, week)
    pair_change = np.r_[(sku[1:] != sku[:-1]) | (store[1:] != store[:-1]), True]
    last_in_week = pair_change | np.r_[week[1:] != week[:-1], True]
    sku, store, week, day_stock = sku[last_in_week], store[last_in_week], week[last_in_week], day_stock[last_in_week]
    # per (SKU, store) pair, a row over weeks -1 .. weeks-1, carried forward
    pair = np.cumsum(np.r_[True, (sku[1:] != sku[:-1]) | (store[1:] != store[:-1])]) - 1
    grid = np.full((pair[-1] + 1, weeks + 1), np.nan)
    grid[pair, week + 1] = day_stock
    filled = np.where(~np.isnan(grid), np.arange(weeks + 1), 0)
    np.maximum.accumulate(filled, axis=1, out=filled)
    grid = grid[np.arange(len(grid))[:, None], filled][:, 1:]
    pair_sku = np.zeros(len(grid), dtype=np.int64)
    pair_sku[pair] = sku
    has = ~np.isnan(grid)
    total = np.zeros((n, weeks))
    count = np.zeros((n, weeks), dtype=np.int64)
    np.add.at(total, pair_sku, np.where(has, grid, 0.0))
    np.add.at(count, pair_sku, has)
    out[count > 0] = total[count > 0]
    return out


def sellout_change(weeks: list[SelloutWeek], t: int, baseline_weeks: int) -> float | None:
    """Week t's sell-out / the mean of the `baseline_weeks` weeks before it - 1 (None: no base)."""
    base = weeks[max(0, t - baseline_weeks) : t]
    if len(base) < baseline_weeks:
        return None
    return growth(weeks[t].sellout_qty, sum(w.sellout_qty for w in base) / len(base))


def sellout_drop(sellout_change: float | None) -> bool:
    """The shoppers bought less: sell-out more than SELLOUT_DROP below its baseline. A
    sell-through problem, whether or not sell-in has moved yet."""
    return sellout_change is not None and sellout_change < -SELLOUT_DROP


def destocking(
    sellin_change: float | None, sellout_change: float | None, stock_now: float | None, stock_before: float | None
) -> bool:
    """The customer is working down its stock: sell-in fell, sell-out held (no more than
    SELLOUT_STEADY below its baseline) and the stock fell during the week. Not a sales problem."""
    return (
        sellin_change is not None
        and sellin_change < 0
        and sellout_change is not None
        and sellout_change >= -SELLOUT_STEADY
        and stock_now is not None
        and stock_before is not None
        and stock_now < stock_before
    )


def sellout_cause(weeks: list[SelloutWeek], t: int, baseline_weeks: int, sellin_change: float | None) -> str | None:
    """ "sellout_drop", "destocking" or None for week t of one SKU's `weekly_sellout` series.

    A sell-out drop is named first: when shoppers stop buying, the stock the customer holds is
    not the story. None when sell-out says nothing either way, when the week has no base, or when
    the SKU has no sell-out series (`weekly_sellout(...).get(sku, [])`).
    """
    if not 0 <= t < len(weeks):
        return None
    change = sellout_change(weeks, t, baseline_weeks)
    if sellout_drop(change):
        return "sellout_drop"
    before = weeks[t - 1].stock if t >= 1 else None
    if destocking(sellin_change, change, weeks[t].stock, before):
        return "destocking"
    return None
