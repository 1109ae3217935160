"""Weekly watch on key accounts: whose sales fell in the last few days, and which SKUs/stores did it.

Stage: metrics (pure computation, no printing). Input: a `MetricsEngine` (or a Dataset and
Settings), an as-of date, a period length in days and a fall threshold. Output: a `WatchResult`
with one `AccountWatch` per key account: its sales in the last period (the `days` days ending on
as-of, inclusive), compared with the `days` days before it and with the same period last year
(shifted by 364 days so weekdays line up), flags for falls of more than the threshold, and for a
flagged comparison the SKUs (and stores, for multi-store accounts) that explain most of the fall.

Choices (docs/watch.md):
- Key accounts are those of the quarter containing as-of (the quarter the owner is trying to
  save), decided by `qbr.metrics.accounts` with the data as loaded.
- The comparison with the period before is the deck's weekly alert rule on `days`-long periods
  (`qbr.metrics.changes.judge`): the last period against the mean of the `baseline_weeks`
  periods before it, flagged when it fell by more than both the threshold (`--threshold`, default
  alerts.weekly_drop) and noise_k x the account's usual wobble, or when an SKU is out of stock;
  each driver SKU carries its cause. With baseline_weeks = 1, noise_k = 0 it is the plain
  "last N days vs the N days before".
- Last year: the same period 364 days earlier, flagged when it fell by more than the threshold;
  its driver SKUs carry the cause the SKU has in the last period (a stock-out is a stock-out
  whatever it is compared with), "other" when it did not fall there.
- A base with no (positive) sales gives no change and a note instead of -100 % or +inf:
  "no_sales" when the data covers the period, "not_in_data" when the period starts before the
  first sales date of the data (an export that begins later says nothing about that period).
- Drivers: `qbr.metrics.changes.falling`, as for the weekly alerts: the keys (SKUs, stores) whose
  sales fell, largest fall first, at most three. Keys that rose are never drivers. A store driver's
  cause is "store" when the whole store collapsed, else "other".
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np

from qbr.config import Settings
from qbr.data.dataset import Dataset
from qbr.errors import QbrError
from qbr.metrics.accounts import decide
from qbr.metrics.changes import COLLAPSED, Cause, Context, Driver, Judgement, causes_of, context, falling, judge
from qbr.metrics.common import day_date, day_number, growth
from qbr.metrics.engine import Lines, MetricsEngine, engine_for
from qbr.quarter import Quarter

LY_SHIFT = 364  # 52 weeks: the same weekdays one year earlier (365 would compare a Monday with a Sunday)
NO_SALES = "no_sales"  # the base period is in the data but has no (positive) sales
NOT_IN_DATA = "not_in_data"  # the base period starts before the data does
# The same tolerance as the weekly alerts: a fall of exactly the threshold is not "more than" it.
_EPS = 1e-9


@dataclass(frozen=True)
class Period:
    """An inclusive day range."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def shifted(self, days: int) -> Period:
        return Period(self.start - timedelta(days=days), self.end - timedelta(days=days))


@dataclass(frozen=True)
class Comparison:
    """The last period against one base period (the period before, or the same period last year)."""

    basis: str  # "before" or "ly"
    period: Period
    sales: float  # the account's sales in the base period
    change: float | None  # last period's sales - base sales; None when the base is not in the data
    growth: float | None  # sales / base - 1; None when the base is not positive or not in the data
    note: str | None  # None, NO_SALES or NOT_IN_DATA
    fell: bool  # before: the alert rule (beyond threshold and wobble, or a stock-out); ly: growth < -threshold
    sku_drivers: list[Driver] = field(default_factory=list)  # only when fell
    store_drivers: list[Driver] = field(default_factory=list)  # only when fell and multi-store


@dataclass(frozen=True)
class AccountWatch:
    customer_id: str
    name: str
    channel: str
    sales: float  # in the last period
    before: Comparison
    ly: Comparison
    multi_store: bool  # two or more stores among its lines of the compared periods
    wobble: float | None = None  # median |change| of the 13 periods before (the alert rule)
    limit: float | None = None  # the fall the rule tolerated: max(threshold, noise_k x wobble)
    lost_sales: float = 0.0  # sales lost to stock-outs in the last period

    @property
    def flagged(self) -> bool:
        return self.before.fell or self.ly.fell

    @property
    def causes(self) -> list[Cause]:
        """Why it fell: one entry per driver SKU of the flagged comparisons (the period before first)."""
        seen: set[str | None] = set()
        out: list[Cause] = []
        for c in (self.before, self.ly):
            if c.fell:
                for cause in causes_of(c.sku_drivers):
                    if cause.sku not in seen:
                        seen.add(cause.sku)
                        out.append(cause)
        return out


@dataclass(frozen=True)
class WatchResult:
    as_of: date
    days: int
    threshold: float
    quarter: Quarter  # whose key accounts are watched
    period: Period  # the last period
    before: Period
    ly: Period
    data_start: date  # first and last sales dates of the whole data set
    data_end: date
    accounts: list[AccountWatch]  # flagged first, largest fall first

    @property
    def flagged(self) -> list[AccountWatch]:
        return [a for a in self.accounts if a.flagged]


def data_range(engine: MetricsEngine) -> tuple[date, date] | None:
    """First and last sales dates of the data (None when there are no dated lines): the engine's."""
    if engine.first_day is None or engine.last_day is None:
        return None
    return day_date(engine.first_day), day_date(engine.last_day)


def watch_dataset(
    dataset: Dataset, settings: Settings, as_of: date | None = None, days: int = 7, threshold: float | None = None
) -> WatchResult:
    """`watch` on the Dataset's cached engine."""
    return watch(engine_for(dataset, settings), as_of, days, threshold)


def watch(
    engine: MetricsEngine, as_of: date | None = None, days: int = 7, threshold: float | None = None
) -> WatchResult:
    """Key accounts' last `days` days to as-of vs the days before and vs last year.

    as_of defaults to the last sales date of the data; threshold to `alerts.weekly_drop`. An
    as-of outside the data's dates, days < 1 or a threshold outside [0, 1) is a QbrError.
    """
    if days < 1:
        raise QbrError(f"--days {days}: the period must be at least one day")
    threshold = engine.settings.alerts.weekly_drop if threshold is None else threshold
    if not 0 <= threshold < 1:
        raise QbrError(f"threshold {threshold}: expected a fraction between 0 and 1, e.g. 0.05")
    span = data_range(engine)
    if span is None:
        raise QbrError("the sales table has no lines: nothing to watch")
    first, last = span
    as_of = last if as_of is None else as_of
    if not first <= as_of <= last:
        raise QbrError(
            f"as-of {as_of} is outside the sales data ({first} to {last})",
            hint=f"pick a date from {first} to {last}, or leave --as-of out for {last}",
        )
    period = Period(as_of - timedelta(days=days - 1), as_of)
    weeks = engine.settings.alerts.baseline_weeks
    before = Period(period.start - timedelta(days=days * weeks), period.start - timedelta(days=1))
    ly = period.shifted(LY_SHIFT)
    quarter = Quarter.of(as_of)
    # Same memo key as qbr.metrics.accounts.key_accounts, so `accounts` and `watch` decide once per engine.
    decisions = engine.memo(("key_accounts", quarter), lambda: decide(engine, quarter))
    first_day = day_number(first)
    accounts = [
        _account(engine, engine.code(d.customer_id), d.name, d.channel, period, before, ly, threshold, first_day)
        for d in decisions
        if d.key_account
    ]
    # Flagged first, then by the money lost against the period before (the fall the owner can act
    # on this week); accounts without that comparison go last.
    accounts.sort(
        key=lambda a: (not a.flagged, a.before.change if a.before.change is not None else np.inf, a.customer_id)
    )
    return WatchResult(as_of, days, threshold, quarter, period, before, ly, first, last, accounts)


def _account(
    engine: MetricsEngine,
    code: int,
    name: str,
    channel: str,
    period: Period,
    before: Period,
    ly: Period,
    threshold: float,
    first_day: int,
) -> AccountWatch:
    lines = engine.lines(code)
    now = lines.span(day_number(period.start), day_number(period.end))
    sales = float(lines.amount[now].sum())
    spans = {basis: lines.span(day_number(p.start), day_number(p.end)) for basis, p in (("before", before), ("ly", ly))}
    stores = np.concatenate([lines.store[now], lines.store[spans["before"]]])
    multi_store = bool(np.unique(stores[stores >= 0]).size >= 2)
    ctx = context(engine, code)
    ctx = replace(ctx, rule=replace(ctx.rule, weekly_drop=threshold))
    j = judge(engine, lines, day_number(period.end), period.days, ctx)
    before_c = _before(engine, lines, j, period, now, threshold, multi_store, ctx)
    ly_c = _compare_ly(engine, lines, ly, now, spans["ly"], sales, threshold, first_day, multi_store, j.causes_by_sku)
    return AccountWatch(
        str(engine.customer_ids[code]),
        name,
        channel,
        sales,
        before_c,
        ly_c,
        multi_store,
        j.wobble,
        j.limit,
        j.lost_sales,
    )


def _before(
    engine: MetricsEngine,
    lines: Lines,
    j: Judgement,
    period: Period,
    now: slice,
    threshold: float,
    multi_store: bool,
    ctx: Context,
) -> Comparison:
    """The last period against its baseline, by the alert rule (`judge`)."""
    weeks = ctx.rule.baseline_weeks
    if j.baseline is None or j.baseline_first is None:
        base_period = Period(period.start - timedelta(days=period.days * weeks), period.start - timedelta(days=1))
        return Comparison("before", base_period, 0.0, None, None, NOT_IN_DATA, False)
    base_period = Period(day_date(j.baseline_first), period.start - timedelta(days=1))
    note = NO_SALES if j.baseline <= 0 else None
    change = j.sales - j.baseline
    if not j.alert:
        return Comparison("before", base_period, j.baseline, change, j.change, note, False)
    store_drivers: list[Driver] = []
    if multi_store:
        n = base_period.days // period.days
        base = lines.span(day_number(base_period.start), day_number(base_period.end))
        store_drivers = [
            replace(d, cause="store", store_id=d.key)
            if d.key and d.sales <= COLLAPSED * d.sales_base
            else replace(d, cause="other")
            for d in falling(engine, "store", lines.store, lines.amount, now, base, base_periods=n)
        ]
    return Comparison("before", base_period, j.baseline, change, j.change, note, True, j.drivers, store_drivers)


def _compare_ly(
    engine: MetricsEngine,
    lines: Lines,
    period: Period,
    now: slice,
    base: slice,
    sales: float,
    threshold: float,
    first_day: int,
    multi_store: bool,
    classified: dict[str, Driver],
) -> Comparison:
    basis = "ly"
    if day_number(period.start) < first_day:
        return Comparison(basis, period, 0.0, None, None, NOT_IN_DATA, False)
    base_sales = float(lines.amount[base].sum())
    change = growth(sales, base_sales)
    note = NO_SALES if base_sales <= 0 else None
    fell = change is not None and change < -threshold - _EPS
    if not fell:
        return Comparison(basis, period, base_sales, sales - base_sales, change, note, False)
    fall = sales - base_sales

    def caused(d: Driver) -> Driver:
        c = classified.get(d.key)
        return replace(d, cause=c.cause, lost_sales=c.lost_sales, store_id=c.store_id, detail=c.detail) if c else d

    sku_drivers = [caused(d) for d in falling(engine, "sku", lines.sku, lines.amount, now, base)]
    store_drivers = falling(engine, "store", lines.store, lines.amount, now, base) if multi_store else []
    return Comparison(basis, period, base_sales, fall, change, note, True, sku_drivers, store_drivers)


def result_to_dict(r: WatchResult) -> dict[str, object]:
    """JSON-ready view (ISO dates, nulls for missing ratios, plain Python numbers)."""

    def period(p: Period) -> dict[str, object]:
        return {"start": p.start.isoformat(), "end": p.end.isoformat()}

    def money(x: float | None) -> float | None:
        # Sums of two-decimal amounts carry float noise (-71204.91999999998); cents are exact enough.
        return None if x is None else round(x, 2)

    def driver(d: Driver) -> dict[str, object]:
        return {
            "kind": d.kind,
            "key": d.key or None,
            "name": d.name or None,
            "sales": money(d.sales),
            "sales_base": money(d.sales_base),
            "change": money(d.change),
            "share_of_fall": d.share,
            "cause": d.cause,
            "lost_sales": money(d.lost_sales),
            "store_id": d.store_id,
        }

    def comparison(c: Comparison) -> dict[str, object]:
        return {
            "period": period(c.period),
            "sales": None if c.note == NOT_IN_DATA else money(c.sales),
            "change": money(c.change),
            "growth": c.growth,
            "note": c.note,
            "fell": c.fell,
            "sku_drivers": [driver(d) for d in c.sku_drivers],
            "store_drivers": [driver(d) for d in c.store_drivers],
        }

    return {
        "as_of": r.as_of.isoformat(),
        "days": r.days,
        "threshold": r.threshold,
        "quarter": str(r.quarter),
        "period": period(r.period),
        "before": period(r.before),
        "ly": period(r.ly),
        "data": {"start": r.data_start.isoformat(), "end": r.data_end.isoformat()},
        "key_accounts": len(r.accounts),
        "flagged": len(r.flagged),
        "accounts": [
            {
                "customer_id": a.customer_id,
                "name": a.name,
                "channel": a.channel,
                "sales": money(a.sales),
                "flagged": a.flagged,
                "multi_store": a.multi_store,
                "wobble": a.wobble,
                "lost_sales": money(a.lost_sales),
                "causes": [
                    {"cause": c.cause, "sku": c.sku, "store_id": c.store_id, "lost_sales": money(c.lost_sales)}
                    for c in a.causes
                ],
                "before": comparison(a.before),
                "ly": comparison(a.ly),
            }
            for a in r.accounts
        ],
    }
