"""Named shapes: native chart fill, pictures fitted into their box, images."""

from __future__ import annotations

import io
import tempfile

import pytest
from openpyxl import load_workbook
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn
from pptx.util import Inches

from qbr.errors import QbrError
from qbr.template import Template
from tests.template.helpers import add_chart, blank, new_deck, png, render, save

DATA = {
    "categories": ["Q1", "Q2", None, "Q4\x0b"],
    "series": [
        {"name": "销售额", "values": [1.5, None, 3, 4]},
        {"name": "目标", "values": [2, 2, 2, 2]},
        {"name": "去年", "values": [1, 1, 1, 1], "number_format": "0.0%"},
    ],
}


def _chart_deck(kind=XL_CHART_TYPE.COLUMN_CLUSTERED):
    prs = new_deck()
    frame = add_chart(blank(prs), "chart:sales", kind, series=1, number_format="#,##0.00")
    fill = frame.chart.plots[0].series[0].format.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(0x12, 0x34, 0x56)
    return prs


def test_native_chart_gets_categories_series_formats_and_distinct_colours():
    out = render(_chart_deck(), {"charts": {"sales": DATA}})
    chart = out.slides[0].shapes[0].chart
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    cat = chart.plots[0].series[0]._element.find(qn("c:cat"))
    assert [v.text or "" for v in cat.iter(qn("c:v"))] == ["Q1", "Q2", "", "Q4 "]  # None -> blank label
    series = list(chart.series)
    assert [s.name for s in series] == ["销售额", "目标", "去年"]
    assert list(series[0].values) == [1.5, None, 3.0, 4.0]
    codes = [
        s._element.find(qn("c:val")).find(qn("c:numRef")).find(qn("c:numCache")).find(qn("c:formatCode")).text
        for s in series
    ]
    assert codes == ["#,##0.00", "#,##0.00", "0.0%"]
    assert str(series[0].format.fill.fore_color.rgb) == "123456"  # the author's colour stays
    accents = [s._element.find(qn("c:spPr")).find(qn("a:solidFill"))[0].get("val") for s in series[1:]]
    assert accents == ["accent2", "accent3"]
    workbook = load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
    assert workbook.active["B1"].value == "销售额" and workbook.active["D1"].value == "去年"
    ax_ids = [int(e.get("val")) for e in chart._chartSpace.iter(qn("c:axId"))]
    assert all(v >= 0 for v in ax_ids)


def test_filled_chart_deck_is_valid_ooxml():
    from openxml_audit import validate_pptx

    template = Template.from_bytes(save(_chart_deck(XL_CHART_TYPE.LINE_MARKERS)))
    blob = template.render({"charts": {"sales": DATA}})
    with tempfile.NamedTemporaryFile(suffix=".pptx") as fh:
        fh.write(blob)
        fh.flush()
        result = validate_pptx(fh.name)
    assert result.is_valid, [str(e) for e in result.errors][:5]


def test_chart_without_data_is_a_located_error():
    with pytest.raises(QbrError) as err:
        render(_chart_deck(), {"charts": {}})
    assert 'slide 1, shape "chart:sales": chart:sales has no data' in err.value.format()


def _placeholder_deck(name):
    prs = new_deck()
    slide = blank(prs)
    box = slide.shapes.add_shape(1, Inches(1), Inches(1), Inches(4), Inches(2))  # 2:1 box
    box.name = name
    return prs


@pytest.mark.parametrize("size", [(400, 400), (800, 200)])
def test_chart_image_is_fitted_into_its_box_without_distortion(size):
    out = render(_placeholder_deck("chart:trend"), {"chart_images": {"trend": png(*size)}})
    pic = out.slides[0].shapes[0]
    assert pic.shape_type == 13 and pic.name == "chart:trend"
    assert abs(pic.width / pic.height - size[0] / size[1]) < 0.01
    assert pic.width <= Inches(4) and pic.height <= Inches(2)
    assert pic.left + pic.width / 2 == pytest.approx(Inches(3), abs=2)  # centred
    assert pic.top + pic.height / 2 == pytest.approx(Inches(2), abs=2)


def test_render_chart_callback_gets_name_data_and_box_size():
    calls = []

    def renderer(name, data, width, height):
        calls.append((name, data, width, height))
        return png(20, 10)

    render(_placeholder_deck("chart:mix"), {"charts": {"mix": {"x": 1}}}, render_chart=renderer)
    assert calls == [("mix", {"x": 1}, Inches(4), Inches(2))]


def test_a_template_knows_which_charts_are_pictures_so_a_batch_warms_matplotlib_only_for_them():
    assert Template.from_bytes(save(_chart_deck())).picture_charts == []
    assert Template.from_bytes(save(_placeholder_deck("chart:mix"))).picture_charts == ["chart:mix"]
    # an image: shape is a picture, but not a chart matplotlib draws
    assert Template.from_bytes(save(_placeholder_deck("image:logo"))).picture_charts == []


def test_chart_picture_with_no_image_and_no_renderer_is_an_error():
    with pytest.raises(QbrError, match="chart:mix has no data"):
        render(_placeholder_deck("chart:mix"), {})


def test_image_expression_from_bytes_or_path_and_none_removes_the_shape(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(30, 10))
    out = render(_placeholder_deck("image:customer.logo"), {"customer": {"logo": str(logo)}})
    assert out.slides[0].shapes[0].shape_type == 13
    out = render(_placeholder_deck("image:customer.logo"), {"customer": {"logo": None}})
    assert len(out.slides[0].shapes) == 0
    with pytest.raises(QbrError, match="not a PNG/JPEG"):
        render(_placeholder_deck("image:blob"), {"blob": b"not an image"})
