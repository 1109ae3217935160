"""Batch deck generation: decks per minute with 1 and 2 jobs, marginal cost per deck, peak memory.

Two data sets: the sample data (16 key accounts in 2023Q4) and a generated one with 2 million
sales lines and 1,000 customers, whose qbr.toml takes the top 16% of the traditional channel so
that about 200 customers are key accounts (the first --decks of them, by sales, are built).
Each configuration runs in a fresh process (`--child`), so its start-up and peak memory are its
own. Peak memory: the max RSS of the run's main process and of its largest worker (a forked
worker's RSS counts the pages it shares with the main process).

    python benchmarks/bench_batch.py [--big DIR] [--decks 200] [--skip-big] [--jobs 1,2] [--rounds 3]

"marginal" is the time one more deck adds on one core: (deck phase - first deck) / (decks - 1)
with one job; the first deck also pays for imports and font lookup.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bytecode import ensure_bytecode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BIG_TOML = """[distributor]
name = "benchmark"
[report]
language = "zh"
[key_accounts]
traditional_top_pct = 16  # with 1,000 generated customers: about 200 key accounts in 2023Q4
"""


def _peak_mb() -> tuple[float | None, float | None]:
    try:
        import resource
    except ImportError:  # Windows
        return None, None
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1024 / 1024  # KiB on Linux, bytes on macOS
    return (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale,
    )


def _cpu_s() -> float:
    """User + system CPU seconds of this process and its finished children (0 where unknown)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def child(data: Path, jobs: int, decks: int | None) -> dict[str, Any]:
    """One batch run in this process; returns its figures."""
    from qbr.batch.plan import BatchRequest, plan_batch
    from qbr.batch.run import run_batch
    from qbr.metrics.accounts import key_accounts
    from qbr.pipeline import load_data
    from qbr.quarter import Quarter

    q = Quarter(2023, 4)
    customers: tuple[str, ...] = ()
    if decks is not None:  # the largest N key accounts
        settings, dataset = load_data(data)
        chosen = sorted((d for d in key_accounts(dataset, settings, q) if d.key_account), key=lambda d: -d.sales)
        customers = tuple(d.customer_id for d in chosen[:decks])
    with tempfile.TemporaryDirectory() as out:
        t0 = time.perf_counter()
        plan = plan_batch(BatchRequest(data, q, customers, out_dir=Path(out), jobs=jobs, force=True))
        t1 = time.perf_counter()
        cpu0 = _cpu_s()
        result = run_batch(plan)
        t2 = time.perf_counter()
        cpu_run = _cpu_s() - cpu0
    seconds = sorted(o.seconds for o in result.outcomes)
    n = len(result.outcomes)
    # run_batch's deck phase, without the manifest and overview written after it
    deck_phase = (result.finished - result.started).total_seconds()
    first = max(o.seconds for o in result.outcomes[: plan.jobs])
    self_mb, children_mb = _peak_mb()
    return {
        "decks": n,
        "failed": len(result.failed),
        "jobs": plan.jobs,
        "plan_s": t1 - t0,
        "deck_phase_s": deck_phase,
        "run_s": t2 - t1,
        "decks_per_min": n / deck_phase * 60,
        "median_deck_s": seconds[n // 2],
        "marginal_s": (deck_phase - first) / max(1, n - 1) * plan.jobs,
        # CPU seconds (this process and its workers) per deck of run_batch: steadier than wall time
        # on a shared machine; includes the manifest and overview
        "cpu_per_deck_s": cpu_run / n,
        "peak_main_mb": self_mb,
        "peak_worker_mb": children_mb,
    }


def measure(data: Path, jobs: int, decks: int | None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", str(data), "--jobs", str(jobs)]
    if decks is not None:
        cmd += ["--decks", str(decks)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def ensure_big(folder: Path) -> Path:
    if not (folder / "sales.csv").is_file():
        print(f"generating {folder} (2,000,000 sales lines) ...", flush=True)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "make_sample_data.py"),
                "--scale-customers",
                "1000",
                "--scale-lines",
                "2000000",
                "--out",
                str(folder),
            ],
            check=True,
        )
    (folder / "qbr.toml").write_text(BIG_TOML, encoding="utf-8")
    return folder


def measure_rounds(data: Path, jobs: list[int], decks: int | None, rounds: int) -> list[dict[str, Any]]:
    """Each job count `rounds` times, interleaved (1, 2, 1, 2, ...) so a burst of other load hits
    them alike; per job count the run with the median deck phase, and the speed-ups of each round."""
    runs: dict[int, list[dict[str, Any]]] = {j: [] for j in jobs}
    for _ in range(rounds):
        for j in jobs:
            runs[j].append(measure(data, j, decks))
    rows = []
    for j in jobs:
        ordered = sorted(runs[j], key=lambda r: r["deck_phase_s"])
        rows.append({**ordered[len(ordered) // 2], "rounds": [r["deck_phase_s"] for r in runs[j]]})
    return rows


def report(name: str, rows: list[dict[str, Any]]) -> None:
    print(f"\n{name}")
    print(
        f"{'jobs':>4} {'decks':>5} {'plan s':>7} {'decks s':>8} {'decks/min':>9} {'median s':>8} "
        f"{'marginal s':>10} {'cpu s/deck':>10} {'peak main MB':>12} {'peak worker MB':>14}"
    )
    for r in rows:
        worker = "-" if r["jobs"] == 1 or r["peak_worker_mb"] is None else f"{r['peak_worker_mb']:.0f}"
        main = "-" if r["peak_main_mb"] is None else f"{r['peak_main_mb']:.0f}"
        print(
            f"{r['jobs']:>4} {r['decks']:>5} {r['plan_s']:>7.1f} {r['deck_phase_s']:>8.1f} "
            f"{r['decks_per_min']:>9.0f} {r['median_deck_s']:>8.2f} {r['marginal_s']:>10.2f} "
            f"{r['cpu_per_deck_s']:>10.2f} "
            f"{main:>12} {worker:>14}"
        )
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        each = ", ".join(f"{a / b:.2f}x" for a, b in zip(first["rounds"], last["rounds"], strict=True))
        print(
            f"speed-up {last['jobs']} jobs vs {first['jobs']}: {first['deck_phase_s'] / last['deck_phase_s']:.2f}x "
            f"(median runs) on {os.cpu_count()} CPUs; round by round: {each}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", default="1,2", help="job counts to compare, e.g. 1,2")
    parser.add_argument("--decks", type=int, default=None, help="big data set: build the largest N (default 200)")
    parser.add_argument("--big", type=Path, default=Path(tempfile.gettempdir()) / "qbr_bench_2m")
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each job count (median reported)")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, int(args.jobs), args.decks)))
        return
    ensure_bytecode(ROOT)  # as installed: no run compiles qbr's sources (benchmarks/bytecode.py)
    jobs = [int(j) for j in args.jobs.split(",")]
    report("sample_data (2023Q4 key accounts)", measure_rounds(ROOT / "sample_data", jobs, None, args.rounds))
    if not args.skip_big:
        big = ensure_big(args.big)
        report(
            f"{big} (2,000,000 lines, largest {args.decks or 200} key accounts)",
            measure_rounds(big, jobs, args.decks or 200, args.rounds),
        )


if __name__ == "__main__":
    main()
