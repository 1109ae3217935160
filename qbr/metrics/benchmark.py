"""The account against its channel peers, and the products missing from its stores and shelves.

Stage: metrics (pure). Input: the engine, the customer's code and sales lines, the quarter and the
key-account decisions of the quarter. Output: `BenchmarkRow`s and `Distribution`.

Definitions (spec "Benchmark and distribution"; readings in docs/metrics.md):
- peers = the other key accounts of the customer's channel in Q; none in the special channel, whose
  accounts (fuel stations, hospitals, schools, e-shops) are not like one another;
- category share = the category's sales / the account's sales in Q (a peer that did not sell the
  category has share 0); peer_median_share = the median over the peers; opportunity =
  (peer_median_share - share) x sales where share is below it, else None; best_peer = the peer
  with the highest share (ties: the larger peer);
- store_gaps: (store, SKU) pairs where the SKU sold in at least one of the account's stores in Q but
  not in this one (a store = one with sales in Q); `estimated_sales` = the SKU's sales in Q / the
  number of the account's stores that sold it (what a store sells at the account's average);
- listing_gaps: SKUs bought in Q by at least half of the peers (and at least one) but not by this
  account; `peer_sales` = the median of those peers' sales of it, `peers` how many bought it.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

import numpy as np
import pandas as pd

from qbr.metrics.accounts import Decision
from qbr.metrics.common import day_number, ratio
from qbr.metrics.engine import Lines, MetricsEngine
from qbr.quarter import Quarter

STORE_GAPS_LISTED = 50  # the JSON and the slide list the largest gaps; the count says how many there are


@dataclass(frozen=True)
class BenchmarkRow:
    category: str
    sales: float
    share: float | None
    peer_median_share: float | None
    opportunity: float | None  # money: what matching the peers' median share would add
    best_peer: str | None  # a name: the owner's brief only
    best_peer_share: float | None


@dataclass(frozen=True)
class StoreGap:
    store_id: str
    store: str | None  # its name, when the stores table has it
    sku: str
    name: str
    estimated_sales: float


@dataclass(frozen=True)
class ListingGap:
    sku: str
    name: str
    category: str
    peers: int  # peers that bought it in Q
    peer_count: int  # peers in all
    peer_sales: float  # median sales of it among the peers that bought it


@dataclass(frozen=True)
class Distribution:
    stores: int  # the account's stores with sales in Q
    store_gap_count: int
    store_gaps: list[StoreGap]  # the largest STORE_GAPS_LISTED
    store_gap_sales: float  # all gaps' estimated sales
    listing_gaps: list[ListingGap]


# The special channel gathers accounts that have nothing in common but being "special" (fuel-station
# stores, a post office e-shop, hospital and school canteens): their category mix says nothing about
# one another, and "a hospital shop sells 34 % dairy" is no argument to a fuel-station buyer.
NO_PEERS = ("special",)


def peers_of(decisions: list[Decision], customer_id: str, channel: str) -> list[Decision]:
    """The other key accounts of the channel in Q; none in a channel of unlike accounts (NO_PEERS)."""
    if channel in NO_PEERS:
        return []
    return [d for d in decisions if d.key_account and d.channel == channel and d.customer_id != customer_id]


def _quarter_lines(lines: Lines, quarter: Quarter) -> slice:
    return lines.span(day_number(quarter.start), day_number(quarter.end))


def _by_category(engine: MetricsEngine, code: int, quarter: Quarter) -> dict[str, float]:
    """The customer's sales by category in Q, computed once per engine (every key account of a
    channel reads its peers' figures: a batch would otherwise redo them for each account)."""

    def compute() -> dict[str, float]:
        names, codes = engine.memo(("category_codes",), lambda: _category_codes(engine))
        lines = engine.lines(code)
        s = _quarter_lines(lines, quarter)
        sku, amount = lines.sku[s], lines.amount[s]
        known = sku >= 0
        totals = np.bincount(codes[sku[known]], weights=amount[known], minlength=len(names))
        out = {str(names[i]): float(v) for i, v in enumerate(totals) if v != 0}
        if (~known).any():
            out["?"] = float(amount[~known].sum())
        return out

    return engine.memo(("category_sales", code, quarter), compute)


def _category_codes(engine: MetricsEngine) -> tuple[np.ndarray, np.ndarray]:
    codes, names = pd.factorize(pd.Series(engine.sku_categories))
    return np.asarray(names), np.asarray(codes)


def benchmark(
    engine: MetricsEngine, code: int, lines: Lines, quarter: Quarter, peers: list[Decision]
) -> list[BenchmarkRow]:
    """Each category's share against the peers' median; empty without peers or sales."""
    own = _by_category(engine, code, quarter)
    sales = float(sum(own.values()))
    peer_data = []
    for p in peers:
        cats = _by_category(engine, engine.code(p.customer_id), quarter)
        total = float(sum(cats.values()))
        if total > 0:
            peer_data.append((p.name, total, cats))
    if not peer_data or sales <= 0:
        return []
    rows = []
    for cat in sorted(set(own) | {c for _, _, cats in peer_data for c in cats}):
        share = ratio(own.get(cat, 0.0), sales)
        shares = [(cats.get(cat, 0.0) / total, total, name) for name, total, cats in peer_data]
        mid = float(median(s for s, _, _ in shares))
        best = max(shares, key=lambda t: (t[0], t[1]))
        gap = None if share is None or share >= mid else (mid - share) * sales
        rows.append(BenchmarkRow(cat, own.get(cat, 0.0), share, mid, gap, best[2], best[0]))
    return sorted(rows, key=lambda r: (-(r.opportunity or 0.0), -r.sales, r.category))


def distribution(
    engine: MetricsEngine, code: int, lines: Lines, quarter: Quarter, peers: list[Decision]
) -> Distribution:
    """Store gaps within the account and listing gaps against the peers."""
    s = _quarter_lines(lines, quarter)
    store, sku, amount = lines.store[s], lines.sku[s], lines.amount[s]
    sold = (store >= 0) & (sku >= 0)
    # a store and an SKU "sold" when their net sales in Q are positive (a return alone is not a listing)
    pairs: dict[tuple[int, int], float] = {}
    for st, sk, a in zip(store[sold], sku[sold], amount[sold], strict=True):
        pairs[(int(st), int(sk))] = pairs.get((int(st), int(sk)), 0.0) + float(a)
    per_store: dict[int, float] = {}
    for (st, _), a in pairs.items():
        per_store[st] = per_store.get(st, 0.0) + a
    stores = sorted(st for st, a in per_store.items() if a > 0)
    sku_sales: dict[int, list[float]] = {}
    for (st, sk), a in pairs.items():
        if a > 0 and per_store.get(st, 0.0) > 0:
            sku_sales.setdefault(sk, []).append(a)
    gaps = []
    for sk, values in sku_sales.items():
        average = float(sum(values)) / len(values)
        for st in stores:
            if pairs.get((st, sk), 0.0) <= 0:
                sid = str(engine.store_ids[st])
                gaps.append(StoreGap(sid, engine.store_names.get(sid), str(engine.sku_keys[sk]),
                                     str(engine.sku_names[sk]), average))  # fmt: skip
    gaps.sort(key=lambda g: (-g.estimated_sales, g.store_id, g.sku))
    bought = {int(k) for k, v in _sku_sales(engine, code, quarter).items() if v > 0}
    peer_sales: dict[int, list[float]] = {}
    for p in peers:
        for k, v in _sku_sales(engine, engine.code(p.customer_id), quarter).items():
            if v > 0:
                peer_sales.setdefault(k, []).append(v)
    listing = [
        ListingGap(
            str(engine.sku_keys[k]),
            str(engine.sku_names[k]),
            str(engine.sku_categories[k]),
            len(v),
            len(peers),
            float(median(v)),
        )
        for k, v in peer_sales.items()
        if k not in bought and len(v) * 2 >= len(peers)
    ]
    listing.sort(key=lambda g: (-g.peers, -g.peer_sales, g.sku))
    return Distribution(
        stores=len(stores),
        store_gap_count=len(gaps),
        store_gaps=gaps[:STORE_GAPS_LISTED],
        store_gap_sales=float(sum(g.estimated_sales for g in gaps)),
        listing_gaps=listing,
    )


def _sku_sales(engine: MetricsEngine, code: int, quarter: Quarter) -> dict[int, float]:
    """The customer's net sales by SKU in Q, once per engine (read again as a peer's)."""

    def compute() -> dict[int, float]:
        lines = engine.lines(code)
        s = _quarter_lines(lines, quarter)
        sku, amount = lines.sku[s], lines.amount[s]
        known = sku >= 0
        totals = np.bincount(sku[known], weights=amount[known]) if known.any() else np.zeros(0)
        return {int(k): float(v) for k, v in enumerate(totals) if v != 0}

    return engine.memo(("sku_sales", code, quarter), compute)
