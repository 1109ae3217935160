"""Text that overflows its box, found without eyes: LibreOffice's PDF against the deck's shapes.

Test helper (like tests/libreoffice.py). Input: a .pptx and the PDF LibreOffice made of it.
Output: the words drawn outside every box that may hold text, per slide.

How: `pdftotext -bbox` (poppler) gives every word LibreOffice drew with its box in points; the
deck gives every shape that holds text (text boxes, titles, tables, charts) with its box in EMU,
scaled to the page. A word belongs inside some box: its left and right edges within the box (a
line that does not wrap and runs past the box's side), and its middle inside it vertically (a
paragraph that runs past the box's bottom). A text box marked "resize shape to fit text" may grow
down to the first shape below it (`qbr.template.fit.shape_room_below`, the room the fitting used), and
so may a table (rows grow to fit their text in PowerPoint and LibreOffice alike): their box is
that tall. The real fonts' metrics decide, not an estimate: this is the independent check
of `qbr.template.fit`.

Known blind spot: text that runs into another text-holding box (e.g. a paragraph flowing into the
table below it) lies inside that box and is not reported.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.util import Emu

from qbr.template.fit import grows_to_fit, shape_room_below

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
SIDE_TOLERANCE_PT = 2.0  # glyph side bearings and LibreOffice's rounding


@dataclass(frozen=True)
class Overflow:
    slide: int  # 1-based
    word: str
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in points

    def __str__(self) -> str:
        x0, y0, x1, y1 = self.box
        return f"slide {self.slide}: {self.word!r} at ({x0:.0f}, {y0:.0f})-({x1:.0f}, {y1:.0f}) pt"


def pdf_words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, each word's (x0, y0, x1, y1, text) in points from the top-left."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = html.split("<page ")[1:]
    return [[(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page)] for page in pages]


def _holds_text(shape: Any) -> bool:
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        return bool(shape.text_frame.text.strip())
    return bool(getattr(shape, "has_table", False) and shape.has_table) or bool(
        getattr(shape, "has_chart", False) and shape.has_chart
    )


def text_boxes(slide: Any, slide_height: int) -> list[tuple[int, int, int, int]]:
    """(left, top, right, bottom) EMU of every shape on the slide that may hold text."""
    shapes = list(slide.shapes)
    boxes = []
    for shape in shapes:
        if shape.left is None or shape.top is None or not _holds_text(shape):
            continue
        height = shape.height or 0
        is_table = bool(getattr(shape, "has_table", False) and shape.has_table)
        if is_table or (getattr(shape, "has_text_frame", False) and shape.has_text_frame and grows_to_fit(shape)):
            height = max(height, shape_room_below(shape, shapes, slide_height))
        boxes.append((shape.left, shape.top, shape.left + (shape.width or 0), shape.top + height))
    return boxes


def overflows(deck: Path, pdf: Path) -> list[Overflow]:
    """Every word of the PDF that lies outside all the text-holding boxes of its slide."""
    prs = Presentation(str(deck))
    pages = pdf_words(pdf)
    assert len(pages) == len(prs.slides), f"{pdf.name}: {len(pages)} pages for {len(prs.slides)} slides"
    found = []
    for number, (slide, words) in enumerate(zip(prs.slides, pages, strict=True), start=1):
        boxes = [tuple(Emu(v).pt for v in box) for box in text_boxes(slide, prs.slide_height)]
        tol = SIDE_TOLERANCE_PT
        for x0, y0, x1, y1, word in words:
            middle = (y0 + y1) / 2
            inside = any(bx0 - tol <= x0 and x1 <= bx1 + tol and by0 <= middle <= by1 for bx0, by0, bx1, by1 in boxes)
            if not inside:
                found.append(Overflow(number, word, (x0, y0, x1, y1)))
    return found
