"""One build against its floor (issue 20): `qbr build --customer CNPC` and `qbr --help` vs the bare
import of pandas + python-pptx, each in a fresh process, as a user types them.

Prints, per step, the median (and min-max) of --repeat runs of wall time and CPU time (user +
system, the process and its children), then where one build's time goes: the pipeline's own
timings and the top-level imports (`-X importtime`). CPU time is the steadier figure on a shared
machine: wall time grows with other people's load, CPU time much less.

qbr keeps the validated tables and the compiled template tags between runs (`qbr.cache`), as a
user building one customer's deck after another has them: "qbr build" runs with one cache folder
(warm from the second run on), "cold cache" with an empty one each time (the first build after new
data or a new template). Charts are drawn every time: nothing of a customer's own is cached.

    python benchmarks/bench_build.py [--repeat 7] [--root DIR]

--root: the qbr source tree to measure (default: this one), e.g. an earlier commit unpacked with
`git archive COMMIT | tar -x -C /tmp/qbr_before`, for before/after figures on the same machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bytecode import ensure_bytecode

ROOT = Path(__file__).resolve().parent.parent

# Runs a snippet and prints its own wall and CPU time (with children) as JSON on the last line.
TIMED = """
import json, os, resource, sys, time
t0 = time.perf_counter()
code = 0
try:
    exec(compile(sys.argv[1], "<bench>", "exec"))
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 0
wall = time.perf_counter() - t0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stdout = sys.__stdout__
print(json.dumps({"wall": wall, "cpu": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime, "code": code}))
"""

QBR = """
import runpy, sys, io, contextlib
sys.argv = {argv!r}
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    runpy.run_module("qbr", run_name="__main__", alter_sys=True)
"""


def timed(code: str, root: Path, env_extra: dict[str, str] | None = None) -> dict[str, float]:
    """Wall and CPU seconds of `code` in a fresh interpreter, interpreter start-up excluded."""
    env = {**os.environ, "PYTHONPATH": str(root), **(env_extra or {})}
    out = subprocess.run([sys.executable, "-c", TIMED, code], capture_output=True, text=True, env=env, cwd=root)
    if out.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def summary(runs: list[dict[str, float]], key: str) -> str:
    values = [r[key] for r in runs]
    return f"{statistics.median(values):6.2f} s ({min(values):.2f}-{max(values):.2f})"


def where_time_goes(root: Path, data: Path, out: Path) -> None:
    """The pipeline's own phase timings (warm, in one process) and the slowest top-level imports."""
    code = f"""
import time
from pathlib import Path
from datetime import date
from qbr.pipeline import BuildRequest, build_deck
from qbr.quarter import Quarter
req = BuildRequest(Path({str(data)!r}), "CNPC", Quarter(2023, 4), out_dir=Path({str(out)!r}), force=True,
                   today=date(2024, 1, 8))
first = build_deck(req).timings
second = build_deck(req).timings
print({{"first": first, "second": second}})
"""
    env = {**os.environ, "PYTHONPATH": str(root), "QBR_CACHE_DIR": str(out / "cache")}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=root, check=True)
    phases = eval(res.stdout.strip().splitlines()[-1])  # our own dict literal
    print("\nphases of build_deck in one process (first build pays the imports, the second does not):")
    for name in phases["first"]:
        print(f"  {name:<9} first {phases['first'][name]:.3f} s   second {phases['second'][name]:.3f} s")

    argv = ["qbr", "build", "--customer", "CNPC", "--quarter", "2023Q4", "--data", str(data), "--out", str(out)]
    imp = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", QBR.format(argv=[*argv, "--force"])],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
    )
    top: dict[str, int] = {}
    for line in imp.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s+(\S+)$", line)
        if m:  # each module's own time, summed per distribution (numpy under pandas counts as numpy)
            package = m.group(2).split(".")[0]
            top[package] = top.get(package, 0) + int(m.group(1))
    print(f"\nimports of one build: {sum(top.values()) / 1e6:.2f} s in all; by package (-X importtime, self):")
    for name, us in sorted(top.items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {name:<14} {us / 1e6:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--root", type=Path, default=ROOT, help="qbr source tree to measure")
    args = parser.parse_args()
    root = args.root.resolve()
    ensure_bytecode(root)  # as installed: no run compiles qbr's sources (benchmarks/bytecode.py)
    data = ROOT / "sample_data"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        build = ["qbr", "build", "--customer", "CNPC", "--quarter", "2023Q4", "--data", str(data), "--out", str(out)]
        steps = {
            "import pandas + pptx": "import pandas, pptx",
            "qbr --help": QBR.format(argv=["qbr", "--help"]),
            "qbr build --customer": QBR.format(argv=[*build, "--force"]),
            "  same, cold cache": QBR.format(argv=[*build, "--force"]),
        }
        results: dict[str, list[dict[str, float]]] = {k: [] for k in steps}
        cache = Path(tmp) / "cache"  # warm after the first run, as for a user building one deck after another
        for run in range(args.repeat):  # interleaved, so a burst of other load hits every step alike
            for name, code in steps.items():
                # "cold": an empty cache, as the very first build after new data and a new template
                folder = Path(tmp) / f"cold{run}" if "cold" in name else cache
                results[name].append(timed(code, root, {"QBR_CACHE_DIR": str(folder)}))
        print(f"qbr tree: {root}; {args.repeat} runs each, on {os.cpu_count()} CPUs (median, min-max)")
        print(f"{'step':<22} {'wall':>24} {'cpu':>24}")
        for name, runs in results.items():
            print(f"{name:<22} {summary(runs, 'wall'):>24} {summary(runs, 'cpu'):>24}")
        floor = statistics.median(r["wall"] for r in results["import pandas + pptx"])
        one = statistics.median(r["wall"] for r in results["qbr build --customer"])
        floor_cpu = statistics.median(r["cpu"] for r in results["import pandas + pptx"])
        one_cpu = statistics.median(r["cpu"] for r in results["qbr build --customer"])
        print(f"one build / bare import: {one / floor:.1f}x wall, {one_cpu / floor_cpu:.1f}x cpu (goal <= 3x)")
        cold = statistics.median(r["wall"] for r in results["  same, cold cache"])
        cold_cpu = statistics.median(r["cpu"] for r in results["  same, cold cache"])
        print(f"  with a cold cache: {cold / floor:.1f}x wall, {cold_cpu / floor_cpu:.1f}x cpu")
        where_time_goes(root, data, out)


if __name__ == "__main__":
    main()
