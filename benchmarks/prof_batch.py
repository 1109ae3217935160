"""Where a batch's CPU per account goes: cProfile over the sample data's key accounts in one process.

The first account is built before profiling (it pays for imports, font lookup and the first chart),
then every other account is built as a batch worker builds it (`qbr.batch.run.build_one`, no PDF).
Prints the CPU seconds per account and the profile's top entries; with --plain, no profiler: the
CPU seconds per account of --repeat passes over the accounts, and their median.

    python benchmarks/prof_batch.py [cumulative|tottime] [--lines 90]
    python benchmarks/prof_batch.py --plain [--repeat 3]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sort", nargs="?", default="cumulative", choices=["cumulative", "tottime"])
    parser.add_argument("--lines", type=int, default=90)
    parser.add_argument("--plain", action="store_true", help="no profiler: CPU per account only")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from qbr.batch import run as r
    from qbr.batch.plan import BatchRequest, plan_batch
    from qbr.quarter import Quarter

    with tempfile.TemporaryDirectory() as out:
        plan = plan_batch(
            BatchRequest(ROOT / "sample_data", Quarter(2023, 4), (), out_dir=Path(out), jobs=1, force=True)
        )
        r._STATE = r._WorkerState(plan.settings, plan.dataset, plan.decks, replace(plan.job, pdf=False))
        ids = [d.customer_id for d in plan.accounts]
        r.build_one(ids[0])
        if args.plain:
            runs = []
            for _ in range(args.repeat):
                cpu = time.process_time()
                for cid in ids[1:]:
                    r.build_one(cid)
                runs.append((time.process_time() - cpu) / (len(ids) - 1))
            print("cpu per account", " ".join(f"{x:.3f}" for x in runs), f"s; median {statistics.median(runs):.3f} s")
            return
        profile = cProfile.Profile()
        cpu = time.process_time()
        profile.enable()
        for cid in ids[1:]:
            r.build_one(cid)
        profile.disable()
        print(f"cpu per account (profiled) {(time.process_time() - cpu) / (len(ids) - 1):.3f} s")
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.lines)


if __name__ == "__main__":
    main()
