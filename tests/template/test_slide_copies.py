"""Slide copies and dropped slides at the package level: part names, custom shows, sections,
hyperlinks, comments and SmartArt, checked in the written zip itself."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn

from qbr.template import Template
from tests.template.helpers import CORPUS, add_chart, blank, lines, new_deck, save, textbox
from tests.template.package import new_audit_errors, orphan_slides, package_faults

P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"


def _render(prs, ctx) -> tuple[bytes, bytes]:
    template = save(prs)
    return template, Template.from_bytes(template, "t.pptx").render(ctx)


def _first_text(slide) -> str:
    return next(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def _texts_by(prs) -> tuple[dict[str, str], dict[str, str]]:
    """Slide text by presentation rId and by slide id."""
    by_rid, by_id = {}, {}
    for sld_id in prs.slides._sldIdLst:
        text = _first_text(prs.part.related_part(sld_id.rId).slide)
        by_rid[sld_id.rId], by_id[str(sld_id.id)] = text, text
    return by_rid, by_id


# --- item 1: two charts on a repeated slide ------------------------------------------------------


def test_a_repeated_slide_with_two_charts_gives_every_copy_its_own_two_charts_and_workbooks():
    prs = new_deck()
    slide = blank(prs)
    lines(textbox(slide, top=0.2).text_frame, ["{{ r.name }}"])
    add_chart(slide, "chart:r.bars", XL_CHART_TYPE.COLUMN_CLUSTERED)
    add_chart(slide, "chart:r.share", XL_CHART_TYPE.PIE)
    slide.notes_slide.notes_text_frame.text = "{%slide for r in regions %}"
    regions = [
        {
            "name": f"R{i}",
            "bars": {"categories": ["Q1", "Q2"], "series": [{"name": "sales", "values": [i, 10 * i]}]},
            "share": {"categories": ["x", "y", "z"], "series": [{"name": "mix", "values": [i, 2, 3]}]},
        }
        for i in range(1, 4)
    ]
    template, blob = _render(prs, {"regions": regions})

    assert package_faults(blob) == []
    names = zipfile.ZipFile(io.BytesIO(blob)).namelist()
    assert len([n for n in names if n.startswith("ppt/charts/chart")]) == 6
    assert len([n for n in names if n.startswith("ppt/embeddings/")]) == 6
    out = Presentation(io.BytesIO(blob))
    for i, s in enumerate(out.slides, start=1):
        bars, share = (sh.chart for sh in s.shapes if sh.has_chart)
        assert _first_text(s) == f"R{i}"
        assert bars.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED and share.chart_type == XL_CHART_TYPE.PIE
        assert list(bars.plots[0].categories) == ["Q1", "Q2"]
        assert list(bars.series[0].values) == [i, 10 * i]
        assert list(share.plots[0].categories) == ["x", "y", "z"]
        assert list(share.series[0].values) == [i, 2, 3]
    assert new_audit_errors(template, blob) == []


# --- custom shows and sections -------------------------------------------------------------------


def _three_slides():
    prs = new_deck()
    for text, directive in [("one", None), ("two", "{%slide if show_two %}"), ("three", "{%slide for x in xs %}")]:
        s = blank(prs)
        lines(textbox(s).text_frame, [text if directive is None or "if" in directive else "three {{ x }}"])
        if directive:
            s.notes_slide.notes_text_frame.text = directive
    return prs


def _add_custom_show(prs) -> None:
    P, R = "http://schemas.openxmlformats.org/presentationml/2006/main", qn("r:id")
    show = etree.Element(qn("p:custShowLst"), nsmap={"p": P})
    cust = etree.SubElement(show, qn("p:custShow"), name="Short", id="0")
    sld_lst = etree.SubElement(cust, qn("p:sldLst"))
    for sld_id in prs.slides._sldIdLst:
        etree.SubElement(sld_lst, qn("p:sld")).set(R, sld_id.rId)
    prs.part._element.find(qn("p:notesSz")).addnext(show)


def _add_sections(prs) -> None:
    ids = [str(s.slide_id) for s in prs.slides]
    ext_lst = etree.SubElement(prs.part._element, qn("p:extLst"))
    ext = etree.SubElement(ext_lst, qn("p:ext"), uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}")
    lst = etree.SubElement(ext, f"{{{P14}}}sectionLst", nsmap={"p14": P14})
    for n, (name, members) in enumerate([("A", ids[:2]), ("B", ids[2:])]):
        sec = etree.SubElement(lst, f"{{{P14}}}section", name=name, id=f"{{0000000{n}-0000-0000-0000-000000000000}}")
        sld_lst = etree.SubElement(sec, f"{{{P14}}}sldIdLst")
        for i in members:
            etree.SubElement(sld_lst, f"{{{P14}}}sldId", id=i)


def test_custom_show_loses_dropped_slides_and_lists_loop_copies_in_order():
    prs = _three_slides()
    _add_custom_show(prs)
    template, blob = _render(prs, {"show_two": False, "xs": ["a", "b"]})
    assert package_faults(blob) == []
    out = Presentation(io.BytesIO(blob))
    by_rid, _ = _texts_by(out)
    shown = [by_rid[sld.get(qn("r:id"))] for sld in out.part._element.iter(qn("p:sld"))]
    assert shown == ["one", "three a", "three b"]
    assert new_audit_errors(template, blob) == []


def test_sections_lose_dropped_slides_and_copies_join_the_section_of_their_original():
    prs = _three_slides()
    _add_sections(prs)
    template, blob = _render(prs, {"show_two": False, "xs": ["a", "b", "c"]})
    out = Presentation(io.BytesIO(blob))
    _, by_id = _texts_by(out)
    sections = {
        sec.get("name"): [by_id[e.get("id")] for e in sec.iter(f"{{{P14}}}sldId")]
        for sec in out.part._element.iter(f"{{{P14}}}section")
    }
    assert sections == {"A": ["one"], "B": ["three a", "three b", "three c"]}
    assert new_audit_errors(template, blob) == []


# --- a dropped slide that other slides link to ----------------------------------------------------


def test_a_dropped_slide_that_others_link_to_leaves_the_zip_and_the_links_go():
    prs = _three_slides()
    one, two, _ = prs.slides
    box = next(s for s in one.shapes if s.has_text_frame)
    box.click_action.target_slide = two  # shape-level jump
    run = box.text_frame.paragraphs[0].runs[0]  # and a text-level jump, as "Insert > Link > This document"
    rId = one.part.relate_to(two.part, RT.SLIDE)
    link = etree.SubElement(run._r.get_or_add_rPr(), qn("a:hlinkClick"), action="ppaction://hlinksldjump")
    link.set(qn("r:id"), rId)
    template, blob = _render(prs, {"show_two": False, "xs": ["a"]})
    assert package_faults(blob) == [] and orphan_slides(blob) == []
    names = zipfile.ZipFile(io.BytesIO(blob)).namelist()
    assert len([n for n in names if n.startswith("ppt/slides/slide")]) == 2
    out = Presentation(io.BytesIO(blob))
    assert [_first_text(s) for s in out.slides] == ["one", "three a"]
    assert not list(out.slides[0]._element.iter(qn("a:hlinkClick")))
    assert new_audit_errors(template, blob) == []


# --- comments --------------------------------------------------------------------------------------

CM = (
    b'<p:cmLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
    b'<p:cm authorId="0" dt="2026-01-01T10:00:00.000" idx="1"><p:pos x="10" y="10"/>'
    b"<p:text>check this figure</p:text></p:cm></p:cmLst>"
)
AUTHORS = (
    b'<p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">'
    b'<p:cmAuthor id="0" name="Reviewer" initials="R" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>'
)


def test_loop_copies_carry_no_comments_and_the_comments_part_stays_with_the_original():
    prs = _three_slides()
    package = prs.part.package
    authors = Part(
        PackURI("/ppt/commentAuthors.xml"),
        "application/vnd.openxmlformats-officedocument.presentationml.commentAuthors+xml",
        package,
        AUTHORS,
    )
    prs.part.relate_to(authors, RT.COMMENT_AUTHORS)
    comments = Part(
        PackURI("/ppt/comments/comment1.xml"),
        "application/vnd.openxmlformats-officedocument.presentationml.comments+xml",
        package,
        CM,
    )
    prs.slides[2].part.relate_to(comments, RT.COMMENTS)
    template, blob = _render(prs, {"show_two": True, "xs": ["a", "b", "c"]})
    assert package_faults(blob) == []
    out = Presentation(io.BytesIO(blob))
    with_comments = [_first_text(s) for s in out.slides if any(r.reltype == RT.COMMENTS for r in s.part.rels.values())]
    assert with_comments == ["three a"]
    names = zipfile.ZipFile(io.BytesIO(blob)).namelist()
    assert [n for n in names if n.startswith("ppt/comments/")] == ["ppt/comments/comment1.xml"]
    assert new_audit_errors(template, blob) == []


# --- SmartArt ----------------------------------------------------------------------------------

SMARTART = CORPUS / "automizer__SmartArt.pptx"


@pytest.mark.skipif(not SMARTART.exists(), reason="corpus not found")
def test_loop_copies_of_a_smartart_slide_get_their_own_diagram_parts_wired_to_their_own_drawing():
    prs = Presentation(str(SMARTART))
    number, slide = next(
        (n, s) for n, s in enumerate(prs.slides) if any(r.reltype == RT.DIAGRAM_DATA for r in s.part.rels.values())
    )
    slide.notes_slide.notes_text_frame.text = "{%slide for x in xs %}"
    template, blob = _render(prs, {"xs": [1, 2, 3]})
    assert package_faults(blob) == []  # includes dsp:dataModelExt relId -> the slide's own relationship
    out = Presentation(io.BytesIO(blob))
    copies = list(out.slides)[number : number + 3]
    data_parts = [next(r.target_part for r in s.part.rels.values() if r.reltype == RT.DIAGRAM_DATA) for s in copies]
    assert len({p.partname for p in data_parts}) == 3
    for s, data in zip(copies, data_parts, strict=True):
        ext = etree.fromstring(data.blob).find(
            ".//{http://schemas.microsoft.com/office/drawing/2008/diagram}dataModelExt"
        )
        drawing = s.part.rels[ext.get("relId")]
        assert drawing.reltype.endswith("/diagramDrawing")
    drawings = {
        s.part.rels[r].target_part.partname
        for s in copies
        for r in s.part.rels
        if s.part.rels[r].reltype.endswith("/diagramDrawing")
    }
    assert len(drawings) == 3
    assert new_audit_errors(template, blob) == []
