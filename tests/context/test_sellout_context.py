"""The sell-out slide's context and chart data, on the hand-computed data set of
tests/metrics/test_sellout.py (C1, SKUs A and B, 2023Q4)."""

from __future__ import annotations

from datetime import date

from qbr.context.build import build_context
from qbr.metrics import customer_metrics, engine_for
from qbr.quarter import Quarter
from tests.helpers import settings
from tests.metrics.test_sellout import _dataset


def _ctx(with_table: bool, lang: str = "zh") -> dict:
    ds = _dataset() if with_table else _dataset(None)
    engine = engine_for(ds, settings())
    return build_context(engine, customer_metrics(engine, "C1", Quarter(2023, 4)), settings(), lang, date(2024, 1, 8))


def test_sellout_chart_is_units_sold_against_units_delivered_by_month() -> None:
    chart = _ctx(True)["charts"]["sellout_by_month"]
    assert chart["kind"] == "column" and chart["unit"] == "count"
    assert chart["categories"] == ["10月", "11月", "12月"]
    sold, delivered = chart["series"]
    # sold: Oct 30 + 10, Nov 40 + 5, Dec 20 + 20 + 12; delivered: Oct 100 (A), Nov 40 (B), Dec 50 (A)
    assert (sold["name"], sold["values"]) == ("客户售出", [40, 45, 52])
    assert (delivered["name"], delivered["values"]) == ("我方供货", [100, 40, 50])


def test_sellout_context_has_month_labels_and_the_top_skus() -> None:
    ctx = _ctx(True, "en")
    assert ctx["has"]["sellout"] is True
    assert [m["label"] for m in ctx["sellout"]["by_month"]] == ["Oct", "Nov", "Dec"]
    assert [s["sku"] for s in ctx["sellout"]["top_skus"]] == ["A", "B"]


def test_without_sellout_the_context_says_so_and_the_chart_is_one_empty_slot() -> None:
    ctx = _ctx(False)
    assert ctx["sellout"] is None and ctx["has"]["sellout"] is False
    chart = ctx["charts"]["sellout_by_month"]
    assert chart["categories"] == ["—"] and [s["values"] for s in chart["series"]] == [[None], [None]]
