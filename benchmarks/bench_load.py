"""Loading and validation speed on a large sales table.

Writes a synthetic data folder (default 1,200,000 sales lines, 1,000 customers, 60 SKUs) as UTF-8
CSV, GB18030 CSV with Chinese headers and ¥ amounts, and parquet, then times `load_dataset` and
`validate` on each in a fresh process and prints seconds and peak memory (medians of --repeat
runs). Against the floor of issue 20: `qbr validate` as a user types it vs pandas' own `read_csv`
of the same UTF-8 file with its dates parsed, both in a fresh process, imports included; goal <= 2x.

    python benchmarks/bench_load.py [--lines 1200000] [--customers 1000] [--repeat 3]

The children import the qbr of the current directory: run it from another checkout (e.g. an
earlier commit unpacked with `git archive COMMIT | tar -x -C DIR`) for before/after figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from bytecode import ensure_bytecode

ROOT = Path(__file__).resolve().parent.parent


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


# A fresh process's wall and CPU seconds for a snippet, imports included.
FRESH = """
import json, resource, sys, time
t0 = time.perf_counter()
exec(sys.argv[1])
me = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": me.ru_utime + me.ru_stime}))
"""


def fresh(code: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", FRESH, code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def against_pandas(folder: Path, repeat: int) -> None:
    """`qbr validate` vs pandas' read_csv with dates parsed, interleaved, medians."""
    validate = (
        "import sys; from click.testing import CliRunner; from qbr.cli import main; "
        f"r = CliRunner().invoke(main, ['validate', '--data', {str(folder)!r}]); assert r.exit_code == 0, r.output"
    )
    floor = f"import pandas as pd; pd.read_csv({str(folder / 'sales.csv')!r}, parse_dates=['date'])"
    runs: dict[str, list[dict[str, float]]] = {"qbr validate": [], "pandas read_csv": []}
    for _ in range(repeat):
        runs["qbr validate"].append(fresh(validate))
        runs["pandas read_csv"].append(fresh(floor))
    med = {k: {m: statistics.median(r[m] for r in v) for m in ("wall", "cpu")} for k, v in runs.items()}
    for name, m in med.items():
        print(f"{name:>16}: wall {m['wall']:.2f} s, cpu {m['cpu']:.2f} s (fresh process, imports included)")
    ratio = med["qbr validate"]["wall"] / med["pandas read_csv"]["wall"]
    ratio_cpu = med["qbr validate"]["cpu"] / med["pandas read_csv"]["cpu"]
    print(f"validate / pandas: {ratio:.1f}x wall, {ratio_cpu:.1f}x cpu (goal <= 2x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_200_000)
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ensure_bytecode(ROOT)  # as installed: no run compiles qbr's sources (benchmarks/bytecode.py)
    print(f"median of {args.repeat} runs")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("utf8", "gb18030", "parquet"):
            folder = Path(tmp) / fmt
            t = time.perf_counter()
            write_folder(folder, args.lines, args.customers, fmt)
            size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
            made = time.perf_counter() - t
            runs = []
            for _ in range(args.repeat):
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, str(folder)], capture_output=True, text=True, check=True
                )
                runs.append(json.loads(out.stdout))
            r = {k: statistics.median(x[k] for x in runs) for k in ("load", "validate", "peak_mb", "rows")}
            print(
                f"{fmt:>8}: {r['rows']:,.0f} sales lines ({size:.0f} MB, written in {made:.1f} s): "
                f"load {r['load']:.2f} s, validate {r['validate']:.2f} s, "
                f"peak memory {r['peak_mb']:.0f} MB"
            )
            if fmt == "utf8":
                against_pandas(folder, args.repeat)


if __name__ == "__main__":
    main()
