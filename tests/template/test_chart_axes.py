"""Native charts after filling: value axes from zero with round units, point labels, fitted names."""

from __future__ import annotations

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn
from pptx.util import Inches

from qbr.template.charts import fill_chart


def _chart(kind: XL_CHART_TYPE = XL_CHART_TYPE.COLUMN_CLUSTERED, series: int = 1, width: float = 6.0):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    data = CategoryChartData(number_format="#,##0.0")
    data.categories = ["a", "b"]
    for i in range(series):
        data.add_series(f"s{i}", [1.0, 2.0], number_format="#,##0.0")
    frame = slide.shapes.add_chart(kind, 0, 0, Inches(width), Inches(3), data)
    return frame


def _axis(chart) -> dict[str, str]:
    ax = chart._chartSpace.plotArea.find(qn("c:valAx"))
    scaling = ax.find(qn("c:scaling"))
    return {
        "min": scaling.find(qn("c:min")).get("val"),
        "max": scaling.find(qn("c:max")).get("val"),
        "unit": ax.find(qn("c:majorUnit")).get("val"),
        "format": ax.find(qn("c:numFmt")).get("formatCode"),
    }


def test_a_target_of_23_8_beside_25_8_is_drawn_from_zero() -> None:
    frame = _chart()
    fill_chart(frame.chart, "t", {"categories": ["target", "sales"], "series": [{"name": "s", "values": [23.8, 25.8]}]})
    # 25.8 / 5 = 5.16 -> unit 10, top 30; labels "0 10 20 30", not "20.0 ... 26.0"
    assert _axis(frame.chart) == {"min": "0.0", "max": "30.0", "unit": "10.0", "format": "#,##0"}


def test_stacked_columns_scale_to_the_stack_and_negative_parts_go_below_zero() -> None:
    frame = _chart(XL_CHART_TYPE.COLUMN_STACKED, series=2)
    data = {
        "categories": ["a", "b"],
        "series": [{"name": "base", "values": [None, 3.0]}, {"name": "down", "values": [8.0, -3.2]}],
    }
    fill_chart(frame.chart, "w", data)
    # tallest stack 8 (a), lowest -3.2 (b): span 11.2 / 5 = 2.24 -> unit 5; -5 .. 10
    assert _axis(frame.chart) == {"min": "-5.0", "max": "10.0", "unit": "5.0", "format": "#,##0"}


def test_an_axis_the_author_fixed_is_left_alone() -> None:
    frame = _chart()
    frame.chart.value_axis.maximum_scale = 100.0
    fill_chart(frame.chart, "t", {"categories": ["a", "b"], "series": [{"name": "s", "values": [23.8, 25.8]}]})
    scaling = frame.chart._chartSpace.plotArea.find(qn("c:valAx")).find(qn("c:scaling"))
    assert scaling.find(qn("c:min")) is None and scaling.find(qn("c:max")).get("val") == "100.0"


def test_point_labels_are_written_and_none_leaves_a_point_without_one() -> None:
    frame = _chart()
    data = {"categories": ["a", "b"], "series": [{"name": "s", "values": [0.0, 0.0], "labels": ["+7.5", None]}]}
    fill_chart(frame.chart, "t", data)
    ser = frame.chart._chartSpace.plotArea.find(qn("c:barChart")).find(qn("c:ser"))
    labels = ser.findall(f"{qn('c:dLbls')}/{qn('c:dLbl')}")
    assert [lbl.find(qn("c:idx")).get("val") for lbl in labels] == ["0"]
    assert labels[0].xpath(".//a:t/text()") == ["+7.5"]


def test_category_names_are_fitted_only_when_they_do_not_fit() -> None:
    frame = _chart(width=2.5)
    names = ["谷满仓 10kg 东北长粒香大米", "谷满仓 5kg 五常稻花香大米"]
    data = {"categories": names, "series": [{"name": "s", "values": [1, 2]}], "fit_names": True}
    fill_chart(frame.chart, "t", data, frame.width)
    shown = list(frame.chart.plots[0].categories)
    # 2.5 in = 180 pt, less 43 pt of axis = 137 pt for 2 columns, 2 lines of 65% each: 89.05 pt
    # at python-pptx's default 18 pt = 4.95 em per name; "谷满仓 10kg 东北长粒香大米" is
    # 3 + 0.28 + 2.28 + 0.28 + 7 = 12.84 em: the shared brand goes, then the middle of the last word:
    # "10kg 东…米" would be 2.28 + 0.28 + 2.52 = 5.08 em, "10kg 东…" is 4.08; "5kg 五…米" is 4.46
    assert shown == ["10kg 东…", "5kg 五…米"]
    wide = _chart(width=12.0)
    fill_chart(wide.chart, "t", data, wide.width)
    assert list(wide.chart.plots[0].categories) == names


def test_a_sales_line_is_drawn_from_zero_a_line_of_shares_keeps_its_range() -> None:
    frame = _chart(XL_CHART_TYPE.LINE_MARKERS)
    fill_chart(frame.chart, "w", {"categories": ["a", "b"], "series": [{"name": "s", "values": [15.3, 25.8]}]})
    # a dip from 20万 to 15万 must not look like a collapse: 25.8 / 5 = 5.16 -> unit 10, 0 .. 30
    assert _axis(frame.chart) == {"min": "0.0", "max": "30.0", "unit": "10.0", "format": "#,##0"}
    shares = _chart(XL_CHART_TYPE.LINE_MARKERS)
    data = {"categories": ["a", "b"], "series": [{"name": "s", "values": [0.31, 0.35], "number_format": "0.0%"}]}
    fill_chart(shares.chart, "share", data)
    scaling = shares.chart._chartSpace.plotArea.find(qn("c:valAx")).find(qn("c:scaling"))
    assert scaling.find(qn("c:min")) is None and scaling.find(qn("c:max")) is None
