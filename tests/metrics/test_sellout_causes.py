"""The weekly diagnosis reads the customer's sell-out when it is shared (issue 18, item 4)."""

from __future__ import annotations

from datetime import date

from qbr.metrics import compute_metrics
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings

MONDAYS = ["2023-10-30", "2023-11-06", "2023-11-13", "2023-11-20", "2023-11-27", "2023-12-04"]
SUNDAYS = ["2023-11-05", "2023-11-12", "2023-11-19", "2023-11-26", "2023-12-03", "2023-12-10"]


def _metrics(sold: list[float], stock: list[float] | None):
    # sell-in 100 a week, then 50 in the week of 11-27 and again the week after (not made up):
    # -50 % against the usual 100, beyond 5 % and a flat account's wobble of 0
    sales = [sale(d, "A", "S1", q) for d, q in zip(MONDAYS, [100.0, 100.0, 100.0, 100.0, 50.0, 50.0], strict=True)]
    sellout = (
        []
        if stock is None
        else [
            {"date": d, "customer_id": "A", "sku": "S1", "qty": q, "stock_qty": s}
            for d, q, s in zip(SUNDAYS, sold, stock, strict=True)
        ]
    )
    tables = {"sales": sales, **({"sellout": sellout} if stock is not None else {})}
    return compute_metrics(make_dataset(**tables), settings(), "A", Quarter(2023, 4))


def _cause(m) -> str:
    (alert,) = [a for a in m.alerts if a.week_start == date(2023, 11, 27)]
    return alert.drivers[0].cause


def test_steady_sell_out_and_falling_stock_is_the_customer_working_down_stock() -> None:
    # shoppers kept buying 100 a week; the customer's stock fell 440 -> 380 in the judged week
    m = _metrics([100, 100, 100, 100, 100, 100], [500, 480, 460, 440, 380, 330])
    assert _cause(m) == "destocking"


def test_a_sell_out_drop_is_a_sell_through_problem() -> None:
    # sell-out 60 against the usual 100: -40 %, beyond the 15 % that counts as a drop
    m = _metrics([100, 100, 100, 100, 60, 60], [500, 480, 460, 440, 480, 520])
    assert _cause(m) == "sellout_drop"


def test_without_sell_out_the_same_fall_reads_from_sell_in_alone() -> None:
    assert _cause(_metrics([], None)) not in ("destocking", "sellout_drop")
