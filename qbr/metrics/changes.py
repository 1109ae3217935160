"""What moved between two periods: per SKU or store, the sales now against a base period.

Stage: metrics (pure numpy). Input: the key codes (SKU or store) and amounts of a customer's
sales lines, and two slices of them (the period judged and its base). Output: the keys whose
sales fell, as `Driver`s, largest fall first. The deck's weekly alerts and `qbr watch` both
explain a fall with `falling`, so a driver means the same thing in both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qbr.metrics.engine import MetricsEngine

DRIVERS = 3  # the spec: at most three drivers, largest fall first
EXPLAINED = 0.8  # and no more once they explain this share of the fall: the rest is noise to the owner


@dataclass(frozen=True)
class Driver:
    """One SKU or store and its part in a fall."""

    kind: str  # "sku" or "store"
    key: str  # the sku or store_id ("" = lines without a store_id, "?" = an unknown SKU)
    name: str
    sales: float  # in the period judged
    sales_base: float  # in its base period
    change: float  # sales - sales_base, negative
    share: float | None  # change / the account's change: its part of the fall (0.44 = 44 %)


def key_changes(
    keys: np.ndarray, amount: np.ndarray, now: slice, base: slice
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(distinct keys, sales per key in `now`, in `base`) over the lines of two slices."""
    both = np.concatenate([keys[now], keys[base]])
    if both.size == 0:
        empty = np.zeros(0)
        return both, empty, empty
    uniq, inverse = np.unique(both, return_inverse=True)
    n_now = now.stop - now.start
    sales_now = np.bincount(inverse[:n_now], weights=amount[now], minlength=uniq.size)
    sales_base = np.bincount(inverse[n_now:], weights=amount[base], minlength=uniq.size)
    return uniq, sales_now, sales_base


def label(engine: MetricsEngine, kind: str, code: int) -> tuple[str, str]:
    """(key, name) of a SKU or store code; -1 is an unknown SKU or a line without store."""
    if kind == "sku":
        return (str(engine.sku_ids[code]), str(engine.sku_names[code])) if code >= 0 else ("?", "")
    if code < 0:
        return "", ""
    store_id = engine.store_ids[code]
    return store_id, engine.store_names.get(store_id, "")


def falling(
    engine: MetricsEngine,
    kind: str,
    keys: np.ndarray,
    amount: np.ndarray,
    now: slice,
    base: slice,
    limit: int = DRIVERS,
) -> list[Driver]:
    """The keys whose sales fell from `base` to `now`, largest fall first (ties by key), taken until
    together they explain `EXPLAINED` of the lines' whole fall, at most `limit`; each with its share
    of that fall."""
    uniq, sales_now, sales_base = key_changes(keys, amount, now, base)
    change = sales_now - sales_base
    total = float(change.sum())
    labels = [label(engine, kind, int(k)) for k in uniq]
    order = sorted((i for i in range(uniq.size) if change[i] < 0), key=lambda i: (change[i], labels[i][0]))
    drivers: list[Driver] = []
    explained = 0.0
    for i in order[:limit]:
        drivers.append(
            Driver(
                kind,
                labels[i][0],
                labels[i][1],
                float(sales_now[i]),
                float(sales_base[i]),
                float(change[i]),
                float(change[i]) / total if total < 0 else None,
            )
        )
        explained += float(change[i])
        if total < 0 and explained <= EXPLAINED * total:
            break
    return drivers
