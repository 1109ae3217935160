"""Scale benchmark (issue 10): the CLI on 5,000,000 sales lines and 1,000 customers.

Generates a data folder with `scripts/make_sample_data.py --scale-customers N --scale-lines M`
into a temporary directory (or --data DIR, kept and reused), writes there the qbr.toml of
bench_batch.py (the top 16% of the traditional channel: about 200 key accounts in 2023Q4 with
1,000 customers), then runs, each in a fresh process, exactly what a user types:

    qbr validate --data DIR
    qbr accounts --quarter 2023Q4 --data DIR --format json
    qbr build --customer <largest key account> --quarter 2023Q4 --data DIR --out OUT
    qbr build --all --quarter 2023Q4 --data DIR --out OUT2 --jobs 2   [--customers <largest N>]

and prints wall time (interpreter start-up and imports included), CPU time and peak memory per
step. Peak memory: the max RSS of the command's own process (`qbr` runs in-process in a small
wrapper that prints its RUSAGE_SELF / RUSAGE_CHILDREN as JSON) and, for the batch, of its largest
worker; a forked worker's RSS counts the pages it shares with the main process, so the two do not
add up.

    python benchmarks/bench_scale.py [--lines 5000000] [--customers 1000] [--jobs 2]
                                     [--batch-largest N] [--data DIR]

--batch-largest N caps the batch at the N largest key accounts (passed as `--customers`), for
when all of them would take too long; the output says so.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import BIG_TOML  # noqa: E402  (same key-account rules as the 2M-line batch benchmark)
from bytecode import ensure_bytecode  # noqa: E402

QUARTER = "2023Q4"

# Runs `python -m qbr ARGS` in this process, then writes its own resource usage as JSON to a file
# (stdout belongs to qbr). argv: JSON_PATH ARGS...
WRAPPER = """
import json, resource, runpy, sys
out = sys.argv[1]
sys.argv = ["qbr"] + sys.argv[2:]
code = 0
try:
    runpy.run_module("qbr", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
scale = 1 / 1024 if sys.platform != "darwin" else 1 / 1024 / 1024
with open(out, "w") as f:
    json.dump({"peak_mb": me.ru_maxrss * scale, "children_peak_mb": kids.ru_maxrss * scale,
               "cpu_s": me.ru_utime + me.ru_stime, "children_cpu_s": kids.ru_utime + kids.ru_stime}, f)
sys.exit(code)
"""


def run_step(name: str, args: list[str], scratch: Path) -> dict[str, Any]:
    """One `qbr` command in a fresh process: wall time, CPU, peak memory, exit status, stdout."""
    usage = scratch / f"{name.replace(' ', '_')}.json"
    print(f"  {name}: qbr {' '.join(args)}", flush=True)
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, str(usage), *args], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    r = json.loads(usage.read_text())
    r.update(step=name, wall_s=wall, exit=done.returncode, stdout=done.stdout, stderr=done.stderr)
    if done.returncode not in (0, 2):  # 2: validate found problems / a QbrError; anything else is a crash
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{name} failed with exit status {done.returncode}")
    print(f"    {wall:.1f} s, peak {r['peak_mb']:.0f} MB, exit {done.returncode}", flush=True)
    return r


def ensure_data(folder: Path, lines: int, customers: int) -> float:
    """Generate the data folder unless it already holds these tables; returns seconds spent."""
    stamp = folder / ".bench_scale"
    want = f"{lines} {customers}"
    t0 = time.perf_counter()
    if not (stamp.is_file() and stamp.read_text() == want and (folder / "sales.csv").is_file()):
        print(f"generating {folder} ({lines:,} sales lines, {customers:,} customers) ...", flush=True)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "make_sample_data.py"),
                "--scale-customers",
                str(customers),
                "--scale-lines",
                str(lines),
                "--out",
                str(folder),
            ],
            check=True,
        )
        stamp.write_text(want)
    (folder / "qbr.toml").write_text(BIG_TOML, encoding="utf-8")
    return time.perf_counter() - t0


def bench(data: Path, scratch: Path, jobs: int, batch_largest: int | None) -> tuple[list[dict[str, Any]], str]:
    d = str(data)
    rows = [run_step("validate", ["validate", "--data", d], scratch)]
    accounts = run_step("accounts", ["accounts", "--quarter", QUARTER, "--data", d, "--format", "json"], scratch)
    rows.append(accounts)
    if accounts["exit"] != 0:
        sys.stderr.write(accounts["stderr"])
        raise SystemExit("accounts failed: no key accounts to build")
    keys = sorted((a for a in json.loads(accounts["stdout"]) if a["key_account"]), key=lambda a: -a["sales"])
    if not keys:
        raise SystemExit(f"no key accounts in {QUARTER}")
    largest = keys[0]["customer_id"]
    out1, out2 = scratch / "out_one", scratch / "out_batch"
    one = run_step(
        "build one", ["build", "--customer", largest, "--quarter", QUARTER, "--data", d, "--out", str(out1)], scratch
    )
    one["note"] = f"{largest}, ¥{keys[0]['sales']:,.0f}"
    rows.append(one)
    batch_args = ["build", "--all", "--quarter", QUARTER, "--data", d, "--out", str(out2), "--jobs", str(jobs)]
    capped = batch_largest is not None and batch_largest < len(keys)
    if capped:
        batch_args += ["--customers", ",".join(a["customer_id"] for a in keys[:batch_largest])]
    batch = run_step(f"build --all -j{jobs}", batch_args, scratch)
    decks = len(list(out2.glob("*/*.pptx")))
    failed, phase = "?", ""
    manifest = next(out2.glob("*/manifest.json"), None)
    if manifest is not None:  # summary.failed, and seconds = the deck phase (after load, plan, template)
        m = json.loads(manifest.read_text(encoding="utf-8"))
        failed = str(m["summary"]["failed"])
        phase = f", deck phase {m['seconds']:.0f} s = {m['seconds'] / max(decks, 1):.2f} s/deck"
    batch["decks"] = decks
    batch["note"] = f"{decks} decks, {failed} failed{phase}; " + (
        f"CAPPED to the {batch_largest} largest of {len(keys)} key accounts (--customers)"
        if capped
        else f"all {len(keys)} key accounts"
    )
    rows.append(batch)
    rows[0]["note"] = "exit 2: data problems reported" if rows[0]["exit"] == 2 else "no problems"
    rows[1]["note"] = f"{len(keys)} key accounts of {len(json.loads(accounts['stdout']))} customers with sales"
    return rows, largest


def report(title: str, rows: list[dict[str, Any]], jobs: int) -> None:
    print(f"\n{title}")
    print(f"{'step':<16} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} {'worker MB':>9}  note")
    for r in rows:
        cpu = r["cpu_s"] + r["children_cpu_s"]
        worker = f"{r['children_peak_mb']:.0f}" if r["step"].startswith("build --all") and jobs > 1 else "-"
        print(f"{r['step']:<16} {r['wall_s']:>7.1f} {cpu:>7.1f} {r['peak_mb']:>8.0f} {worker:>9}  {r.get('note', '')}")
    print(f"(wall: fresh process incl. start-up and imports; cpu: user+sys incl. workers; {os.cpu_count()} CPUs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=5_000_000, help="sales lines (default 5,000,000)")
    parser.add_argument("--customers", type=int, default=1000, help="customers (default 1,000)")
    parser.add_argument("--jobs", type=int, default=2, help="batch --jobs (default 2)")
    parser.add_argument(
        "--batch-largest",
        type=int,
        default=None,
        help="build only the N largest key accounts in the batch step (default: all)",
    )
    parser.add_argument(
        "--data", type=Path, default=None, help="generate into (or reuse) this folder instead of a temporary one"
    )
    args = parser.parse_args()
    ensure_bytecode(ROOT)  # as installed: no run compiles qbr's sources (benchmarks/bytecode.py)
    with tempfile.TemporaryDirectory(prefix="qbr_bench_scale_") as tmp:
        scratch = Path(tmp)
        data = args.data or scratch / "data"
        gen = ensure_data(data, args.lines, args.customers)
        size = sum(p.stat().st_size for p in data.iterdir() if p.is_file()) / 1e6
        print(f"data: {data} ({size:.0f} MB on disk; ready in {gen:.1f} s)", flush=True)
        t0 = time.perf_counter()
        rows, _ = bench(data, scratch, args.jobs, args.batch_largest)
        report(
            f"{args.lines:,} sales lines, {args.customers:,} customers, {QUARTER} "
            f"(total {time.perf_counter() - t0:.0f} s)",
            rows,
            args.jobs,
        )


if __name__ == "__main__":
    main()
