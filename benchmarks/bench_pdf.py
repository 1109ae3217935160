"""PDF export (issue 20): one deck's `--pdf` (a LibreOffice start per deck) against a batch's (many
decks per LibreOffice process), per deck.

Builds the 16 key-account decks of the sample data once, then converts, in fresh child processes,
one deck alone (what `build --customer X --pdf` pays, and what a batch paid per deck before) and
all 16 as a batch does (`qbr.batch.pdfs.convert_built` with --jobs 1 and 2). Prints the medians
of --repeat runs: wall seconds per deck and LibreOffice's CPU seconds per deck (the steadier figure
on a shared machine). Goal: a batch deck costs at most half of a single deck's --pdf.

    python benchmarks/bench_pdf.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = """
import json, resource, sys, time
from pathlib import Path
from qbr.batch.pdfs import convert_built
from qbr.batch.plan import BUILT, Outcome
from qbr.pdf import export_pdf
decks, jobs = [Path(p) for p in sys.argv[2:]], int(sys.argv[1])
t = time.perf_counter()
if jobs == 0:
    export_pdf(decks[0])
else:
    outcomes = [Outcome(d.stem, BUILT, path=d) for d in decks]
    convert_built(outcomes, jobs)
    assert all(o.pdf for o in outcomes), [o.error for o in outcomes]
wall = time.perf_counter() - t
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": kids.ru_utime + kids.ru_stime}))
"""


def convert(decks: list[Path], jobs: int) -> dict[str, float]:
    """jobs 0: one deck through export_pdf; else all decks through convert_built."""
    with tempfile.TemporaryDirectory() as tmp:
        copies = [Path(shutil.copy(d, tmp)) for d in decks]
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(jobs), *map(str, copies)], capture_output=True, text=True, cwd=ROOT
        )
        if out.returncode != 0:
            raise SystemExit(out.stderr)
        return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from qbr.batch.plan import BatchRequest, plan_batch
    from qbr.batch.run import run_batch
    from qbr.quarter import Quarter

    with tempfile.TemporaryDirectory() as out:
        plan = plan_batch(BatchRequest(ROOT / "sample_data", Quarter(2023, 4), out_dir=Path(out), jobs=1, force=True))
        decks = [o.path for o in run_batch(plan).outcomes if o.path]
        n = len(decks)
        rows = [("one deck, one LibreOffice start", 0, decks[:1])]
        rows += [(f"{n} decks, --jobs {j}", j, decks) for j in (1, 2)]
        print(f"{n} sample decks; median of {args.repeat} runs")
        print(f"{'conversion':<34} {'wall s/deck':>11} {'LibreOffice cpu s/deck':>23}")
        single = None
        for name, jobs, group in rows:
            runs = [convert(group, jobs) for _ in range(args.repeat)]
            wall = statistics.median(r["wall"] for r in runs) / len(group)
            cpu = statistics.median(r["cpu"] for r in runs) / len(group)
            single = single or (wall, cpu)
            ratio = f"   ({wall / single[0]:.2f}x wall, {cpu / single[1]:.2f}x cpu of one deck)" if jobs else ""
            print(f"{name:<34} {wall:>11.2f} {cpu:>23.2f}{ratio}")


if __name__ == "__main__":
    main()
