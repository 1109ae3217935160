"""Decks and chart workbooks are saved free of the clock (`qbr.template.package`)."""

from __future__ import annotations

import io
import re
import zipfile

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.util import Inches

from qbr.template.package import chart_xlsx_blob, save_pptx


def _deck_with_a_text_box() -> object:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    slide.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(1)).text_frame.text = "华东 Q4"
    return prs


def test_every_zip_entry_is_dated_1980_and_the_parts_are_what_python_pptx_saves() -> None:
    prs = _deck_with_a_text_box()
    ours = save_pptx(prs)
    theirs = io.BytesIO()
    prs.save(theirs)  # python-pptx's own save: the same entries, dated now
    with zipfile.ZipFile(io.BytesIO(ours)) as z, zipfile.ZipFile(theirs) as t:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist() == t.namelist()
        assert all(z.read(n) == t.read(n) for n in z.namelist())
        assert {i.compress_type for i in z.infolist()} == {zipfile.ZIP_DEFLATED}
    assert save_pptx(prs) == ours  # and a second save, seconds later, gives the same bytes


def test_the_chart_workbook_is_created_1980_and_holds_the_data() -> None:
    data = CategoryChartData()
    data.categories = ["10月", "11月"]
    data.add_series("销售额", [1.5, 2.0])
    blob = chart_xlsx_blob(data)
    with zipfile.ZipFile(io.BytesIO(blob)) as z, zipfile.ZipFile(io.BytesIO(data.xlsx_blob)) as t:
        core = z.read("docProps/core.xml").decode()
        assert re.search(r"<dcterms:created[^>]*>1980-01-01T00:00:00Z<", core)
        # the sheet and its strings are the ones python-pptx's own workbook has
        for name in ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"):
            assert z.read(name) == t.read(name)
        assert "销售额" in z.read("xl/sharedStrings.xml").decode()
    assert chart_xlsx_blob(data) == blob


def test_a_remembered_rels_part_is_what_python_pptx_writes_for_those_relationships() -> None:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from qbr.template.package import rels_xml

    prs = _deck_with_a_text_box()
    slide_rels = prs.slides[0].part.rels
    first = rels_xml(slide_rels)
    assert first == slide_rels.xml and rels_xml(slide_rels) is first  # the second is remembered
    # a relationship added (an external link) changes the key, so the XML is made again
    slide_rels.get_or_add_ext_rel(RT.HYPERLINK, "https://example.com/?a=1&b=2")
    assert rels_xml(slide_rels) == slide_rels.xml != first
    for part in prs.part.package.iter_parts():
        assert rels_xml(part.rels) == part.rels.xml
