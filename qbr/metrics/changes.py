"""The one rule for "did this account's sales fall, which SKUs did it, and why".

Stage: metrics (numpy). Input: a customer's sales lines (sorted by day), the period judged (its
last day and its length: 7 days for the deck's weeks, `--days` for `qbr watch`), the `[alerts]`
settings, the data's first and last days and the customer's activities. Output: a `Judgement`:
the period's sales against its baseline, the account's usual wobble, whether it is an alert, and
the driver SKUs each with its cause. The deck's weekly alerts (`qbr.metrics.alerts`) and `qbr
watch` (`qbr.watch.check`) both judge with `judge`, so an alert and a cause mean the same in both.

The rule (spec "Weekly alerts and their causes"; docs/metrics.md says it in the owner's words):
- baseline = mean sales of the `baseline_weeks` periods before (covered periods only: a period
  starting before the data's first day is not in the data); change = sales / baseline - 1.
- wobble = median |change| of the 13 periods before (those with a change).
- alert when change < -max(weekly_drop, noise_k x wobble), or when an SKU is out of stock.
- drivers: the SKUs below their own baseline, largest fall first, at most three, no more once they
  explain 80 % of the fall; an SKU out of stock is always among them.
- cause of each driver: the first of order_timing, stockout, store, activity_end, holiday,
  decline, other that holds, with the thresholds below. When the customer shares sell-out
  (`qbr.metrics.sellout`), a weekly driver that is not a late order or a stock-out is read
  against it first: `sellout_drop` (shoppers bought less: sell-through, even if the store,
  an activity's end or a holiday came with it) or `destocking` (sell-out held and the customer's
  stock fell: they are working down stock, not a sales problem).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qbr.config import Alerts
from qbr.metrics.calendar import holiday_name
from qbr.metrics.common import day_date, day_numbers, opt_str, split_skus
from qbr.metrics.engine import Lines, MetricsEngine
from qbr.metrics.sellout import SelloutWeek, sellout_cause, weekly_sellout

DRIVERS = 3  # the spec: at most three drivers, largest fall first
EXPLAINED = 0.8  # and no more once they explain this share of the fall: the rest is noise to the owner
WOBBLE_PERIODS = 13  # the spec: wobble over the 13 periods before (a quarter of weeks)
_EPS = 1e-9  # a fall of exactly the threshold (95 after 100 = -0.0500000000000000444) is not "more than" it

# The thresholds the spec leaves to qbr (docs/metrics.md, "Why it fell"):
MADE_UP = 0.75  # order_timing: the next period's sales above baseline make up at least 75 % of the shortfall
NEAR_ZERO = 0.20  # stockout: the SKU sold at most a fifth of its usual in every store that normally gets it
AT_ONCE = 0.5  # stockout: the period before, and the rest of the account, sold at least half their usual
REGULAR_PERIODS = 4  # "normally receives it": the store sold the SKU in each of the 4 periods before
MIN_STOCKOUT_SHARE = 0.02  # a stock-out counts when it cost at least 2 % of the account's usual sales
COLLAPSED = 0.30  # store: the store's whole sales fell to at most 30 % of its baseline
IN_ONE_STORE = 0.70  # store: and that store holds at least 70 % of the SKU's fall
DECLINE_PERIODS = 3  # decline: below baseline and lower than the period before, 3 periods running

CAUSES = ("order_timing", "stockout", "sellout_drop", "destocking", "store", "activity_end", "holiday", "decline",
          "other")  # fmt: skip


@dataclass(frozen=True)
class Driver:
    """One SKU or store and its part in a fall, with why it fell."""

    kind: str  # "sku" or "store"
    key: str  # the sku or store_id ("" = lines without a store_id, "?" = an unknown SKU)
    name: str
    sales: float  # in the period judged
    sales_base: float  # its baseline (mean of the baseline periods)
    change: float  # sales - sales_base, negative
    share: float | None  # change / the account's change: its part of the fall (0.44 = 44 %)
    cause: str = "other"  # one of CAUSES
    lost_sales: float | None = None  # sales_base - sales when the cause is stockout, else None
    store_id: str | None = None  # the store that closed (cause store), else None
    detail: str | None = None  # the holiday's, activity's or store's name, for the words


@dataclass(frozen=True)
class Cause:
    """The JSON `causes` entry of an alert: why one SKU fell."""

    cause: str
    sku: str | None
    store_id: str | None
    lost_sales: float | None


@dataclass(frozen=True)
class Judgement:
    """One period of one account judged by the alert rule."""

    first: int  # day numbers of the period judged
    last: int
    sales: float
    baseline: float | None  # None when no baseline period is in the data
    baseline_first: int | None  # first day of the covered baseline periods
    change: float | None  # sales / baseline - 1; None without a positive baseline
    wobble: float | None  # median |change| of the 13 periods before; None when none has a change
    limit: float  # the fall the rule tolerates: max(weekly_drop, noise_k x wobble)
    stockout: bool  # a material stock-out in the period
    alert: bool
    drivers: list[Driver] = field(default_factory=list)
    causes_by_sku: dict[str, Driver] = field(default_factory=dict)  # every falling SKU, classified
    lost_sales: float = 0.0  # the period's stock-out lost sales (stock-outs that count, see MIN_STOCKOUT_SHARE)
    stockouts: tuple[str, ...] = ()  # the SKUs of those stock-outs


def causes_of(drivers: list[Driver]) -> list[Cause]:
    """The `causes` list of an alert or flagged account: one entry per SKU driver."""
    return [Cause(d.cause, d.key or None, d.store_id, d.lost_sales) for d in drivers if d.kind == "sku"]


def label(engine: MetricsEngine, kind: str, code: int) -> tuple[str, str]:
    """(key, name) of a SKU or store code; -1 is an unknown SKU or a line without store."""
    if kind == "sku":
        return (str(engine.sku_keys[code]), str(engine.sku_names[code])) if code >= 0 else ("?", "")
    if code < 0:
        return "", ""
    store_id = engine.store_ids[code]
    return store_id, engine.store_names.get(store_id, "")


def key_changes(
    keys: np.ndarray, amount: np.ndarray, now: slice, base: slice, base_periods: int = 1
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(distinct keys, sales per key in `now`, mean per period in `base`) over two slices of lines."""
    both = np.concatenate([keys[now], keys[base]])
    if both.size == 0:
        empty = np.zeros(0)
        return both, empty, empty
    uniq, inverse = np.unique(both, return_inverse=True)
    n_now = now.stop - now.start
    sales_now = np.bincount(inverse[:n_now], weights=amount[now], minlength=uniq.size)
    sales_base = np.bincount(inverse[n_now:], weights=amount[base], minlength=uniq.size) / max(base_periods, 1)
    return uniq, sales_now, sales_base


def falling(
    engine: MetricsEngine,
    kind: str,
    keys: np.ndarray,
    amount: np.ndarray,
    now: slice,
    base: slice,
    limit: int = DRIVERS,
    base_periods: int = 1,
    first: tuple[int, ...] = (),
) -> list[Driver]:
    """The keys whose sales fell from their baseline (`base` / base_periods) to `now`, largest fall
    first (ties by key), taken until together they explain `EXPLAINED` of the lines' whole fall, at
    most `limit`; each with its share of that fall. Keys in `first` (stock-outs) are always taken."""
    uniq, sales_now, sales_base = key_changes(keys, amount, now, base, base_periods)
    change = sales_now - sales_base
    total = float(change.sum())
    labels = [label(engine, kind, int(k)) for k in uniq]
    order = sorted((i for i in range(uniq.size) if change[i] < 0), key=lambda i: (change[i], labels[i][0]))
    must = [i for i in order if int(uniq[i]) in first]
    picked: list[int] = must[:limit]
    explained = float(sum(change[i] for i in picked))
    for i in order:
        if len(picked) >= limit or (picked and total < 0 and explained <= EXPLAINED * total):
            break
        if i not in picked:
            picked.append(i)
            explained += float(change[i])
    picked.sort(key=lambda i: (change[i], labels[i][0]))
    return [
        Driver(
            kind,
            labels[i][0],
            labels[i][1],
            float(sales_now[i]),
            float(sales_base[i]),
            float(change[i]),
            float(change[i]) / total if total < 0 else None,
        )
        for i in picked
    ]


def period_totals(lines: Lines, last: int, length: int, n: int) -> np.ndarray:
    """Sales of the n periods ending on `last`, `last - length`, ... (index 0 = the period judged)."""
    ends = last - length * np.arange(n)
    hi = np.searchsorted(lines.day, ends, side="right")
    lo = np.searchsorted(lines.day, ends - length + 1, side="left")
    csum = np.concatenate([[0.0], np.cumsum(lines.amount)])
    return np.asarray(csum[hi] - csum[lo], dtype=np.float64)


def _baseline(totals: np.ndarray, covered: np.ndarray, p: int, weeks: int) -> float | None:
    """Mean of the covered periods p+1 .. p+weeks (None when none is covered)."""
    window = slice(p + 1, p + 1 + weeks)
    mask = covered[window]
    return float(totals[window][mask].mean()) if mask.any() else None


def _change(totals: np.ndarray, covered: np.ndarray, p: int, weeks: int) -> float | None:
    base = _baseline(totals, covered, p, weeks)
    if base is None or base <= 0 or not covered[p]:
        return None
    return float(totals[p] / base - 1.0)


@dataclass(frozen=True)
class Context:
    """What judging one account needs besides its lines: settings, data range, activities."""

    rule: Alerts
    first_day: int  # the data's first and last sales day
    last_day: int
    activity_ends: tuple[tuple[int, str, tuple[int, ...]], ...]  # (end day, name, SKU codes; () = all)
    lang: str = "zh"
    customer_id: str = ""  # whose sell-out, if the customer shares it, reads the weekly drivers


def context(engine: MetricsEngine, code: int) -> Context:
    """The judging context of one customer on an engine."""
    return Context(
        engine.settings.alerts,
        engine.first_day if engine.first_day is not None else 0,
        engine.last_day if engine.last_day is not None else -1,
        activity_ends(engine, engine.activities.rows(code)),
        engine.settings.report.language,
        str(engine.customer_ids[code]),
    )


def judge(engine: MetricsEngine, lines: Lines, last: int, length: int, ctx: Context) -> Judgement:
    """Judge the period [last - length + 1, last] of one account by the alert rule."""
    rule = ctx.rule
    weeks = rule.baseline_weeks
    depth = max(WOBBLE_PERIODS + weeks, DECLINE_PERIODS + weeks, REGULAR_PERIODS) + 1
    totals = period_totals(lines, last, length, depth)
    starts = last - length * np.arange(depth) - length + 1
    covered = starts >= ctx.first_day
    # the wobble is read on the sales as they came (lumpy deliveries are this account's usual noise);
    # the baseline of the week judged on the smoothed ones (a past late order must not lift it)
    raw = totals
    if weeks > 1:
        totals = _smooth_late_orders(totals, covered, weeks, rule.weekly_drop)
    first = last - length + 1
    base = _baseline(totals, covered, 0, weeks)
    change = _change(totals, covered, 0, weeks)
    history = [c for p in range(1, WOBBLE_PERIODS + 1) if (c := _change(raw, covered, p, weeks)) is not None]
    wobble = float(np.median(np.abs(history))) if history else None
    limit = max(rule.weekly_drop, rule.noise_k * wobble if wobble is not None else 0.0)
    n_base = int(covered[1 : 1 + weeks].sum())
    base_first = int(starts[n_base]) if n_base else None
    complete = last <= ctx.last_day
    if not complete or base is None:
        return Judgement(first, last, float(totals[0]), base, base_first, change, wobble, limit, False, False)

    classified = _classify(engine, lines, last, length, ctx, covered, base)
    stockouts = {
        code
        for code, d in classified.items()
        if d.cause == "stockout" and (d.lost_sales or 0.0) >= MIN_STOCKOUT_SHARE * base
    }
    lost = float(sum(classified[c].lost_sales or 0.0 for c in stockouts))
    fell = change is not None and change < -limit - _EPS
    alert = complete and (fell or bool(stockouts))
    drivers: list[Driver] = []
    if alert:
        now = lines.span(first, last)
        base_span = lines.span(base_first if base_first is not None else first, first - 1)
        plain = falling(
            engine, "sku", lines.sku, lines.amount, now, base_span, base_periods=n_base, first=tuple(stockouts)
        )
        drivers = [_with_cause(d, classified) for d in plain]
    by_sku = {label(engine, "sku", code)[0]: d for code, d in classified.items()}
    return Judgement(
        first,
        last,
        float(totals[0]),
        base,
        base_first,
        change,
        wobble,
        limit,
        bool(stockouts),
        alert,
        drivers,
        by_sku,
        lost,
        tuple(sorted(label(engine, "sku", code)[0] for code in stockouts)),
    )


def _smooth_late_orders(totals: np.ndarray, covered: np.ndarray, weeks: int, drop: float) -> np.ndarray:
    """The period sales with each past late order and its catch-up replaced by their mean.

    A period that fell and was made up by the next one (order_timing) would otherwise sit in later
    baselines as one low and one high period; once the low one has left the baseline window the
    high one alone inflates it and the next ordinary week reads as a fall. Averaging the pair keeps
    the orders in the baseline at their true rate. The period judged (index 0) keeps its own sales.
    With baseline_weeks = 1 nothing is smoothed: that is the literal week-on-week rule.
    """
    out = totals.copy()
    for i in range(out.size - 1, 1, -1):  # oldest first; pairs (i, i - 1) with i - 1 >= 1
        base = _baseline(out, covered, i, weeks)
        # only a real fall (beyond weekly_drop): smoothing every dip would flatten the wobble too
        if base is None or not covered[i] or out[i] >= base * (1 - drop):
            continue
        if out[i - 1] - base >= MADE_UP * (base - out[i]):
            out[i] = out[i - 1] = (out[i] + out[i - 1]) / 2
    return out


def _with_cause(d: Driver, classified: dict[int, Driver]) -> Driver:
    for c in classified.values():
        if c.key == d.key:
            return Driver(
                d.kind,
                d.key,
                d.name,
                d.sales,
                d.sales_base,
                d.change,
                d.share,
                c.cause,
                c.lost_sales,
                c.store_id,
                c.detail,
            )
    return d


def _classify(
    engine: MetricsEngine, lines: Lines, last: int, length: int, ctx: Context, covered: np.ndarray, account_base: float
) -> dict[int, Driver]:
    """The cause of every SKU that fell below its baseline in the period ending `last`.

    One cube of sales per (SKU, store, period) over the periods the causes look at: the next period
    (index 0), the period judged (1) and the periods before it (2 ...); each cause is then a test
    over all SKUs at once, and the first that holds wins.
    """
    weeks = ctx.rule.baseline_weeks
    back = max(weeks + DECLINE_PERIODS - 1, REGULAR_PERIODS)  # periods before the one judged
    lo_day = last - length * (back + 1) + 1
    window = lines.span(lo_day, last + length)
    day = lines.day[window]
    if day.size == 0:
        return {}
    sku_codes, sku_idx = np.unique(lines.sku[window], return_inverse=True)
    store_codes, store_idx = np.unique(lines.store[window], return_inverse=True)
    period = (last + length - day) // length  # 0 = next, 1 = judged, 2.. = before
    n_p = back + 2
    cube = np.zeros((sku_codes.size, store_codes.size, n_p))
    np.add.at(cube, (sku_idx, store_idx, period), lines.amount[window])
    cov = np.concatenate([[True], covered[: n_p - 1]])  # covered flags by cube period index

    def base_idx(p: int) -> list[int]:
        """The covered baseline periods of cube period p."""
        return [q for q in range(p + 1, p + 1 + weeks) if q < n_p and cov[q]]

    by_sku = cube.sum(axis=1)  # (sku, period)
    if not base_idx(1):
        return {}
    base_sku = by_sku[:, base_idx(1)].mean(axis=1)
    total_now, total_base = float(by_sku[:, 1].sum()), float(base_sku.sum())
    fell = np.flatnonzero(by_sku[:, 1] < base_sku - 1e-9)
    if fell.size == 0:
        return {}
    cube = cube[fell]
    by_sku, base_sku, sku_codes = by_sku[fell], base_sku[fell], sku_codes[fell]
    now = by_sku[:, 1]
    shortfall = base_sku - now
    n_sku, n_store = cube.shape[0], cube.shape[1]
    by_store = np.zeros((n_store, n_p))
    np.add.at(by_store, (store_idx, period), lines.amount[window])
    base_store = by_store[:, base_idx(1)].mean(axis=1)
    collapsed = by_store[:, 1] <= COLLAPSED * base_store  # (store,)

    # order_timing: the next period makes up the shortfall
    made_up = np.zeros(n_sku, bool)
    if last + length <= ctx.last_day:
        made_up = by_sku[:, 0] - base_sku >= MADE_UP * shortfall
    # stockout: near zero in every store that sold it in each of the regular periods
    regular_idx = [q for q in range(2, 2 + REGULAR_PERIODS) if q < n_p and cov[q]]
    if len(regular_idx) >= 2:
        regular = np.all(cube[:, :, regular_idx] > 0, axis=2)  # (sku, store)
        usual = cube[:, :, regular_idx].mean(axis=2)
    else:
        regular = np.zeros((n_sku, n_store), bool)
        usual = np.zeros((n_sku, n_store))
    near_zero = np.all(np.where(regular, cube[:, :, 1] <= NEAR_ZERO * usual, True), axis=1)
    all_collapsed = np.all(np.where(regular, collapsed[None, :], True), axis=1)
    # "at once": the period before still sold at least half its usual (a seasonal SKU fading out
    # after a festival, or one already declining, is not a stock-out)
    at_once = by_sku[:, 2] >= AT_ONCE * by_sku[:, regular_idx].mean(axis=1) if regular_idx else np.zeros(n_sku, bool)
    # and the rest of the account kept selling (at least half its usual): when everything stopped
    # (a holiday shutdown, the customer's own closure) one SKU's zero says nothing about its supply
    rest_base = total_base - base_sku
    rest_kept = (total_now - now) >= AT_ONCE * rest_base
    stockout = regular.any(axis=1) & near_zero & ~all_collapsed & at_once & rest_kept
    # store: most of the SKU's fall in one store whose whole sales collapsed
    falls = cube[:, :, base_idx(1)].mean(axis=2) - cube[:, :, 1]  # (sku, store)
    j = np.argmax(falls, axis=1)
    rows = np.arange(n_sku)
    in_store = (store_codes[j] >= 0) & collapsed[j] & (falls[rows, j] >= IN_ONE_STORE * shortfall) & (base_store[j] > 0)
    # decline: below its baseline and below the period before, three periods running
    declining = np.ones(n_sku, bool)
    for p in range(1, 1 + DECLINE_PERIODS):
        idx = base_idx(p)
        if not idx or p + 1 >= n_p or not cov[p + 1]:
            declining[:] = False
            break
        declining &= (by_sku[:, p] < by_sku[:, idx].mean(axis=1)) & (by_sku[:, p] < by_sku[:, p + 1])
    first = last - length + 1
    holiday = holiday_name(day_date(first - length * weeks), day_date(last), ctx.lang)
    ended = _activities_ended(ctx.activity_ends, first - length * weeks, last - 1)

    keys, names = engine.sku_keys, engine.sku_names
    sellout = _weekly_sellout(engine, ctx, first, length)
    out: dict[int, Driver] = {}
    for i in range(n_sku):
        code = int(sku_codes[i])
        cause, lost, store_id, detail = "other", None, None, None
        said = None
        if code >= 0 and sellout and not made_up[i] and not stockout[i]:
            sellin = float(now[i]) / float(base_sku[i]) - 1 if base_sku[i] > 0 else None
            said = sellout_cause(sellout.get(str(keys[code]), []), weeks, weeks, sellin)
        if made_up[i]:
            cause = "order_timing"
        elif stockout[i]:
            cause, lost = "stockout", float(shortfall[i])
        elif said is not None:
            cause = said
        elif in_store[i]:
            store_id, store_name = label(engine, "store", int(store_codes[j[i]]))
            cause, detail = "store", store_name or store_id
        elif (name := ended.get(code, ended.get(-2))) is not None:
            cause, detail = "activity_end", name
        elif holiday:
            cause, detail = "holiday", holiday
        elif declining[i]:
            cause = "decline"
        key, sku_name = (str(keys[code]), str(names[code])) if code >= 0 else ("?", "")
        b, n = float(base_sku[i]), float(now[i])
        out[code] = Driver("sku", key, sku_name, n, b, n - b, None, cause, lost, store_id, detail)
    return out


def _weekly_sellout(engine: MetricsEngine, ctx: Context, first: int, length: int) -> dict[str, list[SelloutWeek]]:
    """The customer's sell-out for the week judged and its baseline weeks, per SKU ({} when it
    shares none, or when the period is not a Monday-Sunday week)."""
    if length != 7 or not ctx.customer_id or (first + 3) % 7 != 0:  # day 0 (1970-01-01) was a Thursday
        return {}
    weeks = ctx.rule.baseline_weeks
    return weekly_sellout(engine.dataset, ctx.customer_id, day_date(first - 7 * weeks), weeks + 1)


def _activities_ended(ends: tuple[tuple[int, str, tuple[int, ...]], ...], lo: int, hi: int) -> dict[int, str]:
    """SKU code -> name of an activity on it that ended in [lo, hi]; key -2 = an all-products activity."""
    out: dict[int, str] = {}
    for end, name, codes in ends:
        if lo <= end <= hi:
            if not codes:
                out.setdefault(-2, name)
            for code in codes:
                out.setdefault(code, name)
    return out


def activity_ends(engine: MetricsEngine, rows: pd.DataFrame) -> tuple[tuple[int, str, tuple[int, ...]], ...]:
    """(end day, name, SKU codes; () = all products) of a customer's activities, read once per customer."""
    if rows.empty:
        return ()
    ends = day_numbers(rows["end_date"])
    out = []
    for k in range(len(rows)):
        row = rows.iloc[k]
        skus = split_skus(opt_str(row["skus"]))
        codes = tuple(int(c) for c in engine.sku_ids.get_indexer(skus) if c >= 0) if skus else ()
        if skus and not codes:
            continue  # its SKUs are unknown: it cannot explain a known SKU's fall
        out.append((int(ends[k]), str(row["name"]), codes))
    return tuple(out)
