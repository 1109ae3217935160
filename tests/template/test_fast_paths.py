"""Rendering's shortcuts give what the plain route gives.

- named_shapes reads names from the XML and builds python-pptx proxies only for the named
  shapes: the same shapes, in the same order, as the same proxies as walking every shape;
- a table is rendered only when one of its text nodes holds a "{" (an XPath), as when its
  joined text does.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches

from qbr.template.named import named_shapes, named_shapes_plain
from qbr.template.package import save_pptx
from qbr.template.tables import _HAS_BRACE
from tests.template.test_fit_fast import DECKS


def nested_named_shapes() -> bytes:
    """Named shapes at the top, in a group and in a group inside a group, and a named placeholder."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.name = " Chart:Title "  # a placeholder: its proxy is a SlidePlaceholder
    slide.shapes.add_textbox(Inches(1), Inches(1), Inches(1), Inches(1)).name = "image:logo"
    outer = slide.shapes.add_group_shape()
    outer.name = "chart:group"
    outer.shapes.add_textbox(Inches(2), Inches(2), Inches(1), Inches(1)).name = "chart:inner"
    inner = outer.shapes.add_group_shape()
    inner.shapes.add_textbox(Inches(3), Inches(3), Inches(1), Inches(1)).name = "image:deep.logo"
    inner.shapes.add_textbox(Inches(3), Inches(4), Inches(1), Inches(1)).name = "not named"
    slide.shapes.add_textbox(Inches(4), Inches(4), Inches(1), Inches(1)).name = "chart:last"
    return save_pptx(prs)


def _facts(found: list[Any]) -> list[tuple[str, str, Any]]:
    return [(n.name, type(n.shape).__name__, n.shape._element) for n in found]


@pytest.mark.parametrize(
    "blob",
    [pytest.param(p.read_bytes, id=p.name) for p in DECKS] + [pytest.param(nested_named_shapes, id="nested")],
)
def test_named_shapes_from_the_xml_are_the_shapes_python_pptx_finds(blob: Any) -> None:
    prs = Presentation(io.BytesIO(blob()))
    for slide in prs.slides:
        assert _facts(named_shapes(slide)) == _facts(named_shapes_plain(slide))


def test_the_nested_slide_finds_each_named_shape_once_in_document_order() -> None:
    slide = Presentation(io.BytesIO(nested_named_shapes())).slides[0]
    found = named_shapes(slide)
    assert [n.name for n in found] == [
        " Chart:Title ",
        "image:logo",
        "chart:group",
        "chart:inner",
        "image:deep.logo",
        "chart:last",
    ]
    assert type(found[0].shape).__name__ == "SlidePlaceholder"
    assert type(found[3].shape).__name__ == "Shape"  # made by the group's own shape factory


def table_cases() -> bytes:
    """Tables with no tag, a tag, a lone brace in a later cell, and a brace in a run's tail-less text."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    for texts in (["a", "b"], ["{{ x }}", ""], ["", "价格 {"], ["}", "{%tr if a %}"]):
        table = slide.shapes.add_table(1, 2, Inches(1), Inches(1), Inches(4), Inches(1)).table
        for cell, text in zip(table.rows[0].cells, texts, strict=True):
            cell.text = text
        # python-pptx names a table style by its GUID, "{5C22544A-...}": a brace in every table
        style = table._tbl.find(f"{qn('a:tblPr')}/{qn('a:tableStyleId')}")
        style.getparent().remove(style)
    return save_pptx(prs)


@pytest.mark.parametrize(
    "blob", [pytest.param(p.read_bytes, id=p.name) for p in DECKS] + [pytest.param(table_cases, id="cases")]
)
def test_a_table_is_rendered_when_its_joined_text_holds_a_brace(blob: Any) -> None:
    prs = Presentation(io.BytesIO(blob()))
    for slide in prs.slides:
        for tbl in slide._element.iter(qn("a:tbl")):
            assert _HAS_BRACE(tbl) == ("{" in "".join(tbl.itertext()))


def test_the_table_cases_hold_braces_and_no_braces() -> None:
    tables = list(Presentation(io.BytesIO(table_cases())).slides[0]._element.iter(qn("a:tbl")))
    assert [bool(_HAS_BRACE(t)) for t in tables] == [False, True, True, True]
