"""Fit text into its box: shrink what would overflow, deliberately, before the deck is saved.

Stage: deck (after the template is filled, before saving). Input: a python-pptx Presentation.
Output: the same, with the font size of overflowing text boxes and titles lowered step by step
(to no less than MIN_SCALE of the original) until the estimated text height fits the box.
PowerPoint's own "shrink text on overflow" only acts when it re-renders a text, so a generated
deck has to do this itself. Tables are not touched: their rows grow, and long cells are
shortened in the template (`truncate`).

The estimate uses character widths in em (CJK 1, Latin about 0.55), which is close enough for
the fonts the templates use (YaHei / Noto Sans CJK, Arial / Calibri).
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from pptx.util import Emu, Pt

MIN_SCALE = 0.6
LINE_HEIGHT = 1.2  # line pitch as a multiple of the font size
DEFAULT_PT = 18.0
TITLE_PT = 22.0  # the master title size of the default templates


def char_em(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in "WF":
        return 1.0
    if ch == " ":
        return 0.28
    if ch.isupper() or ch.isdigit() or ch in "¥%@#&mwMW":
        return 0.62
    if ch in "il.,:;'|!()[]":
        return 0.3
    return 0.52


def text_height_pt(paragraphs: list[tuple[str, float]], width_pt: float) -> float:
    """Height of (text, size) paragraphs wrapped in `width_pt`."""
    total = 0.0
    for text, size in paragraphs:
        line_width = sum(char_em(ch) for ch in text) * size
        lines = max(1, math.ceil(line_width / width_pt)) if width_pt > 0 else 1
        total += lines * size * LINE_HEIGHT
    return total


def _runs_size(paragraph: Any, fallback: float) -> float:
    sizes = [r.font.size.pt for r in paragraph.runs if r.font.size is not None]
    return max(sizes) if sizes else fallback


def fit_shape(shape: Any, fallback_pt: float) -> bool:
    """Shrink one shape's text until it fits its box; True when it changed anything."""
    tf = shape.text_frame
    if not tf.word_wrap and tf.word_wrap is not None:
        return False
    width = Emu(shape.width - (tf.margin_left or 0) - (tf.margin_right or 0)).pt
    height = Emu(shape.height - (tf.margin_top or 0) - (tf.margin_bottom or 0)).pt
    paras = [(p, "".join(r.text for r in p.runs), _runs_size(p, fallback_pt)) for p in tf.paragraphs]
    if not any(text for _, text, _ in paras) or width <= 0 or height <= 0:
        return False
    scale = 1.0
    while text_height_pt([(t, s * scale) for _, t, s in paras], width) > height and scale > MIN_SCALE:
        scale = round(scale - 0.05, 2)
    if scale >= 1.0:
        return False
    for p, _, size in paras:
        new = Pt(max(1.0, round(size * scale * 2) / 2))
        for run in p.runs:
            run.font.size = new
    return True


def fit_text(prs: Any) -> int:
    """Fit every title and wrapped text box of the deck; returns how many shapes shrank."""
    changed = 0
    for slide in prs.slides:
        for shape in slide.shapes:
            if not getattr(shape, "has_text_frame", False) or not shape.has_text_frame:
                continue
            is_title = shape.is_placeholder and shape.placeholder_format.idx == 0
            if fit_shape(shape, TITLE_PT if is_title else DEFAULT_PT):
                changed += 1
    return changed
