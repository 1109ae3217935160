"""Sell-out and stock (qbr/metrics/sellout.py): every figure against a hand computation.

The data set of `_dataset()`: customer C1, SKUs A and B, stores S1 and S2, weekly rows dated on
Sundays. Q = 2023Q4, E = 2023-12-31; the last 28 days are 2023-12-04 .. 2023-12-31.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from qbr.metrics import compute_metrics, metrics_to_dict
from qbr.metrics.sellout import (
    SelloutWeek,
    destocking,
    sellout_cause,
    sellout_change,
    sellout_drop,
    weekly_sellout,
)
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings

Q4 = Quarter(2023, 4)


def row(day: str, sku: str, qty: float, amount: float | None, stock: float | None, store: str | None = "S1") -> dict:
    return {
        "date": day,
        "customer_id": "C1",
        "sku": sku,
        "qty": qty,
        "amount": amount,
        "stock_qty": stock,
        "store_id": store,
    }


SELLOUT = [
    row("2023-09-24", "A", 99, 990, 5),  # Q3: not counted
    row("2023-10-08", "A", 30, 450, 70),
    row("2023-11-05", "A", 40, 600, 30),
    row("2023-12-10", "A", 20, 300, 60),
    row("2023-12-31", "A", 20, 300, 40),
    row("2023-10-08", "A", 10, 150, 20, "S2"),
    row("2023-12-17", "A", 12, 180, 0, "S2"),  # sold, then an empty shelf: a shelf gap
    row("2023-11-12", "B", 5, 100, 25),
    row("2023-12-31", "B", 0, None, 25),  # holds 25, sold nothing since Nov 12: dead stock
]


def _dataset(sellout: list[dict] | None = SELLOUT) -> Any:
    tables: dict[str, list[dict]] = {
        "customers": [{"customer_id": "C1", "name": "Chain", "channel": "special"}],
        "products": [{"sku": "A", "name": "Oil", "category": "粮油"}, {"sku": "B", "name": "Rice", "category": "粮油"}],
        "stores": [
            {"store_id": "S1", "customer_id": "C1", "name": "Station 1"},
            {"store_id": "S2", "customer_id": "C1", "name": "Station 2"},
        ],
        "sales": [
            sale("2023-09-30", "C1", "A", 9990.0, qty=999),  # Q3: not sell-in of Q4
            sale("2023-10-02", "C1", "A", 1000.0, qty=100),
            sale("2023-12-01", "C1", "A", 500.0, qty=50),
            sale("2023-11-01", "C1", "B", 400.0, qty=40),
        ],
    }
    if sellout is not None:
        tables["sellout"] = sellout
    return make_dataset(**tables)


def _sellout(ds: Any = None) -> dict[str, Any]:
    return metrics_to_dict(compute_metrics(ds or _dataset(), settings(), "C1", Q4))["sellout"]


def test_by_sku_sellout_sell_through_stock_and_weeks_of_cover() -> None:
    so = _sellout()
    a, b = so["by_sku"]  # largest sell-out first
    # A: 30 + 40 + 20 + 20 (S1) + 10 + 12 (S2) = 132 units; 450+600+300+300+150+180 = 1980
    assert (a["sku"], a["sellout_qty"], a["sellout_amount"]) == ("A", 132, 1980)
    # sell-in of A in Q: 100 + 50 = 150 (the 999 of 2023-09-30 is Q3); 132 / 150 = 0.88
    assert a["sellin_qty"] == 150 and a["sell_through"] == pytest.approx(0.88)
    # stock: S1's last row in Q says 40, S2's says 0 -> 40
    assert a["stock"] == 40
    # last 28 days (Dec 4-31): 20 + 20 (S1) + 12 (S2) = 52 -> 13 a week; 40 / 13
    assert a["weeks_of_cover"] == pytest.approx(40 / 13)
    # B: 5 + 0 units; the qty-0 row's blank amount is no unknown sale: 100; 5 / 40 = 0.125
    assert (b["sku"], b["sellout_qty"], b["sellout_amount"], b["sell_through"]) == ("B", 5, 100, 0.125)
    # stock 25, but nothing sold in the last 28 days: cover has no base
    assert b["stock"] == 25 and b["weeks_of_cover"] is None


def test_total_adds_the_skus_up() -> None:
    total = _sellout()["total"]
    # sell-in 150 + 40; sell-out 132 + 5; amount 1980 + 100; stock 40 + 25; 28-day sell-out 52
    assert total["sellin_qty"] == 190 and total["sellout_qty"] == 137 and total["sellout_amount"] == 2080
    assert total["sell_through"] == pytest.approx(137 / 190)
    assert total["stock"] == 65 and total["weeks_of_cover"] == pytest.approx(65 / 13)


def test_by_month_sellout_against_sellin_and_month_end_stock() -> None:
    months = _sellout()["by_month"]
    assert [m["month"] for m in months] == ["2023-10", "2023-11", "2023-12"]
    oct_, nov, dec = months
    # Oct: sold 30 + 10 = 40 (450 + 150), delivered 100 (A on Oct 2); stock S1 70 + S2 20
    assert (oct_["sellout_qty"], oct_["sellout_amount"], oct_["sellin_qty"], oct_["stock"]) == (40, 600, 100, 90)
    assert oct_["sell_through"] == pytest.approx(0.4)
    # Nov: sold 40 (A) + 5 (B) = 45 (600 + 100), delivered 40 (B); stock A 30 + B 25
    assert (nov["sellout_qty"], nov["sellout_amount"], nov["sellin_qty"], nov["stock"]) == (45, 700, 40, 55)
    assert nov["sell_through"] == pytest.approx(45 / 40)
    # Dec: sold 20 + 20 + 12 + 0 = 52 (300 + 300 + 180), delivered 50; stock A 40 + A@S2 0 + B 25
    assert (dec["sellout_qty"], dec["sellout_amount"], dec["sellin_qty"], dec["stock"]) == (52, 780, 50, 65)
    assert dec["sell_through"] == pytest.approx(52 / 50)


def test_dead_stock_is_stock_without_a_sale_in_the_last_four_weeks() -> None:
    so = _sellout()
    assert so["as_of"] == "2023-12-31" and so["window_start"] == "2023-12-04"
    assert so["dead_stock"] == [
        {
            "store_id": "S1",
            "store_name": "Station 1",
            "sku": "B",
            "name": "Rice",
            "stock": 25,
            "stock_date": "2023-12-31",
            "last_sale": "2023-11-12",
        }
    ]


def test_shelf_gap_is_a_sale_in_the_last_four_weeks_and_zero_stock_now() -> None:
    assert _sellout()["shelf_gaps"] == [
        {
            "store_id": "S2",
            "store_name": "Station 2",
            "sku": "A",
            "name": "Oil",
            "sellout_qty": 12,
            "stock_date": "2023-12-17",
        }
    ]


def test_q4_gives_the_cover_going_into_spring_festival() -> None:
    sf = _sellout()["spring_festival"]
    # 春节 2024 is Feb 10: 41 days after Dec 31 = 5.86 weeks; A covers 3.08 weeks, B has no cover
    assert sf["date"] == "2024-02-10" and sf["weeks_to"] == pytest.approx(41 / 7)
    assert sf["short"] == ["A"] and sf["weeks_of_cover"] == pytest.approx(5.0)


def test_other_quarters_have_no_spring_festival_cover() -> None:
    m = compute_metrics(_dataset(), settings(), "C1", Quarter(2023, 3))
    assert m.sellout is not None and m.sellout.spring_festival is None
    # Q3 holds one row: A at S1 on Sep 24, 99 units, stock 5; no deliveries of A in Q3 but 999 on Sep 30
    (a,) = m.sellout.by_sku
    assert (a.sellout_qty, a.sellin_qty, a.stock) == (99, 999, 5)
    assert a.sell_through == pytest.approx(99 / 999) and a.weeks_of_cover == pytest.approx(5 / (99 / 4))


def test_window_ends_on_the_customers_last_sellout_date_in_the_quarter() -> None:
    # the export stops at Dec 24: the last 28 days are Nov 27 .. Dec 24, not Dec 4 .. 31
    rows = [row("2023-11-26", "A", 8, 80, 50), row("2023-12-03", "A", 8, 80, 42), row("2023-12-24", "A", 4, 40, 30)]
    so = _sellout(_dataset(rows))
    assert so["as_of"] == "2023-12-24" and so["window_start"] == "2023-11-27"
    # window: 8 (Dec 3) + 4 (Dec 24) = 12 -> 3 a week; stock 30 -> 10 weeks
    assert so["by_sku"][0]["weeks_of_cover"] == pytest.approx(10.0)


def test_rows_without_a_store_are_the_customer_as_a_whole_and_same_day_rows_add_up() -> None:
    rows = [
        row("2023-12-24", "A", 5, 50, 10, None),
        row("2023-12-31", "A", 6, 60, 7, None),
        row("2023-12-31", "A", 2, 20, 3, None),
    ]
    so = _sellout(_dataset(rows))
    a = so["by_sku"][0]
    # the last day's two rows: 7 + 3 = 10 units; sold 5 + 6 + 2 = 13 in 28 days -> 3.25 a week
    assert a["stock"] == 10 and a["weeks_of_cover"] == pytest.approx(10 / 3.25)
    assert so["dead_stock"] == [] and so["shelf_gaps"] == []


def test_amount_is_null_when_a_sale_has_no_amount_and_stock_null_without_readings() -> None:
    rows = [row("2023-12-31", "A", 5, None, None)]
    a = _sellout(_dataset(rows))["by_sku"][0]
    assert a["sellout_amount"] is None and a["stock"] is None and a["weeks_of_cover"] is None


def test_sell_through_is_null_without_deliveries() -> None:
    rows = [row("2023-12-31", "A", 5, 50, 1)]
    ds = _dataset(rows)
    ds.tables["sales"] = ds.sales[ds.sales["sku"] != "A"].reset_index(drop=True)
    a = _sellout(ds)["by_sku"][0]
    assert a["sellin_qty"] == 0 and a["sell_through"] is None


def test_without_the_table_the_json_says_null_and_nothing_else_changes() -> None:
    with_table = metrics_to_dict(compute_metrics(_dataset(), settings(), "C1", Q4))
    without = metrics_to_dict(compute_metrics(_dataset(None), settings(), "C1", Q4))
    assert without["sellout"] is None
    with_table.pop("sellout")
    without.pop("sellout")
    # sell-out also reads the causes of the weekly drivers (destocking, sellout_drop): every
    # figure stays, only those words may differ
    for d in (with_table, without):
        for a in d["alerts"]:
            a.pop("causes")
            for driver in a["driver_details"]:
                driver.pop("cause")
                driver.pop("detail", None)
            a.pop("cause_text", None)
    assert with_table == without


def test_a_customer_without_rows_in_the_quarter_has_null_sellout() -> None:
    q4_rows = [r for r in SELLOUT if str(r["date"]) >= "2023-10-01"]  # sell-out shared from Q4 on
    m = compute_metrics(_dataset(q4_rows), settings(), "C1", Quarter(2023, 3))
    assert m.sellout is None


# -- the weekly diagnosis ---------------------------------------------------------------------


def _weeks(qty: list[float], stock: list[float | None]) -> list[SelloutWeek]:
    return [SelloutWeek(date(2023, 10, 2 + 7 * i), q, s) for i, (q, s) in enumerate(zip(qty, stock, strict=True))]


def test_sellout_change_is_against_the_mean_of_the_baseline_weeks() -> None:
    weeks = _weeks([90, 110, 100, 100, 80], [None] * 5)
    assert sellout_change(weeks, 4, 4) == pytest.approx(80 / 100 - 1)  # baseline (90+110+100+100)/4 = 100
    assert sellout_change(weeks, 3, 4) is None  # only three weeks before it


def test_a_sellout_fall_of_more_than_15_percent_is_a_sellout_drop() -> None:
    weeks = _weeks([100, 100, 100, 100, 80], [500, 500, 500, 500, 520])
    assert sellout_cause(weeks, 4, 4, sellin_change=0.0) == "sellout_drop"  # -20 %, sell-in unmoved
    assert sellout_drop(-0.16) and not sellout_drop(-0.15) and not sellout_drop(None)


def test_sellin_fall_with_steady_sellout_and_falling_stock_is_destocking() -> None:
    weeks = _weeks([100, 100, 100, 100, 95], [500, 500, 500, 500, 420])  # -5 %, stock 500 -> 420
    assert sellout_cause(weeks, 4, 4, sellin_change=-0.4) == "destocking"
    rising = _weeks([100, 100, 100, 100, 95], [500, 500, 500, 500, 520])
    assert sellout_cause(rising, 4, 4, sellin_change=-0.4) is None
    between = _weeks([100, 100, 100, 100, 88], [500, 500, 500, 500, 420])  # -12 %: neither
    assert sellout_cause(between, 4, 4, sellin_change=-0.4) is None
    assert destocking(-0.4, -0.10, 420, 500) and not destocking(-0.4, -0.11, 420, 500)
    assert not destocking(None, 0.0, 420, 500) and not destocking(-0.4, 0.0, None, 500)


def test_weekly_sellout_per_sku_with_stock_carried_to_the_weeks_end() -> None:
    weeks = weekly_sellout(_dataset(), "C1", date(2023, 11, 27), 3)
    # weeks of Nov 27, Dec 4, Dec 11; B: nothing sold, its Nov 12 reading of 25 carries forward
    assert [(w.week_start, w.sellout_qty, w.stock) for w in weeks["B"]] == [
        (date(2023, 11, 27), 0, 25),
        (date(2023, 12, 4), 0, 25),
        (date(2023, 12, 11), 0, 25),
    ]
    # A: week of Dec 4 sold 20 at S1 (Dec 10), week of Dec 11 sold 12 at S2 (Dec 17);
    # stock S1 30 (Nov 5) then 60 (Dec 10); S2 20 (Oct 8) then 0 (Dec 17): 50, 80, 60
    assert [(w.sellout_qty, w.stock) for w in weeks["A"]] == [(0, 50), (20, 80), (12, 60)]


def test_weekly_sellout_is_empty_without_the_table_or_the_customer() -> None:
    assert weekly_sellout(_dataset(None), "C1", date(2023, 11, 27), 3) == {}
    with pytest.raises(ValueError):
        weekly_sellout(_dataset(), "C1", date(2023, 11, 28), 3)


def test_weekly_sellout_without_stock_readings_has_null_stock() -> None:
    weeks = weekly_sellout(_dataset([row("2023-12-31", "A", 5, None, None)]), "C1", date(2023, 12, 25), 2)
    assert [(w.sellout_qty, w.stock) for w in weeks["A"]] == [(5, None), (0, None)]


def test_a_sku_without_a_sellout_series_has_no_sellout_cause() -> None:
    assert sellout_cause([], 4, 4, sellin_change=-0.5) is None


def _weekly_by_hand(rows: list[dict], first_monday: date, weeks: int) -> dict[str, list[tuple[float, float | None]]]:
    """The rule written out row by row: sold = qty of the rows dated in the week; stock = per
    store the summed stock of its last reading day on or before the week's Sunday, summed over
    the stores that have one (None when none has). SKUs: those with a row by the last Sunday."""
    last_sunday = first_monday + timedelta(days=7 * weeks - 1)
    mine = [r for r in rows if date.fromisoformat(r["date"]) <= last_sunday]
    out: dict[str, list[tuple[float, float | None]]] = {}
    for sku in sorted({r["sku"] for r in mine}):
        series = []
        for w in range(weeks):
            monday = first_monday + timedelta(days=7 * w)
            sunday = monday + timedelta(days=6)
            of_sku = [r for r in mine if r["sku"] == sku]
            sold = sum(
                r["qty"] for r in of_sku if monday <= date.fromisoformat(r["date"]) <= sunday and r["qty"] is not None
            )
            total, any_store = 0.0, False
            for store in {r["store_id"] for r in of_sku}:
                read = [
                    r
                    for r in of_sku
                    if r["store_id"] == store and r["stock_qty"] is not None and date.fromisoformat(r["date"]) <= sunday
                ]
                if read:
                    last_day = max(r["date"] for r in read)
                    total += sum(r["stock_qty"] for r in read if r["date"] == last_day)
                    any_store = True
            series.append((float(sold), total if any_store else None))
        out[sku] = series
    return out


@given(
    st.lists(
        st.tuples(
            st.integers(0, 60),  # day after 2023-10-01
            st.sampled_from(["A", "B", "C"]),
            st.one_of(st.none(), st.integers(0, 50)),  # qty
            st.one_of(st.none(), st.integers(0, 90)),  # stock
            st.sampled_from(["S1", "S2", None]),  # None: the customer as a whole
        ),
        min_size=1,
        max_size=25,
    ),
    st.integers(0, 8),
    st.integers(1, 6),
)
@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_weekly_sellout_agrees_with_the_rule_computed_row_by_row(
    raw: list[tuple[int, str, int | None, int | None, str | None]], first_week: int, weeks: int
) -> None:
    rows = []
    for offset, sku, qty, stock, store in raw:
        day = (date(2023, 10, 1) + timedelta(days=offset)).isoformat()
        if store is not None and any(r["date"] == day and r["sku"] == sku and r["store_id"] == store for r in rows):
            continue  # validation rejects a second row of the same store, SKU and day
        rows.append(row(day, sku, qty if qty is not None else 0, None, stock, store) | {"qty": qty})
    first_monday = date(2023, 9, 25) + timedelta(days=7 * first_week)
    got = weekly_sellout(_dataset(rows), "C1", first_monday, weeks)
    expected = _weekly_by_hand(rows, first_monday, weeks)
    assert {sku: [(w.sellout_qty, w.stock) for w in series] for sku, series in got.items()} == expected
    assert all(w.week_start == first_monday + timedelta(days=7 * i) for s in got.values() for i, w in enumerate(s))
