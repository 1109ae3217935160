"""Benchmark: `qbr watch` on a scaled data folder (default 1,000 customers, 2,000,000 sales lines).

Stage: development tool (not part of the package). Input: a data folder made by
`scripts/make_sample_data.py --scale-customers N --scale-lines M --out DIR` (generated into a
temporary folder when --data is not given). Output: timings on stdout, with load + validate
measured apart from the watch itself (engine build, key accounts, comparisons and drivers) and
from the rendering.

    .venv/bin/python benchmarks/bench_watch.py [--data DIR] [--customers 1000] [--lines 2000000]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from qbr.commands.watch import render_table
from qbr.metrics import MetricsEngine
from qbr.pipeline import load_data
from qbr.watch.check import result_to_dict, watch
from qbr.watch.export import to_markdown, to_xlsx

ROOT = Path(__file__).resolve().parents[1]


def _time(fn: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="an existing scaled data folder")
    parser.add_argument("--customers", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=2_000_000)
    parser.add_argument("--as-of", default="2023-11-26")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            data = Path(tmp) / "data"
            gen_s, _ = _time(
                lambda: subprocess.run(
                    [
                        sys.executable,
                        str(ROOT / "scripts" / "make_sample_data.py"),
                        "--scale-customers",
                        str(args.customers),
                        "--scale-lines",
                        str(args.lines),
                        "--out",
                        str(data),
                    ],
                    check=True,
                    capture_output=True,
                )
            )
            print(f"generated {data} in {gen_s:.1f} s")
        load_s, (settings, dataset) = _time(lambda: load_data(data))
        print(
            f"load + validate:      {load_s:7.2f} s  ({len(dataset.sales):,} sales lines, "
            f"{len(dataset.customers):,} customers)"
        )

    as_of = date.fromisoformat(args.as_of)
    engine_s, engine = _time(lambda: MetricsEngine(dataset, settings))
    first_s, result = _time(lambda: watch(engine, as_of, 7))
    print(f"engine build:         {engine_s:7.2f} s  (sort 2M lines once; shared with metrics/accounts)")
    print(
        f"watch, first run:     {first_s:7.2f} s  (incl. key accounts of {result.quarter}: "
        f"{len(result.accounts)} watched, {len(result.flagged)} flagged)"
    )
    runs = [_time(lambda d=d: watch(engine, as_of, d))[0] for d in [7, 3, 14] * args.repeat]
    print(
        f"watch, warm engine:   {statistics.median(runs) * 1000:7.1f} ms median of {len(runs)} "
        f"(days 7/3/14, key accounts memoised)"
    )
    render = {
        "table": lambda: render_table(result, settings.report.language, colour=True),
        "json": lambda: result_to_dict(result),
        "md": lambda: to_markdown(result, settings.report.language),
        "xlsx": lambda: to_xlsx(result, settings.report.language),
    }
    print("render:               " + ", ".join(f"{name} {_time(fn)[0] * 1000:.0f} ms" for name, fn in render.items()))
    total = engine_s + first_s
    print(f"watch total (engine + first run): {total:.2f} s; with load + validate: {total + load_s:.2f} s")


if __name__ == "__main__":
    main()
