"""Write templates/example.pptx: a worked example of every template feature.

Run: .venv/bin/python scripts/make_example_template.py [OUT.pptx]
The context that fills it is templates/example.json; tests/template/test_example.py renders it.
A real template is drawn in PowerPoint; this script only exists so the example is reproducible.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Inches, Pt

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from qbr.template.charts import fix_axis_ids


def _lines(frame, texts: list[str], size: int = 18) -> None:
    for i, text in enumerate(texts):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.text = text
        for run in p.runs:
            run.font.size = Pt(size)


def build(out: Path) -> None:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)

    # 1. title slide: tags in placeholders, a quarter label and a date
    s = prs.slides.add_slide(prs.slide_layouts[0])
    s.shapes.title.text = "{{ customer.name }} 季度业务回顾"
    s.placeholders[1].text = "{{ quarter | quarter }} · 编制于 {{ generated | date }}"

    # 2. KPIs: filters, a coloured delta, a paragraph loop
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = "核心指标"
    box = s.shapes.add_textbox(Inches(0.7), Inches(1.6), Inches(6), Inches(4))
    box.name = "KPI box"
    _lines(
        box.text_frame,
        [
            "销售额 {{ kpi.sales | money }}（同比 {{ kpi.sales_yoy | delta }}）",
            "毛利率 {{ kpi.margin | pct }}",
            "活跃门店 {{ kpi.stores | num }} 家",
            "{%p for h in highlights %}",
            "• {{ h }}",
            "{%p endfor %}",
        ],
    )
    chart_data = CategoryChartData(number_format="#,##0")
    chart_data.categories = ["Q1", "Q2", "Q3", "Q4"]
    chart_data.add_series("示例", [1, 2, 3, 4])
    frame = s.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(7), Inches(1.6), Inches(5.8), Inches(4.5), chart_data
    )
    frame.name = "chart:sales_trend"
    frame.chart.has_legend = True
    frame.chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    frame.chart.legend.include_in_layout = False
    fix_axis_ids(frame.chart._chartSpace)

    # 3. a table with a row loop and a no-data row
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = "门店销售 TOP {{ top_stores | length }}"
    rows = [
        ["门店", "城市", "销售额", "同比"],
        ["{%tr for r in top_stores %}", "", "", ""],
        ["{{ r.name }}", "{{ r.city }}", "{{ r.sales | money }}", "{{ r.yoy | delta }}"],
        ["{%tr else %}", "", "", ""],
        ["本季度无门店数据", "", "", ""],
        ["{%tr endfor %}", "", "", ""],
    ]
    shape = s.shapes.add_table(len(rows), 4, Inches(0.7), Inches(1.6), Inches(11.9), Inches(0.45 * len(rows)))
    shape.name = "Store table"
    for r, row in enumerate(rows):
        shape.table.rows[r].height = Inches(0.45)
        for c, text in enumerate(row):
            shape.table.cell(r, c).text = text

    # 4. one slide per activity, from the notes; a picture chart rendered by the caller
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = "活动 {{ loop.index }}：{{ a.name }}"
    box = s.shapes.add_textbox(Inches(0.7), Inches(1.6), Inches(6), Inches(1.5))
    _lines(box.text_frame, ["投入 {{ a.cost | money }}", "ROI {{ a.roi | num(1) }}"])
    chart_data = CategoryChartData(number_format="0.0")
    chart_data.categories = ["第1月", "第2月", "第3月"]
    chart_data.add_series("示例", [1, 2, 3])
    frame = s.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, Inches(0.7), Inches(3.3), Inches(6), Inches(3.5), chart_data)
    frame.name = "chart:a.trend"  # a dotted name is an expression: each copy gets its own data
    fix_axis_ids(frame.chart._chartSpace)
    logo = s.shapes.add_shape(1, Inches(10.5), Inches(0.3), Inches(2.3), Inches(1))
    logo.name = "image:customer.logo"  # a path or bytes; null removes the box
    s.notes_slide.notes_text_frame.text = "{%slide for a in activities %}"
    s.notes_slide.notes_text_frame.add_paragraph().text = "讲解要点：{{ a.name }} 的执行情况"

    # 5. shown only when there are promoters
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = "推荐者：{{ promoters | join('、') }}"
    s.notes_slide.notes_text_frame.text = "{%slide if promoters %}"

    out.parent.mkdir(parents=True, exist_ok=True)
    prs.save(out)


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[1] / "templates" / "example.pptx"
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    build(target)
    print(f"wrote {target}")
