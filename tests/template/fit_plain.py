"""The text fitting as it was written first, through python-pptx's shape proxies: the plain route
`qbr.template.fit` (which reads the same values from the XML) is compared with in test_fit_fast.py.

Kept as it was (qbr/template/fit.py at 1539f03); do not speed it up.
"""

from __future__ import annotations

import copy
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


def shape_room_below(shape: Any, shapes: list[Any], slide_height: int) -> int:
    """room_below for plain python-pptx shapes (the overflow check measures what fitting allowed)."""
    boxes = [_Box(s) for s in shapes]
    return room_below(boxes[shapes.index(shape)], boxes, slide_height)


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


ORPHAN_EM = 4.5  # a title's last line this short (about four Chinese characters or less) is an orphan
MIN_ORPHAN_SCALE = 0.9  # a title shrinks this far at most to pull an orphan back onto the line above
_BREAKS_AFTER = "，；：、,;:"
SAFETY = 0.94
_NO_LINE_START = "，。；：、？！）》」』,.;:?!)%"


def wrap_lines(text: str, width_em: float) -> list[str]:
    """`text` wrapped greedily in lines of `width_em`: Chinese breaks between any two characters,
    English only at spaces (a word longer than a line stands alone); closing punctuation never
    starts a line (the viewers' line-breaking rule)."""
    units: list[str] = []
    for ch in text:
        wide = unicodedata.east_asian_width(ch) in "WF"
        if units and ch in _NO_LINE_START:
            units[-1] += ch  # "，" never opens a line: it stays with the character before it
        elif units and not wide and ch != " " and units[-1] and units[-1][-1] != " " and not _is_wide(units[-1]):
            units[-1] += ch  # inside an English word or a figure
        else:
            units.append(ch)
    lines, line = [], ""
    for unit in units:
        if line and sum(char_em(c) for c in (line + unit).rstrip()) > width_em:
            lines.append(line.rstrip())
            line = unit.lstrip()
        else:
            line += unit
    return [*lines, line.rstrip()] if line.strip() or not lines else lines


def _is_wide(unit: str) -> bool:
    return any(unicodedata.east_asian_width(c) in "WF" for c in unit)


def _em(text: str) -> float:
    return sum(char_em(ch) for ch in text)


def _split_run_at(paragraph: Any, index: int) -> None:
    """A line break before character `index` of the paragraph (its runs' text), keeping run styles."""
    seen = 0
    for run in paragraph.runs:
        text = run.text
        if seen + len(text) >= index:
            cut = index - seen
            head, tail = text[:cut], text[cut:].lstrip()
            r = run._r
            run.text = head
            br = r.makeelement(qn("a:br"), {})
            r_pr = r.find(qn("a:rPr"))
            if r_pr is not None:
                br.append(copy.deepcopy(r_pr))
            r.addnext(br)
            new_r = copy.deepcopy(r)
            new_r.find(qn("a:t")).text = tail
            br.addnext(new_r)
            return
        seen += len(text)


def balance_title(shape: Any, fallback_pt: float = TITLE_PT) -> bool:
    """Keep a title's last line from holding one word alone ("拖累最大" under a full line).

    Measured with the same widths as the fit: when the title wraps and its last line is under
    ORPHAN_EM em, it breaks after the punctuation mark (，；： …) that leaves its shortest line
    longest while it keeps its number of lines ("…拉动最大；" / "古井坊…拖累最大"); without such a
    mark it shrinks (to no less than MIN_ORPHAN_SCALE) when that saves the line. True when it changed.
    """
    tf = shape.text_frame
    paragraphs = [p for p in tf.paragraphs if "".join(r.text for r in p.runs).strip()]
    if len(paragraphs) != 1 or any(p._p.find(qn("a:br")) is not None for p in paragraphs):
        return False
    paragraph = paragraphs[0]
    text = "".join(r.text for r in paragraph.runs)
    size = _runs_size(paragraph, fallback_pt)
    width_pt = Emu(shape.width - (tf.margin_left or 0) - (tf.margin_right or 0)).pt
    if width_pt <= 0:
        return False
    # measured 6% narrower than the box: viewers add space between Chinese and Latin text
    # ("金禾丰 5L"), which the em widths do not count
    width_pt *= SAFETY
    lines = wrap_lines(text, width_pt / size)
    # the estimate is close, not exact: a last line that is short at any width within ±6% of it
    # may be the orphan a viewer shows
    spans = [wrap_lines(text, width_pt * k / size) for k in (1.0, 1.0 / SAFETY, 1.0 / SAFETY**2)]
    if not any(len(w) > 1 and _em(w[-1]) < ORPHAN_EM for w in spans):
        return False
    best = None
    line_em = width_pt / size
    for i, ch in enumerate(text[:-1]):
        if ch not in _BREAKS_AFTER:
            continue
        if ch.isascii() and text[i + 1] != " ":
            continue
        head, tail = text[: i + 1], text[i + 1 :].lstrip()
        head_lines, tail_lines = wrap_lines(head, line_em), wrap_lines(tail, line_em)
        if len(head_lines) + len(tail_lines) > max(len(lines), 2):
            continue
        shortest = min(_em(tail_lines[-1]), _em(head_lines[-1]))
        if shortest >= ORPHAN_EM and (best is None or shortest > best[0]):
            best = (shortest, i + 1)
    if best is not None:
        _split_run_at(paragraph, best[1])
        return True
    scale = 1.0
    while scale > MIN_ORPHAN_SCALE:
        scale = round(scale - 0.025, 3)
        if len(lines) > 1 and len(wrap_lines(text, width_pt / (size * scale))) < len(lines):
            new = Pt(round(size * scale * 2) / 2)
            for run in paragraph.runs:
                run.font.size = new
            return True
    return False


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
            # after the fit, at the size the title will have: neither shrinking further nor a
            # break adds a line, so what fitted still fits
            if is_title and balance_title(shape):
                changed += 1
    return changed
