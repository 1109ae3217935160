"""Native charts: new categories and series in the author's chart, formatting kept.

Stage: template render. Input: a python-pptx `Chart` from a graphic frame named `chart:NAME` and
the context's `charts.NAME`:
    {"categories": [...], "series": [{"name": ..., "values": [... None = gap ...],
                                       "number_format": optional Excel format}]}
Output: the chart with that data, in its XML caches and its embedded workbook (python-pptx's
`replace_data` writes both). What `replace_data` gets wrong is put right here:

- it writes every series with number format "General": each series keeps the format the author
  gave the template series in its place (or the data's `number_format`);
- series beyond the template's count are cloned from the last one, colour included: each added
  series gets theme accent colour idx % 6 + 1 instead, so bars stay distinguishable;
- charts python-pptx made carry negative `c:axId` values, which the schema forbids: mapped to
  `v & 0x7FFFFFFF` (the same for `c:crossAx`, so axes still find each other);
- combo charts: a scatter (XY) series beside columns or lines gets `c:cat`/`c:val`, which a
  scatter series may not hold, and keeps its old `c:xVal`/`c:yVal`: here the new data becomes
  its `c:xVal` (the categories, as Excel plots a text x range: at 1, 2, 3...) and `c:yVal`;
- number formats are pasted into XML text unescaped: a conditional format such as
  `[<0.05]"n.s.";0` would not parse, so the XML gets an escaped copy (the workbook the original);
- a chart linked to an external workbook (`c:externalData` with an external relationship) is
  filled like any other: the link is removed and the figures embedded, with a
  `LinkedChartWarning` (left in place, PowerPoint's "update links" would overwrite the data).

A chart whose template has no series left (all deleted in Excel) has no formatting to give the
new series and is refused; a chart that is scatter/bubble only cannot take categories.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.chart.xmlwriter import _CategorySeriesXmlRewriter
from pptx.oxml.ns import qn

from qbr.template.marks import clean_plain
from qbr.template.package import chart_xlsx_blob
from qbr.template.report import TemplateProblem

C_SER = qn("c:ser")
_XY_PLOTS = {qn("c:scatterChart"), qn("c:bubbleChart")}


class LinkedChartWarning(UserWarning):
    """A filled chart was linked to an external workbook; the link was removed."""


class _XmlFormat(str):
    """A number format that python-pptx's XML templates (`str.format`) receive escaped.

    python-pptx pastes the format into XML text unescaped, while the workbook writer needs it
    as written; str methods and xlsxwriter see the original text.
    """

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return escape(str(self))


def _format_code(ser: etree._Element) -> str | None:
    codes = ser.xpath("./c:val/c:numRef/c:numCache/c:formatCode/text()")  # oxml element: c: is known
    return str(codes[0]) if codes else None


def _value(v: Any, where: str) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float):
        try:
            v = float(v)
        except (TypeError, ValueError):
            raise TemplateProblem(f"{where}: {v!r} is not a number") from None
    return None if math.isnan(v) else v


def _recolour(ser: etree._Element, accent: int) -> None:
    """Give an added series its own theme colour, keeping line widths, markers and the rest."""
    for sp_pr in (ser.find(qn("c:spPr")), ser.find(f"{qn('c:marker')}/{qn('c:spPr')}")):
        if sp_pr is None:
            continue
        for fill in sp_pr.iter(qn("a:solidFill")):
            for child in list(fill):
                fill.remove(child)
            etree.SubElement(fill, qn("a:schemeClr"), val=f"accent{accent}")


def fix_axis_ids(chart_space: etree._Element) -> None:
    for el in chart_space.iter(qn("c:axId"), qn("c:crossAx")):
        value = int(el.get("val", "0"))
        if value < 0:
            el.set("val", str(value & 0x7FFFFFFF))


def _xy_to_scatter_refs(ser: etree._Element) -> None:
    """In a scatter series of a combo chart, the rewritten `c:cat`/`c:val` become `c:xVal`/`c:yVal`."""
    cat, val = ser.find(qn("c:cat")), ser.find(qn("c:val"))
    if cat is None or val is None:
        return
    for old in ser.findall(qn("c:xVal")) + ser.findall(qn("c:yVal")):
        ser.remove(old)
    cat.tag, val.tag = qn("c:xVal"), qn("c:yVal")


def _unlink_external_workbook(chart: Any, name: str) -> None:
    chart_space = chart._chartSpace
    external = chart_space.find(qn("c:externalData"))
    if external is None:
        return
    rId = external.get(qn("r:id"))
    rels = chart.part.rels
    if rId in rels and not rels[rId].is_external:
        return  # the usual embedded workbook
    target = rels[rId].target_ref if rId in rels else "?"
    chart_space.remove(external)
    if rId in rels:
        rels.pop(rId)
    warnings.warn(
        f"chart:{name} was linked to the workbook {target}; it was filled with the data and "
        "the link removed, so PowerPoint's 'update links' cannot overwrite the figures",
        LinkedChartWarning,
        stacklevel=3,
    )


def _in_order(plot_area: Any) -> list[etree._Element]:
    """The chart's series in their `c:order` (Excel's series order), whatever plot holds them.

    python-pptx takes the series plot by plot, so in a combo whose scatter plot comes first in the
    XML the first data series would land on the scatter series.
    """

    def order(ser: etree._Element) -> int:
        el = ser.find(qn("c:order"))
        return int(el.get("val")) if el is not None and (el.get("val") or "").isdigit() else 0

    return sorted(plot_area.sers, key=order)


def fill_chart(chart: Any, name: str, data: Any) -> None:
    """Replace the chart's data; raises TemplateProblem when `data` has the wrong shape."""
    if not isinstance(data, Mapping) or not isinstance(data.get("series"), list | tuple):
        raise TemplateProblem(f"chart:{name} data needs 'categories' and a 'series' list")
    plot_area = chart._chartSpace.plotArea
    old_sers = _in_order(plot_area)
    if not old_sers:
        raise TemplateProblem(
            f"chart:{name} has no series left in the template to take the formatting from; "
            "in PowerPoint use Chart Design > Edit Data to give it at least one series"
        )
    if all(s.getparent().tag in _XY_PLOTS for s in old_sers):
        raise TemplateProblem(f"chart:{name} is a scatter/bubble chart; only category charts can be filled")
    categories = ["" if c is None else clean_plain(str(c)) for c in data.get("categories") or []]
    old_formats = [_format_code(s) for s in old_sers]
    chart_data = CategoryChartData(number_format=_XmlFormat(next((f for f in old_formats if f), "General")))
    chart_data.categories = categories
    for i, series in enumerate(data["series"]):
        if not isinstance(series, Mapping):
            raise TemplateProblem(f"chart:{name} series {i + 1} must be a mapping with name and values")
        values = [_value(v, f"chart:{name} series {i + 1}") for v in series.get("values") or []]
        if len(values) != len(categories):
            raise TemplateProblem(
                f"chart:{name} series {i + 1} has {len(values)} values for {len(categories)} categories"
            )
        template_format = old_formats[min(i, len(old_formats) - 1)] if old_formats else None
        number_format = series.get("number_format") or template_format or "General"
        if not isinstance(number_format, str):
            raise TemplateProblem(f"chart:{name} series {i + 1}: number_format must be text")
        label = clean_plain(str(series.get("name") if series.get("name") is not None else f"Series {i + 1}"))
        chart_data.add_series(label, values, number_format=_XmlFormat(number_format))
    if not data["series"]:
        raise TemplateProblem(f"chart:{name} has no series")
    _unlink_external_workbook(chart, name)
    # python-pptx's replace_data picks its rewriter from the first plot's type (a combo may start
    # with its scatter plot) and fills series plot by plot: do its two steps in c:order instead
    rewriter = _CategorySeriesXmlRewriter(chart_data)
    rewriter._adjust_ser_count(plot_area, len(chart_data))
    for ser, series_data in zip(_in_order(plot_area), chart_data, strict=True):
        rewriter._rewrite_ser_data(ser, series_data, chart._chartSpace.date_1904)
    chart._workbook.update_from_xlsx_blob(chart_xlsx_blob(chart_data))  # dated FIXED_TIME, not now
    for idx, ser in enumerate(_in_order(plot_area)):
        if ser.getparent().tag in _XY_PLOTS:
            _xy_to_scatter_refs(ser)
        if idx >= len(old_sers):
            _recolour(ser, idx % 6 + 1)
    fix_axis_ids(chart._chartSpace)
