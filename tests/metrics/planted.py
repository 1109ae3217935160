"""A seeded generator of sales with planted falls of known cause, on a noisy daily-delivery background.

Every account gets one delivery line per store, SKU and day from 2023-04-03 (a Monday) to
2023-12-31, each its SKU's daily rate x a uniform noise of ±20 % (the steady account instead: its whole
week x a uniform factor of ±5 %). On top of that background the generator plants:

- STOCK: S1 and S2 are out of stock in all three stores in the week of 2023-08-14 (no lines);
  the small S5 (3 % of sales) alone in the week of 2023-10-23.
- CLOSED: store T2 delivers nothing in the week of 2023-08-14.
- DECLINE: D1 (three quarters of the account) falls 15 % a week from the week of 2023-07-03.
- LATE: one order a week (±3 %), delivered each Monday; the order of 2023-08-14 comes a week late,
  with the order of 2023-08-21.
- PROMO: the activity "暑期促销" on P1 (2023-07-31 .. 2023-08-13) doubles P1's sales.
- STEADY: nothing planted; its weeks wobble by ±5 %.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np

from tests.helpers import make_dataset, sale

START = date(2023, 4, 3)
END = date(2023, 12, 31)
STOCKOUT_WEEK = date(2023, 8, 14)
SMALL_STOCKOUT_WEEK = date(2023, 10, 23)
CLOSED_WEEK = date(2023, 8, 14)
LATE_WEEK = date(2023, 8, 14)
DECLINE_FROM = date(2023, 7, 3)
PROMO = ("ACT-1", "暑期促销", date(2023, 7, 31), date(2023, 8, 13))

# daily rate per store of each account's SKUs, and its stores
ACCOUNTS: dict[str, tuple[dict[str, float], list[str]]] = {
    "STOCK": ({"S1": 100.0, "S2": 80.0, "S3": 60.0, "S4": 40.0, "S5": 10.0}, ["T1", "T2", "T3"]),
    "CLOSED": ({"C1": 100.0, "C2": 60.0}, ["U1", "U2", "U3"]),
    "DECLINE": ({"D1": 300.0, "D2": 100.0}, ["V1"]),
    "LATE": ({"L1": 700.0, "L2": 350.0}, ["W1"]),  # a week's order, delivered on Mondays
    "PROMO": ({"P1": 100.0, "P2": 100.0}, ["X1"]),
    "STEADY": ({"Q1": 100.0, "Q2": 50.0}, ["Y1", "Y2"]),
}


def _in_week(d: date, monday: date) -> bool:
    return monday <= d <= monday + timedelta(days=6)


def planted_sales(seed: int = 0) -> list[dict[str, Any]]:
    """The sales lines of every account (see the module docstring)."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    days = [START + timedelta(days=i) for i in range((END - START).days + 1)]
    for customer, (skus, stores) in ACCOUNTS.items():
        week_factor = 1.0
        for d in days:
            if d.weekday() == 0:
                week_factor = float(rng.uniform(0.95, 1.05)) if customer == "STEADY" else 1.0
            for store in stores:
                for sku, rate in skus.items():
                    # the steady account's only noise is its weekly ±5 %
                    amount = rate * (1.0 if customer == "STEADY" else float(rng.uniform(0.8, 1.2))) * week_factor
                    if customer == "STOCK" and (
                        (sku in ("S1", "S2") and _in_week(d, STOCKOUT_WEEK))
                        or (sku == "S5" and _in_week(d, SMALL_STOCKOUT_WEEK))
                    ):
                        continue
                    if customer == "CLOSED" and store == "U2" and _in_week(d, CLOSED_WEEK):
                        continue
                    if customer == "DECLINE" and sku == "D1" and d >= DECLINE_FROM:
                        amount *= 0.85 ** ((d - DECLINE_FROM).days // 7 + 1)
                    if customer == "LATE":
                        if d.weekday() != 0 or _in_week(d, LATE_WEEK):
                            continue
                        # a week's order; the late one arrives with the next
                        amount = rate * 7 * float(rng.uniform(0.97, 1.03))
                        if _in_week(d, LATE_WEEK + timedelta(days=7)):
                            amount *= 2
                    if customer == "PROMO" and sku == "P1" and PROMO[2] <= d <= PROMO[3]:
                        amount *= 2
                    rows.append(sale(d.isoformat(), customer, sku, round(amount, 2), store_id=store))
    return rows


def planted_dataset(seed: int = 0) -> Any:
    """The planted sales with the PROMO activity and the stores table."""
    stores = [{"store_id": s, "customer_id": c, "name": f"门店{s}"} for c, (_, ss) in ACCOUNTS.items() for s in ss]
    activity = {
        "activity_id": PROMO[0],
        "customer_id": "PROMO",
        "name": PROMO[1],
        "start_date": PROMO[2].isoformat(),
        "end_date": PROMO[3].isoformat(),
        "skus": "P1",
    }
    return make_dataset(sales=planted_sales(seed), stores=stores, activities=[activity])
