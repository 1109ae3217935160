"""Build small in-memory Datasets for tests, with the dtypes load + validate guarantee.

`make_dataset(sales=[{...}, ...], ...)` takes a list of row dicts per table; columns a test does
not mention are filled with blanks (NA/NaN/NaT) of the dtype `qbr.data.dataset.empty_frame` gives them,
date columns accept "2023-10-01" strings, and `_row` is the Excel row (header = row 1).
Customers and products default to what the rows mention, so a test only writes what it is about.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from qbr.config import Alerts, KeyAccounts, Settings
from qbr.data.dataset import Dataset, empty_frame
from qbr.data.schema import DATE, MONEY, NUMBER, TABLES


def frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A table frame with canonical columns and dtypes from row dicts."""
    base = empty_frame(table)
    unknown = {k for r in rows for k in r} - set(base.columns)
    if unknown:
        raise KeyError(f"{table} has no column(s) {sorted(unknown)}")
    data: dict[str, pd.Series] = {}
    for col in TABLES[table].columns:
        values = [r.get(col.name) for r in rows]
        if col.kind in (MONEY, NUMBER):
            data[col.name] = pd.Series(values, dtype="float64")
        elif col.kind == DATE:
            data[col.name] = pd.to_datetime(pd.Series(values, dtype="object")).astype("datetime64[ns]")
        else:
            data[col.name] = pd.Series(values, dtype="string")
    data["_row"] = pd.Series(range(2, len(rows) + 2), dtype="int64")
    return pd.DataFrame(data)


def make_dataset(**tables: list[dict[str, Any]]) -> Dataset:
    """A Dataset from row dicts; customers and products are implied by the sales when not given."""
    sales = tables.get("sales", [])
    if "customers" not in tables:
        ids = dict.fromkeys(r["customer_id"] for r in sales)
        tables["customers"] = [{"customer_id": c, "name": f"Customer {c}", "channel": "modern"} for c in ids]
    if "products" not in tables:
        skus = dict.fromkeys(r["sku"] for r in sales)
        tables["products"] = [{"sku": s, "name": f"Product {s}", "category": "food"} for s in skus]
    frames = {name: frame(name, tables[name]) if name in tables else empty_frame(name) for name in TABLES}
    sources = {name: f"{name}.csv" for name in tables}
    return Dataset(folder=Path("memory"), tables=frames, sources=sources)


def settings(weekly_drop: float = 0.05, baseline_weeks: int = 4, noise_k: float = 3.0, **key_accounts: Any) -> Settings:
    """Default settings with some thresholds changed."""
    alerts = Alerts(weekly_drop=weekly_drop, baseline_weeks=baseline_weeks, noise_k=noise_k)
    return Settings(key_accounts=KeyAccounts(**key_accounts), alerts=alerts)


def week_on_week(weekly_drop: float = 0.05, **key_accounts: Any) -> Settings:
    """Settings with the plain week-on-week alert rule (baseline_weeks = 1, noise_k = 0)."""
    return settings(weekly_drop, baseline_weeks=1, noise_k=0.0, **key_accounts)


def sale(
    day: str,
    customer_id: str,
    sku: str,
    amount: float,
    qty: float = 1.0,
    cost: float | None = None,
    store_id: str | None = None,
) -> dict[str, Any]:
    """One sales line as a row dict."""
    return {
        "date": day,
        "customer_id": customer_id,
        "sku": sku,
        "qty": qty,
        "amount": amount,
        "cost": cost,
        "store_id": store_id,
    }
