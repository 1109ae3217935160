"""Chart data sets against figures worked out by hand on a tiny data set."""

from __future__ import annotations

import pytest

from qbr.context.chartdata import build_charts, growth_waterfall, investment_rows, profit_bridge, waterfall_chart
from qbr.metrics import compute_metrics, engine_for
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings

Q4 = Quarter(2023, 4)


def _dataset(target: float | None = 92_000.0):
    sales = [
        # 2023Q4: Oct 40,000 + Nov 30,000 + Dec 20,000 = 90,000 (cost 60% -> gross 36,000)
        sale("2023-10-10", "A", "S1", 40_000.0, cost=24_000.0),
        sale("2023-11-10", "A", "S2", 30_000.0, cost=18_000.0),
        sale("2023-12-10", "A", "S1", 20_000.0, cost=12_000.0),
        # 2023Q3 60,000; 2023Q2 50,000; 2023Q1 none; 2022Q4 80,000 (S1 50,000, S2 30,000)
        sale("2023-08-01", "A", "S1", 60_000.0, cost=36_000.0),
        sale("2023-05-01", "A", "S1", 50_000.0, cost=30_000.0),
        sale("2022-10-05", "A", "S1", 50_000.0, cost=30_000.0),
        sale("2022-11-05", "A", "S2", 30_000.0, cost=18_000.0),
        # the data runs 2022-01-01 .. 2023-12-31 (zero lines of another customer): last year is inside it
        # and 2023Q4 is complete
        sale("2022-01-01", "Z", "S1", 0.0),
        sale("2023-12-31", "Z", "S1", 0.0),
    ]
    targets = [] if target is None else [{"customer_id": "A", "quarter": "2023Q4", "target": target}]
    support = [
        {"date": "2023-10-01", "customer_id": "A", "type": "display", "amount": 4_500.0},
        {"date": "2023-11-01", "customer_id": "A", "type": "rebate", "amount": 1_500.0},
    ]
    receivables = [
        {
            "customer_id": "A",
            "invoice_no": "F1",
            "invoice_date": "2023-09-01",
            "due_date": "2023-10-31",
            "amount": 10_000.0,
        }
    ]  # 61 days past due at 12-31
    return make_dataset(sales=sales, targets=targets, support=support, receivables=receivables)


def _charts(lang: str = "zh", target: float | None = 92_000.0) -> dict:
    ds = _dataset(target)
    s = settings()
    m = compute_metrics(ds, s, "A", Q4)
    return build_charts(engine_for(ds, s), m, lang)


def values(chart: dict, series: int = 0) -> list:
    return chart["series"][series]["values"]


def test_sales_compare_is_last_year_previous_quarter_target_and_sales_in_wan() -> None:
    c = _charts()["sales_compare"]
    # 2022Q4 80,000; 2023Q3 60,000; target 92,000; 2023Q4 90,000 -> / 10,000
    assert values(c) == [8.0, 6.0, 9.2, 9.0]
    assert c["series"][0]["number_format"] == "#,##0.0"


def test_english_charts_are_in_thousands() -> None:
    assert values(_charts("en")["sales_compare"]) == [80.0, 60.0, 92.0, 90.0]


def test_quarterly_sales_cover_five_quarters_oldest_first_with_zero_for_a_quarter_without_sales() -> None:
    c = _charts()["quarterly_sales"]
    assert c["categories"] == ["22Q4", "23Q1", "23Q2", "23Q3", "23Q4"]
    assert values(c) == [8.0, 0.0, 5.0, 6.0, 9.0]


def test_target_pace_spreads_the_target_over_the_months_by_days() -> None:
    c = _charts()["monthly_sales"]
    assert c["categories"] == ["10月", "11月", "12月"]
    assert values(c, 0) == [4.0, 3.0, 2.0]
    # 92,000 x 31/92, x 30/92, x 31/92 = 31,000, 30,000, 31,000
    assert values(c, 2) == pytest.approx([3.1, 3.0, 3.1])


def test_target_pace_is_a_gap_without_a_target() -> None:
    c = _charts(target=None)
    assert values(c["monthly_sales"], 2) == [None, None, None]
    assert values(c["sales_compare"])[2] is None


def test_investment_by_type_lists_support_with_money_and_promoters_largest_on_top() -> None:
    c = _charts()["investment_by_type"]
    # display 4,500 and rebate 1,500, no promoters; bars draw bottom-up, so the list is reversed
    assert c["categories"] == ["返利", "陈列费"]
    assert values(c) == [0.15, 0.45]


def test_investment_rows_add_up_to_the_investment_with_promoters() -> None:
    ds = _dataset()
    ds.tables["promoters"] = make_dataset(
        promoters=[
            # 2023-10-01..10-20: 20 days, all in Q4 -> 2,000
            {"customer_id": "A", "promoter": "P1", "start_date": "2023-10-01", "end_date": "2023-10-20", "cost": 2000.0}
        ],
        sales=[sale("2023-10-10", "A", "S1", 1.0)],
    ).promoters
    m = compute_metrics(ds, settings(), "A", Q4)
    rows = investment_rows(m, "zh")
    assert [(r["label"], r["amount"]) for r in rows] == [("陈列费", 4500.0), ("促销员费用", 2000.0), ("返利", 1500.0)]
    assert sum(r["amount"] for r in rows) == m.investment == 8000.0
    assert rows[0]["share"] == pytest.approx(4500 / 8000)


def test_aging_buckets_hold_the_outstanding_invoice() -> None:
    c = _charts()["ar_aging"]
    assert c["categories"] == ["未到期", "逾期1-30天", "逾期31-60天", "逾期61-90天", "逾期90天以上"]
    assert values(c) == [0.0, 0.0, 0.0, 1.0, 0.0]  # 10,000 at 61 days


def test_growth_waterfall_runs_from_last_year_to_this_year() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    w = growth_waterfall(m, "zh")
    # S1: 60,000 vs 50,000 (+10,000); S2: 30,000 vs 30,000 (0, neither gainer nor decliner);
    # nothing is left for "others" (90,000 - 80,000 - 10,000 = 0), so it has no bar
    assert w["steps"] == [80_000.0, 10_000.0, 90_000.0]
    assert len(w["categories"]) == 3 and w["categories"][0] == "去年同期" and w["categories"][2] == "本季度"
    assert w["totals"] == [0, 2]
    # in 万元 (the largest figure, 90,000, is over 1万): the +1.0 step stands on an invisible 8.0
    series = {s["name"]: s["values"] for s in w["series"]}
    assert series["基数"] == [None, 8.0, None] and series["增加"] == [None, 1.0, None]
    assert series["合计"] == [8.0, None, 9.0] and series["减少"] == [None, None, None]
    assert w["series"][-1]["labels"] == ["8.0", "+1.0", "9.0"] and w["unit_word"] == "万元"


def test_profit_bridge_steps_and_gaps_when_cost_is_unknown() -> None:
    m = compute_metrics(_dataset(), settings(), "A", Q4)
    b = profit_bridge(m, "zh")
    # sales 90,000; cost 54,000; gross 36,000; investment 6,000; contribution 30,000
    assert b["steps"] == [90_000.0, -54_000.0, 36_000.0, -6_000.0, 30_000.0]
    series = {s["name"]: s["values"] for s in b["series"]}
    # cost runs down from 9.0万 to 3.6万: a 5.4 bar on a 3.6 base; investment 3.6 -> 3.0
    assert series["基数"] == [None, 3.6, None, 3.0, None]
    assert series["减少"] == [None, 5.4, None, 0.6, None]
    assert b["series"][-1]["labels"] == ["9.0", "−5.4", "3.6", "−0.6", "3.0"]
    unknown = make_dataset(
        sales=[sale("2023-10-10", "A", "S1", 1_000.0)], products=[{"sku": "S1", "name": "x", "category": "c"}]
    )  # no unit_cost
    b = profit_bridge(compute_metrics(unknown, settings(), "A", Q4), "zh")
    assert b["steps"] == [1_000.0, None, None, 0.0, None]
    # nothing may stand on the unknown gross profit: gaps labelled "—" after the sales bar (in 元: 1,000 < 1万)
    assert b["series"][-1]["labels"] == ["1,000", "—", "—", "—", "—"]
    visible = [s for s in b["series"] if s["name"] in ("合计", "增加", "减少", "零下部分")]
    assert all(v is None for s in visible for v in s["values"][1:])


def test_a_waterfall_that_crosses_zero_is_split_at_zero() -> None:
    # sales 10,000, cost -8,000 (gross 2,000), investment -5,000: contribution -3,000.
    # The investment step runs from 2,000 down to -3,000: 2,000 above zero (down series, no base)
    # and 3,000 below it (the "below zero" series); the contribution total hangs below zero.
    w = waterfall_chart(
        [("s", 10_000.0, True), ("c", -8_000.0, False), ("g", 2_000.0, True), ("i", -5_000.0, False),
         ("x", -3_000.0, True)], "zh",
    )  # fmt: skip
    series = {s["name"]: s["values"] for s in w["series"]}
    assert series["减少"] == [None, 0.8, None, 0.2, None]
    assert series["零下部分"] == [None, None, None, -0.3, None]
    assert series["基数"] == [None, 0.2, None, None, None]
    assert series["合计"] == [1.0, None, 0.2, None, -0.3]
    assert w["series"][-1]["labels"] == ["1.0", "−0.8", "0.2", "−0.5", "-0.3"]


def test_growth_waterfall_folds_slivers_into_others_and_drops_an_empty_others() -> None:
    from types import SimpleNamespace as NS

    def row(name: str, change: float) -> NS:
        return NS(name=name, change_ly=change)

    # last year 1,000,000 -> this year 1,100,000; a sliver is under 1% of 1,100,000 = 11,000
    m = NS(
        sales=1_100_000.0, sales_ly=1_000_000.0,
        gainers=[row("A 5kg", 80_000.0), row("A 10kg", 30_000.0), row("B", 5_000.0)],
        decliners=[row("C", -15_000.0)],
    )  # fmt: skip
    w = growth_waterfall(m, "zh")  # type: ignore[arg-type]
    # B (+5,000) is a sliver: "others" = 100,000 - 80,000 - 30,000 + 15,000 = +5,000 -> "+0.5"
    assert w["categories"] == ["去年同期", "A 5kg", "A 10kg", "C", "其他单品", "本季度"]
    assert w["series"][-1]["labels"] == ["100.0", "+8.0", "+3.0", "−1.5", "+0.5", "110.0"]
    m.gainers = [row("A 5kg", 80_000.0), row("A 10kg", 35_000.0)]
    w = growth_waterfall(m, "zh")  # type: ignore[arg-type]
    # 80,000 + 35,000 - 15,000 = 100,000: nothing left, no "others" bar
    assert "其他单品" not in w["categories"]
    # at most `top` movers, the largest changes
    assert growth_waterfall(m, "zh", top=2)["categories"][1:3] == ["A 5kg", "A 10kg"]


def test_the_weekly_chart_draws_the_usual_level_each_week_is_judged_against_as_a_dashed_line() -> None:
    sales = [sale(day, "A", "S1", 10_000.0) for day in ("2023-09-04", "2023-09-11", "2023-09-18", "2023-09-25")]
    sales += [
        sale("2023-10-02", "A", "S1", 5_000.0),
        sale("2022-01-01", "Z", "S1", 0.0),
        sale("2023-12-31", "Z", "S1", 0.0),
    ]
    ds, s = make_dataset(sales=sales), settings(baseline_weeks=4)
    m = compute_metrics(ds, s, "A", Q4)
    chart = build_charts(engine_for(ds, s), m, "zh")["weekly_sales"]
    usual = chart["series"][1]
    assert usual["style"] == "dashed" and usual["name"] == "常态（预警基准）"
    # in 万元, as the native chart's title says: week of 2 Oct: the four weeks before sold 10,000
    # each; week of 9 Oct: (10,000 x 3 + 5,000) / 4 = 8,750
    assert chart["scale"] == 10_000
    assert usual["values"][:2] == [1.0, 0.875]
    assert values(chart)[:2] == [0.5, 0.0]


def test_the_weekly_chart_shades_the_alert_weeks_with_a_band_series() -> None:
    # 17 steady weeks of 10,000, then Q4: 2 Oct sells half (an alert: -50% against 10,000), 9 and 16
    # Oct sell 10,000 again (+14% against (10,000 x 3 + 5,000) / 4: no alert)
    sales = [sale(f"2023-{m:02d}-{d:02d}", "A", "S1", 10_000.0) for m, d in _mondays("2023-06-05", "2023-09-25")]
    sales += [sale(day, "A", "S1", v) for day, v in (("2023-10-02", 5_000.0), ("2023-10-09", 1e4), ("2023-10-16", 1e4))]
    sales += [sale("2022-01-01", "Z", "S1", 0.0), sale("2023-12-31", "Z", "S1", 0.0)]
    ds, s = make_dataset(sales=sales), settings(baseline_weeks=4)
    m = compute_metrics(ds, s, "A", Q4)
    band = build_charts(engine_for(ds, s), m, "zh")["weekly_sales"]["series"][2]
    # the native chart draws it as shaded columns on a hidden 0-1 axis; a week without an alert is
    # a gap, never 0
    assert band["kind"] == "band" and band["name"] == "预警周"
    assert band["values"][:3] == [1.0, None, None]
    assert [v is not None for v in band["values"]] == [w.alert for w in m.by_week]


def _mondays(first: str, last: str) -> list[tuple[int, int]]:
    from datetime import date, timedelta

    day, end, out = date.fromisoformat(first), date.fromisoformat(last), []
    while day <= end:
        out.append((day.month, day.day))
        day += timedelta(days=7)
    return out


def test_the_five_quarter_chart_of_a_quarter_under_way_compares_the_same_days() -> None:
    # data to 30 Dec 2023: 2023Q4 is a review of its first 91 days. Last year's quarter and the one
    # before are cut to their first 91 days too (to 30 Dec 2022 and 29 Sep 2023), as the "last year"
    # and "last quarter" bars beside the chart are
    sales = [
        sale("2022-10-01", "Z", "S1", 0.0),  # the data starts with last year's quarter
        sale("2022-10-10", "A", "S1", 1_000.0),
        sale("2022-12-31", "A", "S1", 500.0),  # day 92 of 2022Q4: not in the same days
        sale("2023-07-05", "A", "S1", 2_000.0),
        sale("2023-09-30", "A", "S1", 700.0),  # day 92 of 2023Q3
        sale("2023-10-20", "A", "S1", 3_000.0),
        sale("2023-12-30", "A", "S1", 400.0),
    ]
    ds, s = make_dataset(sales=sales), settings()
    m = compute_metrics(ds, s, "A", Q4)
    chart = build_charts(engine_for(ds, s), m, "zh")["quarterly_sales"]
    # 22Q4, 23Q1, 23Q2, 23Q3, 23Q4 in 万元: 1,000; 0; 0; 2,000; 3,400
    assert values(chart) == [0.1, 0.0, 0.0, 0.2, 0.34]
    assert values(chart)[0] == round(m.sales_ly / 10_000, 4) and values(chart)[3] == round(m.sales_prev / 10_000, 4)
