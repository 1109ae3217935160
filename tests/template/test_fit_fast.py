"""The text fitting reads shapes from the XML; every value it reads, and every deck it fits, must
equal what the plain route through python-pptx's shape proxies gives (`fit_plain.py`, the fitting
as first written).

Decks compared: the default templates, the real-world decks of tests/template/decks, a slide of
unusual shapes (placeholder picture, movie, connector, group, chart, table, a placeholder that
keeps its own size but inherits its place, a shape without a text body), and CNPC's two decks in
both languages as filled before fitting.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Inches

from qbr.template import fit
from qbr.template.package import save_pptx
from tests.conftest import ROOT
from tests.template import fit_plain

DECKS = sorted((ROOT / "tests" / "template" / "decks").rglob("*.pptx")) + sorted((ROOT / "templates").glob("*.pptx"))


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0")) + chunk(b"IEND", b"")
    )


def unusual_shapes() -> bytes:
    """One slide of every kind of shape the fitting tells apart."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[8])  # title, picture placeholder, caption
    slide.shapes.title.text = "一个很长的标题，" * 6
    picture = next(s for s in slide.placeholders if s.placeholder_format.type == 18)  # PICTURE
    picture_idx = picture.placeholder_format.idx
    picture.insert_picture(io.BytesIO(_png()))  # the placeholder becomes a p:pic placeholder
    caption = next(s for s in slide.placeholders if s.placeholder_format.idx not in (0, picture_idx))
    caption.text = "说明"
    # a placeholder with its own size but its layout's place: a:xfrm with a:ext only
    xfrm = caption._element.spPr.get_or_add_xfrm()
    xfrm.get_or_add_ext().cx, xfrm.get_or_add_ext().cy = Inches(3), Inches(1)
    slide.shapes.add_movie(
        io.BytesIO(b"not a movie"), Inches(1), Inches(5), Inches(1), Inches(1), poster_frame_image=io.BytesIO(_png())
    )
    slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Inches(0), Inches(6), Inches(9), Inches(6))
    group = slide.shapes.add_group_shape()
    group.shapes.add_textbox(Inches(5), Inches(5), Inches(1), Inches(1)).text = "组内"
    data = CategoryChartData()
    data.categories = ["a", "b"]
    data.add_series("s", (1, 2))
    slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(6), Inches(2), Inches(3), Inches(2), data)
    slide.shapes.add_table(2, 2, Inches(6), Inches(4.5), Inches(3), Inches(1))
    bare = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(0.5), Inches(2.5), Inches(2), Inches(2))
    bare._element.remove(bare._element.find(qn("p:txBody")))  # python-pptx adds one when it reads the text
    grows = slide.shapes.add_textbox(Inches(0.5), Inches(1.5), Inches(5), Inches(0.3))
    grows.text = "增长" * 40  # a textbox is "resize shape to fit text": its room is down to the next obstacle
    return save_pptx(prs)


def _slides(blob: bytes) -> tuple[Any, Any]:
    return Presentation(io.BytesIO(blob)), Presentation(io.BytesIO(blob))


def _plain_title(shape: Any) -> bool:
    return bool(shape.is_placeholder and shape.placeholder_format.idx == 0)


def _read(box: Any) -> tuple[Any, ...]:
    return (box.left, box.top, box.width, box.height, box.obstacle)


BLOBS = [pytest.param(path.read_bytes, id=path.name) for path in DECKS] + [
    pytest.param(unusual_shapes, id="unusual_shapes")
]


@pytest.mark.parametrize("blob", BLOBS)
def test_boxes_read_from_the_xml_equal_python_pptx_shapes(blob: Callable[[], bytes]) -> None:
    fast_deck, plain_deck = _slides(blob())
    for number, (fast_slide, plain_slide) in enumerate(zip(fast_deck.slides, plain_deck.slides, strict=True), 1):
        fast_boxes = fit.slide_boxes(fast_slide)
        shapes = list(plain_slide.shapes)
        assert [b.element.get("id") or b.element.tag for b in fast_boxes] == [
            s._element.get("id") or s._element.tag for s in shapes
        ]
        for box, shape in zip(fast_boxes, shapes, strict=True):
            plain = fit_plain._Box(shape)
            expected = (plain.left, plain.top, plain.width, shape.height, plain.obstacle)
            assert _read(box) == expected, f"slide {number}, {shape.name}"
            assert box.title == _plain_title(shape), f"slide {number}, {shape.name}"
    # reading the obstacles added the same text bodies python-pptx's text_frame adds
    assert save_pptx(fast_deck) == save_pptx(plain_deck)


def test_the_unusual_slide_has_what_it_is_meant_to_test() -> None:
    prs = Presentation(io.BytesIO(unusual_shapes()))
    boxes = fit.slide_boxes(prs.slides[0])
    kinds = {type(b.shape).__name__ for b in boxes}
    assert {"PlaceholderPicture", "Movie", "Connector", "GroupShape", "GraphicFrame", "Shape"} <= kinds
    caption = next(b for b in boxes if b.placeholder is not None and b.element.tag == fit.P_SP and not b.title)
    own = caption.element.spPr.xfrm
    assert own.off is None and own.ext is not None  # place inherited, size its own
    layout_caption = prs.slides[0].slide_layout.placeholders.get(idx=caption.placeholder.idx)
    assert (caption.left, caption.top) == (layout_caption.left, layout_caption.top)
    assert caption.width == Inches(3)


def _paragraphs(prs: Any) -> Iterator[Any]:
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                yield from shape.text_frame.paragraphs


@pytest.mark.parametrize("blob", BLOBS)
def test_paragraph_text_and_size_read_from_the_xml_equal_python_pptx(blob: Callable[[], bytes]) -> None:
    fast_deck, plain_deck = _slides(blob())
    for fast, plain in zip(_paragraphs(fast_deck), _paragraphs(plain_deck), strict=True):
        assert fit._runs_text(fast._p) == "".join(r.text for r in plain.runs)
        assert fit._size_of(fast._p, 18.0) == fit_plain._runs_size(plain, 18.0)
    assert save_pptx(fast_deck) == save_pptx(plain_deck)  # the same a:rPr added to each run


ALPHABET = "销售额同比增长，；：、。（）Sales up 25.8% on last year il.,:;MW¥\u00a0\u3000 "


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60), st.floats(min_value=0.5, max_value=30, allow_nan=False))
def test_wrap_lines_equals_the_plain_rule(text: str, width: float) -> None:
    assert fit.wrap_lines(text, width) == fit_plain.wrap_lines(text, width)


def test_wrap_lines_at_exactly_the_width_follows_the_rule() -> None:
    # 0.3 + 0.3 + 0.3 = 0.8999999999999999 when summed from the left: a line of three "i" fits in 0.9
    assert fit.wrap_lines("iii i", 0.9) == fit_plain.wrap_lines("iii i", 0.9)
    assert fit.wrap_lines("甲" * 5, 5.0) == fit_plain.wrap_lines("甲" * 5, 5.0) == ["甲" * 5]


@pytest.fixture(scope="module")
def unfitted_decks() -> list[bytes]:
    """CNPC's deck and brief, Chinese and English, filled but not yet fitted."""
    from qbr.pipeline import BuildRequest, build_deck
    from qbr.quarter import Quarter

    captured: list[bytes] = []
    real = fit.fit_text

    def capture(prs: Any) -> int:
        captured.append(save_pptx(prs))
        return real(prs)

    with pytest.MonkeyPatch.context() as mp, __import__("tempfile").TemporaryDirectory() as out:
        mp.setattr(fit, "fit_text", capture)
        for lang in ("zh", "en"):
            build_deck(BuildRequest(ROOT / "sample_data", "CNPC", Quarter(2023, 4), out_dir=Path(out), lang=lang))
    assert len(captured) == 4
    return captured


def test_fitting_filled_decks_gives_the_bytes_of_the_plain_route(unfitted_decks: list[bytes]) -> None:
    shrunk = 0
    for blob in [*unfitted_decks, unusual_shapes()]:
        fast_deck, plain_deck = _slides(blob)
        changed = fit.fit_text(fast_deck)
        assert changed == fit_plain.fit_text(plain_deck)
        assert save_pptx(fast_deck) == save_pptx(plain_deck)
        shrunk += changed
    assert shrunk > 0  # the decks do have text to shrink or titles to balance
