"""Table row loops and slide directives."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.util import Inches

from qbr.errors import QbrError
from qbr.template import Template
from tests.template.helpers import add_chart, add_table, blank, lines, new_deck, render, save, textbox

ROWS = [
    ["客户", "销售额"],
    ["{%tr for r in rows %}", ""],
    ["{{ r.name }}", "{{ r.sales | money }}"],
    ["{%tr else %}", ""],
    ["暂无数据", ""],
    ["{%tr endfor %}", ""],
]


def _table(prs):
    return next(s for s in prs.slides[0].shapes if s.has_table)


def _cells(shape):
    return [[c.text for c in row.cells] for row in shape.table.rows]


def test_row_loop_repeats_rows_with_formatting_and_the_frame_grows():
    prs = new_deck()
    shape = add_table(blank(prs), ROWS)
    shape.table.cell(2, 1).text_frame.paragraphs[0].runs[0].font.bold = True
    rows = [{"name": f"店{i}", "sales": 10000 * i} for i in range(1, 6)]
    out = _table(render(prs, {"rows": rows}))
    assert _cells(out) == [["客户", "销售额"]] + [[f"店{i}", f"¥{i}.0万"] for i in range(1, 6)]
    assert all(out.table.cell(r, 1).text_frame.paragraphs[0].runs[0].font.bold for r in range(1, 6))
    assert out.height == Inches(0.4) * 6


def test_empty_row_loop_keeps_header_and_shows_the_no_data_row():
    prs = new_deck()
    add_table(blank(prs), ROWS)
    out = _table(render(prs, {"rows": []}))
    assert _cells(out) == [["客户", "销售额"], ["暂无数据", ""]]
    assert out.height == Inches(0.4) * 2


def test_row_if_drops_rows():
    prs = new_deck()
    add_table(blank(prs), [["a"], ["{%tr if show %}"], ["{{ 1 + 1 }}"], ["{%tr endif %}"], ["z"]])
    assert _cells(_table(render(prs, {"show": False}))) == [["a"], ["z"]]
    assert _cells(_table(render(prs, {"show": True}))) == [["a"], ["2"], ["z"]]


def test_a_table_left_without_rows_is_removed_and_a_shown_one_keeps_its_header():
    rows = [["{%tr if stores %}"], ["表现最佳"], ["{%tr for s in stores %}"], ["{{ s }}"], ["{%tr endfor %}"]]
    rows.append(["{%tr endif %}"])
    prs = new_deck()
    add_table(blank(prs), rows)
    textbox(prs.slides[0], "beside").text_frame.text = "beside"
    out = render(prs, {"stores": []})
    assert not any(s.has_table for s in out.slides[0].shapes)
    assert [s.name for s in out.slides[0].shapes] == ["beside"]
    assert _cells(_table(render(prs, {"stores": ["A", "B"]}))) == [["表现最佳"], ["A"], ["B"]]


def _slide_deck():
    prs = new_deck()
    s1 = blank(prs)
    lines(textbox(s1).text_frame, ["封面 {{ customer }}"])
    s2 = blank(prs)
    lines(textbox(s2, "Title box").text_frame, ["活动：{{ a.name }}"])
    add_chart(s2, "chart:act")
    s2.notes_slide.notes_text_frame.text = "{%slide for a in activities %}"
    s2.notes_slide.notes_text_frame.add_paragraph().text = "讲 {{ a.name }}"
    s3 = blank(prs)
    lines(textbox(s3).text_frame, ["推荐者"])
    s3.notes_slide.notes_text_frame.text = "{%slide if promoters %}"
    s4 = blank(prs)
    lines(textbox(s4).text_frame, ["结尾"])
    return prs


def _ctx(n, promoters):
    charts = {"act": {"categories": ["x", "y"], "series": [{"name": "v", "values": [1, 2]}]}}
    return {
        "customer": "C",
        "activities": [{"name": f"活动{i}"} for i in range(n)],
        "promoters": promoters,
        "charts": charts,
    }


def test_slide_for_repeats_the_slide_with_own_charts_ids_and_notes():
    out = render(_slide_deck(), _ctx(3, True))
    texts = [s.shapes[0].text_frame.text for s in out.slides]
    assert texts == ["封面 C", "活动：活动0", "活动：活动1", "活动：活动2", "推荐者", "结尾"]
    copies = list(out.slides)[1:4]
    assert [s.notes_slide.notes_text_frame.text for s in copies] == ["讲 活动0", "讲 活动1", "讲 活动2"]
    chart_parts = {s.shapes[1].chart.part.partname for s in copies}
    assert len(chart_parts) == 3
    ids = [sh.shape_id for s in copies for sh in s.shapes]
    assert len(ids) == len(set(ids))
    assert len({s.slide_id for s in out.slides}) == 6


def test_slide_if_false_and_empty_for_drop_slides():
    out = render(_slide_deck(), _ctx(0, False))
    assert [s.shapes[0].text_frame.text for s in out.slides] == ["封面 C", "结尾"]


def test_slide_copies_survive_a_save_and_reopen_and_validate():
    from openxml_audit import validate_pptx

    blob = Template.from_bytes(save(_slide_deck())).render(_ctx(2, True))
    prs = Presentation(io.BytesIO(blob))
    assert len(prs.slides) == 5
    path = io.BytesIO(blob)
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pptx") as fh:
        fh.write(path.getvalue())
        fh.flush()
        result = validate_pptx(fh.name)
    assert result.is_valid, [str(e) for e in result.errors][:5]


def test_unbalanced_blocks_are_reported_with_slide_and_shape():
    prs = new_deck()
    lines(textbox(blank(prs), "Body").text_frame, ["{%p for x in xs %}", "{{ x }}"])
    add_table(blank(prs), [["{%tr endfor %}"], ["x"]], name="KPI table")
    s3 = blank(prs)
    s3.notes_slide.notes_text_frame.text = "{%slide endif %}"
    with pytest.raises(QbrError) as err:
        Template.from_bytes(save(prs), "t.pptx")
    text = err.value.format()
    assert 'slide 1, shape "Body"' in text and "never closed" in text
    assert 'slide 2, shape "KPI table"' in text and "{%tr endfor %}" in text
    assert 'slide 3, shape "notes"' in text
