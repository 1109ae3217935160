"""Benchmark: metrics and key accounts on a synthetic data set of ~2,000,000 sales lines.

Stage: development tool (not part of the package). Input: none; builds an in-memory Dataset with
vectorised numpy (1,000 customers, 600 SKUs, 5,000 stores, two years of sales, support,
promoters, activities and invoices). Output: timings printed to stdout.

    .venv/bin/python benchmarks/bench_metrics.py [--lines 2000000] [--customers 1000]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

from qbr.config import Settings
from qbr.data.dataset import Dataset, empty_frame
from qbr.data.schema import CHANNELS, SUPPORT_TYPES, TABLES
from qbr.metrics import MetricsEngine
from qbr.metrics import customer_metrics as metrics_of
from qbr.metrics.accounts import decide
from qbr.quarter import Quarter

QUARTER = Quarter(2023, 4)
FIRST_DAY = np.datetime64("2022-01-01")
DAYS = 730


def _frame(table: str, columns: dict[str, object]) -> pd.DataFrame:
    """A table with the Dataset dtypes: given columns converted, the rest blank."""
    n = len(next(iter(columns.values())))  # type: ignore[arg-type]
    base = empty_frame(table)
    data: dict[str, object] = {}
    for name in base.columns:
        if name == "_row":
            data[name] = np.arange(2, n + 2, dtype=np.int64)
        elif name in columns:
            data[name] = pd.Series(columns[name]).astype(base[name].dtype)
        else:
            data[name] = pd.Series([None] * n).astype(base[name].dtype)
    return pd.DataFrame(data)


def _ids(prefix: str, n: int) -> np.ndarray:
    return np.array([f"{prefix}{i:05d}" for i in range(n)], dtype=object)


def build(lines: int, customers: int, seed: int = 7) -> Dataset:
    """A synthetic Dataset; customer sizes follow a long tail like a real distributor's book."""
    rng = np.random.default_rng(seed)
    cust = _ids("C", customers)
    skus = _ids("SKU", 600)
    stores = _ids("ST", 5000)
    weights = rng.pareto(1.2, customers) + 0.05
    c = rng.choice(customers, size=lines, p=weights / weights.sum())
    s = rng.integers(0, len(skus), lines)
    qty = rng.integers(1, 50, lines).astype(float)
    returns = rng.random(lines) < 0.01
    qty[returns] *= -1
    price = rng.uniform(5, 80, len(skus)).round(2)
    amount = (qty * price[s]).round(2)
    cost = np.where(rng.random(lines) < 0.5, (amount * 0.7).round(2), np.nan)  # half fall back to unit_cost
    day = FIRST_DAY + rng.integers(0, DAYS, lines).astype("timedelta64[D]")
    store = stores[(c * 5 + rng.integers(0, 5, lines)) % len(stores)]
    tables = {name: empty_frame(name) for name in TABLES}
    tables["customers"] = _frame(
        "customers",
        {
            "customer_id": cust,
            "name": [f"Customer {i}" for i in range(customers)],
            "channel": np.array(CHANNELS)[rng.integers(0, 4, customers)],
        },
    )
    tables["products"] = _frame(
        "products",
        {
            "sku": skus,
            "name": [f"Product {i}" for i in range(len(skus))],
            "category": [f"cat{i % 12}" for i in range(len(skus))],
            "unit_cost": (price * 0.7).round(2),
        },
    )
    tables["sales"] = _frame(
        "sales",
        {
            "date": day.astype("datetime64[ns]"),
            "customer_id": cust[c],
            "sku": skus[s],
            "qty": qty,
            "amount": amount,
            "store_id": store,
            "cost": cost,
        },
    )
    n_sup = 50_000
    tables["support"] = _frame(
        "support",
        {
            "date": (FIRST_DAY + rng.integers(0, DAYS, n_sup).astype("timedelta64[D]")).astype("datetime64[ns]"),
            "customer_id": cust[rng.integers(0, customers, n_sup)],
            "type": np.array(SUPPORT_TYPES)[rng.integers(0, 7, n_sup)],
            "amount": rng.uniform(100, 5000, n_sup).round(2),
            "activity_id": np.where(rng.random(n_sup) < 0.3, _ids("ACT", 5000)[rng.integers(0, 5000, n_sup)], None),
        },
    )
    start = FIRST_DAY + rng.integers(0, DAYS - 60, 5000).astype("timedelta64[D]")
    tables["activities"] = _frame(
        "activities",
        {
            "activity_id": _ids("ACT", 5000),
            "customer_id": cust[rng.integers(0, customers, 5000)],
            "name": [f"Activity {i}" for i in range(5000)],
            "start_date": start.astype("datetime64[ns]"),
            "end_date": (start + rng.integers(3, 30, 5000).astype("timedelta64[D]")).astype("datetime64[ns]"),
            "skus": np.where(rng.random(5000) < 0.5, skus[rng.integers(0, 600, 5000)], None),
        },
    )
    p_start = FIRST_DAY + rng.integers(0, DAYS - 90, 10_000).astype("timedelta64[D]")
    tables["promoters"] = _frame(
        "promoters",
        {
            "customer_id": cust[rng.integers(0, customers, 10_000)],
            "promoter": _ids("P", 10_000),
            "start_date": p_start.astype("datetime64[ns]"),
            "end_date": (p_start + rng.integers(1, 90, 10_000).astype("timedelta64[D]")).astype("datetime64[ns]"),
            "cost": rng.uniform(1000, 9000, 10_000).round(2),
        },
    )
    n_inv = 100_000
    inv_day = FIRST_DAY + rng.integers(0, DAYS, n_inv).astype("timedelta64[D]")
    paid = rng.random(n_inv) < 0.8
    tables["receivables"] = _frame(
        "receivables",
        {
            "customer_id": cust[rng.integers(0, customers, n_inv)],
            "invoice_no": _ids("INV", n_inv),
            "invoice_date": inv_day.astype("datetime64[ns]"),
            "due_date": (inv_day + np.timedelta64(30, "D")).astype("datetime64[ns]"),
            "amount": rng.uniform(1000, 50000, n_inv).round(2),
            "paid_date": np.where(
                paid, inv_day + rng.integers(10, 90, n_inv).astype("timedelta64[D]"), np.datetime64("NaT")
            ).astype("datetime64[ns]"),
        },
    )
    return Dataset(folder=Path("synthetic"), tables=tables, sources={t: f"{t}.parquet" for t in tables})


def _time(fn: object) -> tuple[float, object]:
    t0 = time.perf_counter()
    value = fn()  # type: ignore[operator]
    return time.perf_counter() - t0, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2_000_000)
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    build_s, dataset = _time(lambda: build(args.lines, args.customers))
    print(f"synthetic data set: {args.lines:,} sales lines, {args.customers:,} customers ({build_s:.1f} s)")
    settings = Settings()
    engine_s, engine = _time(lambda: MetricsEngine(dataset, settings))  # type: ignore[arg-type]
    assert isinstance(engine, MetricsEngine)
    totals_s, _ = _time(lambda: [engine.quarter_totals(q) for q in (QUARTER, QUARTER.prev(), QUARTER.last_year())])
    accounts_s, _ = _time(lambda: engine.memo(("key_accounts", QUARTER), lambda: decide(engine, QUARTER)))
    print(f"shared precompute:  engine {engine_s * 1000:7.1f} ms, quarter totals x3 {totals_s * 1000:6.1f} ms")
    print(f"key_accounts:       {accounts_s * 1000:7.1f} ms for {args.customers:,} customers")

    sizes = engine._bounds[1:] - engine._bounds[:-1]
    for label, code in (
        ("largest customer", int(np.argmax(sizes))),
        ("median customer", int(np.argsort(sizes)[len(sizes) // 2])),
    ):
        cid = str(engine.customer_ids[code])
        runs = [_time(lambda cid=cid: metrics_of(engine, cid, QUARTER))[0] for _ in range(args.repeat)]
        print(
            f"compute_metrics:    {statistics.median(runs) * 1000:7.1f} ms median of {args.repeat} "
            f"({label}, {int(sizes[code]):,} lines)"
        )
    batch_s, _ = _time(lambda: [metrics_of(engine, str(c), QUARTER) for c in engine.customer_ids[:100]])
    print(f"batch:              {batch_s:7.2f} s for 100 customers")


if __name__ == "__main__":
    main()
