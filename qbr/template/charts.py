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
  `v & 0x7FFFFFFF` (the same for `c:crossAx`, so axes still find each other).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn

from qbr.template.marks import clean_plain
from qbr.template.report import TemplateProblem

_XY_TYPES = {XL_CHART_TYPE.XY_SCATTER, XL_CHART_TYPE.BUBBLE}
C_SER = qn("c:ser")


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


def fill_chart(chart: Any, name: str, data: Any) -> None:
    """Replace the chart's data; raises TemplateProblem when `data` has the wrong shape."""
    if not isinstance(data, Mapping) or not isinstance(data.get("series"), list | tuple):
        raise TemplateProblem(f"chart:{name} data needs 'categories' and a 'series' list")
    if chart.chart_type in _XY_TYPES:
        raise TemplateProblem(f"chart:{name} is a scatter/bubble chart; only category charts can be filled")
    categories = ["" if c is None else clean_plain(str(c)) for c in data.get("categories") or []]
    plot_area = chart._chartSpace.plotArea
    old_sers = plot_area.sers
    old_formats = [_format_code(s) for s in old_sers]
    chart_data = CategoryChartData(number_format=next((f for f in old_formats if f), "General"))
    chart_data.categories = categories
    for i, series in enumerate(data["series"]):
        if not isinstance(series, Mapping):
            raise TemplateProblem(f"chart:{name} series {i + 1} must be a mapping with name and values")
        values = [_value(v, f"chart:{name} series {i + 1}") for v in series.get("values") or []]
        if len(values) != len(categories):
            raise TemplateProblem(f"chart:{name} series {i + 1} has {len(values)} values for "
                                  f"{len(categories)} categories")
        template_format = old_formats[min(i, len(old_formats) - 1)] if old_formats else None
        number_format = series.get("number_format") or template_format or "General"
        label = clean_plain(str(series.get("name") if series.get("name") is not None else f"Series {i + 1}"))
        chart_data.add_series(label, values, number_format=number_format)
    if not data["series"]:
        raise TemplateProblem(f"chart:{name} has no series")
    chart.replace_data(chart_data)
    for idx, ser in enumerate(plot_area.sers):
        if idx >= len(old_sers):
            _recolour(ser, idx % 6 + 1)
    fix_axis_ids(chart._chartSpace)
