"""Issue 21's cases on the real decks they come from (`decks/`, see its README): a column +
scatter combo and a chart linked to an outside workbook (ShapeCrawler 021.pptx), a doughnut
chart with every series deleted (025_chart.pptx), a slide with three charts repeated by a slide
loop (013.pptx), a custom show (006_1_slides.pptx) and sections (008.pptx). Each template is
the real deck with only a shape renamed `chart:NAME` or a directive typed into the notes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from qbr.errors import QbrError
from qbr.template import Template
from qbr.template.charts import LinkedChartWarning
from tests.template.helpers import save
from tests.template.package import new_audit_errors, package_faults

SC = Path(__file__).parent / "decks" / "shapecrawler"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"


def _deck(name: str) -> Presentation:
    return Presentation(str(SC / name))


def _named(prs, slide: int, old: str, new: str):
    shape = next(s for s in prs.slides[slide].shapes if s.name == old)
    shape.name = new
    return shape


def _chart(blob: bytes, slide: int, name: str):
    prs = Presentation(io.BytesIO(blob))
    return next(s for s in prs.slides[slide].shapes if s.name == name).chart


def _cache(el) -> list[str]:
    return [v.text for v in el.iter(f"{{{C}}}v")]


def test_the_column_and_scatter_combo_of_a_real_deck_is_filled_schema_valid():
    prs = _deck("021.pptx")
    _named(prs, 0, "Chart 9", "chart:combo")
    template = save(prs)
    data = {
        "categories": ["2024", "2025", "2026"],
        "series": [
            {"name": "收入", "values": [120, 150, 190]},
            {"name": "成本", "values": [80, 90, 100]},
            {"name": "利润率", "values": [0.33, 0.4, 0.47]},
        ],
    }
    blob = Template.from_bytes(template, "021.pptx").render({"charts": {"combo": data}})
    space = _chart(blob, 0, "chart:combo")._chartSpace
    bars = space.findall(f".//{{{C}}}barChart/{{{C}}}ser")
    (xy,) = space.findall(f".//{{{C}}}scatterChart/{{{C}}}ser")
    assert [_cache(s.find(f"{{{C}}}tx")) for s in bars] == [["收入"], ["成本"]]
    assert [_cache(s.find(f"{{{C}}}val")) for s in bars] == [["120", "150", "190"], ["80", "90", "100"]]
    assert _cache(xy.find(f"{{{C}}}tx")) == ["利润率"]
    assert xy.find(f"{{{C}}}cat") is None and xy.find(f"{{{C}}}val") is None
    assert _cache(xy.find(f"{{{C}}}xVal")) == ["2024", "2025", "2026"]
    assert _cache(xy.find(f"{{{C}}}yVal")) == ["0.33", "0.4", "0.47"]
    assert xy.find(f"{{{C}}}marker") is not None and xy.find(f"{{{C}}}dLbls") is not None  # formatting kept
    assert package_faults(blob) == [] and new_audit_errors(template, blob) == []


def test_the_chart_linked_to_an_outside_workbook_in_a_real_deck_is_filled_and_embedded():
    prs = _deck("021.pptx")
    _named(prs, 0, "Диаграмма 3", "chart:linked")
    template = save(prs)
    data = {"categories": ["Q1", "Q2"], "series": [{"name": "a", "values": [1, 2]}, {"name": "b", "values": [3, 4]}]}
    with pytest.warns(
        LinkedChartWarning, match=r"021.pptx, slide 1, shape \"chart:linked\": chart:linked .*InvestMemo"
    ):
        blob = Template.from_bytes(template, "021.pptx").render({"charts": {"linked": data}})
    chart = _chart(blob, 0, "chart:linked")
    assert [list(s.values) for s in chart.plots[0].series] + [list(s.values) for s in chart.plots[1].series] == [
        [1, 2],
        [3, 4],
    ]
    assert [r.is_external for r in chart.part.rels.values() if r.reltype in (RT.PACKAGE, RT.OLE_OBJECT)] == [False]
    assert package_faults(blob) == [] and new_audit_errors(template, blob) == []


def test_the_doughnut_chart_with_no_series_in_a_real_deck_is_a_located_error():
    prs = _deck("025_chart.pptx")
    _named(prs, 0, "Chart Placeholder 13", "chart:mix")
    template = Template.from_bytes(save(prs), "025_chart.pptx")
    with pytest.raises(QbrError) as err:
        template.render({"charts": {"mix": {"categories": ["a"], "series": [{"name": "s", "values": [1]}]}}})
    (problem,) = err.value.problems
    assert (problem.where.file, problem.where.slide, problem.where.shape) == ("025_chart.pptx", 1, "chart:mix")
    assert "no series" in problem.message


def test_a_real_slide_with_three_charts_repeated_three_times_gives_nine_distinct_charts():
    prs = _deck("013.pptx")
    prs.slides[0].notes_slide.notes_text_frame.text = "{%slide for x in xs %}"
    template = save(prs)
    blob = Template.from_bytes(template, "013.pptx").render({"xs": [1, 2, 3]})
    assert package_faults(blob) == []
    names = zipfile.ZipFile(io.BytesIO(blob)).namelist()
    assert len([n for n in names if n.startswith("ppt/charts/chart")]) == 9
    out = Presentation(io.BytesIO(blob))
    kinds = [
        [
            [etree.QName(p).localname for p in sh.chart._chartSpace.plotArea if p.tag.endswith("Chart")]
            for sh in s.shapes
            if sh.has_chart
        ]
        for s in out.slides
    ]
    assert kinds == [[["barChart", "lineChart"], ["barChart"], ["barChart"]]] * 3
    assert new_audit_errors(template, blob) == []


def test_a_real_custom_show_lists_every_copy_of_its_slide_and_loses_a_dropped_one():
    prs = _deck("006_1_slides.pptx")
    prs.slides[0].notes_slide.notes_text_frame.text = "{%slide for x in xs %}"
    template = save(prs)
    blob = Template.from_bytes(template, "006.pptx").render({"xs": ["a", "b"]})
    out = Presentation(io.BytesIO(blob))
    listed = [sld.get(qn("r:id")) for sld in out.part._element.iter(qn("p:sld"))]
    assert listed == [s.rId for s in out.slides._sldIdLst]
    assert len(listed) == 2 and package_faults(blob) == [] and new_audit_errors(template, blob) == []
    dropped = Template.from_bytes(template, "006.pptx").render({"xs": []})
    assert not list(Presentation(io.BytesIO(dropped)).part._element.iter(qn("p:sld")))
    assert package_faults(dropped) == [] and new_audit_errors(template, dropped) == []


def test_real_sections_hold_the_copies_of_their_slide():
    prs = _deck("008.pptx")
    prs.slides[0].notes_slide.notes_text_frame.text = "{%slide for x in xs %}"
    template = save(prs)
    blob = Template.from_bytes(template, "008.pptx").render({"xs": [1, 2, 3]})
    out = Presentation(io.BytesIO(blob))
    sections = {
        s.get("name"): [e.get("id") for e in s.iter(f"{{{P14}}}sldId")]
        for s in out.part._element.iter(f"{{{P14}}}section")
    }
    assert sections == {"Section 1": [str(s.slide_id) for s in out.slides], "Section 2": []}
    assert len(sections["Section 1"]) == 3
    assert package_faults(blob) == [] and new_audit_errors(template, blob) == []
