"""Each planted fall (tests/metrics/planted.py) is found with its cause, on the default rule
(baseline_weeks = 4, noise_k = 3), and a steady account stays quiet."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

from qbr.metrics import CustomerMetrics, compute_metrics
from qbr.quarter import Quarter
from tests.helpers import make_dataset, settings
from tests.metrics.planted import (
    CLOSED_WEEK,
    LATE_WEEK,
    SMALL_STOCKOUT_WEEK,
    STOCKOUT_WEEK,
    planted_dataset,
    planted_sales,
)

Q3, Q4 = Quarter(2023, 3), Quarter(2023, 4)
SEEDS = [0, 1, 2]


@cache
def _metrics(seed: int, customer: str, quarter: Quarter) -> CustomerMetrics:
    return compute_metrics(_dataset(seed), settings(), customer, quarter)


@cache
def _dataset(seed: int) -> object:
    return planted_dataset(seed)


def _alert(m: CustomerMetrics, week: date) -> object:
    found = [a for a in m.alerts if a.week_start == week]
    assert found, f"no alert in the week of {week}: {[a.week_start for a in m.alerts]}"
    return found[0]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_stockout_in_every_store_is_a_stockout_with_its_lost_sales(seed: int) -> None:
    m = _metrics(seed, "STOCK", Q3)
    a = _alert(m, STOCKOUT_WEEK)
    assert a.stockout  # type: ignore[attr-defined]
    drivers = {d.key: d for d in a.drivers}  # type: ignore[attr-defined]
    assert {k: d.cause for k, d in drivers.items()} == {"S1": "stockout", "S2": "stockout"}
    for sku, rate in (("S1", 100.0), ("S2", 80.0)):
        d = drivers[sku]
        # nothing sold: lost = its baseline - 0; the baseline is about rate x 7 days x 3 stores (noise ±20 %
        # per line averages out over 84 lines a week to a few per cent)
        assert d.sales == 0 and d.lost_sales == pytest.approx(d.sales_base)
        assert d.lost_sales == pytest.approx(rate * 21, rel=0.05)
    assert [(c.cause, c.sku, c.store_id) for c in a.causes] == [  # type: ignore[attr-defined]
        ("stockout", "S1", None),
        ("stockout", "S2", None),
    ]
    # the quarter's stock-out lost sales: this week's two SKUs, nothing else in Q3
    assert m.stockout_lost_sales == pytest.approx(drivers["S1"].sales_base + drivers["S2"].sales_base)


def test_a_stockout_is_an_alert_even_when_the_account_barely_moved() -> None:
    a = _alert(_metrics(0, "STOCK", Q4), SMALL_STOCKOUT_WEEK)
    # S5 is 10 / 290 = 3.4 % of the account: the week fell 2.5 %, inside the account's limit
    assert a.change > -a.limit  # type: ignore[attr-defined]
    assert a.stockout and a.drivers[0].key == "S5" and a.drivers[0].cause == "stockout"  # type: ignore[attr-defined]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_store_closed_for_a_week_is_the_store(seed: int) -> None:
    a = _alert(_metrics(seed, "CLOSED", Q3), CLOSED_WEEK)
    # one of three equal stores closed: about -33 %
    assert a.change == pytest.approx(-1 / 3, abs=0.03)  # type: ignore[attr-defined]
    assert {(c.cause, c.sku, c.store_id) for c in a.causes} == {  # type: ignore[attr-defined]
        ("store", "C1", "U2"),
        ("store", "C2", "U2"),
    }


@pytest.mark.parametrize("seed", SEEDS)
def test_an_sku_falling_15_percent_a_week_is_a_decline(seed: int) -> None:
    m = _metrics(seed, "DECLINE", Q3)
    causes = {a.week_start: a.drivers[0].cause for a in m.alerts if a.drivers and a.drivers[0].key == "D1"}
    # weeks of 07-03 .. 07-17: their baseline weeks hold the Dragon Boat Festival (2023-06-22)
    assert {c for w, c in causes.items() if w <= date(2023, 7, 17)} <= {"holiday"}
    assert causes[date(2023, 7, 17)] == "holiday"
    # then three weeks running below baseline and falling: sell-through
    later = [c for w, c in causes.items() if date(2023, 7, 24) <= w <= date(2023, 8, 14)]
    assert len(later) >= 3 and set(later) == {"decline"}


@pytest.mark.parametrize("seed", SEEDS)
def test_a_weekly_order_delivered_a_week_late_is_order_timing_and_does_not_echo(seed: int) -> None:
    m = _metrics(seed, "LATE", Q3)
    a = _alert(m, LATE_WEEK)
    assert a.change == pytest.approx(-1.0)  # type: ignore[attr-defined]
    assert {c.cause for c in a.causes} == {"order_timing"}  # type: ignore[attr-defined]
    # the catch-up week (double) and the weeks whose baseline holds it raise nothing
    assert [x.week_start for x in m.alerts if date(2023, 8, 21) <= x.week_start <= date(2023, 9, 18)] == []


@pytest.mark.parametrize("seed", SEEDS)
def test_the_weeks_after_an_activity_are_activity_end(seed: int) -> None:
    a = _alert(_metrics(seed, "PROMO", Q3), date(2023, 8, 14))  # the activity ran 07-31 .. 08-13
    d = a.drivers[0]  # type: ignore[attr-defined]
    assert (d.key, d.cause, d.detail) == ("P1", "activity_end", "暑期促销")


@pytest.mark.parametrize("seed", range(10))
def test_a_steady_account_raises_at_most_one_alert_a_quarter(seed: int) -> None:
    ds = make_dataset(sales=[r for r in planted_sales(seed) if r["customer_id"] == "STEADY"])
    for quarter in (Q3, Q4):
        assert len(compute_metrics(ds, settings(), "STEADY", quarter).alerts) <= 1


def test_an_sku_at_zero_while_the_whole_account_stopped_is_not_a_stockout() -> None:
    """Holiday shutdowns: S4 (14 % of the account) sells nothing in the week of 09-18 while every
    other SKU sells 45 % of its usual. The stores did not collapse (250 x 0.45 / 290 = 39 % > 30 %),
    but the rest of the account kept under half its usual, so S4's zero says nothing about supply."""
    week = ("2023-09-18", "2023-09-24")
    rows = []
    for r in planted_sales(0):
        if r["customer_id"] != "STOCK":
            continue
        if week[0] <= r["date"] <= week[1]:
            if r["sku"] == "S4":
                continue
            r = {**r, "amount": round(r["amount"] * 0.45, 2)}
        rows.append(r)
    m = compute_metrics(make_dataset(sales=rows), settings(), "STOCK", Q3)
    a = _alert(m, date(2023, 9, 18))
    assert not a.stockout  # type: ignore[attr-defined]
    assert "stockout" not in {c.cause for c in a.causes}  # type: ignore[attr-defined]
    assert m.stockout_lost_sales == pytest.approx(_metrics(0, "STOCK", Q3).stockout_lost_sales)  # only 08-14's
