"""Loading and validation speed on a large sales table.

Writes a synthetic data folder (default 2,000,000 sales lines, 1,000 customers, 60 SKUs) as UTF-8
CSV, GB18030 CSV with Chinese headers and ¥ amounts, and parquet, then times `load_dataset` and
`validate` on each in a fresh process and prints seconds and peak memory.

    python benchmarks/bench_load.py [--lines 2000000] [--customers 1000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def write_folder(folder: Path, lines: int, customers: int, fmt: str) -> None:
    rng = np.random.default_rng(7)
    folder.mkdir(parents=True, exist_ok=True)
    ids = [f"C{i:05d}" for i in range(customers)]
    channels = np.array(["modern", "traditional", "special", "fresh"])
    pd.DataFrame(
        {
            "customer_id": ids,
            "name": [f"客户{i}" for i in range(customers)],
            "channel": channels[rng.integers(0, 4, customers)],
        }
    ).to_csv(folder / "customers.csv", index=False)
    skus = [f"P{i:03d}" for i in range(60)]
    pd.DataFrame(
        {
            "sku": skus,
            "name": [f"商品{i}" for i in range(60)],
            "category": "粮油",
            "unit_cost": rng.uniform(1, 80, 60).round(2),
        }
    ).to_csv(folder / "products.csv", index=False)
    days = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 730, lines), unit="D")
    qty = rng.integers(1, 50, lines)
    sales = pd.DataFrame(
        {
            "date": days.strftime("%Y-%m-%d"),
            "customer_id": np.array(ids)[rng.integers(0, customers, lines)],
            "sku": np.array(skus)[rng.integers(0, 60, lines)],
            "qty": qty,
            "amount": (qty * rng.uniform(2, 100, lines)).round(2),
        }
    )
    if fmt == "parquet":
        sales["date"] = pd.to_datetime(sales["date"])
        sales.to_parquet(folder / "sales.parquet")
    elif fmt == "gb18030":
        sales["amount"] = sales["amount"].map(lambda v: f"¥{v:,.2f}")
        sales.columns = ["日期", "客户编码", "商品编码", "数量", "金额"]
        sales.to_csv(folder / "sales.csv", index=False, encoding="gb18030")
    else:
        sales.to_csv(folder / "sales.csv", index=False)


CHILD = """
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from qbr.config import load_settings
from qbr.data.load import load_dataset
from qbr.data.validate import validate
t1 = time.perf_counter()
folder = Path(sys.argv[1])
ds = load_dataset(folder, load_settings(folder))
t2 = time.perf_counter()
validate(ds)
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "validate": t3 - t2, "rows": len(ds.sales),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=2_000_000)
    parser.add_argument("--customers", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("utf8", "gb18030", "parquet"):
            folder = Path(tmp) / fmt
            t = time.perf_counter()
            write_folder(folder, args.lines, args.customers, fmt)
            size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
            made = time.perf_counter() - t
            out = subprocess.run([sys.executable, "-c", CHILD, str(folder)], capture_output=True, text=True, check=True)
            r = json.loads(out.stdout)
            print(
                f"{fmt:>8}: {r['rows']:,} sales lines ({size:.0f} MB, written in {made:.1f} s): "
                f"load {r['load']:.2f} s, validate {r['validate']:.2f} s, "
                f"peak memory {r['peak_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()
