"""Native charts as real users build them: combo charts with a scatter series, conditional
number formats, charts with every series deleted, charts linked to an outside workbook."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn

from qbr.errors import QbrError
from qbr.template import Template
from qbr.template.charts import LinkedChartWarning
from tests.template.helpers import add_chart, blank, new_deck, save
from tests.template.package import new_audit_errors, package_faults

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DATA = {
    "categories": ["Q1", "Q2", "Q3"],
    "series": [{"name": "sales", "values": [10, 20, 30]}, {"name": "margin", "values": [0.1, 0.2, 0.3]}],
}


def _c(tag: str) -> str:
    return f"{{{C}}}{tag}"


def _sub(parent, tag, **attrs):
    return etree.SubElement(parent, _c(tag), **attrs)


def _num_ref(parent, tag, ref, values):
    num_ref = _sub(_sub(parent, tag), "numRef")
    _sub(num_ref, "f").text = ref
    cache = _sub(num_ref, "numCache")
    _sub(cache, "formatCode").text = "General"
    _sub(cache, "ptCount", val=str(len(values)))
    for i, v in enumerate(values):
        _sub(_sub(cache, "pt", idx=str(i)), "v").text = str(v)


def _val_ax(plot_area, ax_id, cross, pos, delete):
    ax = _sub(plot_area, "valAx")
    _sub(ax, "axId", val=ax_id)
    _sub(_sub(ax, "scaling"), "orientation", val="minMax")
    _sub(ax, "delete", val=delete)
    _sub(ax, "axPos", val=pos)
    _sub(ax, "crossAx", val=cross)
    _sub(ax, "crosses", val="max" if pos == "r" else "autoZero")


def _combo_deck(scatter_first: bool = False):
    """Columns plus a scatter series on its own axes, as Excel writes a column + XY combo."""
    prs = new_deck()
    frame = add_chart(blank(prs), "chart:combo", series=1)
    plot_area = frame.chart._chartSpace.plotArea
    scatter = etree.Element(_c("scatterChart"))
    _sub(scatter, "scatterStyle", val="lineMarker")
    _sub(scatter, "varyColors", val="0")
    ser = _sub(scatter, "ser")
    _sub(ser, "idx", val="1")
    _sub(ser, "order", val="1")
    tx = _sub(_sub(ser, "tx"), "strRef")
    _sub(tx, "f").text = "Sheet1!$C$1"
    _sub(_sub(_sub(tx, "strCache"), "pt", idx="0"), "v").text = "old scatter"
    marker = _sub(ser, "marker")
    _sub(marker, "symbol", val="diamond")
    _num_ref(ser, "xVal", "Sheet1!$A$2:$A$4", [1, 2, 3])
    _num_ref(ser, "yVal", "Sheet1!$C$2:$C$4", [7, 8, 9])
    _sub(ser, "smooth", val="0")
    _sub(scatter, "axId", val="3003")
    _sub(scatter, "axId", val="3004")
    bar = plot_area.find(_c("barChart"))
    if scatter_first:
        bar.addprevious(scatter)
    else:
        bar.addnext(scatter)
    last_ax = plot_area.findall(_c("valAx"))[-1]
    _val_ax(plot_area, "3003", "3004", "b", "1")
    _val_ax(plot_area, "3004", "3003", "r", "0")
    last_ax.addnext(plot_area.findall(_c("valAx"))[-1])
    last_ax.addnext(plot_area.findall(_c("valAx"))[-2])
    return prs


def _chart(blob):
    prs = Presentation(io.BytesIO(blob))
    return next(s for s in prs.slides[0].shapes if s.has_chart).chart


def _cache(el) -> list[str]:
    return [v.text for v in el.iter(_c("v"))]


@pytest.mark.parametrize("scatter_first", [False, True], ids=["columns-first", "scatter-first"])
def test_combo_chart_with_a_scatter_series_is_filled_and_stays_schema_valid(scatter_first):
    template = save(_combo_deck(scatter_first))
    blob = Template.from_bytes(template).render({"charts": {"combo": DATA}})
    space = _chart(blob)._chartSpace
    bar_ser = space.find(f".//{_c('barChart')}/{_c('ser')}")
    xy_ser = space.find(f".//{_c('scatterChart')}/{_c('ser')}")
    assert _cache(bar_ser.find(_c("tx"))) == ["sales"]
    assert _cache(bar_ser.find(_c("val"))) == ["10", "20", "30"]
    assert _cache(xy_ser.find(_c("tx"))) == ["margin"]
    assert xy_ser.find(_c("cat")) is None and xy_ser.find(_c("val")) is None
    assert _cache(xy_ser.find(_c("xVal"))) == ["Q1", "Q2", "Q3"]
    assert _cache(xy_ser.find(_c("yVal"))) == ["0.1", "0.2", "0.3"]
    assert xy_ser.find(f"{_c('yVal')}//{_c('f')}").text == "Sheet1!$C$2:$C$4"  # column C: the second series
    assert [etree.QName(e).localname for e in xy_ser][-3:] == ["xVal", "yVal", "smooth"]
    assert xy_ser.find(_c("marker")) is not None  # the author's formatting stays
    assert package_faults(blob) == [] and new_audit_errors(template, blob) == []


FORMAT = '[=0]0;[<0.05]"n.s.";0.00'


def _workbook_formats(chart) -> dict[str, str]:
    sheet = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob)).active
    return {f"{c.column_letter}{c.row}": c.number_format for row in sheet.iter_rows(min_row=2) for c in row}


def test_conditional_number_formats_with_less_and_greater_than_signs_survive():
    prs = new_deck()
    frame = add_chart(blank(prs), "chart:p", series=2)
    for code in frame.chart._chartSpace.iter(_c("formatCode")):  # as Excel stores it after editing
        code.text = FORMAT
    template = save(prs)
    data = {
        "categories": ["a", "b"],
        "series": [{"name": "p", "values": [0, 0.01]}, {"name": "q", "values": [1, 2], "number_format": '[>1]"big";0'}],
    }
    blob = Template.from_bytes(template).render({"charts": {"p": data}})
    chart = _chart(blob)
    codes = [s.find(f"{_c('val')}//{_c('formatCode')}").text for s in chart._chartSpace.plotArea.sers]
    assert codes == [FORMAT, '[>1]"big";0']
    formats = _workbook_formats(chart)
    assert formats["B2"] == formats["B3"] == FORMAT and formats["C2"] == '[>1]"big";0'
    assert package_faults(blob) == [] and new_audit_errors(template, blob) == []


def test_a_chart_whose_series_were_all_deleted_is_a_located_error():
    prs = new_deck()
    frame = add_chart(blank(prs), "chart:empty", series=2)
    for ser in list(frame.chart._chartSpace.iter(_c("ser"))):
        ser.getparent().remove(ser)
    template = Template.from_bytes(save(prs), "t.pptx")
    with pytest.raises(QbrError) as err:
        template.render({"charts": {"empty": DATA}})
    (problem,) = err.value.problems
    assert (problem.where.slide, problem.where.shape) == (1, "chart:empty")
    assert "no series" in problem.message and "Edit Data" in problem.message


def test_a_chart_linked_to_an_outside_workbook_is_filled_and_embeds_its_data():
    prs = new_deck()
    frame = add_chart(blank(prs), "chart:linked", series=2)
    part = frame.chart.part
    space = frame.chart._chartSpace
    external = space.find(_c("externalData"))
    part.rels.pop(external.get(qn("r:id")))  # as PowerPoint writes a chart pasted with a link
    external.set(qn("r:id"), part.relate_to("file:///C:/Reports/kpi.xlsx", RT.OLE_OBJECT, is_external=True))
    template = save(prs)
    assert not [n for n in zipfile.ZipFile(io.BytesIO(template)).namelist() if "embeddings" in n]
    with pytest.warns(LinkedChartWarning, match=r"chart:linked .*C:/Reports/kpi\.xlsx"):
        blob = Template.from_bytes(template).render({"charts": {"linked": DATA}})
    chart = _chart(blob)
    assert [list(s.values) for s in chart.plots[0].series] == [[10, 20, 30], [0.1, 0.2, 0.3]]
    rels = chart.part.rels.values()
    assert not [r for r in rels if r.is_external]
    assert [r.reltype for r in rels if r.reltype == RT.PACKAGE] == [RT.PACKAGE]
    sheet = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob)).active
    assert [c.value for c in sheet["B"]] == ["sales", 10, 20, 30]
    assert package_faults(blob) == [] and new_audit_errors(template, blob) == []
