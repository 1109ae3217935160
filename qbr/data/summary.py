"""The short summary `validate` prints for good data: tables, rows, date range, customers.

Stage: command output. Input: Dataset and Settings. Output: plain text.
"""

from __future__ import annotations

from qbr.config import Settings
from qbr.data.dataset import Dataset
from qbr.data.schema import CHANNELS, TABLES


def summarise(ds: Dataset, settings: Settings) -> str:
    lines = [f"Data folder {ds.folder}: all checks passed."]
    if settings.path:
        lines.append(f"Settings from {settings.path}")
    width = max(len(t) for t in TABLES)
    for name in TABLES:
        if ds.has(name):
            src = ds.sources[name]
            origin = (src.file or "") + (f" [sheet {src.sheet}]" if src.sheet else "")
            lines.append(f"  {name:<{width}}  {len(ds.tables[name]):>10,} rows  from {origin}")
        else:
            lines.append(f"  {name:<{width}}  {'—':>10}       (no file: none)")
    sales = ds.sales
    if not sales.empty:
        first, last = sales["date"].min(), sales["date"].max()
        lines.append(
            f"Sales from {first:%Y-%m-%d} to {last:%Y-%m-%d} (data cut-off {last:%Y-%m-%d}), "
            f"{sales['customer_id'].nunique():,} customers with sales, "
            f"{sales['sku'].nunique():,} SKUs sold"
        )
    counts = ds.customers["channel"].value_counts()
    lines.append("Customers per channel: " + ", ".join(f"{c} {int(counts.get(c, 0))}" for c in CHANNELS))
    return "\n".join(lines)
