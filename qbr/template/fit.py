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

import copy
import math
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, cached_property, partial
from typing import Any

from lxml import etree
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pptx.oxml.shapes.graphfrm import GRAPHIC_DATA_URI_CHART, GRAPHIC_DATA_URI_TABLE
from pptx.oxml.simpletypes import ST_Coordinate, ST_PositiveCoordinate
from pptx.text.text import Font, _Paragraph
from pptx.util import Centipoints, Emu, Pt

MIN_SCALE = 0.6
LINE_HEIGHT = 1.2  # line pitch as a multiple of the font size
DEFAULT_PT = 18.0
TITLE_PT = 22.0  # the master title size of the default templates

P_SP, P_PIC, P_GRPSP = qn("p:sp"), qn("p:pic"), qn("p:grpSp")
P_GRAPHICFRAME, P_CXNSP = qn("p:graphicFrame"), qn("p:cxnSp")
# the children of a shape tree python-pptx makes shapes of (`CT_GroupShape.iter_shape_elms`)
SHAPE_TAGS = frozenset((P_SP, P_GRPSP, P_GRAPHICFRAME, P_CXNSP, P_PIC, qn("p:contentPart")))
_XFRM = {  # where each kind of shape keeps its a:xfrm (python-pptx's `BaseShapeElement.xfrm`)
    P_SP: (qn("p:spPr"), qn("a:xfrm")),
    P_PIC: (qn("p:spPr"), qn("a:xfrm")),
    P_CXNSP: (qn("p:spPr"), qn("a:xfrm")),
    P_GRPSP: (qn("p:grpSpPr"), qn("a:xfrm")),
    P_GRAPHICFRAME: (qn("p:xfrm"),),
}
# paths as tag chains: lxml's find() with a one-tag argument runs in C, a path ("a/b") goes
# through its Python ElementPath (about 10 us a call)
_GRAPHIC_DATA = (qn("a:graphic"), qn("a:graphicData"))
_VIDEO = (qn("p:nvPicPr"), qn("p:nvPr"), qn("a:videoFile"))
_PH = (qn("p:nvPr"), qn("p:ph"))
A_OFF, A_EXT, A_BODYPR, A_SPAUTOFIT = qn("a:off"), qn("a:ext"), qn("a:bodyPr"), qn("a:spAutoFit")
A_P, A_R, A_T, A_BR, A_FLD, A_RPR = qn("a:p"), qn("a:r"), qn("a:t"), qn("a:br"), qn("a:fld"), qn("a:rPr")
_WORD_WRAP = {"square": True, "none": False, None: True}  # python-pptx's TextFrame.word_wrap, None wraps


@cache  # a deck's text is made of a few hundred distinct characters, measured thousands of times
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
    return _height_pt([(_em(text), size) for text, size in paragraphs], width_pt)


def _height_pt(paragraphs: Iterable[tuple[float, float]], width_pt: float) -> float:
    """text_height_pt of paragraphs given as (em of the text, size): the em is the same at every size."""
    total = 0.0
    for em, size in paragraphs:
        line_width = em * size
        lines = max(1, math.ceil(line_width / width_pt)) if width_pt > 0 else 1
        total += lines * size * LINE_HEIGHT
    return total


def _runs_size(paragraph: Any, fallback: float) -> float:
    return _size_of(paragraph._p, fallback)


def _size_of(p: etree._Element, fallback: float) -> float:
    """The largest run size of paragraph `p` in points, else `fallback`. Each run gets an `a:rPr`
    if it has none, as reading python-pptx's `run.font` does (the saved deck depends on it)."""
    sizes = []
    for r in p.findall(A_R):
        r_pr = r.find(A_RPR)
        if r_pr is None:
            r_pr = r.get_or_add_rPr()
        sz = r_pr.sz
        if sz is not None:
            sizes.append(Centipoints(sz).pt)
    return max(sizes) if sizes else fallback


def _runs_text(p: etree._Element) -> str:
    """The text of a paragraph's runs (python-pptx's `"".join(r.text for r in paragraph.runs)`)."""
    parts = []
    for r in p.findall(A_R):
        t = r.find(A_T)
        parts.append(r.text if t is None else (t.text or ""))  # r.text raises as python-pptx does
    return "".join(parts)


def grows_to_fit(shape: Any) -> bool:
    """True for a box marked "resize shape to fit text" (its stored height is not a limit)."""
    return _grows(shape.text_frame._txBody)


def _body_pr(tx_body: Any) -> Any:
    """The text body's a:bodyPr (python-pptx's `bodyPr`, which raises when there is none)."""
    found = tx_body.find(A_BODYPR)
    return found if found is not None else tx_body.bodyPr


def _grows(tx_body: etree._Element) -> bool:
    body_pr = tx_body.find(A_BODYPR)
    return body_pr is not None and body_pr.find(A_SPAUTOFIT) is not None


def _is_obstacle(shape: Any) -> bool:
    """A shape that text growing down from above would run into (not a background or a line)."""
    if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
        return bool(shape.text_frame.text.strip())
    return shape.shape_type in (MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.GROUP) or shape.has_chart or shape.has_table


def _find(element: etree._Element | None, tags: tuple[str, ...]) -> etree._Element | None:
    """element.find("a/b/c") for the tags (a, b, c), one C-level find per tag."""
    for tag in tags:
        if element is None:
            return None
        element = element.find(tag)
    return element


def _first_child(element: etree._Element) -> etree._Element | None:
    return next(element.iterchildren(etree.Element), None)


def placeholder_of(element: etree._Element) -> etree._Element | None:
    """The shape's `p:ph` (python-pptx's `ph`, `./*[1]/p:nvPr/p:ph`, without an XPath per call)."""
    return _find(_first_child(element), _PH)


def _plain_xfrm(element: etree._Element) -> etree._Element | bool | None:
    """The shape's a:xfrm (None: it has none) when it can be read directly; False when python-pptx
    has to read it (a kind of shape this does not know, or XML python-pptx would refuse)."""
    path = _XFRM.get(element.tag)
    if path is None:
        return False
    if element.tag == P_GRAPHICFRAME:
        if _find(element, _GRAPHIC_DATA) is None or _find(element, path) is None:
            return False  # python-pptx requires both: its error, not this one's
    elif element.find(path[0]) is None:
        return False
    xfrm = _find(element, path)
    if xfrm is None:
        return None
    off, ext = xfrm.find(A_OFF), xfrm.find(A_EXT)
    if (off is not None and None in (off.get("x"), off.get("y"))) or (
        ext is not None and None in (ext.get("cx"), ext.get("cy"))
    ):
        return False
    return xfrm


def _has_visible_text(tx_body: etree._Element) -> bool:
    """python-pptx's `bool(text_frame.text.strip())`: line breaks and spaces are not text."""
    for p in tx_body.findall(A_P):
        for child in p:
            if child.tag == A_R or child.tag == A_FLD:
                t = child.find(A_T)
                if t is not None and (t.text or "").strip():
                    return True
    return False


Position = tuple[int | None, int | None, int | None, int | None]  # left, top, width, height
_POSITION = ("left", "top", "width", "height")
_INHERITS = (P_SP, P_PIC)  # python-pptx's slide placeholders that inherit a position from their layout


class _Box:
    """A top-level shape of a slide and its position, read at most once per slide.

    The position and whether the shape is an obstacle are read straight from the shape's XML:
    python-pptx builds a proxy per shape, finds whether it is a placeholder with an XPath, and
    looks a placeholder's position up through its layout and master on every access. A
    placeholder's missing position is still python-pptx's answer, asked once per deck for each
    layout placeholder (`inherited`, shared by the boxes of one deck). A kind of shape this does
    not know is read through python-pptx (`shape`), as is every shape of a box made from a
    python-pptx shape (the plain route the tests compare with). Fitting changes font sizes and
    line breaks, never positions or which shapes hold text, so nothing read here goes stale.
    """

    def __init__(
        self, element: etree._Element, shapes: Any = None, shape: Any = None, inherited: dict[Any, Any] | None = None
    ) -> None:
        self.element = element
        self._shapes = shapes
        self._inherited = {} if inherited is None else inherited
        if shape is not None:
            self.__dict__["shape"] = shape
            self.__dict__["_xfrm"] = False

    @cached_property
    def placeholder(self) -> etree._Element | None:
        return placeholder_of(self.element)

    @cached_property
    def _xfrm(self) -> etree._Element | bool | None:
        """The a:xfrm to read the position from (None: none), False to ask python-pptx; read only
        when needed: most slides have no growing box, so only their text boxes' sizes are read."""
        return _plain_xfrm(self.element)

    @classmethod
    def of(cls, shape: Any) -> _Box:
        """The box of a python-pptx shape, every value read through python-pptx."""
        return cls(shape._element, shape=shape)

    @cached_property
    def shape(self) -> Any:
        return self._shapes._shape_factory(self.element)

    @cached_property
    def position(self) -> Position:
        xfrm = self._xfrm
        if xfrm is False:
            s = self.shape
            return s.left, s.top, s.width, s.height
        left = top = width = height = None
        if isinstance(xfrm, etree._Element):
            off, ext = xfrm.find(A_OFF), xfrm.find(A_EXT)
            if off is not None:
                left, top = ST_Coordinate.from_xml(off.get("x")), ST_Coordinate.from_xml(off.get("y"))
            if ext is not None:
                width = ST_PositiveCoordinate.from_xml(ext.get("cx"))
                height = ST_PositiveCoordinate.from_xml(ext.get("cy"))
        own = (left, top, width, height)
        if self.placeholder is None or self.element.tag not in _INHERITS or None not in own:
            return own
        # python-pptx's _effective_value: each value the shape lacks comes from its layout
        layout = self._shapes.part.slide_layout.part.partname
        values = []
        for value, name in zip(own, _POSITION, strict=True):
            if value is None:
                key = (layout, self.placeholder.idx, name)
                if key not in self._inherited:
                    self._inherited[key] = self.shape._inherited_value(name)
                value = self._inherited[key]
            values.append(value)
        return values[0], values[1], values[2], values[3]

    @property
    def left(self) -> int | None:
        return self.position[0]

    @property
    def top(self) -> int | None:
        return self.position[1]

    @property
    def width(self) -> int | None:
        return self.position[2]

    @property
    def height(self) -> int | None:
        return self.position[3]

    @cached_property
    def obstacle(self) -> bool:
        """python-pptx's `_is_obstacle(shape)`, from the XML."""
        if self._xfrm is False:
            return _is_obstacle(self.shape)
        tag = self.element.tag
        if tag == P_SP:  # python-pptx's text_frame adds an empty txBody to a shape without one
            return _has_visible_text(self.element.get_or_add_txBody())
        if tag == P_PIC:  # python-pptx types a placeholder picture PLACEHOLDER, a movie MEDIA
            return self.placeholder is None and _find(self.element, _VIDEO) is None
        if tag == P_GRAPHICFRAME:
            data = _find(self.element, _GRAPHIC_DATA)
            return data is not None and data.get("uri") in (GRAPHIC_DATA_URI_CHART, GRAPHIC_DATA_URI_TABLE)
        return tag == P_GRPSP  # a connector is a line

    @property
    def title(self) -> bool:
        """A placeholder with idx 0 (python-pptx's `is_placeholder and placeholder_format.idx == 0`)."""
        return self.placeholder is not None and self.placeholder.idx == 0


def slide_boxes(slide: Any, inherited: dict[Any, Any] | None = None) -> list[_Box]:
    """The boxes of a slide's top-level shapes, in python-pptx's `slide.shapes` order; `inherited`
    holds the positions placeholders inherit, for the slides of one deck."""
    shapes = slide.shapes
    inherited = {} if inherited is None else inherited
    return [_Box(el, shapes, inherited=inherited) for el in shapes._spTree.iterchildren() if el.tag in SHAPE_TAGS]


def room_below(box: _Box, boxes: list[_Box], slide_height: int) -> int:
    """EMU from the top of `box` to the first obstacle below it, or to the bottom of the slide."""
    box_left, box_top, box_width, _ = box.position
    top, left = box_top or 0, box_left or 0
    right = left + (box_width or 0)
    limit = slide_height
    for other in boxes:
        other_left, other_top, other_width, _ = other.position
        if other is box or other_top is None or other_left is None or other_width is None:
            continue
        overlaps = other_left < right and other_left + other_width > left
        if overlaps and top < other_top < limit and other.obstacle:
            limit = other_top
    return max(0, limit - top)


def shape_room_below(shape: Any, shapes: list[Any], slide_height: int) -> int:
    """room_below for plain python-pptx shapes (the overflow check measures what fitting allowed)."""
    boxes = [_Box.of(s) for s in shapes]
    return room_below(boxes[shapes.index(shape)], boxes, slide_height)


def fit_shape(shape: Any, fallback_pt: float, text_room: int | None = None) -> bool:
    """Shrink one shape's text until it fits its box (or `text_room` EMU of height); True when it changed."""
    return _fit_box(_Box.of(shape), shape.text_frame._txBody, fallback_pt, text_room)


def _fit_box(box: _Box, tx_body: Any, fallback_pt: float, text_room: int | Callable[[], int] | None) -> bool:
    """fit_shape on a box and its txBody, reading the text frame's XML directly. `text_room` may
    be a function: the room below a growing box is looked for only when the box holds text (its
    position and its slide's are not read for an empty box, whose fit changes nothing)."""
    body_pr = _body_pr(tx_body)
    if not _WORD_WRAP[body_pr.wrap]:  # python-pptx's word_wrap: False ("none") stops, None inherits
        return False
    paras = [(p, _runs_text(p), _size_of(p, fallback_pt)) for p in tx_body.findall(A_P)]
    if not any(text for _, text, _ in paras):
        return False
    width = Emu(box.width - (body_pr.lIns or 0) - (body_pr.rIns or 0)).pt  # type: ignore[operator]
    if callable(text_room):
        text_room = text_room()
    if text_room is None:
        text_room = box.height - (body_pr.tIns or 0) - (body_pr.bIns or 0)  # type: ignore[operator]
    height = Emu(text_room).pt
    if width <= 0 or height <= 0:
        return False
    ems = [(_em(t), s) for _, t, s in paras]
    scale = 1.0
    while _height_pt([(em, s * scale) for em, s in ems], width) > height and scale > MIN_SCALE:
        scale = round(scale - 0.05, 2)
    if scale >= 1.0:
        return False
    for p, _, size in paras:
        new = Pt(max(1.0, round(size * scale * 2) / 2))
        for r in p.findall(A_R):
            Font(r.get_or_add_rPr()).size = new
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
    # widths[i]: the em of line[:i] added up from the left, as sum() adds them, so a line's width
    # is not summed again for each unit added to it
    widths: list[float] = [0.0]
    for unit in units:
        for c in unit:
            widths.append(widths[-1] + char_em(c))
        if line and _wider(line + unit, widths, width_em):
            lines.append(line.rstrip())
            line = unit.lstrip()
            widths = [0.0]
            for c in line:
                widths.append(widths[-1] + char_em(c))
        else:
            line += unit
    return [*lines, line.rstrip()] if line.strip() or not lines else lines


def _wider(candidate: str, widths: list[float], width_em: float) -> bool:
    """`_em(candidate.rstrip()) > width_em`, from the running sums of `candidate`'s characters."""
    em = widths[len(candidate.rstrip())]
    if abs(em - width_em) < 1e-9:  # at the limit: sum() as the rule has it (Python 3.12 sums floats
        return _em(candidate.rstrip()) > width_em  # with compensation, which may differ in the last bit)
    return em > width_em


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
    return _balance_box(_Box.of(shape), shape.text_frame._txBody, fallback_pt)


def _balance_box(box: _Box, tx_body: Any, fallback_pt: float) -> bool:
    """balance_title on a box and its txBody, reading the text frame's XML directly."""
    paragraphs = [p for p in tx_body.findall(A_P) if _runs_text(p).strip()]
    if len(paragraphs) != 1 or any(p.find(A_BR) is not None for p in paragraphs):
        return False
    p = paragraphs[0]
    text = _runs_text(p)
    size = _size_of(p, fallback_pt)
    body_pr = _body_pr(tx_body)
    width_pt = Emu(box.width - (body_pr.lIns or 0) - (body_pr.rIns or 0)).pt  # type: ignore[operator]
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
            continue  # "¥1,926.2万", "10:30": a Latin comma or colon breaks only before a space
        head, tail = text[: i + 1], text[i + 1 :].lstrip()
        head_lines, tail_lines = wrap_lines(head, line_em), wrap_lines(tail, line_em)
        if len(head_lines) + len(tail_lines) > max(len(lines), 2):
            continue
        shortest = min(_em(tail_lines[-1]), _em(head_lines[-1]))
        if shortest >= ORPHAN_EM and (best is None or shortest > best[0]):
            best = (shortest, i + 1)
    if best is not None:
        _split_run_at(_Paragraph(p, None), best[1])  # type: ignore[arg-type]  # no parent needed
        return True
    scale = 1.0
    while scale > MIN_ORPHAN_SCALE:
        scale = round(scale - 0.025, 3)
        if len(lines) > 1 and len(wrap_lines(text, width_pt / (size * scale))) < len(lines):
            new = Pt(round(size * scale * 2) / 2)
            for r in p.findall(A_R):
                Font(r.get_or_add_rPr()).size = new
            return True
    return False


def _room_for_text(box: _Box, boxes: list[_Box], slide_height: int, tx_body: Any) -> int:
    """A growing box's room: down to the obstacle below it, less its top inset."""
    return room_below(box, boxes, slide_height) - (_body_pr(tx_body).tIns or 0)


def fit_text(prs: Any) -> int:
    """Fit every title and wrapped text box of the deck; returns how many shapes shrank."""
    changed = 0
    slide_height = prs.slide_height
    inherited: dict[Any, Any] = {}
    for slide in prs.slides:
        boxes = slide_boxes(slide, inherited)
        for box in boxes:
            if box.element.tag != P_SP:  # python-pptx's has_text_frame: an autoshape or text box
                continue
            tx_body = box.element.get_or_add_txBody()  # as python-pptx's text_frame does
            room = None
            if _grows(tx_body):  # the text may run down to the obstacle; the bottom inset is blank
                room = partial(_room_for_text, box, boxes, slide_height, tx_body)
            if _fit_box(box, tx_body, TITLE_PT if box.title else DEFAULT_PT, room):
                changed += 1
            # after the fit, at the size the title will have: neither shrinking further nor a
            # break adds a line, so what fitted still fits
            if box.title and _balance_box(box, tx_body, TITLE_PT):
                changed += 1
    return changed
