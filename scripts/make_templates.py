"""Regenerate the default templates: the customer's deck `templates/qbr_zh.pptx`, `qbr_en.pptx`, and the
owner's brief `templates/brief_zh.pptx`, `brief_en.pptx`.

The .pptx files are what users edit (in PowerPoint, WPS or LibreOffice); this script only makes
the first version reproducible. Both languages share one slide plan; the words come from LABELS.
Template language: docs/templates.md. Variables: `python -m qbr template vars`.

    python scripts/make_templates.py [--out templates]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

NAVY, BLUE, TEAL, ORANGE, GREY, LIGHT = "1F3864", "2E75B6", "00A3A1", "ED7D31", "7F7F7F", "F3F5F8"
INK, MUTED, LINE = "262626", "6B7280", "D9DEE7"
# last year and target beside actuals: muted tones, so the brand colour marks what was achieved
MUTED_LY, MUTED_TARGET = "A5B4C8", "D0D4DA"
THEME_ACCENTS = [BLUE, TEAL, ORANGE, "A5A5A5", "5B9BD5", "70AD47"]
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.35)

FONTS = {"zh": ("Arial", "Microsoft YaHei"), "en": ("Calibri", "Microsoft YaHei")}

# the invoice tables list the oldest few: the label says so, or their rows do not add up to the title
OVERDUE_MORE = {
    "zh": "{% if overdue_invoice_count > overdue_invoices|length %}：逾期最久的 {{ overdue_invoices|length }} 张"
    "（共 {{ overdue_invoice_count }} 张，合计 {{ kpi.ar_overdue|money }}）{% endif %}",
    "en": "{% if overdue_invoice_count > overdue_invoices|length %}: the {{ overdue_invoices|length }} oldest of "
    "{{ overdue_invoice_count }} ({{ kpi.ar_overdue|money }} in all){% endif %}",
}


def risk_store(row: str, whole: str) -> str:
    """A stock risk's store fitted to its share of the line, without the chain name all the
    customer's stores share (|fit, qbr.formatting.fit_name); `whole` for the whole customer."""
    among = "stores.ranking|map(attribute='name')|list"
    return (
        f"{{% if {row}.store_name %}}{{{{ {row}.store_name|fit(2.1, 10, {among}) }}}}{{% else %}}{whole}{{% endif %}}"
    )


LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "review": "季度业务回顾",
        "prepared": "汇报单位",
        "agenda": "目录",
        "summary": "执行摘要",
        "sales": "销售额",
        "yoy": "同比",
        "qoq": "环比",
        "attainment": "目标达成",
        "gm": "毛利率",
        "investment": "费用投入",
        "expense_ratio": "费用率",
        "ar_overdue": "逾期应收",
        "ly": "去年同期",
        "skus_sold": "在售单品",
        "collection_rate": "本季回款率",
        "prev": "上季度",
        "target": "目标",
        "gap": "差额",
        "headlines": "要点",
        "sales_title": "销售达成：对比目标、上季度与去年同期",
        "quarterly": "近五个季度销售额（万元）",
        "compare": "本季度对比（万元）",
        "monthly_title": "月度销售趋势",
        "monthly": "月度销售额（万元）",
        "month": "月份",
        "this_year": "本年",
        "target_pace": "目标进度",
        "sku_title": "品类与单品表现",
        "category": "品类销售额（万元）",
        "top10": "销售前十单品",
        "sku": "单品",
        "share": "占比",
        "movers_title": "单品增减：同比变化来源",
        "gainers": "增长最多",
        "new": "（新品）",
        "decliners": "下降最多",
        "change": "同比变化",
        "waterfall": "销售额同比变化拆解",
        "stores_title": "门店表现",
        "active_stores": "活跃门店",
        "lfl": "{% if stores.same_store_yoy is not none %}同店同比 {{ stores.same_store_yoy|delta }}"
        "（{{ stores.same_stores }} 家）{% endif %}",
        "per_store": "店均销售额",
        "store_rank": "门店销售额排名（万元）",
        "store": "门店",
        "best": "同比增长最快",
        "worst": "同比下降最多",
        "sellout_title": "终端销售：客户售出 {{ sellout.total.sellout_qty|num }} 件"
        "{% if sellout.total.sell_through is not none %}，为我方供货的 {{ sellout.total.sell_through|pct(0) }}"
        "{% endif %}{% if sellout.total.weeks_of_cover is not none %}，库存可售 "
        "{{ sellout.total.weeks_of_cover|num(1) }} 周{% endif %}",
        "sellout_chart": "客户售出 vs 我方供货（件）",
        "sellout_skus": "单品售出、库存与可售周数",
        "sellout_risks": "库存风险（截至 {{ sellout.as_of|date }}）",
        "sold": "售出",
        "delivered": "供货",
        "sell_through": "售出/供货",
        "stock": "库存",
        "month_stock": "月末库存",
        "cover": "可售周数",
        "spring": "距春节（{{ sellout.spring_festival.date|date }}）{{ sellout.spring_festival.weeks_to|num(1) }} 周："
        "库存合计可售 {{ sellout.spring_festival.weeks_of_cover|num(1) }} 周，"
        "{{ sellout.spring_festival.short|length }} 个单品撑不到春节",
        "dead": "滞销：{{ sellout.dead_stock|length }} 个门店单品有库存、近 4 周无销售"
        "{% if sellout.dead_stock|length > 2 %}（列出库存最多的 2 个）{% endif %}",
        "dead_row": risk_store("d", "全客户") + " · {{ d.name|truncate(14, true, '…', 0) }} 库存 {{ d.stock|num }}",
        "gaps": "断货：{{ sellout.shelf_gaps|length }} 个门店单品近 4 周有销售、库存为 0"
        "{% if sellout.shelf_gaps|length > 2 %}（列出售出最多的 2 个）{% endif %}",
        "gap_row": risk_store("g", "全客户") + " · "
        "{{ g.name|truncate(14, true, '…', 0) }} 近 4 周售出 {{ g.sellout_qty|num }}",
        "sellout_note": "售出/供货 = 客户售出件数 ÷ 我方供货件数；可售周数 = 期末库存 ÷ 近 4 周周均售出",
        "support_title": "费用投入与投入产出",
        "support_type": "费用类型",
        "amount": "金额",
        "support_chart": "费用构成（万元，含促销员）",
        "total": "合计",
        "no_investment": "本季度无费用投入",
        "support": "费用支持",
        "promoter_cost": "促销员费用",
        "promoters_title": "促销员投入",
        "promoter": "促销员",
        "days": "在岗天数",
        "cost": "费用",
        "promoter_days": "促销员人天",
        "promoters": "促销员人数",
        "per_day": "人天成本",
        "promoter_chart": "各门店促销员人天",
        "activity": "活动",
        "period": "活动时间",
        "mechanics": "活动内容",
        "skus": "活动商品",
        "baseline": "活动前日均",
        "actual": "活动期日均",
        "uplift": "提升",
        "incremental": "增量销售",
        "sales_roi": "销售投入产出比",
        "profit_roi": "毛利投入产出比",
        "activity_chart": "活动单品日均销售额对比",
        "all_products": "全部商品",
        "profit_title": "盈利分析",
        "gross_profit": "毛利额",
        "contribution": "扣除投入后贡献",
        "contribution_margin": "贡献率",
        "profit_chart": "从销售额到贡献",
        "ar_title": "应收账款与账龄",
        "ar_outstanding": "应收余额",
        "dso": "应收周转天数",
        "collected": "本季回款",
        "aging": "账龄分布（万元）",
        "overdue_list": "逾期发票" + OVERDUE_MORE["zh"],
        "invoice": "发票号",
        "due": "到期日",
        "outstanding": "未收金额",
        "days_past_due": "逾期天数",
        "alerts_title": "周度预警与问题",
        "weekly": "周销售额（万元）",
        "week": "周",
        "wow": "较常态",
        "drivers": "原因",
        "issues": "原因与行动",
        "no_issues": "本季度无周度预警，也未记录问题",
        "no_alerts": "本季度无周度预警",
        "plan_title": "下季度计划",
        "plan_item": "行动",
        "owner": "负责人",
        "due_date": "完成时间",
        "no_plan": "待与客户共同确定",
        "no_data": "暂无数据",
        "appendix_title": "附录：指标定义与数据说明",
        "cutoff": "数据截至",
        "channel": "渠道",
    },
    "en": {
        "review": "Quarterly Business Review",
        "prepared": "Prepared by",
        "agenda": "Agenda",
        "summary": "Executive summary",
        "sales": "Sales",
        "yoy": "YoY",
        "qoq": "QoQ",
        "attainment": "Attainment",
        "gm": "Gross margin",
        "investment": "Investment",
        "expense_ratio": "Expense ratio",
        "ar_overdue": "AR overdue",
        "ly": "Last year",
        "skus_sold": "SKUs sold",
        "collection_rate": "Collection rate",
        "prev": "Last quarter",
        "target": "Target",
        "gap": "Gap",
        "headlines": "Headlines",
        "sales_title": "Sales against target, last quarter and last year",
        "quarterly": "Sales, last five quarters (K)",
        "compare": "This quarter compared (K)",
        "monthly_title": "Monthly sales trend",
        "monthly": "Monthly sales (K)",
        "month": "Month",
        "this_year": "This year",
        "target_pace": "Target pace",
        "sku_title": "Categories and SKUs",
        "category": "Sales by category (K)",
        "top10": "Top 10 SKUs",
        "sku": "SKU",
        "share": "Share",
        "movers_title": "What moved sales vs last year",
        "gainers": "Biggest gainers",
        "new": " (new)",
        "decliners": "Biggest decliners",
        "change": "Change vs LY",
        "waterfall": "Sales change vs last year by SKU",
        "stores_title": "Store performance",
        "active_stores": "Active stores",
        "lfl": "{% if stores.same_store_yoy is not none %}Like for like {{ stores.same_store_yoy|delta }}"
        " ({{ stores.same_stores }} stores){% endif %}",
        "per_store": "Sales per store",
        "store_rank": "Sales by store (K)",
        "store": "Store",
        "best": "Fastest growing",
        "worst": "Falling most",
        "sellout_title": "Sell-out: the customer sold {{ sellout.total.sellout_qty|num }} units"
        "{% if sellout.total.sell_through is not none %}, {{ sellout.total.sell_through|pct(0) }} of our deliveries"
        "{% endif %}{% if sellout.total.weeks_of_cover is not none %}; stock covers "
        "{{ sellout.total.weeks_of_cover|num(1) }} weeks{% endif %}",
        "sellout_chart": "Customer sold vs we delivered (units)",
        "sellout_skus": "SKUs: sold, stock and weeks of cover",
        "sellout_risks": "Stock risks (as of {{ sellout.as_of|date }})",
        "sold": "Sold",
        "delivered": "Delivered",
        "sell_through": "Sold/deliv.",
        "stock": "Stock",
        "month_stock": "Stock at end",
        "cover": "Weeks",
        "spring": "Spring Festival ({{ sellout.spring_festival.date|date }}) is "
        "{{ sellout.spring_festival.weeks_to|num(1) }} weeks away: stock covers "
        "{{ sellout.spring_festival.weeks_of_cover|num(1) }} weeks; {{ sellout.spring_festival.short|length }} "
        "SKUs run out before it",
        "dead": "Dead stock: {{ sellout.dead_stock|length }} store SKUs hold stock with no sale in 4 weeks"
        "{% if sellout.dead_stock|length > 2 %} (the 2 with most stock){% endif %}",
        "dead_row": risk_store("d", "All stores") + " · "
        "{{ d.name|truncate(18, true, '…', 0) }}: {{ d.stock|num }} in stock",
        "gaps": "Shelf gaps: {{ sellout.shelf_gaps|length }} store SKUs sold in 4 weeks and hold none"
        "{% if sellout.shelf_gaps|length > 2 %} (the 2 that sold most){% endif %}",
        "gap_row": risk_store("g", "All stores") + " · "
        "{{ g.name|truncate(18, true, '…', 0) }}: {{ g.sellout_qty|num }} sold in 4 weeks",
        "sellout_note": "Sold/deliv. = units the customer sold / units we delivered; weeks of cover = stock at the "
        "end / mean weekly sell-out of the last 4 weeks",
        "support_title": "Investment and its return",
        "support_type": "Type",
        "amount": "Amount",
        "support_chart": "Investment by kind (K, incl. promoters)",
        "total": "Total",
        "no_investment": "No investment this quarter",
        "support": "Support",
        "promoter_cost": "Promoter cost",
        "promoters_title": "Promoters",
        "promoter": "Promoter",
        "days": "Days",
        "cost": "Cost",
        "promoter_days": "Promoter days",
        "promoters": "Promoters",
        "per_day": "Cost per promoter-day",
        "promoter_chart": "Promoter days by store",
        "activity": "Activity",
        "period": "Period",
        "mechanics": "Mechanics",
        "skus": "SKUs",
        "baseline": "Daily before",
        "actual": "Daily during",
        "uplift": "Uplift",
        "incremental": "Incremental sales",
        "sales_roi": "Sales ROI",
        "profit_roi": "Profit ROI",
        "activity_chart": "Daily sales of the activity SKUs, before vs during",
        "all_products": "All products",
        "profit_title": "Profitability",
        "gross_profit": "Gross profit",
        "contribution": "Contribution after investment",
        "contribution_margin": "Contribution margin",
        "profit_chart": "From sales to contribution",
        "ar_title": "Receivables and ageing",
        "ar_outstanding": "AR outstanding",
        "dso": "DSO",
        "collected": "Collected",
        "aging": "Ageing (K)",
        "overdue_list": "Overdue invoices" + OVERDUE_MORE["en"],
        "invoice": "Invoice",
        "due": "Due",
        "outstanding": "Outstanding",
        "days_past_due": "Days overdue",
        "alerts_title": "Weekly alerts and issues",
        "weekly": "Weekly sales (K)",
        "week": "Week",
        "wow": "vs usual",
        "drivers": "Cause",
        "issues": "Why and what to do",
        "no_issues": "No weekly alerts or issues this quarter",
        "no_alerts": "No weekly alerts this quarter",
        "plan_title": "Next quarter plan",
        "plan_item": "Action",
        "owner": "Owner",
        "due_date": "Due",
        "no_plan": "To be agreed with the buyer",
        "no_data": "No data",
        "appendix_title": "Appendix: definitions and data",
        "cutoff": "Data up to",
        "channel": "Channel",
    },
}

AGENDA = {  # the order of a real review (issue 17); SLIDE_ORDER puts the slides in the same order
    "zh": [
        "上季度承诺回顾",
        "执行摘要",
        "销售达成与全年",
        "品类与单品",
        "门店与铺货",
        "终端销售与库存",
        "费用投入与活动",
        "应收账款",
        "同渠道对标与机会",
        "下季度计划与日历",
    ],
    "en": [
        "Last quarter's commitments",
        "Executive summary",
        "Sales, target and the year",
        "Categories and SKUs",
        "Stores and distribution",
        "Sell-out and stock",
        "Investment and activities",
        "Receivables",
        "Channel benchmark",
        "Next quarter and calendar",
    ],
}
# the alert thresholds of qbr.toml as written: 0.05 -> "5%", 3.0 -> "3", 2.5 -> "2.5"
ALERT_DROP = "{{ (alert_rule.weekly_drop * 100)|round(1)|string|replace('.0', '') }}%"
ALERT_K = "{{ alert_rule.noise_k|round(1)|string|replace('.0', '') }}"
DEFINITIONS = {
    "zh": [
        "销售额：本季度净销售额（扣除折扣与退货），即出库明细金额之和",
        "同比/环比：本季度销售额 ÷ 去年同期/上季度销售额 − 1；分母为零显示“—”",
        "目标达成：销售额 ÷ 季度目标",
        "费用投入：费用支持 + 按在岗天数分摊的促销员费用；费用率 = 费用投入 ÷ 销售额",
        "活动提升：活动期日均 ÷ 活动前28天日均 − 1；投入产出比 = 增量销售 ÷ 活动费用",
        "应收余额：季末未收金额；过到期日即逾期（到期日逢节假日顺延至下一工作日）；"
        "周转天数 = 应收余额 ÷ 销售额 × 季度天数",
        "增量销售：（活动期日均 − 活动前日均）× 活动天数",
        "促销员费用：每段派驻的费用按其在本季度的在岗天数分摊",
        "常态与预警周：常态 = 前{{ alert_rule.baseline_weeks }}周的平均周销售额；当周较常态下降超过"
        + ALERT_DROP
        + "{% if alert_rule.noise_k %}，且超过近13周周度波动（变化幅度中位数）的"
        + ALERT_K
        + "倍{% endif %}，或有单品在各门店同时断货，即为预警周",
    ],
    "en": [
        "Sales: net sales in the quarter after discounts and returns",
        'YoY / QoQ: sales / sales of the same quarter last year / last quarter - 1; "—" when the base is zero',
        "Attainment: sales / quarter target",
        "Investment: support + promoter cost pro-rated by days; expense ratio = investment / sales",
        "Activity uplift: daily sales during / daily sales in the 28 days before - 1; "
        "sales ROI = incremental sales / activity cost",
        "AR: unpaid at quarter end; overdue once past the due date (moved to the next working day when it "
        "falls on a day off); DSO = AR / sales x days in quarter",
        "Incremental sales: (daily during - daily before) x days",
        "Promoter cost: each assignment's cost spread over its days, counted for the days in the quarter",
        "Usual level and alert week: usual level = mean weekly sales of the {{ alert_rule.baseline_weeks }} weeks "
        "before; a week is an alert when it falls more than "
        + ALERT_DROP
        + " below it{% if alert_rule.noise_k %} and more than "
        + ALERT_K
        + "x the median weekly change of the 13 weeks before{% endif %}, or when a SKU is out of stock in every "
        "store at once",
    ],
}

SERIES_LABELS = {"zh": ("客户售出", "我方供货"), "en": ("Customer sold", "We delivered")}
WEEKLY_SERIES = {
    "zh": ("周销售额", "常态（预警基准）", "预警周"),
    "en": ("Weekly sales", "Usual level (alert basis)", "Alert week"),
}
SELLOUT_NOTES = {
    "zh": "客户售出（POS）{{ sellout.total.sellout_qty|num }} 件，我方供货 {{ sellout.total.sellin_qty|num }} 件，"
    "期末库存 {{ sellout.total.stock|num }} 件。售出高于供货：客户在消化库存，供货下降不代表动销下降；"
    "售出低于供货：库存在上升，关注后续订单。滞销与断货门店请与客户逐店核对，断货单品请求客户及时补货。",
    "en": "The customer sold {{ sellout.total.sellout_qty|num }} units (POS) against "
    "{{ sellout.total.sellin_qty|num }} we delivered; {{ sellout.total.stock|num }} units in stock at the end. "
    "Selling more than we deliver means the customer works its stock down: a lower order is not lower demand. "
    "Selling less means stock builds: watch the next orders. Check dead stock and shelf gaps store by store "
    "with the buyer, and ask for replenishment where the shelf is empty.",
}

# Receivables tables: what each open invoice was, and a payment made after the quarter (as of
# report.as_of or --as-of) so the buyer is never chased for an invoice already paid.
INVOICE = {
    "zh": {"invoice_date": "开票日", "amount": "发票金额", "status": "状态",
           "paid_after": "{% if i.paid_after %}已回款 {{ i.paid_after|date }}{% elif i.paid_amount %}部分回款"
                         "{% else %}未回款{% endif %}",
           "collected": "本季回款（回款率 {{ kpi.collection_rate|pct }}）"},
    "en": {"invoice_date": "Invoiced", "amount": "Amount", "status": "Status",
           "paid_after": "{% if i.paid_after %}paid {{ i.paid_after|date }}{% elif i.paid_amount %}part paid"
                         "{% else %}unpaid{% endif %}",
           "collected": "Collected ({{ kpi.collection_rate|pct }} of invoiced)"},
}  # fmt: skip


def invoice_columns(lang: str) -> list[tuple[str, float, str, PP_ALIGN]]:
    """The open-invoice table of the customer's receivables slide and the brief's collection list:
    what each invoice was, what is open, and a payment made since (so nobody chases a paid one)."""
    L, inv = LABELS[lang], INVOICE[lang]
    return [
        (L["invoice"], 1.2, "{{ i.invoice_no }}", PP_ALIGN.LEFT),
        (inv["invoice_date"], 1.35, "{{ i.invoice_date|date }}", PP_ALIGN.LEFT),
        (L["due"], 1.35, "{{ i.due_date|date }}", PP_ALIGN.LEFT),
        (inv["amount"], 0.95, "{{ i.amount|money }}", PP_ALIGN.RIGHT),
        (L["outstanding"], 0.95, "{{ i.outstanding|money }}", PP_ALIGN.RIGHT),
        (L["days_past_due"], 0.7, "{{ i.days_past_due }}", PP_ALIGN.RIGHT),
        (inv["status"], 1.2, inv["paid_after"], PP_ALIGN.LEFT),
    ]


DSO = {
    "zh": "{% if kpi.dso is none %}—{% else %}{{ kpi.dso|num }}天{% endif %}",
    "en": "{% if kpi.dso is none %}—{% else %}{{ kpi.dso|num }} days{% endif %}",
}
GAP = {
    "zh": "{% if kpi.target_gap is none %}未设定目标{% elif kpi.target_gap >= 0 %}"
    "超额 {{ kpi.target_gap|money }}{% else %}缺口 {{ (0 - kpi.target_gap)|money }}{% endif %}",
    "en": "{% if kpi.target_gap is none %}No target set{% elif kpi.target_gap >= 0 %}"
    "Above by {{ kpi.target_gap|money }}{% else %}Short by {{ (0 - kpi.target_gap)|money }}{% endif %}",
}

# What an empty table means, said as a finding: movers' gainers, decliners; overdue invoices.
NOTHING = {
    "zh": ("没有同比增长的单品", "没有同比下降的单品", "没有逾期发票"),
    "en": ("No SKU grew vs last year", "No SKU fell vs last year", "No overdue invoices"),
}


# -- low-level helpers --------------------------------------------------------------------------


def rgb(hex_: str) -> RGBColor:
    return RGBColor.from_string(hex_)


def set_font(
    run_or_font, size: float | None = None, bold: bool | None = None, color: str | None = None, ea: str | None = None
) -> None:
    font = getattr(run_or_font, "font", run_or_font)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = rgb(color)


def text_box(
    slide,
    x,
    y,
    w,
    h,
    lines: list[tuple[str, float, bool, str]] | str,
    *,
    name: str = "",
    align=PP_ALIGN.LEFT,
    anchor=MSO_ANCHOR.TOP,
    wrap: bool = True,
    spacing: float = 0,
) -> object:
    """A text box; `lines` are (text, size pt, bold, colour) paragraphs."""
    box = slide.shapes.add_textbox(x, y, w, h)
    if name:
        box.name = name
    tf = box.text_frame
    tf.word_wrap = wrap
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Inches(0.05)
    tf.margin_top = tf.margin_bottom = Inches(0.03)
    if isinstance(lines, str):
        lines = [(lines, 12, False, INK)]
    for i, (text, size, bold, color) in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        if spacing:
            p.space_after = Pt(spacing)
        run = p.add_run()
        run.text = text
        set_font(run, size, bold, color)
    return box


def rect(slide, x, y, w, h, fill: str, line: str | None = None, shape=MSO_SHAPE.RECTANGLE, name: str = ""):
    s = slide.shapes.add_shape(shape, x, y, w, h)
    s.fill.solid()
    s.fill.fore_color.rgb = rgb(fill)
    if line:
        s.line.color.rgb = rgb(line)
        s.line.width = Pt(0.75)
    else:
        s.line.fill.background()
    s.shadow.inherit = False
    if name:
        s.name = name
    if shape == MSO_SHAPE.ROUNDED_RECTANGLE:
        s.adjustments[0] = 0.08
    return s


def bullets(
    slide, x, y, w, h, items_tag: str, item_expr: str, size: float = 13, name: str = "", empty: str | None = None
) -> object:
    """A paragraph loop: `{%p for ... %}` / one bullet paragraph / `{%p endfor %}`."""
    box = slide.shapes.add_textbox(x, y, w, h)
    box.name = name or "bullets"
    tf = box.text_frame
    tf.word_wrap = True
    paras = [f"{{%p for {items_tag} %}}", item_expr, "{%p endfor %}"]
    if empty:
        paras = [f"{{%p if {items_tag.split(' in ', 1)[1]} %}}", *paras, "{%p else %}", empty, "{%p endif %}"]
    for i, text in enumerate(paras):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        run = p.add_run()
        run.text = text
        set_font(run, size, False, INK)
        p.space_after = Pt(6)
        if text == item_expr:
            _bullet(p, BLUE)
    return box


def _bullet(paragraph, color: str, char: str = "•") -> None:
    pPr = paragraph._p.get_or_add_pPr()
    pPr.set("marL", str(Inches(0.22)))
    pPr.set("indent", str(-Inches(0.22)))
    for tag in ("a:buClr", "a:buFont", "a:buChar"):
        for old in pPr.findall(qn(tag)):
            pPr.remove(old)
    clr = etree.SubElement(pPr, qn("a:buClr"))
    etree.SubElement(clr, qn("a:srgbClr")).set("val", color)
    etree.SubElement(pPr, qn("a:buFont")).set("typeface", "Arial")
    etree.SubElement(pPr, qn("a:buChar")).set("char", char)


def section_label(slide, x, y, w, text: str) -> None:
    text_box(slide, x, y, w, Inches(0.32), [(text, 12, True, NAVY)])
    rule = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, y + Inches(0.34), w, Pt(1))
    rule.fill.solid()
    rule.fill.fore_color.rgb = rgb(LINE)
    rule.line.fill.background()
    rule.shadow.inherit = False


def one_unit(expr: str, loop: str) -> str:
    """A money cell of a table row in the unit of its column's largest figure: `{{ r.x|money }}`
    (or `|delta('money')`) over `r in rows` becomes `money(unit=(rows)|money_unit('x'))`, so that a
    column never reads "¥8.3万" above "¥9,000"."""
    import re

    found = re.fullmatch(r"(\w+) in (.+)", loop.strip())
    if not found:
        return expr
    var, rows = found.groups()
    unit = f"unit=({rows})|money_unit('{{attr}}')"

    def money(m: re.Match[str]) -> str:
        return f"{{{{ {var}.{m[1]}|money({unit.format(attr=m[1])}) }}}}"

    def delta(m: re.Match[str]) -> str:
        return f"{{{{ {var}.{m[1]}|delta('money', {unit.format(attr=m[1])}) }}}}"

    expr = re.sub(rf"\{{\{{ {var}\.(\w+)\|money \}}\}}", money, expr)
    return re.sub(rf"\{{\{{ {var}\.(\w+)\|delta\('money'\) \}}\}}", delta, expr)


def table(
    slide,
    x,
    y,
    w,
    columns: list[tuple[str, float, str, PP_ALIGN]],
    loop: str | None,
    empty: str,
    name: str,
    size: float = 10.5,
    row_h: float = 0.3,
    empty_col: int = 0,
    total: list[str] | None = None,
    show_if: str | None = None,
) -> object:
    """A table: header, then (with `loop`) marker rows around one data row and a no-data row
    (its text in column `empty_col`), then an optional total row. With `show_if`, every row
    (header included) sits inside `{%tr if show_if %}`: qbr removes a table left without rows.

    columns: (header, width in inches, cell expression, alignment).
    """
    if loop:
        columns = [(h, width, one_unit(expr, loop), align) for h, width, expr, align in columns]
    rows = 1 + (5 if loop else 1) + (1 if total else 0) + (2 if show_if else 0)
    frame = slide.shapes.add_table(rows, len(columns), x, y, w, Inches(row_h * rows))
    frame.name = name
    tbl = frame.table
    tbl.first_row = True
    tbl.horz_banding = False
    units = sum(c[1] for c in columns)
    for i, (_, width, _, _) in enumerate(columns):
        tbl.columns[i].width = Emu(int(w * width / units))
    # python-pptx's default table style is a heavy blue grid: "No Style, No Grid", and each cell
    # draws its own thin light rule underneath (no vertical lines), as KA decks do
    tbl._tbl.tblPr.find(qn("a:tableStyleId")).text = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"
    texts = [[c[0] for c in columns]]
    if loop:
        texts += [
            [f"{{%tr for {loop} %}}"] + [""] * (len(columns) - 1),
            [c[2] for c in columns],
            ["{%tr else %}"] + [""] * (len(columns) - 1),
            [empty if i == empty_col else "" for i in range(len(columns))],
            ["{%tr endfor %}"] + [""] * (len(columns) - 1),
        ]
    else:
        texts.append([c[2] for c in columns])
    if total:
        texts.append(total)
    header_row = 0
    if show_if:
        texts = [[f"{{%tr if {show_if} %}}"] + [""] * (len(columns) - 1), *texts]
        texts.append(["{%tr endif %}"] + [""] * (len(columns) - 1))
        header_row = 1
    for r, row in enumerate(texts):
        tbl.rows[r].height = Inches(row_h)
        for c, text in enumerate(row):
            cell = tbl.cell(r, c)
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            tf = cell.text_frame
            tf.word_wrap = True
            p = tf.paragraphs[0]
            p.alignment = columns[c][3]
            run = p.add_run()
            run.text = text
            header = r == header_row
            total_row = bool(total) and r == len(texts) - (2 if show_if else 1)
            set_font(run, size, header or total_row, NAVY if header else INK)
            cell.fill.solid()
            cell.fill.fore_color.rgb = rgb(HEADER_TINT if header else "FFFFFF")
            _cell_rules(cell, NAVY if header or total_row else LINE, 1.0 if header or total_row else 0.5)
    return frame


HEADER_TINT = "E8EEF6"  # a light tint of the deck's navy behind table headers


def _cell_rules(cell, color: str, width_pt: float) -> None:
    """No left, right or top line; a thin rule of `color` under the cell."""
    tcPr = cell._tc.get_or_add_tcPr()
    lines = []
    for tag in ("a:lnL", "a:lnR", "a:lnT"):
        ln = etree.Element(qn(tag), w="0")
        etree.SubElement(ln, qn("a:noFill"))
        lines.append(ln)
    ln = etree.Element(qn("a:lnB"), w=str(Pt(width_pt)), cap="flat", cmpd="sng", algn="ctr")
    etree.SubElement(etree.SubElement(ln, qn("a:solidFill")), qn("a:srgbClr")).set("val", color)
    lines.append(ln)
    # schema order: lnL, lnR, lnT, lnB come before the cell fill
    fill_el = tcPr.find(qn("a:solidFill"))
    for ln in lines:
        if fill_el is not None:
            fill_el.addprevious(ln)
        else:
            tcPr.append(ln)


def native_chart(
    slide,
    kind,
    x,
    y,
    w,
    h,
    name: str,
    categories: list[str],
    series: list[tuple[str, list[float]]],
    colors: list[str],
    number_format: str = "#,##0",
    labels: bool = True,
    legend: bool = True,
    gap: int = 80,
    overlap: int | None = None,
) -> object:
    data = CategoryChartData(number_format=number_format)
    data.categories = categories
    for s_name, values in series:
        data.add_series(s_name, values, number_format=number_format)
    frame = slide.shapes.add_chart(kind, x, y, w, h, data)
    frame.name = name
    chart = frame.chart
    chart.has_title = False  # the slide's section label names the chart
    chart.font.size = Pt(10)
    chart.font.color.rgb = rgb(MUTED)
    chart.has_legend = legend and len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(10)
    plot = chart.plots[0]
    if hasattr(plot, "gap_width"):
        plot.gap_width = gap
    if overlap is not None and hasattr(plot, "overlap"):
        plot.overlap = overlap
    for i, s in enumerate(plot.series):
        color = colors[i % len(colors)]
        if kind in (XL_CHART_TYPE.LINE_MARKERS, XL_CHART_TYPE.LINE):
            s.format.line.color.rgb = rgb(color)
            s.format.line.width = Pt(2.25)
            s.smooth = False
        else:
            s.format.fill.solid()
            s.format.fill.fore_color.rgb = rgb(color)
    if labels:
        plot.has_data_labels = True
        dl = plot.data_labels
        dl.number_format = number_format
        dl.number_format_is_linked = False
        dl.font.size = Pt(9)
        dl.font.color.rgb = rgb(INK)
        if kind in (XL_CHART_TYPE.COLUMN_CLUSTERED, XL_CHART_TYPE.BAR_CLUSTERED):
            dl.position = XL_LABEL_POSITION.OUTSIDE_END
    try:
        va = chart.value_axis
        va.has_major_gridlines = True
        va.major_gridlines.format.line.color.rgb = rgb("E5E7EB")
        va.format.line.fill.background()
        va.tick_labels.font.size = Pt(9)
        va.tick_labels.number_format = number_format
        va.tick_labels.number_format_is_linked = False
        ca = chart.category_axis
        ca.format.line.color.rgb = rgb(LINE)
        ca.tick_labels.font.size = Pt(10)
        ca.has_major_gridlines = False
    except (ValueError, AttributeError):
        pass  # doughnut and pie charts have no axes
    return frame


def unit_tag(chart: str, lang: str) -> str:
    """ "（万元）" / " (K)": the unit a chart's data set chose (qbr.formatting.chart_scale)."""
    return (
        f"（{{{{ {chart}.unit_word }}}}）"
        if lang == "zh"
        else f"{{% if {chart}.unit_word %}} ({{{{ {chart}.unit_word }}}}){{% endif %}}"
    )


def fit_cell(expr: str, table_w, weights: tuple[float, ...], index: int, size: float, among: str = "") -> str:
    """A table cell showing the name `expr` shortened to its column's measured width (|fit)."""
    extra = f", {among}" if among else ""
    return f"{{{{ {expr}|fit({column_inches(table_w, weights, index):.2f}, {size:g}{extra}) }}}}"


def mute_points(frame, indexes: list[int], color: str) -> None:
    """Points of a one-series chart in a muted colour (last year, last quarter, target), so the
    actual stands out in the brand colour."""
    for i in indexes:
        fill = frame.chart.plots[0].series[0].points[i].format.fill
        fill.solid()
        fill.fore_color.rgb = rgb(color)


def column_inches(table_w, weights: tuple[float, ...], index: int) -> float:
    """Text width of a table column in inches: its share of the table less the cell margins."""
    return Emu(int(table_w * weights[index] / sum(weights))).inches - 0.12


def em_inches(text: str, size_pt: float) -> float:
    """Width of `text` at `size_pt`, in inches (qbr.formatting.em_width)."""
    from qbr.formatting import em_width

    return em_width(text) * size_pt / 72


def waterfall_chart(slide, x, y, w, h, name: str, lang: str, categories: list[str]) -> object:
    """A native waterfall: stacked columns (qbr.context.chartdata.waterfall_chart fills its seven
    series): invisible bases, totals in the brand colour, up and down in the deck's up/down
    colours (zh red up, en green up), and an invisible zero-height series on top whose point
    labels qbr writes ("+7.5"). The owner can restyle or edit it like any other chart."""
    up, down = ("C00000", "00A050") if lang == "zh" else ("00A050", "C00000")
    names = ("base", "base below zero", "total", "up", "down", "below zero", "labels")
    n = len(categories)
    values = [[0.0] * n for _ in names]
    for i in range(n):
        values[2 if i in (0, n - 1) else 3][i] = float(n - i)
    frame = native_chart(
        slide,
        XL_CHART_TYPE.COLUMN_STACKED,
        x,
        y,
        w,
        h,
        name,
        categories,
        list(zip(names, values, strict=True)),
        [BLUE],
        number_format="#,##0.0",
        labels=False,
        legend=False,
        gap=50,
        overlap=100,
    )
    plot = frame.chart.plots[0]
    for series, fill in zip(plot.series, (None, None, BLUE, up, down, down, None), strict=True):
        if fill is None:
            series.format.fill.background()
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = rgb(fill)
    labels = plot.series[-1].data_labels
    labels.show_value = False
    labels.font.size = Pt(9)
    labels.font.color.rgb = rgb(INK)
    labels.position = XL_LABEL_POSITION.INSIDE_BASE
    frame.chart.category_axis.tick_labels.font.size = Pt(9)
    # names lie flat and wrap (LibreOffice would turn them 45° when they do not fit on one line)
    body = frame.chart.category_axis._element.find(qn("c:txPr")).find(qn("a:bodyPr"))
    body.set("rot", "0")
    body.set("vert", "horz")
    return frame


BAND_FILL = "FCEBD5"  # the amber of qbr.charts.style.HIGHLIGHT at 22 % on white, as the pictures draw it
BAND_AXES = ("50001", "50002")  # the band's own category and value axes


def weekly_chart(slide, x, y, w, h, name: str, names: tuple[str, str, str]) -> object:
    """A native line chart of weekly sales with the usual level dashed, over amber columns that
    shade the alert weeks (qbr.context.chartdata fills the three series: sales, usual level, and
    1 in each alert week). The shading is a column series on its own hidden 0-1 axis, so its
    columns fill the plot's height whatever the sales; the legend names all three."""
    sales, usual, band = names
    frame = native_chart(
        slide,
        XL_CHART_TYPE.LINE_MARKERS,
        x,
        y,
        w,
        h,
        name,
        [f"{m}/{d}" for m, d in ((10, 2), (10, 9), (10, 16), (10, 23))],
        [(sales, [20.0, 21.0, 15.0, 20.0]), (usual, [21.0, 21.0, 21.0, 21.0]), (band, [None, None, 1.0, None])],
        [BLUE, GREY, BAND_FILL],
        number_format="#,##0",
        labels=False,
    )
    chart = frame.chart
    chart.legend.include_in_layout = False
    line_plot = chart._chartSpace.plotArea.find(qn("c:lineChart"))
    sers = line_plot.findall(qn("c:ser"))
    sales_ser, usual_ser, _ = chart.plots[0].series
    sales_ser.marker.style = XL_MARKER_STYLE.CIRCLE
    sales_ser.marker.size = 6
    sales_ser.marker.format.fill.solid()
    sales_ser.marker.format.fill.fore_color.rgb = rgb(BLUE)
    sales_ser.marker.format.line.color.rgb = rgb(BLUE)
    usual_ser.format.line.width = Pt(1.5)
    usual_ser.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    usual_ser.marker.style = XL_MARKER_STYLE.NONE  # a level to read the weeks against, not a figure
    # the third series moves into a column plot of its own, behind the lines
    band = sers[2]
    line_plot.remove(band)
    for tag in ("c:marker", "c:smooth"):
        for el in band.findall(qn(tag)):
            band.remove(el)
    sp_pr = band.find(qn("c:spPr"))
    if sp_pr is not None:
        band.remove(sp_pr)
    sp_pr = etree.fromstring(
        f'<c:spPr xmlns:c="{_NS_C}" xmlns:a="{_NS_A}"><a:solidFill><a:srgbClr val="{BAND_FILL}"/></a:solidFill>'
        "<a:ln><a:noFill/></a:ln></c:spPr>"
    )
    band.find(qn("c:tx")).addnext(sp_pr)
    sp_pr.addnext(etree.fromstring(f'<c:invertIfNegative xmlns:c="{_NS_C}" val="0"/>'))
    cat_id, val_id = BAND_AXES
    bar_plot = etree.fromstring(
        f'<c:barChart xmlns:c="{_NS_C}"><c:barDir val="col"/><c:grouping val="clustered"/>'
        f'<c:varyColors val="0"/><c:gapWidth val="0"/><c:axId val="{cat_id}"/><c:axId val="{val_id}"/></c:barChart>'
    )
    bar_plot.find(qn("c:varyColors")).addnext(band)
    line_plot.addprevious(bar_plot)  # drawn first: the lines lie over the shading
    # kept (delete="0") but without line or labels: LibreOffice plots a series whose axis is deleted
    # on the primary axis, where 1 is a sliver at the bottom
    ticks = (
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="none"/>'
        f'<c:spPr xmlns:a="{_NS_A}"><a:ln><a:noFill/></a:ln></c:spPr>'
    )
    axes = etree.fromstring(
        f'<c:axes xmlns:c="{_NS_C}">'
        f'<c:catAx><c:axId val="{cat_id}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="b"/>{ticks}'
        f'<c:crossAx val="{val_id}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="{val_id}"/><c:scaling><c:orientation val="minMax"/><c:max val="1"/><c:min val="0"/>'
        '</c:scaling><c:delete val="0"/><c:axPos val="r"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        f'{ticks}<c:crossAx val="{cat_id}"/><c:crosses val="max"/><c:crossBetween val="between"/></c:valAx>'
        "</c:axes>"
    )
    last_axis = chart._chartSpace.plotArea.findall(qn("c:valAx"))[-1]
    for axis in reversed(list(axes)):
        last_axis.addnext(axis)
    # the weeks sit in the middle of their slots, as the shading's columns do
    for cross in chart._chartSpace.plotArea.iter(qn("c:crossBetween")):
        cross.set("val", "between")
    return frame


_NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def placeholder(slide, x, y, w, h, name: str) -> object:
    """A plain box named `chart:NAME`: qbr replaces it with a rendered chart picture."""
    box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, y, w, h)
    box.name = name
    box.fill.solid()
    box.fill.fore_color.rgb = rgb(LIGHT)
    box.line.fill.background()
    box.text_frame.text = name
    set_font(box.text_frame.paragraphs[0].runs[0], 12, False, MUTED)
    return box


def _if_spend(spend: tuple[str, str, str], none: tuple[str, str, str]) -> tuple[str, str, str]:
    """A summary card that shows `spend` when the quarter has any investment, else `none`."""
    return tuple(  # type: ignore[return-value]
        "{% if has.investment %}" + a + "{% else %}" + b + "{% endif %}" for a, b in zip(spend, none, strict=True)
    )


def kpi_card(slide, x, y, w, h, label: str, value: str, sub: str, name: str = "") -> None:
    label_name = name or label
    card = rect(slide, x, y, w, h, "FFFFFF", LINE, MSO_SHAPE.ROUNDED_RECTANGLE, name=f"KPI {label_name}")
    rect(slide, x, y + Inches(0.12), Inches(0.06), h - Inches(0.24), BLUE)
    del card
    text_box(
        slide,
        x + Inches(0.18),
        y + Inches(0.08),
        w - Inches(0.26),
        Inches(0.3),
        [(label, 11, False, MUTED)],
        name=f"KPI {label_name} label",
    )
    text_box(
        slide,
        x + Inches(0.18),
        y + Inches(0.36),
        w - Inches(0.26),
        Inches(0.5),
        [(value, 22, True, NAVY)],
        name=f"KPI {label_name} value",
    )
    text_box(
        slide,
        x + Inches(0.18),
        y + h - Inches(0.42),
        w - Inches(0.26),
        Inches(0.32),
        [(sub, 10, False, MUTED)],
        name=f"KPI {label_name} note",
    )


def stat_row(slide, stats: list[tuple[str, str]], y, name_by: str = "label") -> None:
    """Figures side by side across the content width: a small label over a large value each."""
    content_w = WIDTH - 2 * MARGIN
    for i, (label, value) in enumerate(stats):
        text_box(
            slide,
            MARGIN + i * content_w // len(stats),
            y,
            content_w // len(stats),
            Inches(0.9),
            [(label, 11, False, MUTED), (value, 20, True, NAVY)],
            name=f"stat {label}" if name_by == "label" else f"stat {i + 1}",
        )


def new_slide(prs, title: str, notes: str = "", directive: str = "", kicker: str = "", key: str = ""):
    """A content slide. With `key`, the title is the computed message `titles.KEY`, the notes the
    talking points, and `kicker` (the section name) sits small above the title."""
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # Title Only
    if key:
        kicker, title = title, f"{{{{ titles.{key} }}}}"
        notes = notes or f"{{{{ talking_points.{key} }}}}"
    slide.shapes.title.text = title
    if kicker:
        text_box(slide, MARGIN, Inches(0.16), Inches(8), Inches(0.3), [(kicker, 11, True, TEAL)], name="section")
    # a thin accent line under the title, like the rest of the deck's rules
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN, Inches(1.12), Inches(0.9), Inches(0.05))
    bar.fill.solid()
    bar.fill.fore_color.rgb = rgb(TEAL)
    bar.line.fill.background()
    bar.shadow.inherit = False
    text = "\n".join(t for t in (directive, notes) if t)
    if text:
        slide.notes_slide.notes_text_frame.text = text
    return slide


AGENDA_CONDITIONS = {  # item index -> the slides it needs
    0: "has.commitments",
    4: "has.stores or distribution.store_gaps or distribution.listing_gaps",
    5: "has.sellout",
    6: "has.investment or has.activities",
    7: "has.receivables",
    8: "has.benchmark",
}


def agenda(slide, items: list[str], top: int) -> None:
    """The agenda as one text box in two columns; sections whose slides are dropped drop out too."""
    box = slide.shapes.add_textbox(MARGIN, BODY_TOP + top, WIDTH - 2 * MARGIN, Inches(4.6))
    box.name = "agenda"
    tf = box.text_frame
    tf.word_wrap = True
    tf._txBody.bodyPr.set("numCol", "2")
    tf._txBody.bodyPr.set("spcCol", str(Inches(0.6)))
    first = True
    for i, item in enumerate(items):
        condition = AGENDA_CONDITIONS.get(i)
        lines = ([f"{{%p if {condition} %}}"] if condition else []) + [item] + (["{%p endif %}"] if condition else [])
        for text in lines:
            p = tf.paragraphs[0] if first else tf.add_paragraph()
            first = False
            run = p.add_run()
            run.text = text
            set_font(run, 20, False, INK)
            if text == item:
                p.space_after = Pt(22)
                _bullet(p, TEAL, char="■")


def footer_logos(prs) -> None:
    """Both logos, small, in the footer of every slide but the cover, left of the page number."""
    w, h = Inches(0.9), Inches(0.3)
    right = WIDTH - MARGIN - Inches(1.1)
    for slide in list(prs.slides)[1:]:
        placeholder(slide, right - 2 * w - Inches(0.1), HEIGHT - Inches(0.42), w, h, "image:logos.customer")
        placeholder(slide, right - w, HEIGHT - Inches(0.42), w, h, "image:logos.ours")


def footer(slide, text: str) -> None:
    text_box(slide, MARGIN, HEIGHT - Inches(0.42), Inches(9), Inches(0.3), [(text, 9, False, MUTED)], name="footer")
    # the page number as a slide-number field, so it stays right when slides are added or dropped
    box = text_box(
        slide,
        WIDTH - MARGIN - Inches(1),
        HEIGHT - Inches(0.42),
        Inches(1),
        Inches(0.3),
        [("", 9, False, MUTED)],
        name="page number",
        align=PP_ALIGN.RIGHT,
    )
    p = box.text_frame.paragraphs[0]._p
    for r in p.findall(qn("a:r")):
        p.remove(r)
    fld = etree.Element(qn("a:fld"), id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
    rpr = etree.SubElement(fld, qn("a:rPr"), lang="en-US", sz="900")
    fill = etree.SubElement(rpr, qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr")).set("val", MUTED)
    etree.SubElement(fld, qn("a:t")).text = "‹#›"
    end = p.find(qn("a:endParaRPr"))
    if end is not None:
        end.addprevious(fld)
    else:
        p.append(fld)


# -- theme and master ---------------------------------------------------------------------------


def style_theme(prs, lang: str) -> None:
    """Theme fonts (Latin + East Asian) and colours, and a 16:9 master with a left-aligned title."""
    latin, ea = FONTS[lang]
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme.blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for font in root.xpath("//a:majorFont|//a:minorFont", namespaces=ns):
        font.find(qn("a:latin")).set("typeface", latin)
        font.find(qn("a:ea")).set("typeface", ea)
        for script in font.findall(qn("a:font")):
            if script.get("script") == "Hans":
                script.set("typeface", "微软雅黑")
    scheme = root.find(".//a:clrScheme", ns)
    scheme.set("name", "qbr")
    for i, color in enumerate(THEME_ACCENTS, start=1):
        el = scheme.find(f"a:accent{i}", ns)
        el.clear()
        etree.SubElement(el, qn("a:srgbClr")).set("val", color)
    dk2 = scheme.find("a:dk2", ns)
    dk2.clear()
    etree.SubElement(dk2, qn("a:srgbClr")).set("val", NAVY)
    root.set("name", "qbr")
    theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    # The default master is 4:3: stretch every placeholder to the 16:9 width.
    old_w = prs.slide_width
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    scale = WIDTH / old_w
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for shape in owner.placeholders:
            shape.left = int(shape.left * scale)
            shape.width = int(shape.width * scale)
    master = prs.slide_master
    for shape in master.placeholders:
        if shape.placeholder_format.type is not None and shape.placeholder_format.idx == 0:
            shape.left, shape.top, shape.width, shape.height = MARGIN, Inches(0.4), WIDTH - 2 * MARGIN, Inches(0.7)
    for layout in prs.slide_layouts:
        for shape in layout.placeholders:
            if shape.placeholder_format.idx == 0 and layout.name == "Title Only":
                shape.left, shape.top, shape.width, shape.height = (
                    MARGIN,
                    Inches(0.4),
                    WIDTH - 2 * MARGIN,
                    Inches(0.7),
                )
    title_style = master._element.find(qn("p:txStyles")).find(qn("p:titleStyle"))
    lvl1 = title_style.find(qn("a:lvl1pPr"))
    lvl1.set("algn", "l")
    rpr = lvl1.find(qn("a:defRPr"))
    rpr.set("sz", "2200")
    rpr.set("b", "1")
    for child in list(rpr):
        if child.tag == qn("a:solidFill"):
            rpr.remove(child)
    fill = etree.Element(qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr")).set("val", NAVY)
    rpr.insert(0, fill)
    # the title frame anchors at the bottom of its box so one- and two-line titles sit on the rule
    for owner in [master, *prs.slide_layouts]:
        for shape in owner.placeholders:
            if shape.placeholder_format.idx == 0:
                body = shape._element.find(qn("p:txBody")).find(qn("a:bodyPr"))
                body.set("anchor", "b")
                for child in list(body):
                    body.remove(child)
                etree.SubElement(body, qn("a:normAutofit"))


# -- the slides ---------------------------------------------------------------------------------


def build(lang: str) -> Presentation:
    L = LABELS[lang]
    prs = Presentation()
    style_theme(prs, lang)
    sample_months = ["M1", "M2", "M3"]
    foot = "{{ customer.name }} · {{ quarter|quarter }}"
    content_w = WIDTH - 2 * MARGIN

    # 1 cover
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    rect(slide, 0, 0, WIDTH, HEIGHT, NAVY)
    rect(slide, MARGIN, Inches(2.35), Inches(1.2), Inches(0.08), TEAL)
    text_box(
        slide,
        MARGIN,
        Inches(1.2),
        content_w,
        Inches(1.0),
        [
            (
                "{{ quarter|quarter }} "
                + L["review"]
                + (
                    "{% if not coverage.complete %}（截至{{ coverage.to|date }}）{% endif %}"
                    if lang == "zh"
                    else "{% if not coverage.complete %} (to {{ coverage.to|date }}){% endif %}"
                ),
                20,
                False,
                "C9D6EA",
            )
        ],
        anchor=MSO_ANCHOR.BOTTOM,
    )
    text_box(
        slide,
        MARGIN,
        Inches(2.6),
        content_w,
        Inches(1.6),
        [("{{ customer.name }}", 40, True, "FFFFFF")],
        name="customer name",
    )
    # a white band for the logos (a dark logo would vanish on navy); no logo file, nothing drawn
    rect(slide, 0, Inches(5.6), WIDTH, HEIGHT - Inches(5.6), "FFFFFF", name="logo band")
    text_box(
        slide,
        MARGIN,
        Inches(5.95),
        Inches(7.5),
        Inches(0.9),
        [("{{ distributor.name }}", 16, True, NAVY), ("{{ report.meeting_date|date }}", 12, False, MUTED)],
    )
    logo_w, logo_h = Inches(2.2), Inches(1.0)
    placeholder(slide, WIDTH - MARGIN - 2 * logo_w - Inches(0.3), Inches(5.85), logo_w, logo_h, "image:logos.customer")
    placeholder(slide, WIDTH - MARGIN - logo_w, Inches(5.85), logo_w, logo_h, "image:logos.ours")

    # 2 agenda
    slide = new_slide(prs, L["agenda"])
    agenda(slide, AGENDA[lang], Inches(0.3))
    footer(slide, foot)

    # 3 executive summary
    slide = new_slide(prs, L["summary"], key="summary")
    cards = [
        (
            L["sales"],
            "{{ kpi.sales|money }}",
            L["target"]
            + " {{ kpi.target|money }}"
            + (
                "{% if not coverage.complete %}（按天折算）{% endif %}"
                if lang == "zh"
                else "{% if not coverage.complete %} (pro-rated){% endif %}"
            ),
        ),
        (L["yoy"], "{{ kpi.yoy|delta }}", L["ly"] + " {{ kpi.sales_ly|money }}"),
        (L["qoq"], "{{ kpi.qoq|delta }}", L["prev"] + " {{ kpi.sales_prev|money }}"),
        (L["attainment"], "{{ kpi.attainment|pct }}", GAP[lang]),
        (L["collected"], "{{ kpi.collected|money }}", L["dso"] + " " + DSO[lang]),
        # without any spend, "费用投入 ¥0 / 费用率 0.0%" would tell the buyer we gave nothing: those two
        # cards then show the range sold and how the account paid
        _if_spend(
            (L["investment"], "{{ kpi.investment|money }}", L["support"] + " {{ kpi.support|money }}"),
            (L["skus_sold"], "{{ by_sku|selectattr('sales', 'gt', 0)|list|length }}",
             L["ly"] + " {{ by_sku|selectattr('sales_ly')|selectattr('sales_ly', 'gt', 0)|list|length }}"),
        ),
        _if_spend(
            (L["expense_ratio"], "{{ kpi.expense_ratio|pct }}", L["promoter_cost"] + " {{ kpi.promoter_cost|money }}"),
            (L["collection_rate"], "{{ kpi.collection_rate|pct }}", L["collected"] + " {{ kpi.collected|money }}"),
        ),
        (L["ar_overdue"], "{{ kpi.ar_overdue|money }}", L["ar_outstanding"] + " {{ kpi.ar_outstanding|money }}"),
    ]  # fmt: skip
    card_w, card_h, gap = Inches(2.95), Inches(1.3), Inches(0.16)
    for i, (label, value, sub) in enumerate(cards):
        col, row = i % 4, i // 4
        kpi_card(
            slide,
            MARGIN + col * (card_w + gap),
            BODY_TOP + Inches(0.05) + row * (card_h + gap),
            card_w,
            card_h,
            label,
            value,
            sub,
            name=f"card {i + 1}" if "{%" in label else "",
        )
    section_label(slide, MARGIN, Inches(4.35), content_w, L["headlines"])
    bullets(
        slide, MARGIN, Inches(4.8), content_w, Inches(2.2), "b in summary", "{{ b }}", size=14, name="summary bullets"
    )
    footer(slide, foot)

    # 4 sales vs target / prev / ly
    slide = new_slide(prs, L["sales_title"], key="sales")
    half = (content_w - Inches(0.4)) // 2
    section_label(slide, MARGIN, BODY_TOP, half, L["compare"])
    s_frame = native_chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        MARGIN,
        BODY_TOP + Inches(0.45),
        half,
        Inches(3.6),
        "chart:sales_compare",
        [L["ly"], L["prev"], L["target"], L["sales"]],
        [(L["sales"], [1, 2, 3, 4])],
        [BLUE],
        number_format="#,##0.0",
        gap=60,
    )
    mute_points(s_frame, [0, 1], MUTED_LY)
    mute_points(s_frame, [2], MUTED_TARGET)
    section_label(slide, MARGIN + half + Inches(0.4), BODY_TOP, half, L["quarterly"])
    native_chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        MARGIN + half + Inches(0.4),
        BODY_TOP + Inches(0.45),
        half,
        Inches(3.6),
        "chart:quarterly_sales",
        ["Q1", "Q2", "Q3", "Q4", "Q5"],
        [(L["sales"], [1, 2, 3, 4, 5])],
        [NAVY],
        number_format="#,##0.0",
        gap=60,
    )
    stats = [
        (L["attainment"], "{{ kpi.attainment|pct }}"),
        (L["yoy"], "{{ kpi.yoy|delta }}"),
        (L["qoq"], "{{ kpi.qoq|delta }}"),
        (L["target"], "{{ kpi.target|money }}"),
    ]
    for i, (label, value) in enumerate(stats):
        x = MARGIN + i * (content_w // 4)
        text_box(
            slide,
            x,
            Inches(5.75),
            content_w // 4 - Inches(0.1),
            Inches(0.9),
            [(label, 11, False, MUTED), (value, 20, True, NAVY)],
            name=f"stat {label}",
        )
    footer(slide, foot)

    # 5 monthly trend
    slide = new_slide(prs, L["monthly_title"], key="monthly")
    section_label(slide, MARGIN, BODY_TOP, content_w, L["monthly"])
    native_chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        MARGIN,
        BODY_TOP + Inches(0.45),
        content_w,
        Inches(3.7),
        "chart:monthly_sales",
        sample_months,
        [(L["this_year"], [1, 2, 3]), (L["ly"], [1, 2, 3]), (L["target_pace"], [1, 2, 3])],
        [BLUE, MUTED_LY, MUTED_TARGET],
        number_format="#,##0.0",
        gap=70,
        overlap=-10,
    )
    table(
        slide,
        MARGIN,
        Inches(5.7),
        content_w,
        [
            (L["month"], 1.2, "{{ m.label }}", PP_ALIGN.LEFT),
            (L["sales"], 1.5, "{{ m.sales|money }}", PP_ALIGN.RIGHT),
            (L["ly"], 1.5, "{{ m.sales_ly|money }}", PP_ALIGN.RIGHT),
            (L["yoy"], 1.2, "{{ m.yoy|delta }}", PP_ALIGN.RIGHT),
        ],
        "m in by_month",
        L["no_data"],
        "monthly table",
        row_h=0.27,
    )
    footer(slide, foot)

    # 6 categories and top SKUs
    slide = new_slide(prs, L["sku_title"], key="skus")
    left_w, right_w = Inches(5.2), content_w - Inches(5.6)
    section_label(slide, MARGIN, BODY_TOP, left_w, L["category"])
    native_chart(
        slide,
        XL_CHART_TYPE.BAR_CLUSTERED,
        MARGIN,
        BODY_TOP + Inches(0.45),
        left_w,
        Inches(4.9),
        "chart:sales_by_category",
        ["A", "B", "C"],
        [(L["sales"], [3, 2, 1])],
        [BLUE],
        number_format="#,##0.0",
        gap=50,
    )
    rx = MARGIN + left_w + Inches(0.4)
    section_label(slide, rx, BODY_TOP, right_w, L["top10"])
    table(
        slide,
        rx,
        BODY_TOP + Inches(0.45),
        right_w,
        [
            ("#", 0.35, "{{ loop.index }}", PP_ALIGN.CENTER),
            (L["sku"], 3.2, fit_cell("s.name", right_w, (0.35, 3.2, 1.2, 0.8, 0.9), 1, 10), PP_ALIGN.LEFT),
            (L["sales"], 1.2, "{{ s.sales|money }}", PP_ALIGN.RIGHT),
            (L["share"], 0.8, "{{ s.share|pct }}", PP_ALIGN.RIGHT),
            (L["yoy"], 0.9, "{{ s.yoy|delta }}", PP_ALIGN.RIGHT),
        ],
        "s in top_skus",
        L["no_data"],
        "top skus table",
        size=10,
        row_h=0.4,
    )
    footer(slide, foot)

    # 7 SKU movers
    slide = new_slide(prs, L["movers_title"], key="movers")
    section_label(slide, MARGIN, BODY_TOP, Inches(6.6), L["waterfall"] + unit_tag("charts.growth_waterfall", lang))
    waterfall_chart(
        slide,
        MARGIN,
        BODY_TOP + Inches(0.45),
        Inches(6.6),
        Inches(5.0),
        "chart:growth_waterfall",
        lang,
        ["A", "B", "C"],
    )
    rx, rw = MARGIN + Inches(7.0), content_w - Inches(7.0)
    for k, (label, loop) in enumerate([(L["gainers"], "s in gainers"), (L["decliners"], "s in decliners")]):
        y = BODY_TOP + k * Inches(2.7)
        section_label(slide, rx, y, rw, label)
        table(
            slide,
            rx,
            y + Inches(0.45),
            rw,
            [
                (
                    L["sku"],
                    3.0,
                    # the column's width less the cell margins and the "（新品）" mark
                    "{{ s.name|fit("
                    + f"{column_inches(rw, (3.0, 1.1, 1.2), 0):.2f} if s.sales_ly else "
                    + f"{column_inches(rw, (3.0, 1.1, 1.2), 0) - em_inches(L['new'], 10):.2f}"
                    + ", 10, gainers|map(attribute='name')|list + decliners|map(attribute='name')|list) }}"
                    + "{% if not s.sales_ly %}"
                    + L["new"]
                    + "{% endif %}",
                    PP_ALIGN.LEFT,
                ),
                # one unit for the slide: the chart's (its largest figure's), so table and chart agree
                (L["sales"], 1.1, "{{ s.sales|money(unit=charts.growth_waterfall.money_unit) }}", PP_ALIGN.RIGHT),
                (
                    L["change"],
                    1.2,
                    "{{ s.change_ly|delta('money', unit=charts.growth_waterfall.money_unit) }}",
                    PP_ALIGN.RIGHT,
                ),
            ],
            loop,
            NOTHING[lang][k],  # say what is empty: not "no data" when the data says none grew
            f"{label} table",
            size=10,
            row_h=0.34,
        )
    footer(slide, foot)

    # 8 stores (multi-store accounts)
    slide = new_slide(prs, L["stores_title"], directive="{%slide if stores.active_stores > 1 %}", key="stores")
    section_label(slide, MARGIN, BODY_TOP, Inches(6.6), L["store_rank"])
    native_chart(
        slide,
        XL_CHART_TYPE.BAR_CLUSTERED,
        MARGIN,
        BODY_TOP + Inches(0.45),
        Inches(6.6),
        Inches(5.0),
        "chart:store_ranking",
        ["A", "B"],
        [(L["sales"], [2, 1]), (L["ly"], [1, 1])],
        [BLUE, "A5B4C8"],
        number_format="#,##0.0",
        gap=40,
        labels=False,
    )
    rx, rw = MARGIN + Inches(7.0), content_w - Inches(7.0)
    text_box(
        slide,
        rx,
        BODY_TOP,
        rw // 2,
        Inches(0.9),
        [
            (L["active_stores"], 11, False, MUTED),
            ("{{ stores.active_stores }}", 22, True, NAVY),
            (L["lfl"], 10, False, MUTED),  # the stores open in both years: growth without the new ones
        ],
    )
    text_box(
        slide,
        rx + rw // 2,
        BODY_TOP,
        rw // 2,
        Inches(0.9),
        [(L["per_store"], 11, False, MUTED), ("{{ stores.sales_per_store|money }}", 22, True, NAVY)],
    )
    # best = grew most, worst = fell most (qbr.metrics.breakdowns.growing_and_falling); the label is
    # the table's header, so a half with no store (none fell) goes away whole
    for k, (label, items) in enumerate([(L["best"], "stores.growing"), (L["worst"], "stores.falling")]):
        y = BODY_TOP + Inches(1.0) + k * Inches(2.5)
        table(
            slide,
            rx,
            y,
            rw,
            [
                (
                    label,
                    2.6,
                    fit_cell(
                        "(s.name or s.store_id)",
                        rw,
                        (2.6, 1.2, 1.0),
                        0,
                        10,
                        "stores.ranking|map(attribute='name')|list",
                    ),
                    PP_ALIGN.LEFT,
                ),
                (L["sales"], 1.2, "{{ s.sales|money }}", PP_ALIGN.RIGHT),
                (L["yoy"], 1.0, "{{ s.yoy|delta }}", PP_ALIGN.RIGHT),
            ],
            f"s in {items}",
            L["no_data"],
            f"{label} table",
            size=10,
            row_h=0.3,
            show_if=items,
        )
    footer(slide, foot)

    # 8b sell-out and stock (customers that share their POS data; dropped for the others)
    slide = new_slide(
        prs,
        L["sellout_title"],
        directive="{%slide if sellout %}",
        notes=SELLOUT_NOTES[lang],
        kicker=AGENDA[lang][5],  # the section's name, small above the title, as on the other slides
    )
    lw = Inches(6.3)
    section_label(slide, MARGIN, BODY_TOP, lw, L["sellout_chart"])
    native_chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        MARGIN,
        BODY_TOP + Inches(0.45),
        lw,
        Inches(2.95),
        "chart:sellout_by_month",
        sample_months,
        [(SERIES_LABELS[lang][0], [3, 2, 1]), (SERIES_LABELS[lang][1], [2, 2, 2])],
        [TEAL, "A5B4C8"],
        gap=70,
        overlap=-10,
    )
    table(
        slide,
        MARGIN,
        BODY_TOP + Inches(3.55),
        lw,
        [
            (L["month"], 1.0, "{{ m.label }}", PP_ALIGN.LEFT),
            (L["sold"], 1.2, "{{ m.sellout_qty|num }}", PP_ALIGN.RIGHT),
            (L["delivered"], 1.2, "{{ m.sellin_qty|num }}", PP_ALIGN.RIGHT),
            (L["sell_through"], 1.2, "{{ m.sell_through|pct(0) }}", PP_ALIGN.RIGHT),
            (L["month_stock"], 1.3, "{{ m.stock|num }}", PP_ALIGN.RIGHT),
        ],
        "m in sellout.by_month",
        L["no_data"],
        "sellout monthly table",
        size=10,
        row_h=0.28,
    )
    rx, rw = MARGIN + lw + Inches(0.4), content_w - lw - Inches(0.4)
    section_label(slide, rx, BODY_TOP, rw, L["sellout_skus"])
    table(
        slide,
        rx,
        BODY_TOP + Inches(0.45),
        rw,
        [
            (L["sku"], 2.6, fit_cell("s.name", rw, (2.6, 0.9, 1.0, 0.8, 0.9), 0, 9.5), PP_ALIGN.LEFT),
            (L["sold"], 0.9, "{{ s.sellout_qty|num }}", PP_ALIGN.RIGHT),
            (L["sell_through"], 1.0, "{{ s.sell_through|pct(0) }}", PP_ALIGN.RIGHT),
            (L["stock"], 0.8, "{{ s.stock|num }}", PP_ALIGN.RIGHT),
            (L["cover"], 0.9, "{{ s.weeks_of_cover|num(1) }}", PP_ALIGN.RIGHT),
        ],
        "s in sellout.top_skus",
        L["no_data"],
        "sellout skus table",
        size=9.5,
        row_h=0.27,
    )
    section_label(slide, rx, Inches(4.4), rw, L["sellout_risks"])
    risks = slide.shapes.add_textbox(rx, Inches(4.82), rw, Inches(2.0))
    risks.name = "sellout risks"
    tf = risks.text_frame
    tf.word_wrap = True
    paragraphs = [
        ("{%p if sellout.spring_festival %}", 11, False, INK),
        (L["spring"], 11, True, ORANGE),
        ("{%p endif %}", 11, False, INK),
        (L["dead"], 11, True, NAVY),
        ("{%p for d in sellout.dead_stock[:2] %}", 10, False, INK),
        (L["dead_row"], 10, False, MUTED),
        ("{%p endfor %}", 10, False, INK),
        (L["gaps"], 11, True, NAVY),
        ("{%p for g in sellout.shelf_gaps[:2] %}", 10, False, INK),
        (L["gap_row"], 10, False, MUTED),
        ("{%p endfor %}", 10, False, INK),
    ]
    for i, (text, size, bold, color) in enumerate(paragraphs):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.space_after = Pt(3)
        run = p.add_run()
        run.text = text
        set_font(run, size, bold, color)
    text_box(
        slide, MARGIN, Inches(6.62), content_w, Inches(0.3), [(L["sellout_note"], 9, False, MUTED)], name="sellout note"
    )
    footer(slide, foot)

    # 9 support by type
    slide = new_slide(prs, L["support_title"], directive="{%slide if has.investment %}", key="support")
    section_label(slide, MARGIN, BODY_TOP, Inches(6.0), L["support_chart"])
    native_chart(
        slide,
        XL_CHART_TYPE.BAR_CLUSTERED,
        MARGIN,
        BODY_TOP + Inches(0.45),
        Inches(6.0),
        Inches(4.9),
        "chart:investment_by_type",
        ["A", "B"],
        [(L["amount"], [2, 1])],
        [TEAL],
        number_format="#,##0.0",
        gap=50,
    )
    rx, rw = MARGIN + Inches(6.4), content_w - Inches(6.4)
    stats = [
        (L["investment"], "{{ kpi.investment|money }}"),
        (L["expense_ratio"], "{{ kpi.expense_ratio|pct }}"),
        (L["sales"], "{{ kpi.sales|money }}"),
    ]
    for i, (label, value) in enumerate(stats):
        text_box(
            slide,
            rx + i * rw // 3,
            BODY_TOP,
            rw // 3,
            Inches(0.9),
            [(label, 11, False, MUTED), (value, 20, True, NAVY)],
            name=f"stat {label}",
        )
    table(
        slide,
        rx,
        BODY_TOP + Inches(1.15),
        rw,
        [
            (L["support_type"], 2.0, "{{ r.label }}", PP_ALIGN.LEFT),
            (L["amount"], 1.4, "{{ r.amount|money }}", PP_ALIGN.RIGHT),
            (L["share"], 1.0, "{{ r.share|pct }}", PP_ALIGN.RIGHT),
        ],
        "r in investment_rows",
        L["no_investment"],
        "investment table",
        row_h=0.34,
        total=[L["total"], "{{ kpi.investment|money }}", "{{ (1 if kpi.investment else none)|pct }}"],
    )
    footer(slide, foot)

    # 10 promoters (dropped when none)
    # by store: promoters without a store would make a chart of one bar "—" (their cost is on the
    # investment slide)
    slide = new_slide(prs, L["promoters_title"], directive="{%slide if has.promoter_stores %}", key="promoters")
    stats = [
        (L["promoters"], "{{ kpi.promoters }}"),
        (L["promoter_days"], "{{ kpi.promoter_days|num }}"),
        (L["promoter_cost"], "{{ kpi.promoter_cost|money }}"),
    ]
    stat_row(slide, stats, BODY_TOP, name_by="label")
    section_label(slide, MARGIN, BODY_TOP + Inches(1.1), Inches(5.6), L["promoter_chart"])
    native_chart(
        slide,
        XL_CHART_TYPE.BAR_CLUSTERED,
        MARGIN,
        BODY_TOP + Inches(1.55),
        Inches(5.6),
        Inches(3.9),
        "chart:promoter_days",
        ["A", "B"],
        [(L["promoter_days"], [2, 1])],
        [TEAL],
        gap=50,
    )
    rx, rw = MARGIN + Inches(6.0), content_w - Inches(6.0)
    table(
        slide,
        rx,
        BODY_TOP + Inches(1.15),
        rw,
        [
            (
                L["store"],
                4.2,
                fit_cell("(p.store or '—')", rw, (4.2, 1.0), 0, 10, "promoter_rows|map(attribute='store')|list"),
                PP_ALIGN.LEFT,
            ),
            (L["days"], 1.0, "{{ p.days|num }}", PP_ALIGN.RIGHT),
        ],
        "p in promoter_rows",
        L["no_data"],
        "promoter table",
        size=10,
        row_h=0.3,
    )
    footer(slide, foot)

    # 11 one slide per activity
    slide = new_slide(
        prs,
        "{{ a.title }}",
        notes="{{ a.notes }}",
        directive="{%slide for a in activities %}",
        kicker=L["activity"] + ("：{{ a.name }}" if lang == "zh" else ": {{ a.name }}"),
    )
    text_box(
        slide,
        MARGIN,
        BODY_TOP,
        Inches(6.0),
        Inches(2.4),
        [
            (L["period"], 11, False, MUTED),
            (
                "{{ a.start_date|date }} – {{ a.end_date|date }}（{{ a.days }}天）"
                if lang == "zh"
                else "{{ a.start_date|date }} – {{ a.end_date|date }} ({{ a.days }} days)",
                14,
                False,
                INK,
            ),
            (L["mechanics"], 11, False, MUTED),
            ("{{ a.description or a.type or '—' }}", 14, False, INK),
            (L["skus"], 11, False, MUTED),
            ("{{ a.sku_names|truncate(60, true, '…', 0) }}", 12, False, INK),
        ],
        name="activity details",
        spacing=2,
    )
    stats = [
        (L["cost"], "{{ a.cost|money }}"),
        (L["uplift"], "{{ a.uplift|delta }}"),
        (L["incremental"], "{{ a.incremental_sales|money }}"),
        (L["sales_roi"], "{{ a.sales_roi|num(2) }}"),
        (L["baseline"], "{{ a.baseline_daily|money }}"),
        (L["actual"], "{{ a.actual_daily|money }}"),
    ]
    for i, (label, value) in enumerate(stats):
        col, row = i % 3, i // 3
        x = MARGIN + col * Inches(2.0)
        y = BODY_TOP + Inches(2.7) + row * Inches(1.15)
        rect(slide, x, y, Inches(1.85), Inches(1.0), LIGHT, shape=MSO_SHAPE.ROUNDED_RECTANGLE)
        text_box(
            slide,
            x + Inches(0.1),
            y + Inches(0.08),
            Inches(1.65),
            Inches(0.85),
            [(label, 10, False, MUTED), (value, 17, True, NAVY)],
            name=f"stat {label}",
        )
    roi_note = {
        "zh": "投入产出比 = 增量销售 ÷ 活动费用（每投入1元带来的增量销售）",
        "en": "Sales ROI = incremental sales / activity cost (incremental sales per yuan spent)",
    }[lang]
    text_box(slide, MARGIN, BODY_TOP + Inches(5.0), Inches(6.0), Inches(0.3), [(roi_note, 9, False, MUTED)],
             name="roi note")  # fmt: skip
    rx, rw = MARGIN + Inches(6.4), content_w - Inches(6.4)
    section_label(slide, rx, BODY_TOP, rw, L["activity_chart"] + unit_tag("a.chart", lang))
    native_chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        rx,
        BODY_TOP + Inches(0.45),
        rw,
        Inches(4.8),
        "chart:a.chart",
        [L["baseline"], L["actual"]],
        [(L["sales"], [1, 2])],
        [TEAL],
        number_format="#,##0",
        gap=80,
    ).chart.plots[0].data_labels.number_format_is_linked = True  # 元 or 万元, as the data says
    footer(slide, foot)

    # 12b execution photos (photos/CUSTOMER/QUARTER/ in the data folder): a 4 x 2 grid per page
    photo_title = {
        "zh": "{% if page.activity %}活动照片：{{ page.activity }}{% else %}陈列与活动照片{% endif %}",
        "en": "{% if page.activity %}Activity photos: {{ page.activity }}{% else %}Display and activity photos"
        "{% endif %}",
    }[lang]
    slide = new_slide(prs, photo_title, directive="{%slide for page in photo_pages %}", kicker=AGENDA[lang][6])
    cell_w, cell_h, gap = Inches(2.93), Inches(2.2), Inches(0.2)
    for i in range(8):
        col, row = i % 4, i // 4
        x, y = MARGIN + col * (cell_w + gap), BODY_TOP + Inches(0.2) + row * (cell_h + gap)
        placeholder(slide, x, y, cell_w, cell_h, f"image:page.photos[{i}]")
    footer(slide, foot)

    # 13 receivables
    slide = new_slide(prs, L["ar_title"], directive="{%slide if has.receivables %}", key="receivables")
    stats = [
        (L["ar_outstanding"], "{{ kpi.ar_outstanding|money }}"),
        (L["ar_overdue"], "{{ kpi.ar_overdue|money }}"),
        (L["dso"], DSO[lang]),
        (INVOICE[lang]["collected"], "{{ kpi.collected|money }}"),
    ]
    stat_row(slide, stats, BODY_TOP, name_by="label")
    section_label(slide, MARGIN, BODY_TOP + Inches(1.1), Inches(4.4), L["aging"])
    native_chart(
        slide,
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        MARGIN,
        BODY_TOP + Inches(1.55),
        Inches(4.4),
        Inches(3.9),
        "chart:ar_aging",
        ["0", "1-30", "31-60", "61-90", ">90"],
        [(L["outstanding"], [5, 4, 3, 2, 1])],
        [ORANGE],
        number_format="#,##0.0",
        gap=50,
    )
    rx, rw = MARGIN + Inches(4.7), content_w - Inches(4.7)
    section_label(slide, rx, BODY_TOP + Inches(1.1), rw, L["overdue_list"])
    table(
        slide,
        rx,
        BODY_TOP + Inches(1.55),
        rw,
        invoice_columns(lang),
        "i in overdue_invoices",
        NOTHING[lang][2],
        "overdue table",
        size=9,
        row_h=0.3,
    )
    footer(slide, foot)

    # 14 weekly alerts and issues
    slide = new_slide(prs, L["alerts_title"], directive="{%slide if has.alerts %}", key="alerts")
    section_label(slide, MARGIN, BODY_TOP, Inches(7.0), L["weekly"])
    weekly_chart(
        slide,
        MARGIN,
        BODY_TOP + Inches(0.45),
        Inches(7.0),
        Inches(2.7),
        "chart:weekly_sales",
        WEEKLY_SERIES[lang],
    )
    table(
        slide,
        MARGIN,
        BODY_TOP + Inches(3.35),
        Inches(7.0),
        [
            (L["week"], 1.3, "{{ w.week_start|date }}", PP_ALIGN.LEFT),
            (L["sales"], 1.1, "{{ w.sales|money }}", PP_ALIGN.RIGHT),
            (L["wow"], 0.9, "{{ w.change|delta }}", PP_ALIGN.RIGHT),
            (L["drivers"], 3.0, "{{ w.cause_short|truncate(24, true, '…', 0) }}", PP_ALIGN.LEFT),
        ],
        "w in alerts_shown",
        L["no_alerts"],
        "alerts table",
        size=10,
        row_h=0.3,
        empty_col=3,
    )
    rx, rw = MARGIN + Inches(7.4), content_w - Inches(7.4)
    section_label(slide, rx, BODY_TOP, rw, L["issues"])
    bullets(
        slide,
        rx,
        BODY_TOP + Inches(0.5),
        rw,
        Inches(4.8),
        "n in alert_findings + notes.issues",
        "{{ n.text }}",
        size=11,
        name="issues",
        empty=L["no_issues"],
    )
    footer(slide, foot)

    # 15 next quarter plan: target, calendar, activities, commitments and asks
    plan_slide(prs, lang, foot)

    # 16 appendix
    slide = new_slide(prs, L["appendix_title"])
    defs = [(d, 12, False, INK) for d in DEFINITIONS[lang]]
    text_box(slide, MARGIN, BODY_TOP, content_w, Inches(4.6), defs, name="definitions", spacing=6)
    text_box(
        slide,
        MARGIN,
        Inches(6.2),
        content_w,
        Inches(0.7),
        [
            (
                # the quarter's figures run to its last covered day; the build date is in the file's
                # properties (a 2023Q3 deck said "数据截至 2023-12-31 · 生成日期 2026-11-30")
                L["cutoff"] + (": " if lang == "en" else "：") + "{{ coverage.to|date }}",
                10,
                False,
                MUTED,
            )
        ],
    )
    footer(slide, foot)
    review_slides(prs, lang, foot)
    footer_logos(prs)  # after the review slides, so that they carry the logos too
    reorder(prs, SLIDE_ORDER)
    return prs


# -- the owner's brief (内部版): the account's economics, the asks and the push-backs -----------

BRIEF_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "internal": "内部版 · 仅供我方准备会谈，请勿外发",
        "brief": "客户会谈准备",
        "pnl_title": "这个客户给我们挣了多少",
        "pnl_kicker": "账户损益",
        "bridge": "从销售额到扣除投入后贡献",
        "by_type": "费用投入构成",
        "activities": "活动回报",
        "activity": "活动",
        "cost": "费用",
        "incremental": "增量销售",
        "sales_roi": "销售投入产出比",
        "profit_roi": "毛利投入产出比",
        "no_activities": "本季度无活动",
        "ar_kicker": "应收风险",
        "ar_title": "要收回的钱",
        "over_90": "逾期90天以上",
        "collect": "优先催收的发票" + OVERDUE_MORE["zh"],
        "asks_kicker": "诉求与应对",
        "asks_title": "我们的三个诉求，客户可能的三个反对意见",
        "asks": "我方诉求",
        "pushbacks": "客户可能提出",
        "no_asks": "本季度无特别诉求",
        "no_pushbacks": "无明显反对意见",
        "wrong_kicker": "问题复盘",
        "wrong_title": "本季度哪里出了问题，为什么",
        "nothing_wrong": "本季度未发现明显问题",
        "alerts": "销售预警周",
        "next_kicker": "下季度",
        "basis_target": "下季度目标",
        "basis_sales": "按本季度销售额",
        "at_ratio": "按本季度费用率可投入",
        "break_even": "盈亏平衡投入上限",
        "plans": "下季度行动",
        "no_plan": "尚未录入下季度计划",
        "afford_note": "盈亏平衡上限 = 销售基数 × 本季度毛利率：投入超过它，这个客户就不再为我们贡献毛利",
        "known_part": "成本已知部分（占销售额 {{ kpi.cost_known_share|pct }}）",
        "unknown": "{% if unknown_cost_skus %}缺成本：{{ unknown_cost_skus[0].name }}"
        "{% if unknown_cost_skus|length > 1 %}等{{ unknown_cost_skus|length }}个单品{% endif %}"
        "，请先补齐商品成本{% endif %}",
    },
    "en": {
        "internal": "Internal · for our preparation only, do not forward",
        "brief": "Meeting brief",
        "pnl_title": "What this account earns us",
        "pnl_kicker": "Account P&L",
        "bridge": "From sales to contribution after investment",
        "by_type": "Investment by kind",
        "activities": "Activity returns",
        "activity": "Activity",
        "cost": "Cost",
        "incremental": "Incremental sales",
        "sales_roi": "Sales ROI",
        "profit_roi": "Profit ROI",
        "no_activities": "No activities this quarter",
        "ar_kicker": "Receivables at risk",
        "ar_title": "The money to collect",
        "over_90": "Over 90 days",
        "collect": "Invoices to chase first" + OVERDUE_MORE["en"],
        "asks_kicker": "Asks and push-backs",
        "asks_title": "Our three asks, and the buyer's three likely push-backs",
        "asks": "Our asks",
        "pushbacks": "The buyer may say",
        "no_asks": "No particular ask this quarter",
        "no_pushbacks": "No obvious push-back",
        "wrong_kicker": "What went wrong",
        "wrong_title": "What went wrong this quarter, and why",
        "nothing_wrong": "Nothing stood out this quarter",
        "alerts": "Alert weeks",
        "next_kicker": "Next quarter",
        "basis_target": "Next quarter's target",
        "basis_sales": "At this quarter's sales",
        "at_ratio": "At this quarter's expense ratio",
        "break_even": "Break-even investment ceiling",
        "plans": "Next quarter's actions",
        "no_plan": "No plan entered yet",
        "afford_note": "Break-even ceiling = sales basis x this quarter's gross margin: spend beyond it and the "
        "account no longer earns us any gross profit",
        "known_part": "on lines with known cost ({{ kpi.cost_known_share|pct }} of sales)",
        "unknown": "{% if unknown_cost_skus %}No cost for {{ unknown_cost_skus[0].name }}"
        "{% if unknown_cost_skus|length > 1 %} and {{ unknown_cost_skus|length - 1 }} more SKUs{% endif %}"
        ": fill in the product costs{% endif %}",
    },
}


def build_brief(lang: str) -> Presentation:
    """The owner's brief: 6 slides, every figure from the owner's context, notes = talking points."""
    L, B = LABELS[lang], BRIEF_LABELS[lang]
    prs = Presentation()
    style_theme(prs, lang)
    content_w = WIDTH - 2 * MARGIN
    foot = B["internal"] + " · {{ customer.name }} · {{ quarter|quarter }}"

    # 1 the account's economics
    slide = new_slide(
        prs,
        B["pnl_title"],
        notes="{{ talking_points.summary }}\n{{ talking_points.profit }}",
        kicker=B["pnl_kicker"] + " · {{ customer.name }} · {{ quarter|quarter }}",
    )
    cards = [
        (L["sales"], "{{ kpi.sales|money }}", L["yoy"] + " {{ kpi.yoy|delta }}"),
        (
            L["gross_profit"],
            "{% if kpi.gross_profit is none %}{{ kpi.gross_profit_known|money }}{% else %}"
            "{{ kpi.gross_profit|money }}{% endif %}",
            "{% if kpi.gross_margin is none %}"
            + BRIEF_LABELS[lang]["known_part"]
            + "{% else %}"
            + L["gm"]
            + " {{ kpi.gross_margin|pct }}{% endif %}",
        ),
        (L["investment"], "{{ kpi.investment|money }}", L["expense_ratio"] + " {{ kpi.expense_ratio|pct }}"),
        (
            L["contribution"],
            "{{ kpi.contribution|money }}",
            L["contribution_margin"] + " {{ kpi.contribution_margin|pct }}",
        ),
    ]
    card_w, gap = Inches(2.95), Inches(0.16)
    for i, (label, value, sub) in enumerate(cards):
        kpi_card(slide, MARGIN + i * (card_w + gap), BODY_TOP + Inches(0.05), card_w, Inches(1.3), label, value, sub)
    section_label(slide, MARGIN, Inches(2.95), Inches(6.2), B["bridge"] + unit_tag("charts.profit_bridge", lang))
    waterfall_chart(slide, MARGIN, Inches(3.4), Inches(6.2), Inches(3.5), "chart:profit_bridge", lang, list("ABCDE"))
    rx, rw = MARGIN + Inches(6.6), content_w - Inches(6.6)
    section_label(slide, rx, Inches(2.95), rw, B["activities"])
    table(
        slide,
        rx,
        Inches(3.4),
        rw,
        [
            # the ratio columns wide enough for 销售投入产出比 on one line
            (B["activity"], 2.0, "{{ a.name }}", PP_ALIGN.LEFT),
            (B["cost"], 1.0, "{{ a.cost|money }}", PP_ALIGN.RIGHT),
            (B["sales_roi"], 1.25, "{{ a.sales_roi|num(2) }}", PP_ALIGN.RIGHT),
            (B["profit_roi"], 1.25, "{{ a.profit_roi|num(2) }}", PP_ALIGN.RIGHT),
        ],
        "a in activities",
        B["no_activities"],
        "activity returns",
        size=10,
        row_h=0.32,
    )
    text_box(
        slide,
        rx,
        Inches(5.9),
        rw,
        Inches(0.9),
        [
            (
                L["per_day"]
                + "：{{ kpi.promoter_cost_per_day|money }} · "
                + L["promoter_days"]
                # only a loss the data shows: "¥0" beside notes that speak of stock-outs reads as none
                + " {{ kpi.promoter_days|num }}{% if kpi.stockout_lost_sales %} · 断货估计少卖 "
                "{{ kpi.stockout_lost_sales|money }}{% endif %}"
                if lang == "zh"
                else L["per_day"]
                + ": {{ kpi.promoter_cost_per_day|money }} · "
                + L["promoter_days"]
                + " {{ kpi.promoter_days|num }}{% if kpi.stockout_lost_sales %} · lost to stock-outs "
                "{{ kpi.stockout_lost_sales|money }}{% endif %}",
                11,
                False,
                MUTED,
            ),
            (B["unknown"], 11, False, ORANGE),
        ],
        name="promoter cost per day",
    )
    footer(slide, foot)

    # 2 receivables at risk and what to collect
    slide = new_slide(prs, B["ar_title"], notes="{{ talking_points.receivables }}", kicker=B["ar_kicker"])
    stats = [
        (L["ar_overdue"], "{{ kpi.ar_overdue|money }}"),
        (B["over_90"], "{{ ar_aging.over_90|money }}"),
        (L["dso"], DSO[lang]),
        (INVOICE[lang]["collected"], "{{ kpi.collected|money }}"),
    ]
    stat_row(slide, stats, BODY_TOP, name_by="label")
    section_label(slide, MARGIN, BODY_TOP + Inches(1.1), content_w, B["collect"])
    table(
        slide,
        MARGIN,
        BODY_TOP + Inches(1.55),
        content_w,
        invoice_columns(lang),
        "i in overdue_invoices",
        L["no_data"],
        "collect table",
        size=11,
        row_h=0.36,
    )
    footer(slide, foot)

    # 3 asks and push-backs
    slide = new_slide(
        prs, B["asks_title"], notes="{{ talking_points.sales }}\n{{ talking_points.plan }}", kicker=B["asks_kicker"]
    )
    half = (content_w - Inches(0.4)) // 2
    section_label(slide, MARGIN, BODY_TOP, half, B["asks"])
    bullets(
        slide,
        MARGIN,
        BODY_TOP + Inches(0.5),
        half,
        Inches(4.9),
        "x in brief.asks",
        "{{ x }}",
        size=14,
        name="asks",
        empty=B["no_asks"],
    )
    rx = MARGIN + half + Inches(0.4)
    section_label(slide, rx, BODY_TOP, half, B["pushbacks"])
    box = slide.shapes.add_textbox(rx, BODY_TOP + Inches(0.5), half, Inches(4.9))
    box.name = "pushbacks"
    tf = box.text_frame
    tf.word_wrap = True
    paras = [
        "{%p if brief.pushbacks %}",
        "{%p for x in brief.pushbacks %}",
        "{{ x.q }}",
        "→ {{ x.a }}",
        "{%p endfor %}",
        "{%p else %}",
        B["no_pushbacks"],
        "{%p endif %}",
    ]
    for i, text in enumerate(paras):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        run = p.add_run()
        run.text = text
        set_font(run, 13, text == "{{ x.q }}", NAVY if text == "{{ x.q }}" else INK)
        p.space_after = Pt(2 if text == "{{ x.q }}" else 10)
    footer(slide, foot)

    # 4 what went wrong
    slide = new_slide(prs, B["wrong_title"], notes="{{ talking_points.alerts }}", kicker=B["wrong_kicker"])
    bullets(
        slide,
        MARGIN,
        BODY_TOP,
        Inches(6.4),
        Inches(5.4),
        "x in brief.wrong",
        "{{ x }}",
        size=14,
        name="what went wrong",
        empty=B["nothing_wrong"],
    )
    rx, rw = MARGIN + Inches(6.8), content_w - Inches(6.8)
    section_label(slide, rx, BODY_TOP, rw, B["alerts"])
    table(
        slide,
        rx,
        BODY_TOP + Inches(0.45),
        rw,
        [
            (L["week"], 1.5, "{{ w.week_start|date }}", PP_ALIGN.LEFT),
            (L["wow"], 0.8, "{{ w.change|delta }}", PP_ALIGN.RIGHT),
            # the cause and its SKUs ("断货：花生油"), on up to four lines: two causes with their
            # SKUs ran out of a three-line row
            (L["drivers"], 3.4, "{{ w.cause_short }}", PP_ALIGN.LEFT),
        ],
        "w in alerts_shown",
        L["no_alerts"],
        "alerts table",
        size=10,
        row_h=0.8,
        empty_col=2,
    )
    footer(slide, foot)

    # 5 what we can afford next quarter
    slide = new_slide(
        prs,
        "{{ titles.afford }}",
        notes="{{ talking_points.support }}",
        kicker=B["next_kicker"]
        + ("（{{ next_quarter|quarter }}）" if lang == "zh" else " ({{ next_quarter|quarter }})"),
    )
    basis = "{% if outlook.basis == 'target' %}" + B["basis_target"] + "{% else %}" + B["basis_sales"] + "{% endif %}"
    stats = [
        (basis, "{{ outlook.sales_basis|money }}"),
        (B["at_ratio"], "{{ outlook.investment_at_ratio|money }}"),
        (B["break_even"], "{{ outlook.break_even_investment|money }}"),
    ]
    stat_row(slide, stats, BODY_TOP, name_by="number")
    text_box(
        slide,
        MARGIN,
        BODY_TOP + Inches(1.0),
        content_w,
        Inches(0.5),
        [(B["afford_note"], 11, False, MUTED)],
        name="afford note",
    )
    section_label(slide, MARGIN, BODY_TOP + Inches(1.6), content_w, B["plans"])
    table(
        slide,
        MARGIN,
        BODY_TOP + Inches(2.05),
        content_w,
        [
            ("#", 0.4, "{{ loop.index }}", PP_ALIGN.CENTER),
            (L["plan_item"], 7.5, "{{ n.text }}", PP_ALIGN.LEFT),
            (L["owner"], 1.6, "{{ n.owner or '—' }}", PP_ALIGN.LEFT),
            (L["due_date"], 1.6, "{{ n.due|date }}", PP_ALIGN.LEFT),
        ],
        "n in notes.plans",
        B["no_plan"],
        "plan table",
        size=11,
        row_h=0.4,
        empty_col=1,
    )
    footer(slide, foot)
    # the brief names the best peer (the customer deck never does); it goes before "next quarter",
    # which stays the brief's last slide
    investment_plan_slide(prs, lang, foot)
    benchmark_slide(prs, lang, foot, owner=True)
    ids = prs.slides._sldIdLst
    next_quarter = ids[-3]
    ids.remove(next_quarter)
    ids.append(next_quarter)
    return prs


# -- the owner's portfolio deck: every key account of a batch run ------------------------------

PORTFOLIO_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "kicker": "核心客户组合 · 内部版",
        "pareto": "全部客户按销售额排序与累计占比（★ 核心客户）",
        "key_share": "核心客户销售占比",
        "key_count": "核心客户数",
        "total": "全部客户销售额",
        "accounts": "核心客户一览",
        "falling": "销售下滑的核心客户（同比；新客户无去年数据时环比）",
        "calls": "下季度费用投向",
        "outside": "未列为核心客户的大客户（销售额高于最小的核心客户）",
        "why": "未列为核心的原因",
        "outside_more": "另有{{ outside_more }}家，见 qbr accounts；要为某家做回顾，在客户表 key_account 填 yes",
        "customer": "客户",
        "channel": "渠道",
        "contribution": "扣除投入后贡献",
        "cm": "贡献率",
        "loss": "减少额",
        "change": "降幅",
        "against": "对比",
        "call": "建议",
        "none": "无",
        "more": "另有{{ more }}家客户未列出，见 key_accounts 工作簿",
        "internal": "内部版 · 请勿外发",
    },
    "en": {
        "kicker": "Key account portfolio · internal",
        "pareto": "All customers by sales, cumulative share (★ key account)",
        "key_share": "Key accounts' share of sales",
        "key_count": "Key accounts",
        "total": "All customers' sales",
        "accounts": "Key accounts at a glance",
        "falling": "Key accounts falling (vs last year; new accounts vs last quarter)",
        "calls": "Where next quarter's support goes",
        "outside": "Large customers outside the key accounts (selling more than the smallest key account)",
        "why": "Why not a key account",
        "outside_more": "{{ outside_more }} more in qbr accounts; to review one, put yes in its key_account column",
        "customer": "Customer",
        "channel": "Channel",
        "contribution": "Contribution",
        "cm": "Contribution margin",
        "loss": "Loss",
        "change": "Change",
        "against": "Against",
        "call": "Call",
        "none": "None",
        "more": "{{ more }} more accounts in the key_accounts workbook",
        "internal": "Internal · do not forward",
    },
}


def build_portfolio(lang: str) -> Presentation:
    """The owner's portfolio: the 80/20 view, every account's figures, who is falling, where support goes."""
    L, P = LABELS[lang], PORTFOLIO_LABELS[lang]
    prs = Presentation()
    style_theme(prs, lang)
    content_w = WIDTH - 2 * MARGIN
    foot = P["internal"] + " · {{ distributor.name }} · {{ quarter|quarter }}"

    slide = new_slide(prs, "{{ titles.pareto }}", kicker=P["kicker"] + " · {{ quarter|quarter }}")
    stats = [
        (P["key_share"], "{{ portfolio.key_share|pct }}"),
        (P["key_count"], "{{ portfolio.key_count }} / {{ portfolio.customers_with_sales }}"),
        (P["total"], "{{ portfolio.total_sales|money }}"),
    ]
    stat_row(slide, stats, BODY_TOP, name_by="number")
    section_label(slide, MARGIN, BODY_TOP + Inches(1.05), content_w, P["pareto"])
    placeholder(slide, MARGIN, BODY_TOP + Inches(1.5), content_w, Inches(4.0), "chart:pareto")
    footer(slide, foot)

    money_cols = [
        (P["customer"], 3.2, "{{ r.name }}", PP_ALIGN.LEFT),
        (L["sales"], 1.3, "{{ r.sales|money }}", PP_ALIGN.RIGHT),
        (L["yoy"], 1.0, "{{ r.yoy|delta }}", PP_ALIGN.RIGHT),
    ]
    tables = [
        ("{{ titles.accounts }}", P["accounts"], "r in accounts", [
            *money_cols,
            (L["attainment"], 1.0, "{{ r.attainment|pct }}", PP_ALIGN.RIGHT),
            (L["investment"], 1.2, "{{ r.investment|money }}", PP_ALIGN.RIGHT),
            (P["contribution"], 1.3, "{{ r.contribution|money }}", PP_ALIGN.RIGHT),
            (L["ar_overdue"], 1.2, "{{ r.ar_overdue|money }}", PP_ALIGN.RIGHT),
        ]),
        ("{{ titles.falling }}", P["falling"], "r in falling", [
            (P["customer"], 3.2, "{{ r.name }}", PP_ALIGN.LEFT),
            (L["sales"], 1.3, "{{ r.sales|money }}", PP_ALIGN.RIGHT),
            (P["against"], 1.6, "{{ r.against_label }}", PP_ALIGN.LEFT),
            (P["change"], 1.0, "{{ r.change|delta }}", PP_ALIGN.RIGHT),
            (P["loss"], 1.2, "{{ r.lost|money }}", PP_ALIGN.RIGHT),
            (P["contribution"], 1.3, "{{ r.contribution|money }}", PP_ALIGN.RIGHT),
            (P["call"], 1.4, "{{ r.call_label }}", PP_ALIGN.LEFT),
        ]),
        ("{{ titles.calls }}", P["calls"], "r in calls", [
            (P["customer"], 3.2, "{{ r.name }}", PP_ALIGN.LEFT),
            (P["call"], 1.4, "{{ r.call_label }}", PP_ALIGN.LEFT),
            (L["yoy"], 1.0, "{{ r.yoy|delta }}", PP_ALIGN.RIGHT),
            (P["cm"], 1.0, "{{ r.contribution_margin|pct }}", PP_ALIGN.RIGHT),
            (L["expense_ratio"], 1.0, "{{ r.expense_ratio|pct }}", PP_ALIGN.RIGHT),
            (L["investment"], 1.2, "{{ r.investment|money }}", PP_ALIGN.RIGHT),
        ]),
    ]  # fmt: skip
    for title, kicker, loop, columns in tables:
        slide = new_slide(prs, title, kicker=kicker)
        # twenty rows at 9 pt: a distributor's key accounts on one page, not the first fourteen
        table(slide, MARGIN, BODY_TOP, content_w, columns, loop, P["none"], kicker, size=9, row_h=0.25)
        more_note(slide, "{% if more %}" + P["more"] + "{% endif %}")
        footer(slide, foot)

    # customers the rules leave out although they outsell a key account: the owner decides whether
    # to review them too (key_account = yes in the customers table, or the [key_accounts] rules)
    slide = new_slide(prs, "{{ titles.outside }}", kicker=P["outside"], directive="{%slide if outside %}")
    columns = [
        (P["customer"], 2.6, "{{ r.name }}", PP_ALIGN.LEFT),
        (P["channel"], 1.2, "{{ r.channel_label }}", PP_ALIGN.LEFT),
        (L["sales"], 1.2, "{{ r.sales|money }}", PP_ALIGN.RIGHT),
        (L["yoy"], 1.0, "{{ r.yoy|delta }}", PP_ALIGN.RIGHT),
        (P["why"], 3.6, "{{ r.why }}", PP_ALIGN.LEFT),
    ]
    table(slide, MARGIN, BODY_TOP, content_w, columns, "r in outside", P["none"], P["outside"], size=10, row_h=0.3)
    more_note(slide, "{% if outside_more %}" + P["outside_more"] + "{% endif %}")
    footer(slide, foot)
    return prs


def more_note(slide, text: str) -> None:
    """The small line at the foot of a table page that says how many rows it left off."""
    box_w = WIDTH - 2 * MARGIN
    text_box(slide, MARGIN, HEIGHT - Inches(0.8), box_w, Inches(0.3), [(text, 9, False, MUTED)], name="more")


# -- the review around the quarter (issue 17): last quarter's commitments, the year, distribution,
# planned vs actual investment, the channel benchmark, next quarter's plan; and the slide order ---

REVIEW_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "commitments": "上季度承诺回顾",
        "commitment": "承诺事项",
        "status": "状态",
        "result": "结果",
        "year": "全年视角",
        "quarter": "季度",
        "ytd": "{% if year.full_year %}全年{% else %}年累计{% endif %}",
        "annual_target": "年度目标",
        "annual_target_sub": "四个季度目标之和",
        "annual_attainment": "年度目标达成",
        "sales_ly": "去年同期",
        "distribution": "门店与铺货",
        "store_gaps": "门店缺货（同店其他门店在售）",
        "store": "门店",
        "sku": "单品",
        "estimated": "按单店平均可售",
        "no_store_gaps": "各门店铺货完整",
        "store_gap_note": "共{{ distribution.store_gap_count }}处缺货，按本客户售出门店的单店平均估算，"
        "补齐约可增加销售{{ distribution.store_gap_sales|money }}",
        "listing_gaps": "同渠道畅销、本客户尚未引进",
        "category": "品类",
        "peers": "同渠道在售",
        "peer_sales": "同渠道客户销售中位",
        "no_listing_gaps": "同渠道畅销单品均已引进",
        "investment_plan": "投入计划与实际",
        "type": "费用类型",
        "planned": "计划",
        "actual": "实际",
        "variance": "差异",
        "used": "执行率",
        "incremental": "活动增量销售",
        "total": "合计",
        "benchmark": "同渠道对标与机会",
        "share": "本客户占比",
        "peer_median": "同渠道其他核心客户（中位）",
        "gap": "差距",
        "opportunity": "机会（销售额）",
        "best_peer": "占比最高的客户",
        "bench_note": "对标对象：本渠道其他核心客户，取各品类占比的中位；机会 =（中位占比 − 本客户占比）× 本季度销售额"
        "；合计{{ benchmark_opportunity|money }}",
        "plan": "下季度计划与日历",
        "target": "下季度目标",
        "no_target": "目标待会上商定",
        "target_sub": "{% if next_plan.target_yoy is not none %}同比 {{ next_plan.target_yoy|delta }}"
        "（去年同期 {{ next_plan.sales_ly|money }}）{% endif %}"
        "{% if next_plan.target_qoq is not none %}{% if next_plan.target_yoy is not none %} · {% endif %}"
        "环比 {{ next_plan.target_qoq|delta }}{% endif %}",
        "calendar": "节假日与大促",
        "festival": "节点",
        "dates": "日期",
        "no_calendar": "本季度无法定节假日或大促",
        "item": "事项",
        "kind": "类别",
        "owner": "负责人",
        "when": "日期",
        "budget": "预算",
        "activity": "活动",
        "ours": "我方承诺",
        "ask": "请客户支持",
        "agenda_title": "本次会谈共同商定：",
        "agenda_items": "下季度目标与月度节奏|围绕以上节假日与大促的活动、陈列与备货|双方的行动、负责人与完成日期",
    },
    "en": {
        "commitments": "Last quarter's commitments",
        "commitment": "Commitment",
        "status": "Status",
        "result": "Result",
        "year": "The year",
        "quarter": "Quarter",
        "ytd": "{% if year.full_year %}Full year{% else %}Year to date{% endif %}",
        "annual_target": "Annual target",
        "annual_target_sub": "The four quarters' targets added up",
        "annual_attainment": "Annual target attained",
        "sales_ly": "Last year",
        "distribution": "Stores and distribution",
        "store_gaps": "Store gaps (sold in the account's other stores)",
        "store": "Store",
        "sku": "SKU",
        "estimated": "At the store average",
        "no_store_gaps": "Every store carries the range",
        "store_gap_note": "{{ distribution.store_gap_count }} gaps; at the average of the stores that sell each "
        "SKU, filling them adds about {{ distribution.store_gap_sales|money }}",
        "listing_gaps": "Channel best-sellers not listed here",
        "category": "Category",
        "peers": "Channel peers selling it",
        "peer_sales": "Peers' median sales",
        "no_listing_gaps": "The channel's best-sellers are all listed",
        "investment_plan": "Investment: plan vs actual",
        "type": "Type",
        "planned": "Planned",
        "actual": "Actual",
        "variance": "Variance",
        "used": "Used",
        "incremental": "Activity uplift",
        "total": "Total",
        "benchmark": "Channel benchmark and opportunities",
        "share": "Share here",
        "peer_median": "Channel's other key accounts (median)",
        "gap": "Gap",
        "opportunity": "Opportunity (sales)",
        "best_peer": "Highest share",
        "bench_note": "Compared with the channel's other key accounts, each category's median share; opportunity = "
        "(median share "
        "- share here) x this quarter's sales; {{ benchmark_opportunity|money }} in all",
        "plan": "Next quarter's plan and calendar",
        "target": "Next quarter's target",
        "no_target": "Target to agree in the meeting",
        "target_sub": "{% if next_plan.target_yoy is not none %}{{ next_plan.target_yoy|delta }} on last year "
        "({{ next_plan.sales_ly|money }}){% endif %}"
        "{% if next_plan.target_qoq is not none %}{% if next_plan.target_yoy is not none %} · {% endif %}"
        "{{ next_plan.target_qoq|delta }} on this quarter{% endif %}",
        "calendar": "Holidays and trade festivals",
        "festival": "Date",
        "dates": "When",
        "no_calendar": "No public holiday or trade festival this quarter",
        "item": "Item",
        "kind": "Kind",
        "owner": "Owner",
        "when": "When",
        "budget": "Budget",
        "activity": "Activity",
        "ours": "We commit",
        "ask": "We ask",
        "agenda_title": "To agree in this meeting:",
        "agenda_items": "Next quarter's target and its monthly pace|Activities, displays and stock for the dates "
        "above|Each side's actions, owners and due dates",
    },
}

# The order of a real review (issue 17): what we promised, the summary, sales and the year, the range,
# the stores, spend and activities, receivables, the channel benchmark, next quarter, the appendix.
# A slide this list does not name stays right after the slide it followed.
SLIDE_ORDER = [
    "cover", "agenda", "commitments", "summary", "sales", "monthly", "year", "alerts", "skus", "movers",
    "stores", "distribution", "sellout", "support", "investment_plan", "promoters", "activity", "receivables",
    "benchmark", "plan", "appendix",
]  # fmt: skip


def slide_key(slide, index: int) -> str:
    """The key of a slide of the customer's deck: its message title's key, else what its notes or
    title say (cover, agenda, sell-out, the activity loop, appendix)."""
    import re

    title = slide.shapes.title.text if slide.shapes.title is not None else ""
    found = re.search(r"titles\.(\w+)", title)
    if found:
        return found.group(1)
    notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
    if "{%slide if sellout %}" in notes:
        return "sellout"
    if "{%slide for a in activities %}" in notes:
        return "activity"
    if index == 0:
        return "cover"
    if any(title == LABELS[lang]["agenda"] for lang in LABELS):
        return "agenda"
    if any(title == LABELS[lang]["appendix_title"] for lang in LABELS):
        return "appendix"
    return ""


def reorder(prs, order: list[str]) -> None:
    """Put the slides in `order` by key; a slide with no place in it keeps to the slide before it."""
    ids = prs.slides._sldIdLst
    entries = list(ids)
    ranks = []
    rank: float = -1
    for i, (entry, slide) in enumerate(zip(entries, prs.slides, strict=True)):
        key = slide_key(slide, i)
        rank = order.index(key) if key in order else rank + 0.001
        ranks.append((rank, i, entry))
    for entry in entries:
        ids.remove(entry)
    for _, _, entry in sorted(ranks, key=lambda t: (t[0], t[1])):
        ids.append(entry)


def table_if(slide, x, y, w, columns, loop: str, condition: str, name: str, **kw) -> object:
    """A table shown only when `condition` holds: `{%tr if %}` around the header and the loop, so
    the whole table (header included) goes when there is nothing to list."""
    import copy

    frame = table(slide, x, y, w, columns, loop, "", name, **kw)
    tbl = frame.table._tbl
    rows = tbl.tr_lst  # header, for, data, else, no-data row, endfor
    tbl.remove(rows[3])
    tbl.remove(rows[4])
    for marker, where, text in ((rows[1], "before", f"{{%tr if {condition} %}}"), (rows[5], "after", "{%tr endif %}")):
        clone = copy.deepcopy(marker)
        clone.findall(".//" + qn("a:t"))[0].text = text
        (rows[0].addprevious if where == "before" else rows[5].addnext)(clone)
    return frame


def commitments_slide(prs, lang: str, foot: str) -> None:
    """Last quarter's plan notes with their status and result; dropped when there were none."""
    R = REVIEW_LABELS[lang]
    slide = new_slide(prs, R["commitments"], directive="{%slide if commitments %}", key="commitments")
    table(
        slide,
        MARGIN,
        BODY_TOP + Inches(0.1),
        WIDTH - 2 * MARGIN,
        [
            ("#", 0.4, "{{ loop.index }}", PP_ALIGN.CENTER),
            (R["commitment"], 3.9, "{{ c.text }}", PP_ALIGN.LEFT),
            (R["owner"], 1.0, "{{ c.owner or '—' }}", PP_ALIGN.LEFT),
            (R["when"], 1.4, "{{ c.due|date }}", PP_ALIGN.LEFT),
            (R["status"], 1.1, "{{ c.status_label }}", PP_ALIGN.CENTER),
            (R["result"], 4.5, "{{ c.result or '—' }}", PP_ALIGN.LEFT),
        ],
        "c in commitments",
        "—",
        "commitments table",
        size=11,
        row_h=0.6,
        empty_col=1,
    )
    footer(slide, foot)


def year_slide(prs, lang: str, foot: str) -> None:
    """Each quarter of the year so far against last year and its target; the annual target."""
    R, L = REVIEW_LABELS[lang], LABELS[lang]
    slide = new_slide(prs, R["year"], key="year")
    tw = Inches(8.4)
    table(
        slide,
        MARGIN,
        BODY_TOP + Inches(0.1),
        tw,
        [
            (R["quarter"], 1.2, "{{ r.quarter|quarter(true) }}", PP_ALIGN.LEFT),
            (L["sales"], 1.4, "{{ r.sales|money }}", PP_ALIGN.RIGHT),
            (R["sales_ly"], 1.4, "{{ r.sales_ly|money }}", PP_ALIGN.RIGHT),
            (L["yoy"], 1.0, "{{ r.yoy|delta }}", PP_ALIGN.RIGHT),
            (L["target"], 1.4, "{{ r.target|money }}", PP_ALIGN.RIGHT),
            (L["attainment"], 1.1, "{{ r.attainment|pct }}", PP_ALIGN.RIGHT),
        ],
        "r in year.quarters",
        "—",
        "year table",
        size=12,
        row_h=0.45,
        total=[
            R["ytd"],
            "{{ year.sales|money }}",
            "{{ year.sales_ly|money }}",
            "{{ year.yoy|delta }}",
            "{{ year.target|money }}",
            "{{ year.attainment|pct }}",
        ],
    )
    cx, cw = MARGIN + tw + Inches(0.4), WIDTH - 2 * MARGIN - tw - Inches(0.4)
    kpi_card(
        slide,
        cx,
        BODY_TOP + Inches(0.1),
        cw,
        Inches(1.4),
        R["annual_target"],
        "{{ year.annual_target|money }}",
        R["annual_target_sub"],
    )
    kpi_card(
        slide,
        cx,
        BODY_TOP + Inches(1.7),
        cw,
        Inches(1.4),
        R["annual_attainment"],
        "{{ year.annual_attainment|pct }}",
        R["ytd"] + " {{ year.sales|money }}",
    )
    footer(slide, foot)


def distribution_slide(prs, lang: str, foot: str) -> None:
    """Store gaps within the account, listing gaps against the channel; dropped when neither."""
    R = REVIEW_LABELS[lang]
    slide = new_slide(
        prs,
        R["distribution"],
        directive="{%slide if distribution.store_gaps or distribution.listing_gaps %}",
        key="distribution",
    )
    lw = Inches(6.3)
    # an account without several stores (a wholesaler, one shop) has no store gaps to speak of: the
    # half goes, rather than "各门店铺货完整" for stores it does not have
    several = "distribution.stores > 1"
    section_label(slide, MARGIN, BODY_TOP, lw, "{% if " + several + " %}" + R["store_gaps"] + "{% endif %}")
    table(
        slide,
        MARGIN,
        BODY_TOP + Inches(0.5),
        lw,
        [
            (R["store"], 1.8, "{{ g.store or g.store_id }}", PP_ALIGN.LEFT),
            (R["sku"], 3.0, "{{ g.name }}", PP_ALIGN.LEFT),
            (R["estimated"], 1.4, "{{ g.estimated_sales|money }}", PP_ALIGN.RIGHT),
        ],
        "g in distribution.store_gaps_shown",
        R["no_store_gaps"],
        "store gaps table",
        size=10,
        row_h=0.34,
        empty_col=1,
        show_if=several,
    )
    text_box(
        slide,
        MARGIN,
        BODY_TOP + Inches(3.75),
        lw,
        Inches(0.8),
        [("{% if distribution.store_gaps %}" + R["store_gap_note"] + "{% endif %}", 10, False, MUTED)],
        name="store gap note",
    )
    rx = MARGIN + lw + Inches(0.4)
    rw = WIDTH - MARGIN - rx
    section_label(slide, rx, BODY_TOP, rw, R["listing_gaps"])
    table(
        slide,
        rx,
        BODY_TOP + Inches(0.5),
        rw,
        [
            # no peers' sales of it: on the customer's deck that is other customers' figures
            (R["sku"], 3.4, "{{ g.name }}", PP_ALIGN.LEFT),
            (R["category"], 1.1, "{{ g.category }}", PP_ALIGN.LEFT),
            (R["peers"], 1.6, "{{ g.peers }}/{{ g.peer_count }}", PP_ALIGN.CENTER),
        ],
        "g in distribution.listing_gaps_shown",
        R["no_listing_gaps"],
        "listing gaps table",
        size=10,
        row_h=0.34,
        empty_col=0,
    )
    footer(slide, foot)


def investment_plan_slide(prs, lang: str, foot: str) -> None:
    """The plans table against actual support, by type; dropped without plan rows for the quarter."""
    R = REVIEW_LABELS[lang]
    slide = new_slide(prs, R["investment_plan"], directive="{%slide if investment_plan %}", key="investment_plan")
    table(
        slide,
        MARGIN,
        BODY_TOP + Inches(0.1),
        WIDTH - 2 * MARGIN,
        [
            (R["type"], 1.6, "{{ r.label }}", PP_ALIGN.LEFT),
            (R["planned"], 1.4, "{{ r.planned|money }}", PP_ALIGN.RIGHT),
            (R["actual"], 1.4, "{{ r.actual|money }}", PP_ALIGN.RIGHT),
            (R["variance"], 1.4, "{{ r.variance|delta('money') }}", PP_ALIGN.RIGHT),
            (R["used"], 1.1, "{{ r.used|pct }}", PP_ALIGN.RIGHT),
            (R["incremental"], 1.6, "{{ r.incremental_sales|money }}", PP_ALIGN.RIGHT),
        ],
        "r in investment_plan",
        "—",
        "investment plan table",
        size=12,
        row_h=0.45,
        total=[
            R["total"],
            "{{ investment_plan_total.planned|money }}",
            "{{ investment_plan_total.actual|money }}",
            "{{ investment_plan_total.variance|delta('money') }}",
            "{{ investment_plan_total.used|pct }}",
            "",
        ],
    )
    footer(slide, foot)


def benchmark_slide(prs, lang: str, foot: str, owner: bool = False) -> None:
    """Each category's share against the channel's other key accounts; the
    owner's brief names the best one, the customer's deck never names another customer."""
    R = REVIEW_LABELS[lang]
    columns = [
        (R["category"], 1.6, "{{ r.category }}", PP_ALIGN.LEFT),
        (R["share"], 1.3, "{{ r.share|pct }}", PP_ALIGN.RIGHT),
        (R["peer_median"], 2.0, "{{ r.peer_median_share|pct }}", PP_ALIGN.RIGHT),
        (R["gap"], 1.1, "{{ (r.share - r.peer_median_share)|delta('pp') }}", PP_ALIGN.RIGHT),
        (R["opportunity"], 1.6, "{{ r.material_opportunity|money }}", PP_ALIGN.RIGHT),
    ]
    if owner:
        columns.append((R["best_peer"], 3.2, "{{ r.best_peer }} {{ r.best_peer_share|pct }}", PP_ALIGN.LEFT))
    if owner:  # the brief's slides carry their title and notes by hand (no `key`), kicker above
        slide = new_slide(
            prs,
            "{{ titles.benchmark }}",
            notes="{{ talking_points.benchmark }}",
            directive="{%slide if benchmark %}",
            kicker=R["benchmark"],
        )
    else:
        slide = new_slide(prs, R["benchmark"], directive="{%slide if benchmark %}", key="benchmark")
    table(
        slide,
        MARGIN,
        BODY_TOP + Inches(0.1),
        WIDTH - 2 * MARGIN,
        columns,
        "r in benchmark_table[:8]",
        "—",
        "benchmark table",
        size=12,
        row_h=0.42,
    )
    text_box(
        slide, MARGIN, Inches(6.35), WIDTH - 2 * MARGIN, Inches(0.5), [(R["bench_note"], 10, False, MUTED)], name="note"
    )
    footer(slide, foot)


def plan_slide(prs, lang: str, foot: str) -> None:
    """Next quarter: the target and the growth it implies, the calendar, and what is planned (activities,
    our commitments, our asks). With nothing planned yet, the slide is the meeting's agenda: the
    target and the dates to plan around, never a placeholder row."""
    R = REVIEW_LABELS[lang]
    slide = new_slide(
        prs,
        R["plan"] + ("（{{ next_quarter|quarter }}）" if lang == "zh" else " ({{ next_quarter|quarter }})"),
        key="plan",
    )
    lw = Inches(4.6)
    section_label(slide, MARGIN, BODY_TOP, lw, R["target"])
    text_box(
        slide,
        MARGIN,
        BODY_TOP + Inches(0.45),
        lw,
        Inches(1.1),
        [
            (
                "{% if next_plan.target is not none %}{{ next_plan.target|money }}{% else %}"
                + R["no_target"]
                + "{% endif %}",
                24,
                True,
                NAVY,
            ),
            (R["target_sub"], 11, False, MUTED),
        ],
        name="next target",
    )
    section_label(slide, MARGIN, BODY_TOP + Inches(1.65), lw, R["calendar"])
    table(
        slide,
        MARGIN,
        BODY_TOP + Inches(2.1),
        lw,
        [
            (R["festival"], 2.2, "{{ e.name }}", PP_ALIGN.LEFT),
            (R["dates"], 2.4, "{{ e.dates }}", PP_ALIGN.LEFT),
        ],
        "e in next_plan.calendar",
        R["no_calendar"],
        "calendar table",
        size=11,
        row_h=0.36,
    )
    rx = MARGIN + lw + Inches(0.4)
    rw = WIDTH - MARGIN - rx
    frame = table_if(
        slide,
        rx,
        BODY_TOP,
        rw,
        [
            (R["kind"], 1.1, "{{ i.kind_label }}", PP_ALIGN.LEFT),
            (R["item"], 3.5, "{{ i.text }}", PP_ALIGN.LEFT),
            (R["owner"], 0.9, "{{ i.owner or '—' }}", PP_ALIGN.LEFT),
            # "1月15日–2月9日" on one line
            (R["when"], 2.1, "{{ i.when }}", PP_ALIGN.LEFT),
            (R["budget"], 0.9, "{{ i.budget|money }}", PP_ALIGN.RIGHT),
        ],
        "i in next_plan.entries",
        "next_plan.entries",
        "plan table",
        size=11,
        row_h=0.55,
    )
    del frame
    agenda_lines = [("{%p if not next_plan.entries %}", 14, True, NAVY), (R["agenda_title"], 16, True, NAVY)]
    agenda_lines += [("■ " + item, 14, False, INK) for item in R["agenda_items"].split("|")]
    agenda_lines.append(("{%p endif %}", 14, False, INK))
    text_box(slide, rx, BODY_TOP + Inches(0.1), rw, Inches(3), agenda_lines, name="meeting agenda", spacing=10)
    footer(slide, foot)


def review_slides(prs, lang: str, foot: str) -> None:
    """The review slides of the customer's deck, appended; `reorder` puts them in place."""
    commitments_slide(prs, lang, foot)
    year_slide(prs, lang, foot)
    distribution_slide(prs, lang, foot)
    # plan vs actual is our own budget: the owner's brief has it, the buyer would read an overrun as
    # room to ask for more
    benchmark_slide(prs, lang, foot)


def fix_chart_axis_ids(prs: Presentation) -> None:
    """python-pptx writes negative c:axId values, which the schema forbids: map v -> v & 0x7FFFFFFF."""
    for slide in prs.slides:
        for shape in slide.shapes:
            if not shape.has_chart:
                continue
            space = shape.chart._chartSpace
            for el in space.iter(qn("c:axId"), qn("c:crossAx")):
                el.set("val", str(int(el.get("val")) & 0x7FFFFFFF))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "templates")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in ("zh", "en"):
        for name, builder in (("qbr", build), ("brief", build_brief), ("portfolio", build_portfolio)):
            path = args.out / f"{name}_{lang}.pptx"
            prs = builder(lang)
            fix_chart_axis_ids(prs)
            prs.save(path)
            print(f"wrote {path}")


if __name__ == "__main__":
    main()
