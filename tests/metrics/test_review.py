"""The review around a quarter, pinned by hand: the year, next quarter's target growth and calendar,
planned activities, planned vs actual investment, the channel benchmark and distribution gaps."""

from __future__ import annotations

from datetime import date

import pytest

from qbr.context.audience import customer_view
from qbr.context.build import base_context, commitments
from qbr.metrics import compute_metrics, engine_for
from qbr.metrics.calendar import FESTIVAL, HOLIDAY, TRADE, quarter_calendar
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings

Q4 = Quarter(2023, 4)


# -- the year ---------------------------------------------------------------------------------------


def _year_dataset(all_targets: bool = True, last: str = "2023-12-31") -> object:
    sales = [
        sale("2022-01-01", "A", "F1", 0.0),  # the data starts on 2022Q1's first day: 2022 is a base
        sale("2022-02-10", "A", "F1", 100.0),
        sale("2022-05-10", "A", "F1", 200.0),
        sale("2022-08-10", "A", "F1", 300.0),
        sale("2022-11-10", "A", "F1", 400.0),
        sale("2023-02-10", "A", "F1", 110.0),
        sale("2023-05-10", "A", "F1", 180.0),
        sale("2023-08-10", "A", "F1", 330.0),
        sale("2023-11-10", "A", "F1", 500.0),
        sale(last, "A", "F1", 0.0),
    ]
    quarters = ["2023Q1", "2023Q2", "2023Q3"] + (["2023Q4"] if all_targets else [])
    targets = [{"customer_id": "A", "quarter": q, "target": 250.0} for q in quarters]
    return make_dataset(sales=sales, targets=targets)


def test_the_year_in_q4_adds_the_quarters_against_last_year_and_the_annual_target() -> None:
    y = compute_metrics(_year_dataset(), settings(), "A", Q4).year
    assert y.full_year and [q.quarter for q in y.quarters] == ["2023Q1", "2023Q2", "2023Q3", "2023Q4"]
    assert [q.sales for q in y.quarters] == [110.0, 180.0, 330.0, 500.0]
    assert [q.sales_ly for q in y.quarters] == [100.0, 200.0, 300.0, 400.0]
    assert y.quarters[1].yoy == pytest.approx(180 / 200 - 1)  # -10%
    # 110 + 180 + 330 + 500 = 1120 against 100 + 200 + 300 + 400 = 1000: +12%
    assert y.sales == 1120.0 and y.sales_ly == 1000.0 and y.yoy == pytest.approx(0.12)
    # annual target 4 x 250 = 1000: 112% attained
    assert y.annual_target == 1000.0 and y.annual_attainment == pytest.approx(1.12)


def test_a_fourth_quarter_under_way_is_the_year_to_date_not_the_full_year() -> None:
    # the data ends on 30 Dec 2023 (the 0.0 line of 31 Dec left out): 2023Q4 is 91 of its 92 days,
    # so the year view is "年累计", its Q4 target pro-rated (250 x 91/92)
    y = compute_metrics(_year_dataset(last="2023-12-30"), settings(), "A", Q4).year
    assert not y.full_year
    assert y.quarters[-1].target == pytest.approx(250.0 * 91 / 92)
    assert y.annual_target == 1000.0  # the four quarters' whole targets: progress toward the year


def test_year_to_date_in_q2_and_no_annual_target_while_a_quarter_lacks_one() -> None:
    y = compute_metrics(_year_dataset(all_targets=False), settings(), "A", Quarter(2023, 2)).year
    assert not y.full_year and [q.quarter for q in y.quarters] == ["2023Q1", "2023Q2"]
    assert y.sales == 290.0 and y.sales_ly == 300.0  # 110 + 180 vs 100 + 200
    assert y.target == 500.0 and y.attainment == pytest.approx(0.58)  # 290 / (250 + 250)
    assert y.annual_target is None and y.annual_attainment is None  # 2023Q4 has no target row


def test_last_years_quarters_before_the_data_are_null_not_zero() -> None:
    y = compute_metrics(_year_dataset(), settings(), "A", Quarter(2022, 4)).year
    # the data starts 2022-01-01: 2021's quarters start before it, so last year is unknown, not 0
    assert y.sales == 1000.0 and y.quarters[0].sales_ly is None and y.sales_ly is None and y.yoy is None


# -- next quarter ----------------------------------------------------------------------------------


def test_next_quarters_target_implies_growth_on_last_years_quarter_and_on_this_one() -> None:
    ds = make_dataset(
        sales=[
            sale("2023-01-01", "A", "F1", 800.0),
            sale("2023-11-15", "A", "F1", 1000.0),
            sale("2023-12-31", "A", "F1", 0.0),  # Q4 complete: a growth on this quarter can be said
        ],
        targets=[{"customer_id": "A", "quarter": "2024Q1", "target": 900.0}],
    )
    o = compute_metrics(ds, settings(), "A", Q4).outlook
    assert o.sales_ly == 800.0  # 2023Q1
    assert o.target_yoy == pytest.approx(900 / 800 - 1)  # +12.5%
    assert o.target_qoq == pytest.approx(900 / 1000 - 1)  # -10%


def test_no_growth_on_a_quarter_still_under_way() -> None:
    ds = make_dataset(
        sales=[sale("2023-01-01", "A", "F1", 800.0), sale("2023-11-15", "A", "F1", 1000.0)],
        targets=[{"customer_id": "A", "quarter": "2024Q1", "target": 900.0}],
    )
    o = compute_metrics(ds, settings(), "A", Q4).outlook
    assert o.target_qoq is None and o.target_yoy == pytest.approx(0.125)  # to date would overstate it


def test_the_calendar_of_2024q1_has_the_spring_festival_break_lantern_and_new_year_goods_festival() -> None:
    # The State Council's 2024 notice: 元旦 2023-12-30..2024-01-01, 春节 2024-02-10..02-17;
    # 元宵 is the 15th of the first lunar month (2024-02-24); 年货节: the 30 days to 除夕 (02-09).
    got = [(e.name, e.start, e.end, e.kind) for e in quarter_calendar(date(2024, 1, 1), date(2024, 3, 31))]
    assert got == [
        ("元旦", date(2023, 12, 30), date(2024, 1, 1), HOLIDAY),
        ("年货节", date(2024, 1, 11), date(2024, 2, 9), TRADE),
        ("春节", date(2024, 2, 10), date(2024, 2, 17), HOLIDAY),
        ("元宵节", date(2024, 2, 24), date(2024, 2, 24), FESTIVAL),
    ]


def test_the_calendar_of_2024q2_and_q4_has_618_and_singles_day() -> None:
    q2 = {e.name: (e.start, e.end) for e in quarter_calendar(date(2024, 4, 1), date(2024, 6, 30))}
    # 2024: 清明 04-04..06, 劳动节 05-01..05, 端午 06-08..10 (State Council)
    assert q2 == {
        "清明节": (date(2024, 4, 4), date(2024, 4, 6)),
        "劳动节": (date(2024, 5, 1), date(2024, 5, 5)),
        "618年中大促": (date(2024, 6, 1), date(2024, 6, 18)),
        "端午节": (date(2024, 6, 8), date(2024, 6, 10)),
    }
    q4 = [e.name for e in quarter_calendar(date(2024, 10, 1), date(2024, 12, 31), "en")]
    assert q4 == ["National Day", "Singles' Day (11.11)", "New Year goods festival"]


def _plans_dataset() -> object:
    return make_dataset(
        sales=[sale("2023-10-05", "A", "F1", 1000.0), sale("2023-10-06", "A", "F1", 1000.0)],
        activities=[
            {
                "activity_id": "N1",
                "customer_id": "A",
                "name": "春节堆头",
                "start_date": "2024-01-10",
                "end_date": "2024-02-08",
            },
            {
                "activity_id": "N2",
                "customer_id": "A",
                "name": "清明",
                "start_date": "2024-04-01",
                "end_date": "2024-04-05",
            },
        ],
        plans=[
            {"customer_id": "A", "quarter": "2023Q4", "type": "display", "amount": 100.0},
            {"customer_id": "A", "quarter": "2023Q4", "type": "display", "amount": 50.0},
            {"customer_id": "A", "quarter": "2023Q4", "type": "promotion", "amount": 80.0},
            {"customer_id": "A", "quarter": "2024Q1", "type": "promotion", "amount": 70.0, "activity_id": "N1"},
            {"customer_id": "A", "quarter": "2024Q1", "type": "posm", "amount": 5.0, "activity_id": "N1"},
        ],
        support=[
            {"date": "2023-10-10", "customer_id": "A", "type": "display", "amount": 120.0},
            {"date": "2023-11-10", "customer_id": "A", "type": "rebate", "amount": 40.0},
            {"date": "2023-09-30", "customer_id": "A", "type": "promotion", "amount": 99.0},  # Q3: not actual
        ],
    )


def test_planned_activities_are_next_quarters_with_their_budget_from_the_plans_rows() -> None:
    m = compute_metrics(_plans_dataset(), settings(), "A", Q4)
    (p,) = m.planned_activities  # N2 starts in 2024Q2: not next quarter
    assert (p.activity_id, p.days, p.budget) == ("N1", 30, 75.0)  # 70 + 5


def test_planned_vs_actual_by_type_counts_support_dated_in_the_quarter() -> None:
    rows = {r.type: r for r in compute_metrics(_plans_dataset(), settings(), "A", Q4).investment_plan}
    assert (rows["display"].planned, rows["display"].actual) == (150.0, 120.0)  # 100 + 50 planned
    assert rows["display"].variance == -30.0 and rows["display"].used == pytest.approx(0.8)
    assert (rows["promotion"].planned, rows["promotion"].actual, rows["promotion"].used) == (80.0, 0.0, 0.0)
    # spent without a plan: planned 0, used unknown (no denominator), never inf
    assert (rows["rebate"].planned, rows["rebate"].actual, rows["rebate"].used) == (0.0, 40.0, None)


def test_an_activitys_uplift_counts_once_under_the_type_that_planned_most_for_it() -> None:
    ds = make_dataset(
        sales=[
            sale("2023-09-07", "A", "F1", 28.0 * 10),  # baseline: 280 in the 28 days before = 10 a day
            sale("2023-10-05", "A", "F1", 30.0),
            sale("2023-10-06", "A", "F1", 30.0),
            sale("2023-12-31", "A", "F1", 0),
        ],
        activities=[{"activity_id": "X", "customer_id": "A", "name": "x", "start_date": "2023-10-05",
                     "end_date": "2023-10-06"}],
        plans=[
            {"customer_id": "A", "quarter": "2023Q4", "type": "promotion", "amount": 50.0, "activity_id": "X"},
            {"customer_id": "A", "quarter": "2023Q4", "type": "free_goods", "amount": 20.0, "activity_id": "X"},
        ],
    )  # fmt: skip
    rows = {r.type: r for r in compute_metrics(ds, settings(), "A", Q4).investment_plan}
    # actual 30 a day vs baseline 10 a day over 2 days: (30 - 10) x 2 = 40, under promotion only (50 > 20)
    assert rows["promotion"].incremental_sales == pytest.approx(40.0)
    assert rows["free_goods"].incremental_sales is None


def test_no_plan_rows_for_the_quarter_means_no_plan_vs_actual() -> None:
    ds = make_dataset(
        sales=[sale("2023-10-05", "A", "F1", 10.0)],
        plans=[{"customer_id": "A", "quarter": "2024Q1", "type": "display", "amount": 5.0}],
        support=[{"date": "2023-10-10", "customer_id": "A", "type": "display", "amount": 120.0}],
    )
    assert compute_metrics(ds, settings(), "A", Q4).investment_plan == []


# -- benchmark and distribution ---------------------------------------------------------------------

PRODUCTS = [
    {"sku": "F1", "name": "Rice", "category": "food"},
    {"sku": "D1", "name": "Tea", "category": "drink"},
    {"sku": "S1", "name": "Chips", "category": "snack"},
]


def _channel() -> object:
    """Four modern key accounts, 100 of sales each in 2023Q4 (shares in hundredths):
    A food 80 drink 20 (store S-1: F1 40 D1 20; S-2: F1 40) | B food 50 drink 30 snack 20
    C food 60 drink 40 | D food 30 drink 30 snack 40."""
    day = "2023-11-01"
    sales = [
        sale(day, "A", "F1", 40.0, store_id="S-1"), sale(day, "A", "D1", 20.0, store_id="S-1"),
        sale(day, "A", "F1", 40.0, store_id="S-2"),
        sale(day, "B", "F1", 50.0), sale(day, "B", "D1", 30.0), sale(day, "B", "S1", 20.0),
        sale(day, "C", "F1", 60.0), sale(day, "C", "D1", 40.0),
        sale(day, "D", "F1", 30.0), sale(day, "D", "D1", 30.0), sale(day, "D", "S1", 40.0),
    ]  # fmt: skip
    customers = [{"customer_id": c, "name": f"Chain {c}", "channel": "modern", "key_account": "yes"} for c in "ABCD"]
    return make_dataset(sales=sales, customers=customers, products=PRODUCTS)


def test_category_share_against_the_peers_median_and_the_opportunity_in_money() -> None:
    rows = {r.category: r for r in compute_metrics(_channel(), settings(), "A", Q4).benchmark}
    # drink: A 0.2; peers B 0.3, C 0.4, D 0.3 -> median 0.3; opportunity (0.3 - 0.2) x 100 = 10
    assert rows["drink"].share == pytest.approx(0.2) and rows["drink"].peer_median_share == pytest.approx(0.3)
    assert rows["drink"].opportunity == pytest.approx(10.0) and rows["drink"].best_peer == "Chain C"
    # snack: A 0; peers 0.2, 0, 0.4 -> median 0.2; opportunity 20; best D
    assert rows["snack"].opportunity == pytest.approx(20.0) and rows["snack"].best_peer == "Chain D"
    # food: A 0.8 above the median of 0.5, 0.6, 0.3 (0.5): no opportunity
    assert rows["food"].peer_median_share == pytest.approx(0.5) and rows["food"].opportunity is None
    order = [r.category for r in compute_metrics(_channel(), settings(), "A", Q4).benchmark]
    assert order[:2] == ["snack", "drink"]  # the largest opportunity first


def test_store_gaps_and_listing_gaps() -> None:
    d = compute_metrics(_channel(), settings(), "A", Q4).distribution
    # D1 sold in S-1 (20) but not S-2: S-2 would sell 20 / 1 store = 20
    assert [(g.store_id, g.sku, g.estimated_sales) for g in d.store_gaps] == [("S-2", "D1", 20.0)]
    assert d.stores == 2 and d.store_gap_count == 1 and d.store_gap_sales == 20.0
    # S1 bought by B and D: 2 of the 3 peers (at least half), not by A; median of 20 and 40 = 30
    (g,) = d.listing_gaps
    assert (g.sku, g.peers, g.peer_count, g.peer_sales) == ("S1", 2, 3, 30.0)


def test_no_peers_means_no_benchmark_and_no_listing_gaps() -> None:
    ds = make_dataset(sales=[sale("2023-11-01", "A", "F1", 10.0)])
    m = compute_metrics(ds, settings(), "A", Q4)
    assert m.benchmark == [] and m.distribution.listing_gaps == []


def test_the_slide_names_only_opportunities_of_a_point_or_more_and_skips_unsold_categories() -> None:
    # A: food 995, drink 5 (0.5 %); B and C: food 990, drink 10 (1.0 %); nobody sells snacks.
    # drink lags the median by 0.5 point: the metric has its opportunity ((0.01 - 0.005) x 1000 = 5),
    # the slide does not call it one; snack (0 % vs 0 %) is no row of the slide's table
    day = "2023-11-01"
    sales = [sale(day, "A", "F1", 995.0), sale(day, "A", "D1", 5.0)]
    sales += [sale(day, c, sku, v) for c in "BC" for sku, v in (("F1", 990.0), ("D1", 10.0))]
    customers = [{"customer_id": c, "name": f"Chain {c}", "channel": "modern", "key_account": "yes"} for c in "ABC"]
    ds = make_dataset(sales=sales, customers=customers, products=PRODUCTS)
    m = compute_metrics(ds, settings(), "A", Q4)
    assert {r.category: r.opportunity for r in m.benchmark}["drink"] == pytest.approx(5.0)
    base = base_context(engine_for(ds, settings()), m, settings(), "zh", date(2024, 1, 8))
    assert {r["category"] for r in base["benchmark_table"]} == {"drink", "food"}
    assert all(r["material_opportunity"] is None for r in base["benchmark_table"])
    assert base["benchmark_shown"] == [] and base["benchmark_opportunity"] == 0.0


def test_special_channel_accounts_are_no_peers_of_one_another() -> None:
    # the same four accounts as _channel(), but in the special channel: a fuel-station chain is not
    # benchmarked on a hospital shop's category mix
    day = "2023-11-01"
    sales = [sale(day, c, sku, 50.0) for c, sku in (("A", "F1"), ("B", "D1"), ("B", "S1"), ("C", "S1"))]
    customers = [{"customer_id": c, "name": f"Unit {c}", "channel": "special", "key_account": "yes"} for c in "ABC"]
    m = compute_metrics(make_dataset(sales=sales, customers=customers, products=PRODUCTS), settings(), "A", Q4)
    assert m.benchmark == [] and m.distribution.listing_gaps == []


def test_the_customer_deck_context_never_names_another_customer() -> None:
    ds = _channel()
    engine = engine_for(ds, settings())
    m = compute_metrics(ds, settings(), "A", Q4)
    base = base_context(engine, m, settings(), "zh", date(2024, 1, 8))
    assert base["benchmark"][0]["best_peer"] in {"Chain B", "Chain C", "Chain D"}  # the owner's brief has it
    text = repr(customer_view(base))
    for other in ("Chain B", "Chain C", "Chain D"):
        assert other not in text


# -- last quarter's commitments --------------------------------------------------------------------


def test_last_quarters_plan_notes_with_status_and_result_and_blank_is_to_confirm() -> None:
    ds = make_dataset(
        sales=[sale("2023-11-01", "A", "F1", 10.0)],
        notes=[
            {
                "customer_id": "A",
                "quarter": "2023Q3",
                "section": "plan",
                "text": "one",
                "status": "done",
                "result": "ok",
            },
            {"customer_id": "A", "quarter": "2023Q3", "section": "plan", "text": "two"},
            {"customer_id": "A", "quarter": "2023Q3", "section": "issue", "text": "not a plan"},
            {"customer_id": "A", "quarter": "2023Q4", "section": "plan", "text": "this quarter's"},
        ],
    )
    rows = commitments(ds.notes, "A", "2023Q3", "zh")
    assert [(r["text"], r["status"], r["status_label"], r["result"]) for r in rows] == [
        ("one", "done", "完成", "ok"),
        ("two", None, "待确认", None),
    ]
    assert commitments(ds.notes, "A", "2023Q3", "en")[1]["status_label"] == "To confirm"
