"""The words a deck shows for codes in the data, per report language.

Stage: context. Input: a code (channel, support type, aging bucket, month) and a language.
Output: the label a customer's buyer reads. One table per kind so a user can adjust wording or
add a language in one place.
"""

from __future__ import annotations

from datetime import date

CHANNEL = {
    "zh": {"modern": "现代渠道", "traditional": "传统渠道", "special": "特殊渠道", "fresh": "生鲜渠道"},
    "en": {
        "modern": "Modern trade",
        "traditional": "Traditional trade",
        "special": "Special channel",
        "fresh": "Fresh supermarkets",
    },
}
SUPPORT_TYPE = {
    "zh": {
        "display": "陈列费",
        "promotion": "促销费",
        "free_goods": "搭赠",
        "rebate": "返利",
        "listing": "进场费",
        "posm": "物料",
        "other": "其他",
    },
    "en": {
        "display": "Display",
        "promotion": "Promotion",
        "free_goods": "Free goods",
        "rebate": "Rebate",
        "listing": "Listing",
        "posm": "POSM",
        "other": "Other",
    },
}
AGING = {
    "zh": {
        "not_due": "未到期",
        "1-30": "逾期1-30天",
        "31-60": "逾期31-60天",
        "61-90": "逾期61-90天",
        "over_90": "逾期90天以上",
    },
    "en": {
        "not_due": "Not due",
        "1-30": "1-30 days",
        "31-60": "31-60 days",
        "61-90": "61-90 days",
        "over_90": "Over 90 days",
    },
}
SERIES = {
    "zh": {
        "sales": "销售额",
        "sales_ly": "去年同期",
        "sales_prev": "上季度",
        "target": "目标",
        "target_pace": "月度目标（按天分摊）",
        "this_year": "本年",
        "amount": "金额",
        "outstanding": "未收金额",
        "promoter_days": "促销员人天",
        "sales_per_promoter_day": "人天产出",
        "daily": "日均销售额",
        "baseline": "活动前日均",
        "actual": "活动期日均",
        "change": "同比变化",
        "investment": "费用投入",
        "expense_ratio": "费用率",
        "gross_profit": "毛利额",
        "cost": "成本",
        "contribution": "贡献",
        "others": "其他",
        "promoter_cost": "促销员费用",
        "weekly": "周销售额",
        "usual": "常态（预警基准）",
        "alert": "预警周",
        "growth": "同比",
        "sellout": "客户售出",
        "sellin": "我方供货",
    },
    "en": {
        "sales": "Sales",
        "sales_ly": "Last year",
        "sales_prev": "Last quarter",
        "target": "Target",
        "target_pace": "Monthly target (by days)",
        "this_year": "This year",
        "amount": "Amount",
        "outstanding": "Outstanding",
        "promoter_days": "Promoter days",
        "sales_per_promoter_day": "Sales per promoter-day",
        "daily": "Daily sales",
        "baseline": "Daily before",
        "actual": "Daily during",
        "change": "Change vs LY",
        "investment": "Investment",
        "expense_ratio": "Expense ratio",
        "gross_profit": "Gross profit",
        "cost": "Cost",
        "contribution": "Contribution",
        "others": "Others",
        "promoter_cost": "Promoters",
        "weekly": "Weekly sales",
        "usual": "Usual level (alert basis)",
        "alert": "Alert week",
        "growth": "YoY",
        "sellout": "Customer sold",
        "sellin": "We delivered",
    },
}
# Next quarter's support call per key account (qbr.metrics.portfolio)
SUPPORT_CALL = {
    "zh": {"grow": "加大投入", "hold": "维持", "recover": "挽回销量", "cut": "削减或重谈费用",
           "collect": "先收回逾期", "review": "先补齐成本再定"},
    "en": {"grow": "Grow", "hold": "Hold", "recover": "Win back", "cut": "Cut or renegotiate",
           "collect": "Collect first", "review": "Fill in costs first"},
}  # fmt: skip
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_label(month: str | date, lang: str) -> str:
    """ "2023-10" -> "10月" / "Oct"."""
    number = month.month if isinstance(month, date) else int(str(month)[5:7])
    return f"{number}月" if lang == "zh" else _EN_MONTHS[number - 1]


def week_label(day: date, lang: str) -> str:
    """Monday of a week as a short axis label, "11/20" in both languages: a crowded axis cannot
    break it into two lines the way it breaks "20 Nov"."""
    return f"{day.month}/{day.day}"
