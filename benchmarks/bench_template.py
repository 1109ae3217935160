"""Benchmark: a generated 20-slide, 300-tag template; first deck and further decks.

Run: .venv/bin/python benchmarks/bench_template.py
First deck = parse the template + fill + save; further deck = fill + save from the parsed
template (what batch generation does 200 times). Goals: first < 0.15 s, further < 0.05 s.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

from pptx import Presentation
from pptx.util import Inches

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from qbr.template import Template

SLIDES, TAGS_PER_SLIDE = 20, 15


def make_template() -> bytes:
    prs = Presentation()
    for s in range(SLIDES):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = f"{{{{ customer }}}} 第{s + 1}页"
        box = slide.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(9), Inches(5))
        frame = box.text_frame
        for t in range(TAGS_PER_SLIDE - 1):
            p = frame.paragraphs[0] if t == 0 else frame.add_paragraph()
            filt = ["money", "pct", "num", "delta"][t % 4]
            # split each tag over two runs, as PowerPoint would
            p.add_run().text = f"指标{t}: {{{{ kpi.m{t} "
            p.add_run().text = f"| {filt} }}}}"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def main() -> None:
    blob = make_template()
    context = {"customer": "华润万家", "kpi": {f"m{t}": 12345.678 * (t + 1) for t in range(TAGS_PER_SLIDE)}}
    firsts, further = [], []
    for _ in range(5):
        start = time.perf_counter()
        template = Template.from_bytes(blob, "bench.pptx")
        template.render(context)
        firsts.append(time.perf_counter() - start)
    for _ in range(20):
        start = time.perf_counter()
        template.render(context)
        further.append(time.perf_counter() - start)
    print(f"template: {SLIDES} slides, {SLIDES * TAGS_PER_SLIDE} tags")
    print(f"first deck (parse + fill + save): median {statistics.median(firsts) * 1000:.1f} ms (goal < 150)")
    print(f"further deck (fill + save):       median {statistics.median(further) * 1000:.1f} ms (goal < 50)")


if __name__ == "__main__":
    main()
