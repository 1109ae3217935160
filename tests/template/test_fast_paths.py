"""Rendering's shortcuts give what the plain route gives.

- named_shapes reads names from the XML and builds python-pptx proxies only for the named
  shapes: the same shapes, in the same order, as the same proxies as walking every shape;
- a table is rendered only when one of its text nodes holds a "{" (an XPath), as when its
  joined text does;
- a Template fills a copy of its deck opened once (`copy_presentation`), which must be the deck
  opened again from its bytes, and share nothing a fill changes with the next copy;
- `package_parts` walks the parts as python-pptx's `iter_parts` does, in the same order (the
  order of the saved zip's entries).
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches

from qbr.template.named import named_shapes, named_shapes_plain
from qbr.template.package import copy_presentation, package_parts, save_pptx
from qbr.template.tables import _HAS_BRACE
from tests.conftest import ROOT
from tests.template.test_fit_fast import DECKS, _png


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


# --- a copy of the opened template instead of opening its bytes again ---------------------------


def _structure(prs: Any) -> list[tuple[Any, ...]]:
    """Every part (name, content type, class) and its relationships in order, package's first."""
    package = prs.part.package

    def rels(r: Any) -> list[tuple[str, str, bool, str]]:
        return [
            (x.rId, x.reltype, x.is_external, x.target_ref if x.is_external else str(x.target_part.partname))
            for x in r.values()
        ]

    found: list[tuple[Any, ...]] = [("/", rels(package._rels))]
    for part in package.iter_parts():
        found.append((str(part.partname), part.content_type, type(part), rels(part.rels), part.blob))
    return found


@pytest.mark.parametrize("blob", [pytest.param(p.read_bytes, id=p.name) for p in DECKS])
def test_a_copy_of_an_opened_deck_is_the_deck_opened_again(blob: Any) -> None:
    data = blob()
    source = Presentation(io.BytesIO(data))
    copied = copy_presentation(source)
    assert _structure(copied) == _structure(Presentation(io.BytesIO(data)))
    assert save_pptx(copied) == save_pptx(Presentation(io.BytesIO(data)))
    opened = Presentation(io.BytesIO(data))
    kinds = [[type(shape) for shape in slide.shapes] for slide in copied.slides]
    assert kinds == [[type(shape) for shape in slide.shapes] for slide in opened.slides]


def test_filling_a_copy_leaves_the_source_and_the_next_copy_as_opened() -> None:
    data = (ROOT / "templates" / "qbr_zh.pptx").read_bytes()
    source = Presentation(io.BytesIO(data))
    before = save_pptx(source)
    first = copy_presentation(source)
    for slide in first.slides:  # change text, drop a relationship, add a picture
        for t in slide._element.iter(qn("a:t")):
            t.text = "改"
    first.slides[0].shapes.add_picture(io.BytesIO(_png()), 0, 0)
    first.part.drop_rel(first.slides._sldIdLst[-1].rId)
    first.core_properties.title = "客户甲"
    assert save_pptx(first) != before
    assert save_pptx(source) == before
    assert save_pptx(copy_presentation(source)) == save_pptx(Presentation(io.BytesIO(data)))


def test_a_template_renders_each_context_as_a_new_template_would() -> None:
    # the copied deck is the only state a Template keeps between renders: rendering "乙" after
    # "甲" must give the bytes a Template that never rendered gives for "乙"
    from qbr.template import Template

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "{{ name }} 季度回顾"
    slide.placeholders[1].text = "{%p for x in items %}\n{{ x }}\n{%p endfor %}"
    blob = save_pptx(prs)
    used = Template.from_bytes(blob)
    first = used.render({"name": "甲", "items": ["a", "b", "c"]})
    second = used.render({"name": "乙", "items": ["d"]})
    assert second == Template.from_bytes(blob).render({"name": "乙", "items": ["d"]})
    assert first != second and "乙".encode() not in first


@pytest.mark.parametrize("blob", [pytest.param(p.read_bytes, id=p.name) for p in DECKS])
def test_package_parts_are_python_pptx_iter_parts_in_its_order(blob: Any) -> None:
    prs = Presentation(io.BytesIO(blob()))
    package = prs.part.package
    # an external link and a relationship back to an earlier part make the walk less trivial
    slide = prs.slides[len(prs.slides) - 1] if len(prs.slides) else None
    if slide is not None:
        slide.part.rels.get_or_add_ext_rel(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink", "https://example.com"
        )
        slide.part.relate_to(prs.part, "http://example.com/back")
    assert [id(p) for p in package_parts(package)] == [id(p) for p in package.iter_parts()]


@pytest.mark.parametrize("blob", [pytest.param(p.read_bytes, id=p.name) for p in DECKS])
def test_the_bodies_rendered_are_every_body_with_a_brace_in_a_paragraph(blob: Any) -> None:
    # render_body does nothing to a body none of whose paragraphs holds a "{": only those are skipped
    from qbr.template.engine import _BODIES_WITH_BRACES, P_TXBODY
    from qbr.template.text import A_P, paragraph_text

    prs = Presentation(io.BytesIO(blob()))
    for slide in prs.slides:
        for tree in slide._element.iter(qn("p:spTree")):
            plain = [b for b in tree.iter(P_TXBODY) if any("{" in paragraph_text(p) for p in b.findall(A_P))]
            assert _BODIES_WITH_BRACES(tree) == plain


@pytest.mark.parametrize("blob", [pytest.param(p.read_bytes, id=p.name) for p in DECKS])
def test_every_remembered_rels_part_is_what_python_pptx_writes(blob: Any) -> None:
    # the cache outlives each deck (and each test case): a key shared by two different sets of
    # relationships would show here as a rels part of another deck
    from qbr.template.package import rels_xml

    prs = Presentation(io.BytesIO(blob()))
    package = prs.part.package
    assert rels_xml(package._rels) == package._rels.xml
    for part in package_parts(package):
        assert rels_xml(part.rels) == part.rels.xml, part.partname


def notes_cases() -> bytes:
    """Slides whose notes have text, an emptied body placeholder, none at all, or no notes slide."""
    prs = Presentation()
    for n in range(4):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        if n == 3:
            continue  # no notes slide
        notes = slide.notes_slide
        body = notes.notes_placeholder
        if n == 0:
            body.text_frame.text = "{{ talk }}"
        elif n == 1:
            body._element.remove(body._element.find(qn("p:txBody")))  # python-pptx adds it back
        else:
            body._element.getparent().remove(body._element)  # no body placeholder left
    return save_pptx(prs)


@pytest.mark.parametrize(
    "blob", [pytest.param(p.read_bytes, id=p.name) for p in DECKS] + [pytest.param(notes_cases, id="notes")]
)
def test_the_notes_body_read_from_the_xml_is_python_pptx_notes_text_frame(blob: Any) -> None:
    from qbr.template.engine import _notes_body, _notes_text_body

    data = blob()
    fast, plain = Presentation(io.BytesIO(data)), Presentation(io.BytesIO(data))
    for a, b in zip(fast.slides, plain.slides, strict=True):
        found, expected = _notes_text_body(a), _notes_body(b)
        assert (found is None) == (expected is None)
        if found is not None:
            assert found.getroottree().getpath(found) == expected.getroottree().getpath(expected)
    assert save_pptx(fast) == save_pptx(plain)  # the same text body added where one was missing


def test_renders_in_threads_give_the_bytes_of_renders_one_by_one() -> None:
    # a Dask worker may run tasks in threads: the unfilled deck is copied under a lock
    import json
    from concurrent.futures import ThreadPoolExecutor

    from qbr.template import Template

    blob = (ROOT / "templates" / "example.pptx").read_bytes()
    context = json.loads((ROOT / "templates" / "example.json").read_text(encoding="utf-8"))
    names = [f"客户{n}" for n in range(8)]
    contexts = [{**context, "customer": {**context["customer"], "name": name}} for name in names]
    alone = [Template.from_bytes(blob).render(c) for c in contexts]
    shared = Template.from_bytes(blob)
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(shared.render, contexts)) == alone


@pytest.mark.parametrize("blob", [pytest.param(p.read_bytes, id=p.name) for p in DECKS])
def test_every_remembered_content_types_part_is_what_python_pptx_writes(blob: Any) -> None:
    from pptx.opc.oxml import serialize_part_xml
    from pptx.opc.serialized import _ContentTypesItem

    from qbr.template.package import content_types_xml

    prs = Presentation(io.BytesIO(blob()))
    parts = package_parts(prs.part.package)
    expected = serialize_part_xml(_ContentTypesItem.xml_for(parts))
    assert content_types_xml(parts) == expected
    assert content_types_xml(parts) == expected  # remembered
    if len(parts) > 1:  # another order is another key (an extension's default is the last part's)
        assert content_types_xml(parts[::-1]) == serialize_part_xml(_ContentTypesItem.xml_for(parts[::-1]))
