"""Headlines, summary bullets and speaker notes (qbr.commentary).

Each rule is driven by a small hand-made context holding only the keys it reads, and the exact
sentence is checked in both languages. The sample test checks that every number in each CNPC
title is a metrics figure formatted by Formatter (expected strings computed from the metrics,
not copied from the output).
"""

from __future__ import annotations

import re
import string
from datetime import date
from typing import Any

import pytest

from qbr.commentary import PHRASES, SLIDE_KEYS, activity_notes, activity_title, commentary
from qbr.commentary import causes as C
from qbr.commentary import notes as N
from qbr.commentary import summary as S
from qbr.commentary import titles as T
from qbr.commentary.render import say
from qbr.context.build import build_context
from qbr.formatting import Formatter, money_unit
from qbr.labels import month_label
from qbr.metrics import customer_metrics, engine_for, metrics_to_dict
from qbr.pipeline import load_data
from qbr.quarter import Quarter
from tests.conftest import ROOT

ZH, EN = Formatter("zh"), Formatter("en")


def both(rule: Any, ctx: dict[str, Any]) -> tuple[str, str]:
    msg = rule(ctx)
    return say(msg, "zh", ZH), say(msg, "en", EN)


# -- the phrase table --------------------------------------------------------------------------


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_the_same_keys_and_placeholders() -> None:
    zh, en = PHRASES["zh"], PHRASES["en"]
    assert set(zh) == set(en)
    for key in zh:
        assert _fields(zh[key]) == _fields(en[key]), key


def test_every_phrase_the_rules_use_exists() -> None:
    # rules name keys as f-strings too: render a wide set of contexts in every language instead
    for ctx in (_cnpc_like(), {}, {"kpi": {"sales": 0.0}}):
        for lang, fmt in (("zh", ZH), ("en", EN)):
            out = commentary(ctx, lang, fmt)
            assert set(out["titles"]) == set(SLIDE_KEYS)


# -- sales -------------------------------------------------------------------------------------


def test_sales_growth_above_target() -> None:
    ctx = {"kpi": {"sales": 1_230_000.0, "yoy": 0.123, "target": 1_138_889.0, "attainment": 1.08}}
    assert both(T.sales, ctx) == ("销售额同比增长12.3%，目标达成108.0%", "Sales up 12.3% YoY, 108.0% of target")


def test_sales_decline_below_target() -> None:
    ctx = {"kpi": {"sales": 2_508_464.0, "yoy": -0.16553, "target": 3_280_000.0, "attainment": 0.76478}}
    assert both(T.sales, ctx) == (
        "销售额同比下降16.6%，仅完成目标的76.5%",
        "Sales down 16.6% YoY, only 76.5% of target",
    )


def test_sales_decline_but_above_target() -> None:
    ctx = {"kpi": {"sales": 100.0, "yoy": -0.03, "target": 95.0, "attainment": 1.0526}}
    assert both(T.sales, ctx) == ("销售额同比下降3.0%，但目标达成105.3%", "Sales down 3.0% YoY but 105.3% of target")


def test_sales_null_yoy_and_no_target_claim_nothing() -> None:
    ctx = {"kpi": {"sales": 148_368.0, "yoy": None, "target": None, "attainment": None}}
    assert both(T.sales, ctx) == (
        "销售额¥14.8万（去年同期无可比数据，未设定目标）",
        "Sales ¥148K (nothing to compare with a year ago, no target set)",
    )


def test_sales_growth_without_target_says_no_target_not_zero() -> None:
    ctx = {"kpi": {"sales": 148_368.0, "yoy": 0.0281, "target": None, "attainment": None}}
    assert both(T.sales, ctx) == ("销售额同比增长2.8%（未设定目标）", "Sales up 2.8% YoY (no target set)")


def test_sales_change_that_rounds_to_zero_is_flat() -> None:
    ctx = {"kpi": {"sales": 100.0, "yoy": 0.0004, "target": 100.0, "attainment": 0.9996}}
    # 0.04 % reads 0.0 %: "flat"; 99.96 % reads 100.0 %: met
    assert both(T.sales, ctx) == ("销售额与去年同期持平，目标达成100.0%", "Sales flat YoY, 100.0% of target")


@pytest.mark.parametrize(
    ("attainment", "zh", "en"),
    [
        # 99.8 % and 95.0 % fell short by a hair: the figure says so, no "only"
        (0.998, "销售额同比增长2.0%，目标达成99.8%", "Sales up 2.0% YoY, 99.8% of target"),
        (0.94951, "销售额同比增长2.0%，目标达成95.0%", "Sales up 2.0% YoY, 95.0% of target"),
        # 94.9 % is a real shortfall
        (0.949, "销售额同比增长2.0%，但仅完成目标的94.9%", "Sales up 2.0% YoY but only 94.9% of target"),
    ],
)
def test_sales_just_short_of_target_is_stated_without_only(attainment: float, zh: str, en: str) -> None:
    ctx = {"kpi": {"sales": 100.0, "yoy": 0.02, "target": 100.0 / attainment, "attainment": attainment}}
    assert both(T.sales, ctx) == (zh, en)


def test_sales_none() -> None:
    assert both(T.sales, {"kpi": {"sales": 0.0, "yoy": -1.0}}) == ("本季度无销售", "No sales this quarter")


def test_summary_title_adds_target_and_overdue_clauses() -> None:
    ctx = {
        "kpi": {
            "sales": 2_791_208.06,
            "yoy": 0.25763,
            "target": 2_530_000.0,
            "attainment": 1.10324,
            "ar_overdue": 2_212_931.59,
        }
    }
    assert both(T.summary, ctx) == (
        "销售额¥279.1万，同比增长25.8%，目标达成110.3%，逾期应收¥221.3万",
        "Sales ¥2.79M, up 25.8% YoY, 110.3% of target, ¥2.21M overdue",
    )


def test_summary_title_without_target_or_overdue() -> None:
    ctx = {"kpi": {"sales": 50_000.0, "yoy": -0.1, "target": None, "attainment": None, "ar_overdue": 0.0}}
    assert both(T.summary, ctx) == ("销售额¥5.0万，同比下降10.0%", "Sales ¥50.0K, down 10.0% YoY")


# -- monthly, SKUs, movers, stores ---------------------------------------------------------------


def test_monthly_all_up() -> None:
    ctx = {
        "by_month": [
            {"month": "2023-10", "sales": 1.0, "yoy": 0.14},
            {"month": "2023-11", "sales": 1.0, "yoy": 0.333},
            {"month": "2023-12", "sales": 1.0, "yoy": 0.30},
        ]
    }
    assert both(T.monthly, ctx) == (
        "各月销售均同比增长，11月增幅最大（33.3%）",
        "Every month up YoY, most in Nov (33.3%)",
    )


def test_monthly_mixed_in_a_falling_quarter_leads_with_the_worst() -> None:
    ctx = {
        "kpi": {"sales": 3.0, "yoy": -0.166},
        "by_month": [
            {"month": "2023-10", "sales": 1.0, "yoy": -0.134},
            {"month": "2023-11", "sales": 1.0, "yoy": 0.013},
            {"month": "2023-12", "sales": 1.0, "yoy": -0.347},
        ],
    }
    assert both(T.monthly, ctx) == (
        "12月销售同比下降34.7%，降幅最大；11月同比增长1.3%",
        "Dec down 34.7% YoY, the worst month; Nov up 1.3%",
    )


def test_monthly_without_last_year_names_the_peak() -> None:
    ctx = {
        "by_month": [
            {"month": "2023-07", "sales": 300_000.0, "yoy": None},
            {"month": "2023-08", "sales": 450_000.0, "yoy": None},
        ]
    }
    assert both(T.monthly, ctx) == (
        "8月销售额最高，为¥45.0万（去年同期无可比数据）",
        "Sales peaked in Aug at ¥450K (nothing to compare with a year ago)",
    )


def test_skus_lead() -> None:
    ctx = {
        "by_category": [{"category": "粮油", "sales": 5.0, "share": 0.5424}, {"category": "饮料", "sales": 2.0}],
        "by_sku": [{"sku": "LY-0001", "name": "花生油", "sales": 4.0, "share": 0.1626}],
    }
    assert both(T.skus, ctx) == (
        "粮油占销售额54.2%，第一大单品花生油占16.3%",
        "粮油 is 54.2% of sales; top SKU 花生油 takes 16.3%",
    )


def test_movers_both() -> None:
    ctx = {
        "kpi": {"sales": 1.0, "yoy": 0.2},
        "gainers": [{"sku": "A", "name": "花生油", "change_ly": 75_165.85}],
        "decliners": [{"sku": "B", "name": "白酒", "change_ly": -3_682.55}],
    }
    # one unit per sentence, the largest figure's: 3,682.55 / 10,000 = 0.37 -> "¥0.4万" beside "¥7.5万";
    # in English both are K already (75,165.85 / 1,000 = 75.2; 3,682.55 / 1,000 = 3.68)
    assert both(T.movers, ctx) == (
        "花生油同比增加¥7.5万，拉动最大；白酒减少¥0.4万，拖累最大",
        "花生油 added most (¥75.2K YoY); 白酒 lost most (¥3.68K)",
    )


def test_movers_without_last_year_do_not_call_new_sales_growth() -> None:
    ctx = {"kpi": {"sales": 1000.0, "yoy": None}, "gainers": [{"sku": "A", "name": "花生油", "change_ly": 1000.0}]}
    assert both(T.movers, ctx) == (
        "去年同期无可比数据，暂无单品同比变化",
        "Nothing to compare with a year ago, so no change by SKU to show",
    )


def test_movers_decliners_only() -> None:
    ctx = {
        "kpi": {"sales": 1.0, "yoy": -0.2},
        "gainers": [],
        "decliners": [{"sku": "B", "name": "黄酒", "change_ly": -39_191.26}],
    }
    assert both(T.movers, ctx) == (
        "黄酒同比减少¥3.9万，拖累最大；无单品增长",
        "黄酒 lost most (¥39.2K YoY); no SKU grew",
    )


def test_stores_more_and_none() -> None:
    ctx = {"stores": {"active_stores": 14, "active_stores_ly": 12, "sales_per_store": 199_372.0}}
    assert both(T.stores, ctx) == (
        "活跃门店由12家增至14家，店均销售额¥19.9万",
        "Active stores up from 12 to 14, ¥199K per store",
    )
    assert both(T.stores, {"stores": {"active_stores": 0}}) == ("无门店级销售数据", "No store-level sales in the data")


# -- investment, promoters, activities -------------------------------------------------------------


def test_support_names_the_largest_type_as_a_share_of_the_investment() -> None:
    ctx = {
        "kpi": {"investment": 220_792.08, "support": 199_512.08, "expense_ratio": 0.0791},
        "support_by_type": {"display": 63_000.0, "promotion": 60_000.0, "rebate": 76_512.08},
    }
    # rebate 76,512.08 / investment 220,792.08 = 34.65 %
    assert both(T.support, ctx) == (
        "费用投入¥22.1万，费用率7.9%；返利占费用投入的34.7%",
        "Investment ¥221K, 7.9% of sales; 34.7% of it on rebates",
    )


def test_support_none_and_promoters_only() -> None:
    assert both(T.support, {"kpi": {"investment": 0.0, "support": 0.0}}) == (
        "本季度无费用投入",
        "No investment this quarter",
    )
    ctx = {"kpi": {"investment": 7_280.0, "support": 0.0, "expense_ratio": 0.05}}
    assert both(T.support, ctx) == (
        "费用投入¥7,280，全部为促销员费用，费用率5.0%",
        "Investment ¥7.28K, all on promoters: 5.0% of sales",
    )


def test_promoters() -> None:
    assert both(T.promoters, {"kpi": {"promoters": 0}}) == ("本季度未安排促销员", "No promoters this quarter")
    ctx = {"kpi": {"promoters": 1, "promoter_days": 26, "promoter_cost": 7_280.0}}
    assert both(T.promoters, ctx) == ("1名促销员在岗26人天，费用¥7,280", "1 promoter, 26 promoter-days, costing ¥7.28K")
    ctx = {"kpi": {"promoters": 3, "promoter_days": 76, "promoter_cost": 21_280.0}}
    assert both(T.promoters, ctx)[1] == "3 promoters, 76 promoter-days, costing ¥21.3K"


ACT = {
    "activity_id": "ACT-1",
    "name": "双十一粮油节",
    "cost": 90_000.0,
    "baseline_daily": 12_778.61,
    "actual_daily": 22_385.39,
    "uplift": 0.75179,
    "incremental_sales": 115_281.4,
    "sales_roi": 1.2809,
    "profit_roi": 0.2757,
    "complete": True,
    "start_date": "2023-11-01",
    "end_date": "2023-11-12",
    "days": 12,
}


def test_activity_with_a_return() -> None:
    profitable = ACT | {"profit_roi": 1.05}  # the added gross profit paid for the activity
    assert both(T.activity, profitable) == (
        "双十一粮油节日均销售提升75.2%，增量销售¥11.5万，投入产出比1.28",
        "双十一粮油节: daily sales up 75.2%, ¥115K incremental, sales ROI 1.28",
    )


def test_activity_whose_added_gross_profit_did_not_cover_its_cost_says_so() -> None:
    # sales ROI 1.28 but profit ROI 0.2757 -> 0.28: ¥2.5万 of gross profit for ¥9万 spent
    assert both(T.activity, ACT) == (
        "双十一粮油节增量销售¥11.5万（投入产出比1.28），但增量毛利未覆盖费用（毛利投入产出比0.28）",
        "双十一粮油节: ¥115K incremental (sales ROI 1.28), but the added gross profit did not cover the cost "
        "(profit ROI 0.28)",
    )


def test_activity_returning_less_than_its_cost() -> None:
    a = ACT | {
        "name": "冬季火锅节",
        "cost": 40_000.0,
        "uplift": 0.777,
        "incremental_sales": 28_157.68,
        "sales_roi": 0.70394,
    }
    assert both(T.activity, a) == (
        "冬季火锅节增量销售¥2.8万，低于活动费用¥4.0万（投入产出比0.70）",
        "冬季火锅节: ¥28.2K incremental sales, below its ¥40.0K cost (sales ROI 0.70)",
    )


def test_zero_cost_activity_has_no_roi() -> None:
    a = ACT | {
        "name": "会员日",
        "cost": 0.0,
        "uplift": 0.2,
        "incremental_sales": 5_000.0,
        "sales_roi": None,
        "profit_roi": None,
    }
    assert both(T.activity, a) == (
        "会员日日均销售提升20.0%，增量销售¥5,000，我司无费用投入",
        "会员日: daily sales up 20.0%, ¥5.00K incremental at no cost to us",
    )


def test_activity_without_baseline_has_no_uplift() -> None:
    a = ACT | {"name": "新店开业", "uplift": None, "actual_daily": 5_200.0, "incremental_sales": 109_200.0}
    assert both(T.activity, a) == (
        "新店开业活动期日均销售¥5,200（活动前无销售，无法计算提升）",
        "新店开业: ¥5.20K a day during the activity (no sales before, so no uplift)",
    )


def test_activity_that_lost_sales_and_one_still_running() -> None:
    a = ACT | {
        "name": "店庆",
        "cost": 1_000.0,
        "uplift": -0.1,
        "incremental_sales": -700.0,
        "sales_roi": -0.7,
        "complete": False,
    }
    assert both(T.activity, a) == (
        "店庆活动期日均销售反降10.0%，投入¥1,000未带来增量（活动期尚未全部计入数据）",
        "店庆: daily sales fell 10.0%; ¥1.00K spent without incremental sales (not all of it is in the data yet)",
    )


def test_no_activities() -> None:
    out = commentary({"activities": []}, "zh", ZH)
    assert out["titles"]["activity"] == "本季度无促销活动"
    assert out["activity_titles"] == {} and out["activity_notes"] == {}
    assert commentary({}, "en", EN)["titles"]["activity"] == "No activities this quarter"


# -- profit, receivables, alerts, plan ----------------------------------------------------------------


def test_profit_positive_negative_unknown() -> None:
    base = {
        "sales": 2_791_208.06,
        "gross_profit": 600_856.23,
        "gross_margin": 0.21527,
        "investment": 220_792.08,
        "contribution": 600_856.23 - 220_792.08,
    }
    assert both(T.profit, {"kpi": base}) == (
        "毛利率21.5%，毛利额¥60.1万，扣除费用投入后仍为正贡献",
        "Gross margin 21.5% (¥601K); contribution still positive after investment",
    )
    neg = base | {"investment": 700_000.0, "contribution": 600_856.23 - 700_000.0}
    assert both(T.profit, {"kpi": neg}) == (
        "毛利率21.5%，毛利额¥60.1万不足以覆盖费用投入¥70.0万",
        "Gross margin 21.5%: ¥601K of gross profit does not cover ¥700K of investment",
    )
    unknown = {"kpi": {"sales": 616_476.0, "gross_profit": None, "gross_margin": None, "investment": 1.0}}
    assert both(T.profit, unknown) == (
        "部分销售成本未知，暂不计算毛利率",
        "Gross margin not shown: some sales lines have no cost",
    )


def test_a_figure_under_a_tenth_of_the_sentences_unit_keeps_its_own() -> None:
    # ¥125,000 and ¥800: "¥0.08万" would be the shared unit's reading, ¥800 is the figure
    ctx = {"kpi": {"ar_outstanding": 500_000.0, "ar_overdue": 125_000.0}, "ar_aging": {"over_90": 800.0}}
    assert both(T.receivables, ctx)[0] == "逾期应收¥12.5万，其中90天以上¥800"
    # ¥1,760,000 and ¥16,200 in English: "¥0.02M" -> "¥16.2K"; ¥180,000 (0.18M) keeps the shared M
    ctx = {"kpi": {"ar_outstanding": 2e6, "ar_overdue": 1_760_000.0}, "ar_aging": {"over_90": 16_200.0}}
    assert both(T.receivables, ctx)[1] == "¥1.76M overdue, ¥16.2K of it over 90 days"
    ctx["ar_aging"]["over_90"] = 180_000.0
    assert both(T.receivables, ctx)[1] == "¥1.76M overdue, ¥0.18M of it over 90 days"
    # ¥4,000 beside ¥75,000 is 0.4万, a tenth or more: one unit, as before
    ctx = {"kpi": {"ar_outstanding": 1e5, "ar_overdue": 75_000.0}, "ar_aging": {"over_90": 4_000.0}}
    assert both(T.receivables, ctx)[0] == "逾期应收¥7.5万，其中90天以上¥0.4万"


def test_receivables() -> None:
    ctx = {"kpi": {"ar_outstanding": 500_000.0, "ar_overdue": 354_000.0}, "ar_aging": {"over_90": 78_000.0}}
    assert both(T.receivables, ctx) == (
        "逾期应收¥35.4万，其中90天以上¥7.8万",
        "¥354K overdue, ¥78.0K of it over 90 days",
    )
    ctx = {"kpi": {"ar_outstanding": 500_000.0, "ar_overdue": 354_000.0}, "ar_aging": {"over_90": 0.0}}
    assert both(T.receivables, ctx) == ("逾期应收¥35.4万，均在90天以内", "¥354K overdue, all within 90 days")
    ctx = {"kpi": {"ar_outstanding": 50_000.0, "ar_overdue": 0.0}, "ar_aging": {"over_90": 0.0}}
    assert both(T.receivables, ctx) == ("应收余额¥5.0万，无逾期", "¥50.0K outstanding, nothing overdue")
    assert both(T.receivables, {"kpi": {"ar_outstanding": 0.0, "ar_overdue": 0.0}}) == (
        "季末无应收余额",
        "Nothing outstanding at quarter end",
    )


ALERTS = [
    {"week_start": "2023-10-02", "change": -0.297, "driver_details": [{"sku": "A", "name": "花生油"}]},
    {
        "week_start": "2023-11-20",
        "change": -0.3176,
        "driver_details": [{"sku": "A", "name": "花生油", "sales": 3_467.32, "sales_prev_week": 34_652.33}],
    },
]


def test_alerts() -> None:
    assert both(T.alerts, {"alerts": ALERTS}) == (
        "2周销售较常态降幅超预警线，2023年11月20日当周降幅最大（31.8%），主要因花生油下滑",
        "2 weeks fell beyond the alert threshold; worst the week of 20 Nov 2023 (down 31.8%), led by 花生油",
    )
    assert both(T.alerts, {"alerts": ALERTS[:1]})[1] == (
        "Sales fell 29.7% below their usual level in the week of 2 Oct 2023, led by 花生油"
    )
    assert both(T.alerts, {"alerts": []}) == (
        "本季度各周销售均未出现超过预警线的下滑",
        "No week fell beyond the alert threshold this quarter",
    )


STOCKOUT = {
    "week_start": "2023-11-13",
    "change": -0.25,
    "driver_details": [
        {"sku": "A", "name": "花生油", "cause": "stockout", "lost_sales": 15_000.0, "store_id": None},
        {"sku": "B", "name": "大米", "cause": "stockout", "lost_sales": 9_000.0, "store_id": None},
        {"sku": "C", "name": "冰红茶", "cause": "decline", "lost_sales": None, "store_id": None},
    ],
}


def test_alert_causes_say_what_happened_and_what_to_do() -> None:
    assert both(T.alerts, {"alerts": [STOCKOUT]}) == (
        "2023年11月13日当周销售较常态下降25.0%，主要因花生油断货",
        "Sales fell 25.0% below their usual level in the week of 13 Nov 2023, led by 花生油 out of stock",
    )
    zh = [say(m, "zh", ZH) for m in C.alert_sentences(STOCKOUT["driver_details"], STOCKOUT["week_start"])]
    # 15,000 + 9,000 = 24,000 lost = ¥2.4万
    assert zh == [
        "2023年11月13日当周花生油、大米各门店同时断货，估计少卖¥2.4万——供货问题，不是动销：查库存与配送",
        "冰红茶连续三周下滑——动销问题：查陈列、价格、竞品",
    ]
    store = [{"sku": "A", "name": "花生油", "cause": "store", "store_id": "S2", "detail": "二号店"}]
    assert say(C.sentence(C.groups(store)[0]), "en", EN) == (
        "二号店's whole sales collapsed, taking 花生油 with it — a store issue: ask whether it closed, was refitted "
        "or changed staff"
    )
    assert [say(C.short(g), "zh", ZH) for g in C.groups(STOCKOUT["driver_details"])] == [
        "断货：花生油、大米",
        "动销下滑：冰红茶",
    ]


def test_no_main_cause_is_named_when_its_drivers_explain_less_than_a_third_of_the_fall() -> None:
    # a week 27.3% below a usual level lifted by the holiday weeks: its three largest SKU falls
    # explain 8.9% + 8.3% + 7.7% = 24.9% of it, so no SKU is "the main reason"
    drivers = [
        {"sku": "A", "name": "花生油", "cause": "destocking", "share": 0.089},
        {"sku": "B", "name": "大米", "cause": "destocking", "share": 0.083},
        {"sku": "C", "name": "调和油", "cause": "decline", "share": 0.077},
    ]
    week = {"week_start": "2023-10-02", "change": -0.273, "driver_details": drivers}
    assert both(T.alerts, {"alerts": [week]}) == (
        "2023年10月2日当周销售较常态下降27.3%，降幅分散在多个单品（降幅最大的单品花生油仅占8.9%）",
        "Sales fell 27.3% below their usual level in the week of 2 Oct 2023, spread across the range "
        "(the largest fall, 花生油, is 8.9% of it)",
    )
    # one cause explaining 0.2 + 0.14 = 34% of the fall (a third or more) is the main one, named by
    # its largest SKU
    drivers[0]["share"], drivers[1]["share"] = 0.2, 0.14
    assert both(T.alerts, {"alerts": [week]})[0] == "2023年10月2日当周销售较常态下降27.3%，主要因客户消化花生油库存"


def test_a_stockout_alert_in_a_week_that_did_not_fall_says_what_it_cost() -> None:
    week = {**STOCKOUT, "change": 0.02, "driver_details": STOCKOUT["driver_details"][:1]}
    assert both(T.alerts, {"alerts": [week]}) == (
        "2023年11月13日当周出现断货，估计少卖¥1.5万",
        "A stock-out in the week of 13 Nov 2023 cost about ¥15.0K of sales",
    )


def test_the_quarters_stockout_lost_sales_is_a_summary_bullet_and_in_the_notes() -> None:
    ctx = {"kpi": {"stockout_lost_sales": 40_158.56}, "alerts": [STOCKOUT]}
    said = [say(m, "zh", ZH) for m in S.bullets(ctx)]
    assert "本季度断货估计少卖¥4.0万——供货问题，不是动销：查库存与配送" in said
    notes = N.text(N.NOTES["alerts"](ctx), "zh", ZH)
    assert "断货少卖 ¥4.0万" in notes or "断货少卖¥4.0万" in notes
    assert "各门店同时断货，估计少卖¥2.4万——供货问题，不是动销：查库存与配送" in notes
    assert S.bullets({"kpi": {"stockout_lost_sales": 0.0}}) == []  # none lost: no bullet


PLANS = [
    {"text": "请客户财务完成对账并支付逾期款项", "owner": "张伟", "due": "2024-01-15"},
    {"text": "花生油建立安全库存", "owner": "周敏", "due": None},
    {"text": "Ask the buyer for two gondola ends", "owner": None, "due": None},
]


def test_plan_counts_actions_and_asks() -> None:
    ctx = {"next_quarter": "2024Q1", "notes": {"plans": PLANS}}
    assert both(T.plan, ctx) == (
        "2024年第一季度共3项行动，其中2项需客户支持",
        "3 actions for Q1 2024, including 2 asks of the buyer",
    )
    assert both(T.plan, {"next_quarter": "2024Q1", "notes": {"plans": []}}) == (
        "2024年第一季度行动计划待与客户确定",
        "Plan for Q1 2024: to be agreed with the buyer",
    )


def test_with_nothing_planned_the_plan_title_is_the_meetings_agenda_not_a_placeholder() -> None:
    nothing = {"next_quarter": "2024Q1", "notes": {"plans": []}}
    with_target = {**nothing, "next_plan": {"target": 3_000_000.0, "calendar": [], "activities": []}}
    assert both(T.plan, with_target) == (
        "2024年第一季度目标¥300.0万：与客户共同商定节日档期与行动",
        "Q1 2024: a ¥3.00M target; the dates and actions to agree together",
    )
    without = {**nothing, "next_plan": {"target": None, "calendar": [], "activities": []}}
    assert both(T.plan, without)[0] == "2024年第一季度：与客户共同商定目标、节日档期与行动"
    # a planned activity alone is a plan: 1 action
    planned = {**nothing, "next_plan": {"target": None, "activities": [{"name": "春节活动"}]}}
    assert both(T.plan, planned)[0] == "2024年第一季度共1项行动计划"


# -- executive summary bullets ------------------------------------------------------------------------


def _cnpc_like() -> dict[str, Any]:
    return {
        "kpi": {
            "sales": 2_791_208.06,
            "sales_ly": 2_219_417.78,
            "yoy": 0.25763,
            "target": 2_530_000.0,
            "attainment": 1.10324,
            "gross_profit": 600_856.23,
            "gross_margin": 0.21527,
            "investment": 220_792.08,
            "contribution": 600_856.23 - 220_792.08,
            "ar_overdue": 2_212_931.59,
            "rank": 3,
            "share": 0.0864,
        },
        "ar_aging": {"over_90": 1_018_978.89},
        "activities": [ACT],
        "alerts": ALERTS,
        "gainers": [{"sku": "A", "name": "花生油", "change_ly": 75_165.85}],
        "decliners": [],
        "notes": {"plans": PLANS},
        "next_quarter": "2024Q1",
    }


def test_bullets_keep_five_by_priority_and_show_them_in_story_order() -> None:
    # six candidates: the SKU bullet has the lowest priority and is dropped
    got = [say(m, "zh", ZH) for m in S.bullets(_cnpc_like())]
    assert got == [
        "销售额¥279.1万，同比增长25.8%，目标达成110.3%",
        "2023年11月20日当周销售较常态下降31.8%，主要因花生油下滑",
        "活动：双十一粮油节增量销售¥11.5万（投入产出比1.28），但增量毛利未覆盖费用（毛利投入产出比0.28）",
        "逾期应收¥221.3万，其中90天以上¥101.9万，需优先回收",
        "下季度诉求：请客户财务完成对账并支付逾期款项",
    ]


def test_bullets_decline_without_plans_ask_to_collect() -> None:
    ctx = {
        "kpi": {
            "sales": 2_508_464.0,
            "yoy": -0.16554,
            "target": 3_280_000.0,
            "attainment": 0.76478,
            "ar_overdue": 1_057_033.41,
        },
        "ar_aging": {"over_90": 0.0},
        "decliners": [{"sku": "B", "name": "黄酒", "change_ly": -39_191.26}],
    }
    got = [say(m, "en", EN) for m in S.bullets(ctx)]
    assert got == [
        "Sales down 16.6% YoY, only 76.5% of target",
        "SKUs: 黄酒 lost most (¥39.2K YoY)",
        "¥1.06M overdue to collect",
        "Ask for next quarter: settle the ¥1.06M overdue",
    ]


def test_the_collecting_ask_is_for_the_sum_the_plan_page_asks_for() -> None:
    # ¥1,057,033.41 overdue, of which the plan page asks for the ¥320,000 more than 30 days late
    # (qbr.context.build.collection_ask): the summary and its customer version ask for the same
    ctx = {
        "kpi": {"sales": 2_508_464.0, "yoy": -0.16554, "ar_overdue": 1_057_033.41},
        "ar_aging": {"over_90": 0.0},
        "next_plan": {"asks": [{"text": "Settle the ¥320K more than 30 days overdue", "amount": 320_000.0}]},
    }
    got = [say(m, "en", EN) for m in S.bullets(ctx)]
    assert got[-1] == "Ask for next quarter: settle the ¥320K more than 30 days overdue"
    customer = commentary(ctx, "zh", Formatter("zh"), audience="customer")["summary"]
    assert customer[-1] == "下季度重点：完成对账，结清逾期超过30天的应收¥32.0万"


def test_bullets_are_filled_to_three() -> None:
    ctx = {
        "kpi": {
            "sales": 148_367.64,
            "yoy": None,
            "gross_profit": 31_767.94,
            "gross_margin": 0.21412,
            "rank": 27,
            "share": 0.00459,
            "ar_overdue": 0.0,
        }
    }
    got = [say(m, "zh", ZH) for m in S.bullets(ctx)]
    assert got == ["销售额¥14.8万，占我司总销售额0.5%，在全部客户中排第27", "毛利率21.4%，毛利额¥3.2万"]
    # only two fillers exist: a context this thin gives two bullets rather than invented ones


# -- speaker notes -----------------------------------------------------------------------------------


def test_sales_notes_below_target() -> None:
    ctx = {
        "kpi": {
            "sales": 2_508_464.0,
            "sales_ly": 3_006_082.44,
            "sales_prev": 3_158_300.24,
            "target": 3_280_000.0,
            "attainment": 0.76478,
            "yoy": -0.16554,
            "qoq": -0.20576,
        },
        "decliners": [{"sku": "B", "name": "黄酒", "change_ly": -39_191.26}],
    }
    assert N.text(N.NOTES["sales"](ctx), "zh", ZH) == "\n".join(
        [
            "数据：销售额¥250.8万；去年同期¥300.6万；上季度¥315.8万；目标¥328.0万；目标达成76.5%；同比▼16.6%；环比▼20.6%",
            "客户可能问：为什么没有完成目标？",
            "回答：目标¥328.0万，实际¥250.8万，完成76.5%，同比减少最多的单品是黄酒（▼¥3.9万）",
            "客户可能问：为什么比上季度下降20.6%？",
            "回答：上季度¥315.8万，本季度¥250.8万；剔除季节因素看同比：▼16.6%",
            "我方诉求：请客户支持追加陈列位与促销档期，下季度追回目标差距",
        ]
    )


def test_activity_notes_flag_a_loss_on_gross_profit() -> None:
    text = activity_notes(ACT, "en", EN)
    assert text.splitlines()[-3:] == [
        "The buyer may ask: Did the spend pay for itself?",
        "Answer: Profit ROI 0.28: the extra gross profit did not cover the cost (sales ROI 1.28)",
        "Our ask: Rework the mechanics (fewer SKUs, different depth) before repeating it",
    ]
    assert text.splitlines()[0].startswith("Figures: period 1 Nov 2023 to 12 Nov 2023 (12 days); cost ¥90.0K")


def test_receivables_notes_name_the_largest_old_invoice() -> None:
    ctx = {
        "kpi": {"ar_outstanding": 600.0, "ar_overdue": 500.0},
        "ar_aging": {"over_90": 400.0},
        "open_invoices": [
            {"invoice_no": "F1", "days_past_due": 655, "outstanding": 100.0},
            {"invoice_no": "F2", "days_past_due": 109, "outstanding": 300.0},
            {"invoice_no": "F3", "days_past_due": 5, "outstanding": 100.0},
        ],
    }
    lines = N.text(N.NOTES["receivables"](ctx), "zh", ZH).splitlines()
    assert lines[2] == "回答：90天以上¥400；其中最大一笔发票F2未收¥300，已逾期109天"
    assert lines[3] == "我方诉求：请客户在下季度首月结清逾期应收¥500"


def test_everything_is_plain_text() -> None:
    out = commentary(_cnpc_like(), "zh", ZH)
    texts = [
        *out["titles"].values(),
        *out["summary"],
        *out["notes"].values(),
        *out["activity_titles"].values(),
        *out["activity_notes"].values(),
    ]
    assert all("\ue003" not in t and "\ue004" not in t and "\ue005" not in t for t in texts)
    assert out["activity_titles"] == {"ACT-1": activity_title(ACT, "zh", ZH)}


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(ValueError, match="phrases"):
        commentary({}, "fr", ZH)


# -- the sample: every number in a title is a formatted metrics figure ---------------------------------


@pytest.fixture(scope="module")
def cnpc() -> tuple[dict[str, Any], dict[str, Any]]:
    settings, dataset = load_data(ROOT / "sample_data")
    engine = engine_for(dataset, settings)
    m = customer_metrics(engine, "CNPC", Quarter(2023, 4))
    return metrics_to_dict(m), build_context(engine, m, settings, "zh", date(2024, 1, 8))


def _expected(j: dict[str, Any], fmt: Formatter, lang: str) -> dict[str, list[str]]:
    """Per title: the formatted metrics figures (and names) it must show, computed from the metrics JSON."""
    k = j["kpi"]
    best_month = max(j["by_month"], key=lambda r: r["yoy"])
    cat, sku = j["by_category"][0], max(j["by_sku"], key=lambda r: r["sales"])
    g, d = j["gainers"][0], j["decliners"][0]
    support_share = max(j["support_by_type"].values()) / k["investment"]
    a = j["activities"][0]
    worst = min(j["alerts"], key=lambda r: r["change"])
    s = j["stores"]
    return {
        "summary": [
            fmt.money(k["sales"]),
            fmt.pct(abs(k["yoy"])),
            fmt.pct(k["attainment"]),
            fmt.money(k["ar_overdue"]),
        ],
        "sales": [fmt.pct(abs(k["yoy"])), fmt.pct(k["attainment"])],
        "monthly": [month_label(best_month["month"], lang), fmt.pct(best_month["yoy"])],
        "skus": [cat["category"], fmt.pct(cat["share"]), sku["name"], fmt.pct(sku["share"])],
        # one unit per sentence: the decliner in the unit of the larger gain
        "movers": [
            g["name"],
            fmt.money(g["change_ly"]),
            d["name"],
            fmt.money(-d["change_ly"], money_unit([g["change_ly"], d["change_ly"]], lang)),
        ],
        # the store count changed: the like-for-like growth replaces sales per store
        "stores": [
            fmt.num(s["active_stores"]),
            fmt.num(s["active_stores_ly"]),
            fmt.num(s["same_stores"]),
            fmt.pct(abs(s["same_store_yoy"])),
        ],
        "support": [fmt.money(k["investment"]), fmt.pct(k["expense_ratio"]), fmt.pct(support_share)],
        "promoters": [fmt.num(k["promoters"]), fmt.num(k["promoter_days"]), fmt.money(k["promoter_cost"])],
        # 双十一粮油节's profit ROI is below 1, so its title names both returns rather than the uplift
        "activity": [
            a["name"],
            fmt.money(a["incremental_sales"]),
            fmt.num(a["sales_roi"], 2),
            fmt.num(a["profit_roi"], 2),
        ],
        "profit": [fmt.pct(k["gross_margin"]), fmt.money(k["gross_profit"])],
        # one unit per sentence: the part over 90 days in the overdue's unit (¥0.57M beside ¥1.76M)
        "receivables": [
            fmt.money(k["ar_overdue"]),
            fmt.money(j["ar_aging"]["over_90"], money_unit([k["ar_overdue"], j["ar_aging"]["over_90"]], lang)),
        ],
        "alerts": [
            str(len(j["alerts"])),
            fmt.date(worst["week_start"]),
            fmt.pct(-worst["change"]),
            worst["driver_details"][0]["name"],
        ],
        # CNPC 2023Q4 has 4 plan notes, 2 of them starting 请客户 (sample_data/notes.csv)
        "plan": [fmt.quarter("2024Q1"), "5", "2"],  # 4 plan notes + the planned ACT-2024-001; 2 asks
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sample_titles_show_only_metrics_figures(cnpc: tuple[dict[str, Any], dict[str, Any]], lang: str) -> None:
    j, ctx = cnpc
    fmt = Formatter(lang)
    titles = commentary(ctx, lang, fmt)["titles"]
    for key, figures in _expected(j, fmt, lang).items():
        rest = titles[key]
        for expected in sorted(figures, key=len, reverse=True):
            assert expected in rest, (key, expected, titles[key])
            rest = rest.replace(expected, "", 1)
        # "90天以上" / "over 90 days" is the ageing bucket's name, not a figure
        rest = rest.replace("90", "", 1) if key == "receivables" else rest
        assert not re.search(r"\d", rest), (key, titles[key])


def test_the_price_pushback_answer_never_quotes_our_margin_and_prices_one_point_for_the_owner() -> None:
    from qbr.commentary.notes import _profit

    ctx = {
        "kpi": {
            "sales": 2_791_208.06,
            "gross_profit": 601_000.0,
            "gross_margin": 0.215,
            "investment": 221_000.0,
            "expense_ratio": 0.0792,
            "contribution": 380_000.0,
            "dso": 137.0,
        }
    }
    (_, answer), *_ = _profit(ctx).qa
    # one point = 2,791,208.06 x 1% = 27,912.08 -> ¥2.8万 / ¥27.9K; 27,912.08 / 380,000 = 7.35% -> 7.3%
    assert say(answer, "zh", Formatter("zh")) == (
        "不谈毛利，谈投入：本季度我方已投入¥22.1万，占销售额7.9%。内部参考：降价1个点即让利¥2.8万，占我方扣除投入后贡献的7.3%"
    )
    en = say(answer, "en", Formatter("en"))
    assert en.startswith("Talk investment, not margin: we put in ¥221K this quarter, 7.9% of sales. For us:")
    assert "21.5%" not in en and "gross margin" not in en.lower()


def test_the_price_pushback_without_a_positive_contribution_does_not_price_the_point() -> None:
    from qbr.commentary.notes import _profit

    ctx = {"kpi": {"sales": 100_000.0, "gross_margin": 0.05, "investment": 9_000.0, "expense_ratio": 0.09,
                   "contribution": -4_000.0, "dso": 30.0}}  # fmt: skip
    (_, answer), *_ = _profit(ctx).qa
    assert say(answer, "zh", Formatter("zh")) == "不谈毛利，谈投入：本季度我方已投入¥9,000，占销售额9.0%"


@pytest.mark.parametrize(
    ("outlook", "kpi", "zh", "en"),
    [
        (
            # 3,000,000 x 7.9% = 237,000 below the ceiling 645,000: keep the intensity, 408,000 left
            {"investment_at_ratio": 237_000.0, "recommended_investment": 237_000.0,
             "contribution_at_recommended": 408_000.0, "sales_basis": 3_000_000.0},
            {"gross_margin": 0.215, "expense_ratio": 0.079},
            "下季度投入建议不超过¥23.7万（费用率7.9%），预计贡献¥40.8万",
            "Commit at most ¥237K next quarter (7.9% of sales), leaving ¥408K",
        ),
        (
            # 200,000 x 25% = 50,000 above the ceiling 30,000: cut to half of it
            {"investment_at_ratio": 50_000.0, "recommended_investment": 15_000.0,
             "contribution_at_recommended": 15_000.0, "sales_basis": 200_000.0},
            {"gross_margin": 0.15, "expense_ratio": 0.25},
            "按本季度费用率投入将不再盈利：下季度投入建议降至¥1.5万",
            "At this quarter's intensity the account would lose money: cut next quarter to ¥15.0K",
        ),
        (
            {"investment_at_ratio": 10_000.0, "recommended_investment": None, "sales_basis": 100_000.0},
            {"gross_margin": None, "expense_ratio": 0.1},
            "先补齐商品成本，再定下季度投入",
            "Fill in the missing product costs before committing next quarter's spend",
        ),
        (
            {"investment_at_ratio": None, "recommended_investment": None, "sales_basis": None},
            {"gross_margin": 0.2, "expense_ratio": None},
            "先与客户确定下季度销售目标，再定投入",
            "Agree next quarter's sales target with the buyer before committing spend",
        ),
        (
            {"investment_at_ratio": 10_000.0, "recommended_investment": None, "sales_basis": 100_000.0},
            {"gross_margin": -0.05, "expense_ratio": 0.1},
            "下季度任何投入都无法盈利：先谈供价与费用条款",
            "No spend pays next quarter: renegotiate prices and support terms first",
        ),
    ],
)  # fmt: skip
def test_the_brief_titles_next_quarter_with_one_investment_to_commit(
    outlook: dict[str, Any], kpi: dict[str, Any], zh: str, en: str
) -> None:
    assert both(T.afford, {"outlook": outlook, "kpi": kpi}) == (zh, en)


def test_the_support_pushback_answer_states_the_spend_never_our_margin() -> None:
    ctx = {"kpi": {"sales": 92_000.0, "investment": 800.0, "support": 800.0, "expense_ratio": 800 / 92_000,
                   "gross_margin": 0.232}}  # fmt: skip
    (_, answer), *_ = N.NOTES["support"](ctx).qa
    # 800 / 92,000 = 0.87% -> 0.9%
    assert say(answer, "zh", Formatter("zh")) == "本季度投入¥800，占销售额0.9%，逐项按活动核销，陈列执行可到店核对"
    assert "23.2%" not in say(answer, "en", Formatter("en"))


def test_missing_costs_are_our_homework_not_an_ask_of_the_buyer() -> None:
    from qbr.commentary import brief as B

    ctx = {"kpi": {"sales": 100_000.0, "gross_margin": None, "gross_profit": None, "investment": 0.0}}
    assert "ask.profit_unknown" not in [m.key for m in B.asks(ctx)]


@pytest.mark.parametrize(
    ("n", "en"),
    [(1, "1 action for Q1 2024, 1 of them an ask"), (3, "3 actions for Q1 2024, 1 of them an ask")],
)
def test_english_counts_of_one_take_the_singular(n: int, en: str) -> None:
    from qbr.commentary.render import _singular

    # the phrase is written in the plural; a count of one reads "1 action", larger counts stay plural
    assert _singular(f"{n} actions for Q1 2024, 1 of them an ask") == en
    assert _singular("1 channel best-sellers not listed yet") == "1 channel best-seller not listed yet"
    assert _singular("21 stores, ¥1.1 stores") == "21 stores, ¥1.1 stores"  # 21 and 1.1 are not one


def test_the_benchmark_title_never_says_not_below_the_median_when_a_category_lags_by_less_than_a_point() -> None:
    from qbr.commentary import review as R

    # 粮油 0.5 point below the median: no opportunity, but not "at or above" either
    lagging = {"category": "粮油", "share": 0.40, "peer_median_share": 0.405, "material_opportunity": None}
    level = {"category": "饮料", "share": 0.20, "peer_median_share": 0.15, "material_opportunity": None}
    ctx = {"benchmark": [lagging, level], "benchmark_table": [lagging, level], "benchmark_shown": []}
    # ... and 饮料 5 points ahead: the title claims only that nothing lags by a point, not that
    # every share is within a point of the median (an owner's review caught that on a brief)
    assert both(R.benchmark_title, ctx) == (
        "没有品类占比落后同渠道其他核心客户中位水平1个百分点以上",
        "No category's share lags the channel's median by a point or more",
    )
    ctx = {"benchmark": [level], "benchmark_table": [level], "benchmark_shown": []}
    assert both(R.benchmark_title, ctx)[0] == "各品类占比均不低于同渠道其他核心客户的中位水平"


def test_one_ask_among_the_actions_reads_in_the_singular() -> None:
    from qbr.commentary.render import _singular

    assert _singular("3 actions for Q1 2024, including 1 asks of the buyer") == (
        "3 actions for Q1 2024, including 1 ask of the buyer"
    )


@pytest.mark.parametrize(
    ("channel", "ask"), [("modern", "ask.sales_below"), ("traditional", "ask.sales_below_wholesale")]
)
def test_a_wholesaler_below_target_is_not_asked_for_shelf_space(channel: str, ask: str) -> None:
    from qbr.commentary import notes as N

    ctx = {"customer": {"channel": channel}, "kpi": {"sales": 90_000.0, "target": 100_000.0, "attainment": 0.9}}
    found = N.NOTES["sales"](ctx).ask
    assert found is not None and found.key == ask


def test_an_account_without_spend_is_told_the_spend_it_could_carry_not_to_commit_nothing() -> None:
    from qbr.commentary import titles as T

    # nothing spent: today's intensity is ¥0; break-even ¥40,000 -> at most half, ¥20,000 = ¥2.0万
    ctx = {"kpi": {"expense_ratio": 0.0, "gross_margin": 0.2},
           "outlook": {"recommended_investment": 0.0, "investment_at_ratio": 0.0, "break_even_investment": 40_000.0,
                       "contribution_at_recommended": 40_000.0}}  # fmt: skip
    assert both(T.afford, ctx)[0] == "本季度未投入费用；客户若提出支持，下季度投入上限¥2.0万（盈亏平衡点的一半）"
    ctx["outlook"] = {**ctx["outlook"], "recommended_investment": 5_000.0, "investment_at_ratio": 5_000.0}
    assert both(T.afford, ctx)[0].startswith("下季度投入建议不超过¥0.5万")  # in the 万 of the ¥4.0万 beside it
