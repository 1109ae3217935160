"""Shared precompute for computing many customers' metrics from one Dataset.

Stage: metrics. Input: a validated Dataset and Settings. Output: a `MetricsEngine` holding
(1) the sales lines as numpy arrays sorted by customer then date, with each line's cost resolved
once (`cost` when given, else qty x products.unit_cost, NaN when unknown), so one customer's lines
are a slice found by binary search instead of a scan of two million rows; (2) the small tables
partitioned by customer the same way; (3) per-quarter totals of every customer (sales, gross
profit, unknown-cost lines), cached, from which rank, share and key accounts are read.

The Dataset is treated as immutable once validated: the engine copies what it needs and does not
notice later edits to the frames.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property, partial
from typing import Any

import numpy as np
import pandas as pd

from qbr.config import Settings
from qbr.data.dataset import Dataset
from qbr.errors import QbrError
from qbr.metrics.common import NAT_DAY, day_number, day_numbers
from qbr.quarter import Quarter


@dataclass(frozen=True)
class Lines:
    """One customer's sales lines (or all lines), sorted by day; parallel numpy arrays."""

    # Day numbers and codes are int32 (a day number is about 20,000; int32 holds two billion
    # customers, SKUs or stores): five million lines take 80 MB less than in int64.
    day: np.ndarray  # int32 day numbers (NaT: the int32 minimum, outside every window)
    amount: np.ndarray  # float64, net sales
    qty: np.ndarray  # float64
    cost: np.ndarray  # float64, resolved; NaN = unknown
    sku: np.ndarray  # int32 index into engine.products; -1 = not in products
    store: np.ndarray  # int32 index into engine.store_ids; -1 = no store

    def span(self, first: int, last: int) -> slice:
        """The lines dated in the inclusive day range [first, last] (lines are sorted by day)."""
        lo = int(np.searchsorted(self.day, first, side="left"))
        hi = int(np.searchsorted(self.day, last, side="right"))
        return slice(lo, hi)

    def amount_between(self, first: int, last: int) -> float:
        return float(self.amount[self.span(first, last)].sum())


@dataclass(frozen=True)
class QuarterTotals:
    """Every customer's figures for one quarter, indexed like engine.customers."""

    sales: np.ndarray  # float64 per customer
    gross_profit: np.ndarray  # float64 per customer (lines with unknown cost count as cost 0 here)
    unknown_cost_lines: np.ndarray  # int64 per customer
    total_sales: float  # all customers' sales in the quarter (the denominator of share)
    rank: np.ndarray  # int64 per customer; 0 = no sales in the quarter (not ranked)

    def gross_margin(self, code: int) -> float | None:
        """The customer's gross margin, None when a line's cost is unknown or sales are not positive."""
        if self.unknown_cost_lines[code] or self.sales[code] <= 0:
            return None
        return float(self.gross_profit[code] / self.sales[code])


class _Partition:
    """A small table sorted by customer so that one customer's rows are a slice."""

    def __init__(self, frame: pd.DataFrame, customer_ids: pd.Index) -> None:
        codes = _codes(frame["customer_id"], customer_ids)
        order = np.argsort(codes, kind="stable")
        self.frame = frame.iloc[order].reset_index(drop=True)
        self.bounds = np.searchsorted(codes[order], np.arange(len(customer_ids) + 1), side="left")

    def rows(self, code: int) -> pd.DataFrame:
        return self.frame.iloc[self.bounds[code] : self.bounds[code + 1]]


class MetricsEngine:
    """Precomputed, read-only view of a Dataset for computing metrics of many customers."""

    def __init__(self, dataset: Dataset, settings: Settings) -> None:
        self.dataset = dataset
        self.settings = settings
        self.customers = dataset.customers.reset_index(drop=True)
        self.customer_ids = pd.Index(self.customers["customer_id"].astype("string"))
        self.products = dataset.products.reset_index(drop=True)
        self.sku_ids = pd.Index(self.products["sku"].astype("string"))
        self._quarters: dict[Quarter, QuarterTotals] = {}
        self._memo: dict[object, Any] = {}
        self._prepare_sales(dataset.sales)
        self.support = _Partition(dataset.support, self.customer_ids)
        self.promoters = _Partition(dataset.promoters, self.customer_ids)
        self.activities = _Partition(dataset.activities, self.customer_ids)
        self.receivables = _Partition(dataset.receivables, self.customer_ids)
        self.targets = _Partition(dataset.targets, self.customer_ids)
        self.sellout = _Partition(dataset.sellout, self.customer_ids)
        self.plans = _Partition(dataset.plans, self.customer_ids)
        # An activity's cost is its support rows whatever their date or customer (spec: "any date").
        support = dataset.support
        has_activity = support["activity_id"].notna()
        self.activity_cost: dict[str, float] = {
            str(k): float(v) for k, v in support[has_activity].groupby("activity_id")["amount"].sum().items()
        }
        stores = dataset.stores
        self.store_names: dict[str, str] = dict(
            zip(stores["store_id"].astype(str), stores["name"].astype(str), strict=True)
        )

    def _prepare_sales(self, sales: pd.DataFrame) -> None:
        # Five million lines make each column here 40 MB: every array is sorted into the engine's
        # order as soon as it is computed and its source dropped, so that few are alive at once
        # (the values are those of computing them all first).
        cust = _codes(sales["customer_id"], self.customer_ids)
        day = day_numbers(sales["date"])
        nat = day == NAT_DAY
        valid = day[~nat]
        self.last_day: int | None = int(valid.max()) if valid.size else None
        self.first_day: int | None = int(valid.min()) if valid.size else None
        del valid
        day[nat] = np.iinfo(np.int32).min
        day = day.astype(np.int32)
        del nat
        # Lines of customers missing from the customers table (validation rejects them) are dropped
        # here rather than silently counted towards another customer.
        keep = cust >= 0
        every = bool(keep.all())  # the usual case: no copy just to keep every line

        def ordered(values: np.ndarray) -> np.ndarray:
            return (values if every else values[keep])[order]

        order = _by_customer_then_day(cust if every else cust[keep], day if every else day[keep])
        self._cust = ordered(cust)
        del cust
        day = ordered(day)
        sku = _codes(sales["sku"], self.sku_ids)
        qty = sales["qty"].to_numpy(dtype="float64", na_value=np.nan)
        unit_cost = self.products["unit_cost"].to_numpy(dtype="float64", na_value=np.nan)
        cost = sales["cost"].to_numpy(dtype="float64", na_value=np.nan)
        missing = np.isnan(cost)
        if missing.any():  # qty x unit_cost where the line has no cost; NaN for an unknown SKU
            fallback = unit_cost[sku]
            fallback *= qty
            fallback[sku < 0] = np.nan
            cost = np.where(missing, fallback, cost)
            del fallback
        cost = ordered(cost)
        del missing
        sku, qty = ordered(sku), ordered(qty)
        amount = ordered(sales["amount"].to_numpy(dtype="float64", na_value=np.nan))
        store_codes, store_ids = pd.factorize(sales["store_id"].astype("string"), use_na_sentinel=True)
        self.store_ids: list[str] = [str(s) for s in store_ids]
        store = ordered(store_codes.astype(np.int32))
        del store_codes
        self.all_lines = Lines(day=day, amount=amount, qty=qty, cost=cost, sku=sku, store=store)
        self._bounds = np.searchsorted(self._cust, np.arange(len(self.customer_ids) + 1), side="left")
        self.as_of = self._as_of(self.settings, self.dataset)

    @staticmethod
    def _as_of(settings: Settings, dataset: Dataset) -> date | None:
        """The day receivables are known to (report.as_of, --as-of): by default the data's newest
        date, a sale or a payment, so a payment after the quarter shows as "已回款"."""
        if settings.report.as_of:
            return date.fromisoformat(settings.report.as_of)
        days = [d for d in (dataset.last_date, dataset.receivables["paid_date"].max()) if d is not None and d == d]
        return max(days).date() if days else None

    def covers(self, first: date) -> bool:
        """Whether a period starting on `first` lies within the data: one that starts before the
        data's first day has no base to compare with (null, never 0; docs/metrics.md)."""
        return self.first_day is not None and day_number(first) >= self.first_day

    # -- lookups -------------------------------------------------------------------------------

    def code(self, customer_id: str, quarter: Quarter | None = None) -> int:
        """Row of a customer in engine.customers; unknown ids are a user's mistake."""
        loc = self.customer_ids.get_indexer([customer_id])[0]
        if loc < 0:
            some = ", ".join(str(c) for c in self.customer_ids[:5])
            more = " ..." if len(self.customer_ids) > 5 else ""
            raise QbrError(
                f'unknown customer "{customer_id}"',
                hint=f"`qbr accounts --quarter {quarter or '2023Q4'}` lists every customer_id (e.g. {some}{more})",
            )
        return int(loc)

    def lines(self, code: int) -> Lines:
        """The customer's sales lines, sorted by day (views, no copy)."""
        s = slice(int(self._bounds[code]), int(self._bounds[code + 1]))
        a = self.all_lines
        return Lines(a.day[s], a.amount[s], a.qty[s], a.cost[s], a.sku[s], a.store[s])

    @cached_property
    def sku_keys(self) -> np.ndarray:
        """The SKU codes as a plain object array (indexing the pandas Index one by one is slow)."""
        return self.sku_ids.astype(str).to_numpy(dtype=object)

    @cached_property
    def sku_names(self) -> np.ndarray:
        return self.products["name"].astype(str).to_numpy()

    @cached_property
    def sku_categories(self) -> np.ndarray:
        return self.products["category"].astype(str).to_numpy()

    def memo(self, key: object, factory: Callable[[], Any]) -> Any:
        """A value computed once per engine (e.g. the key-account decisions of a quarter)."""
        if key not in self._memo:
            self._memo[key] = factory()
        return self._memo[key]

    # -- per-quarter totals of all customers ---------------------------------------------------

    def quarter_totals(self, quarter: Quarter) -> QuarterTotals:
        """Sales, gross profit and rank of every customer in a quarter (computed once, cached)."""
        cached = self._quarters.get(quarter)
        if cached is not None:
            return cached
        a = self.all_lines
        in_q = (a.day >= day_number(quarter.start)) & (a.day <= day_number(quarter.end))
        n = len(self.customer_ids)
        cust = self._cust[in_q]
        amount = a.amount[in_q]
        cost = a.cost[in_q]
        unknown = np.isnan(cost)
        sales = np.bincount(cust, weights=amount, minlength=n)
        gross = np.bincount(cust, weights=amount - np.where(unknown, 0.0, cost), minlength=n)
        unknown_lines = np.bincount(cust, weights=unknown.astype(np.float64), minlength=n).astype(np.int64)
        totals = QuarterTotals(
            sales=sales,
            gross_profit=gross,
            unknown_cost_lines=unknown_lines,
            total_sales=float(amount.sum()),
            rank=_competition_rank(sales),
        )
        self._quarters[quarter] = totals
        return totals


def _codes(values: pd.Series, index: pd.Index) -> np.ndarray:
    """Position of each value in `index` (-1 when absent or NA), as int32.

    Factorising first means the two million ids are hashed once by pyarrow and only the few
    distinct ones are looked up, ten times faster than get_indexer on the whole column.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    lookup = index.get_indexer(pd.Index(uniques, dtype=index.dtype)) if len(uniques) else np.array([])
    # code -1 (NA) picks the appended -1
    return np.append(lookup, -1).astype(np.int32)[codes]


def _by_customer_then_day(cust: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Order of lines by customer, then day (stable, so equal lines keep their file order).

    One combined int64 key sorts three times faster than np.lexsort on two keys.
    """
    if day.size == 0:
        return np.arange(0)
    span = int(day.max()) - int(day.min()) + 1
    if int(cust.max(initial=0)) * span < 2**62:
        key = cust.astype(np.int64) * span  # in place from here: one array of five million keys, not three
        key += day
        key -= day.min()
        return np.argsort(key, kind="stable")
    return np.lexsort((day, cust))


def _competition_rank(sales: np.ndarray) -> np.ndarray:
    """1 = largest; equal sales share a rank and the next rank is skipped (1, 2, 2, 4).

    Only customers with net sales > 0 are ranked; the others get 0 (shown as null).
    """
    rank = np.zeros(len(sales), dtype=np.int64)
    positive = np.flatnonzero(sales > 0)
    if positive.size == 0:
        return rank
    values = sales[positive]
    # rank = 1 + number of customers with strictly larger sales
    sorted_desc = np.sort(values)[::-1]
    larger = np.searchsorted(-sorted_desc, -values, side="left")
    rank[positive] = larger + 1
    return rank


# One engine per Dataset object, so that computing 200 customers' decks (or compute_metrics then
# key_accounts) prepares the two million sales lines once. Keyed by id() with a weak reference
# to tell a reused id from the same object; a changed Settings gets a fresh engine.
_ENGINES: dict[int, tuple[weakref.ref[Dataset], Settings, MetricsEngine]] = {}


def engine_for(dataset: Dataset, settings: Settings) -> MetricsEngine:
    """The cached MetricsEngine of this Dataset and Settings (built on first use)."""
    entry = _ENGINES.get(id(dataset))
    if entry is not None and entry[0]() is dataset and entry[1] == settings:
        return entry[2]
    engine = MetricsEngine(dataset, settings)
    key = id(dataset)
    _ENGINES[key] = (weakref.ref(dataset, partial(_forget, _ENGINES, key)), settings, engine)
    return engine


def _forget(engines: dict[int, Any], key: int, ref: weakref.ref[Dataset]) -> None:
    """Drop a collected Dataset's engine, unless its id already belongs to a newer Dataset.

    `engines` is bound when the reference is made, so this still works while the interpreter
    shuts down and module globals are already gone.
    """
    entry = engines.get(key)
    if entry is not None and entry[0] is ref:
        del engines[key]
