"""Fit text into its box: shrink what would overflow, deliberately, before the deck is saved.

Stage: deck (after the template is filled, before saving). Input: a python-pptx Presentation.
Output: the same, with the font size of overflowing text boxes and titles lowered step by step
(to no less than MIN_SCALE of the original) until the estimated text height fits the box.
PowerPoint's own "shrink text on overflow" only acts when it re-renders a text, so a generated
deck has to do this itself. Tables are not touched: their rows grow, and long cells are
shortened in the template (`truncate`).

The estimate uses character widths in em (CJK 1, Latin about 0.55), which is close enough for
the fonts the templates use (YaHei / Noto Sans CJK, Arial / Calibri).

A box marked "resize shape to fit text" (`a:spAutoFit`) has no height of its own: its stored
height is whatever the last editor computed for the text it held then (the template's tags), and
LibreOffice or WPS re-saving a template rewrites it with their own font metrics. Such a box grows
downwards, so the room its text has is computed from the slide instead: from its top (and top
inset) down to the first shape below it that it would run into (text, picture, chart, table or group overlapping it
horizontally; bare rectangles and lines are backgrounds) or the bottom of the slide. The same
template saved by python-pptx, PowerPoint or LibreOffice then gives the same font sizes.
"""

from __future__ import annotations

import math
import unicodedata
from functools import cached_property
from typing import Any

from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
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


def grows_to_fit(shape: Any) -> bool:
    """True for a box marked "resize shape to fit text" (its stored height is not a limit)."""
    body_pr = shape.text_frame._txBody.find(qn("a:bodyPr"))
    return body_pr is not None and body_pr.find(qn("a:spAutoFit")) is not None


def _is_obstacle(shape: Any) -> bool:
    """A shape that text growing down from above would run into (not a background or a line)."""
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        return bool(shape.text_frame.text.strip())
    return shape.shape_type in (MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.GROUP) or shape.has_chart or shape.has_table


class _Box:
    """A shape's position, read at most once per slide, and only for a slide with a growing box:
    python-pptx looks a placeholder's position up through its layout and master on every access,
    and each growing box compares itself with every other shape of its slide (fitting changes
    font sizes, never positions or text)."""

    def __init__(self, shape: Any) -> None:
        self.shape = shape

    @cached_property
    def top(self) -> int | None:
        return self.shape.top

    @cached_property
    def left(self) -> int | None:
        return self.shape.left

    @cached_property
    def width(self) -> int | None:
        return self.shape.width

    @cached_property
    def obstacle(self) -> bool:
        return _is_obstacle(self.shape)


def room_below(box: _Box, boxes: list[_Box], slide_height: int) -> int:
    """EMU from the top of `box` to the first obstacle below it, or to the bottom of the slide."""
    top, left = box.top or 0, box.left or 0
    right = left + (box.width or 0)
    limit = slide_height
    for other in boxes:
        if other is box or other.top is None or other.left is None or other.width is None:
            continue
        overlaps = other.left < right and other.left + other.width > left
        if overlaps and top < other.top < limit and other.obstacle:
            limit = other.top
    return max(0, limit - top)


def fit_shape(shape: Any, fallback_pt: float, text_room: int | None = None) -> bool:
    """Shrink one shape's text until it fits its box (or `text_room` EMU of height); True when it changed."""
    tf = shape.text_frame
    if not tf.word_wrap and tf.word_wrap is not None:
        return False
    width = Emu(shape.width - (tf.margin_left or 0) - (tf.margin_right or 0)).pt
    if text_room is None:
        text_room = shape.height - (tf.margin_top or 0) - (tf.margin_bottom or 0)
    height = Emu(text_room).pt
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
        boxes = [_Box(shape) for shape in slide.shapes]
        for box in boxes:
            shape = box.shape
            if not getattr(shape, "has_text_frame", False) or not shape.has_text_frame:
                continue
            is_title = shape.is_placeholder and shape.placeholder_format.idx == 0
            room = None
            if grows_to_fit(shape):  # the text may run down to the obstacle; the bottom inset is blank
                room = room_below(box, boxes, prs.slide_height) - (shape.text_frame.margin_top or 0)
            if fit_shape(shape, TITLE_PT if is_title else DEFAULT_PT, room):
                changed += 1
    return changed
