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
- PowerPoint picks a value axis minimum above zero when the bars are close (a 23.8 target then
  looks half the height of 25.8) and labels it "350.0": the value axis of every bar or column
  plot, and of a line plot of figures that are not shares and not below zero, is set to start at
  zero (or below, for negative bars), with a 1-2-5 major unit and labels
  with only the decimals that unit needs (`qbr.formatting.axis_scale`), unless the author fixed
  the axis bounds in the template;
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

from qbr.formatting import axis_scale, fit_name, number_format
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


def _category_pt(chart_space: etree._Element) -> float:
    """Font size of the category axis labels (the axis's, else the chart's, else 10 pt)."""
    for path in (".//c:catAx/c:txPr//a:defRPr/@sz", "./c:txPr//a:defRPr/@sz"):
        sizes = etree.ElementBase.xpath(chart_space, path, namespaces=_NS)
        if sizes:
            return int(sizes[0]) / 100
    return 10.0


_NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
_EMU_PER_PT = 12700


def fit_categories(chart: Any, categories: list[str], frame_width: int) -> list[str]:
    """Category names shortened to the room the chart gives each (`qbr.formatting.fit_name`).

    Columns: the plot's width (the frame less about 0.6 in for the value axis) shared by the
    categories, two lines each of 65% of that share (the gap between the labels, and the room a
    line loses when it breaks at a space).
    Bars: the labels beside the bars get about 45% of the frame, one line. Measured at the
    category axis's font size, so a name that fits stays whole.
    """
    if frame_width <= 0 or not categories:
        return categories
    plot_area = chart._chartSpace.plotArea
    horizontal = any(d.get("val") == "bar" for d in plot_area.xpath("./c:barChart/c:barDir"))
    size_pt = _category_pt(chart._chartSpace)
    width_pt = frame_width / _EMU_PER_PT
    per_column = 2 * 0.65 * max(0.0, width_pt - 43) / len(categories)
    room = (0.45 * width_pt if horizontal else per_column) / size_pt
    return [fit_name(c, room, categories) for c in categories]


def fill_chart(chart: Any, name: str, data: Any, frame_width: int = 0) -> None:
    """Replace the chart's data; raises TemplateProblem when `data` has the wrong shape.

    With `"fit_names": true` in `data` the category names are shortened to the room the chart
    gives them (`fit_categories`, from the frame's width `frame_width` in EMU). A series may carry
    `"labels"`: one text per point (None: no label), written as the point's own data label, so
    the label reads as the slide's tables do (a waterfall's "+7.5" on an invisible series).
    """
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
    if data.get("fit_names"):
        categories = fit_categories(chart, categories, frame_width)
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
    for ser, series in zip(_in_order(plot_area), data["series"], strict=True):
        if series.get("labels") is not None:
            _point_labels(ser, series["labels"], name)
        # labels the author linked to the data ("Linked to source") read the data's format; viewers
        # other than PowerPoint read the format code written beside the link, so it is kept in step
        code = _format_code(ser)
        for num_fmt in [
            *ser.findall(f"{qn('c:dLbls')}/{qn('c:numFmt')}"),
            *ser.getparent().findall(f"{qn('c:dLbls')}/{qn('c:numFmt')}"),
        ]:
            if code and num_fmt.get("sourceLinked") == "1":
                num_fmt.set("formatCode", code)
    fix_axis_ids(chart._chartSpace)
    for plot in plot_area.findall(qn("c:barChart")):
        _axis_from_zero(plot_area, plot)
    for plot in plot_area.findall(qn("c:lineChart")):
        _axis_from_zero(plot_area, plot, line=True)


def _cached_values(ser: etree._Element) -> dict[int, float]:
    return {
        int(pt.get("idx", "0")): float(pt.findtext(qn("c:v")) or "nan")
        for pt in ser.iterfind(f"{qn('c:val')}/{qn('c:numRef')}/{qn('c:numCache')}/{qn('c:pt')}")
    }


def bar_extent(plot: etree._Element) -> tuple[float, float]:
    """(lowest, highest) point a bar plot draws: per category sums of the positive and of the
    negative values when stacked, the values themselves otherwise."""
    grouping = plot.find(qn("c:grouping"))
    stacked = grouping is not None and grouping.get("val") == "stacked"
    series = [_cached_values(ser) for ser in plot.iterfind(qn("c:ser"))]
    if stacked:
        categories = {i for values in series for i in values}
        tops = [sum(v for s in series if (v := s.get(i, 0.0)) > 0 and not math.isnan(v)) for i in categories]
        bottoms = [sum(v for s in series if (v := s.get(i, 0.0)) < 0 and not math.isnan(v)) for i in categories]
        return min(bottoms, default=0.0), max(tops, default=0.0)
    values = [v for s in series for v in s.values() if not math.isnan(v)]
    return min(values, default=0.0), max(values, default=0.0)


def _axis_from_zero(plot_area: etree._Element, plot: etree._Element, line: bool = False) -> None:
    """Value axis of a bar/column plot from zero, 1-2-5 unit, labels without useless decimals.

    `line`: a line plot, set the same way when it draws figures that are not shares and not below
    zero (from 15万 a dip to 14万 looks like a collapse, as the pictures draw it); a line of shares
    keeps PowerPoint's own range."""
    grouping = plot.find(qn("c:grouping"))
    if grouping is not None and grouping.get("val") == "percentStacked":
        return
    ids = {el.get("val") for el in plot.iterfind(qn("c:axId"))}
    axis = next((ax for ax in plot_area.iterfind(qn("c:valAx")) if ax.find(qn("c:axId")).get("val") in ids), None)
    if axis is None:
        return
    scaling = axis.find(qn("c:scaling"))
    if scaling is None or scaling.find(qn("c:min")) is not None or scaling.find(qn("c:max")) is not None:
        return  # the author fixed the bounds
    low, high = bar_extent(plot)
    formats = [_format_code(ser) or "" for ser in plot.iterfind(qn("c:ser"))]
    if line and (low < 0 or any("%" in f for f in formats)):
        return
    percent = bool(formats) and all("%" in f for f in formats)
    minimum, maximum, unit, decimals = axis_scale(low * 100, high * 100) if percent else axis_scale(low, high)
    if percent:
        minimum, maximum, unit = minimum / 100, maximum / 100, unit / 100
    orientation = scaling.find(qn("c:orientation"))
    at = list(scaling).index(orientation) + 1 if orientation is not None else 0
    scaling.insert(at, etree.Element(qn("c:max"), val=repr(maximum)))
    scaling.insert(at + 1, etree.Element(qn("c:min"), val=repr(minimum)))
    code = number_format(decimals, percent)
    num_fmt = axis.find(qn("c:numFmt"))
    if num_fmt is None:
        num_fmt = etree.Element(qn("c:numFmt"))
        anchor = next(
            (
                axis.find(qn(t))
                for t in ("c:majorTickMark", "c:minorTickMark", "c:tickLblPos", "c:spPr", "c:txPr", "c:crossAx")
                if axis.find(qn(t)) is not None
            ),
            None,
        )
        if anchor is None:
            axis.append(num_fmt)
        else:
            anchor.addprevious(num_fmt)
    num_fmt.set("formatCode", code)
    num_fmt.set("sourceLinked", "0")
    for old in axis.findall(qn("c:majorUnit")):
        axis.remove(old)
    major = etree.Element(qn("c:majorUnit"), val=repr(unit))
    after = axis.find(qn("c:crossBetween"))
    if after is not None:
        after.addnext(major)
    else:
        following = next(
            (axis.find(qn(t)) for t in ("c:minorUnit", "c:dispUnits", "c:extLst") if axis.find(qn(t)) is not None), None
        )
        if following is None:
            axis.append(major)
        else:
            following.addprevious(major)


def _point_labels(ser: etree._Element, labels: Any, name: str) -> None:
    """Each point's own data label text (None: no label), in the font of the series' labels."""
    from pptx.chart.series import BarSeries

    if not isinstance(labels, list | tuple):
        raise TemplateProblem(f"chart:{name}: a series' labels must be a list of texts")
    series = BarSeries(ser)
    for index, text in enumerate(labels):
        if text is None:
            continue
        label = series.points[index].data_label
        frame = label.text_frame
        frame.text = clean_plain(str(text))
        label.position = None
