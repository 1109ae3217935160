"""Benchmark: a generated 20-slide, 300-tag template; first deck and further decks.

Run: .venv/bin/python benchmarks/bench_template.py [--peer DIR]
First deck = parse the template + fill + save; further deck = fill + save from the parsed
template (what batch generation does per deck). Goals (issue 20): first deck at least as fast as
pptx-renderer on the same deck, further deck <= 20 ms.

Wall time swings with other people's load on a shared machine; CPU time (`time.process_time`)
much less, so both are printed. `--peer DIR`: a folder from which `pptx_renderer` imports
(`pip install --no-deps --target DIR pptx-renderer`); the same deck is then filled by it in
the same run (its tags are `{{{python expression}}}`, filled by eval; it has no parsed form,
so each deck costs it a first deck).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pptx import Presentation
from pptx.util import Inches

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from qbr.formatting import Formatter
from qbr.template import Template, codecache

SLIDES, TAGS_PER_SLIDE = 20, 15
FILTERS = ["money", "pct", "num", "delta"]


def make_template(peer: bool = False) -> bytes:
    """The deck: a title tag and 14 formatted KPI tags per slide, each split over two runs as
    PowerPoint would; `peer`: the same tags in pptx-renderer's syntax."""
    prs = Presentation()
    for s in range(SLIDES):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = ("{{{customer}}}" if peer else "{{ customer }}") + f" 第{s + 1}页"
        box = slide.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(9), Inches(5))
        frame = box.text_frame
        for t in range(TAGS_PER_SLIDE - 1):
            p = frame.paragraphs[0] if t == 0 else frame.add_paragraph()
            filt = FILTERS[t % 4]
            if peer:
                p.add_run().text = f"指标{t}: {{{{{{{filt}(kpi['m{t}']"
                p.add_run().text = ")}}}"
            else:
                p.add_run().text = f"指标{t}: {{{{ kpi.m{t} "
                p.add_run().text = f"| {filt} }}}}"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def timed(step: Callable[[], object], rounds: int) -> tuple[float, float]:
    """Median wall and CPU seconds of `rounds` runs of `step`."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def show(label: str, figures: tuple[float, float], goal: str = "") -> None:
    wall, cpu = figures
    print(f"{label:<36} wall {wall * 1000:6.1f} ms   cpu {cpu * 1000:6.1f} ms   {goal}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--peer", type=Path, help="folder from which pptx_renderer imports")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    blob = make_template()
    context = {"customer": "华润万家", "kpi": {f"m{t}": 12345.678 * (t + 1) for t in range(TAGS_PER_SLIDE)}}
    Template.from_bytes(blob, "bench.pptx").render(context)  # warm: imports, first-use caches
    template = Template.from_bytes(blob, "bench.pptx")
    print(f"template: {SLIDES} slides, {SLIDES * TAGS_PER_SLIDE} tags; medians of {args.rounds} runs")
    opened = timed(lambda: Presentation(io.BytesIO(blob)).save(io.BytesIO()), args.rounds)
    # first deck, tags compiled afresh: no cache on disk and this process's compiled tags forgotten
    os.environ["QBR_CACHE_DIR"] = "off"

    def cold() -> None:
        codecache._CACHES.clear()
        Template.from_bytes(blob, "bench.pptx").render(context)

    first = timed(cold, args.rounds)
    # first deck of a template whose tags this machine compiled before (qbr's cache)
    cached = timed(lambda: Template.from_bytes(blob, "bench.pptx").render(context), args.rounds)
    further = timed(lambda: template.render(context), args.rounds * 2)
    show("python-pptx open + save (floor)", opened)
    show("qbr first deck (parse + fill + save)", first)
    show("  same, tags compiled before (cache)", cached)
    show("qbr further deck (fill + save)", further, "(goal <= 20 ms)")
    if args.peer is not None:
        sys.path.insert(0, str(args.peer))
        from pptx_renderer import PPTXRenderer

        fmt = Formatter()
        names = {"money": fmt.money, "pct": fmt.pct, "num": fmt.num, "delta": fmt.delta}
        with tempfile.TemporaryDirectory() as tmp:
            source, target = Path(tmp) / "peer.pptx", Path(tmp) / "out.pptx"
            source.write_bytes(make_template(peer=True))

            def peer_deck() -> None:
                PPTXRenderer(source).render(target, {**names, **context})

            peer_deck()
            peer = timed(peer_deck, args.rounds)
        show("pptx-renderer deck (parse + fill + save)", peer)
        print(
            f"qbr first deck / pptx-renderer: wall {first[0] / peer[0]:.2f}x, cpu {first[1] / peer[1]:.2f}x (goal <= 1)"
        )


if __name__ == "__main__":
    main()
