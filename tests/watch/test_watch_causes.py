"""`qbr watch` judges with the deck's alert rule and names the same causes (planted data, default rule)."""

from __future__ import annotations

from datetime import date

import pytest

from qbr.metrics import compute_metrics
from qbr.quarter import Quarter
from qbr.watch.check import result_to_dict, watch_dataset
from tests.helpers import settings
from tests.metrics.planted import planted_dataset


@pytest.fixture(scope="module")
def result() -> dict:
    ds = planted_dataset(0)
    # every planted account is a key account (six modern accounts: top 10)
    r = watch_dataset(ds, settings(modern_top=10), as_of=date(2023, 8, 20), days=7)  # type: ignore[arg-type]
    return {a["customer_id"]: a for a in result_to_dict(r)["accounts"]}


def test_watch_flags_the_planted_falls_with_their_causes(result: dict) -> None:
    stock = result["STOCK"]
    assert stock["flagged"] and [(c["cause"], c["sku"]) for c in stock["causes"]] == [
        ("stockout", "S1"),
        ("stockout", "S2"),
    ]
    assert all(c["lost_sales"] > 0 for c in stock["causes"])
    assert stock["lost_sales"] == pytest.approx(sum(c["lost_sales"] for c in stock["causes"]), abs=0.02)
    closed = result["CLOSED"]
    assert {(c["cause"], c["store_id"]) for c in closed["causes"]} == {("store", "U2")}
    # the store driver of a store that closed is the store too
    assert [(d["key"], d["cause"]) for d in closed["before"]["store_drivers"]] == [("U2", "store")]
    assert {c["cause"] for c in result["LATE"]["causes"]} == {"order_timing"}
    assert not result["STEADY"]["flagged"] and result["STEADY"]["causes"] == []


def test_every_watch_driver_carries_cause_and_lost_sales(result: dict) -> None:
    drivers = [
        d for a in result.values() for c in (a["before"], a["ly"]) for d in c["sku_drivers"] + c["store_drivers"]
    ]
    assert drivers and all({"cause", "lost_sales"} <= set(d) for d in drivers)


def test_watch_over_a_week_is_the_decks_alert_for_that_week(result: dict) -> None:
    """One implementation: watch as of Sunday 08-20 over 7 days judges the deck's week of 08-14 alike."""
    m = compute_metrics(planted_dataset(0), settings(modern_top=10), "STOCK", Quarter(2023, 3))
    alert = next(a for a in m.alerts if a.week_start == date(2023, 8, 14))
    before = result["STOCK"]["before"]
    assert before["growth"] == pytest.approx(alert.change)
    assert before["sales"] == pytest.approx(alert.baseline, abs=0.01)
    assert before["period"] == {"start": "2023-07-17", "end": "2023-08-13"}  # the 4 weeks of the baseline
    assert [d["key"] for d in before["sku_drivers"]] == [d.key for d in alert.drivers]


def test_markdown_table_and_xlsx_say_why_and_what_to_do() -> None:
    import io

    import openpyxl

    from qbr.commands.watch import render_table
    from qbr.watch.export import to_markdown, to_xlsx

    r = watch_dataset(planted_dataset(0), settings(modern_top=10), as_of=date(2023, 8, 20), days=7)  # type: ignore[arg-type]
    md = to_markdown(r, "zh")
    assert "原因：S1、S2各门店同时断货，估计少卖" in md.replace("Product ", "") and "查库存与配送" in md
    assert "门店U2整店销售骤降" in md and "门店问题" in md
    table = render_table(r, "zh", colour=False)
    assert "断货" in table and "→ " in table
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx(r, "en")))
    accounts = {row[0]: row for row in wb["Accounts"].iter_rows(min_row=2, values_only=True)}
    assert "supply, not sell-through: check stock and deliveries" in accounts["STOCK"][12]
    drivers = [row for row in wb["Drivers"].iter_rows(min_row=2, values_only=True) if row[0] == "STOCK"]
    assert [(row[4], row[10]) for row in drivers if row[3] == "SKU"] == [("S1", "out of stock"), ("S2", "out of stock")]
    assert all(row[11] and row[11] > 0 for row in drivers if row[3] == "SKU")  # lost sales
