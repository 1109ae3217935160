"""The committed sample data carries the facts sample_data/README.md promises.

Plain pandas on the CSV files (no qbr code), so these facts hold whatever the loader does; they
pin the planted stories that other tests and the demo deck rely on.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

DATA = Path(__file__).resolve().parents[2] / "sample_data"
TABLES = (
    "customers",
    "products",
    "sales",
    "targets",
    "support",
    "promoters",
    "activities",
    "receivables",
    "notes",
    "stores",
)
DATE_COLUMNS = {
    "sales": ["date"],
    "support": ["date"],
    "promoters": ["start_date", "end_date"],
    "activities": ["start_date", "end_date"],
    "receivables": ["invoice_date", "due_date", "paid_date"],
    "notes": ["due"],
}


@pytest.fixture(scope="module")
def t() -> dict[str, pd.DataFrame]:
    return {
        name: pd.read_csv(
            DATA / f"{name}.csv",
            encoding="utf-8",
            parse_dates=DATE_COLUMNS.get(name, []),
            dtype={"store_id": "string", "key_account": "string", "activity_id": "string", "skus": "string"},
        )
        for name in TABLES
    }


def test_all_files_present_with_canonical_headers(t: dict[str, pd.DataFrame]) -> None:
    assert (DATA / "qbr.toml").is_file() and (DATA / "README.md").is_file()
    assert list(t["sales"].columns) == ["date", "customer_id", "sku", "qty", "amount", "store_id", "cost"]
    assert (DATA / "sales.csv").stat().st_size < 6_000_000


def test_cnpc_is_a_multi_store_special_customer(t: dict[str, pd.DataFrame]) -> None:
    customers = t["customers"].set_index("customer_id")
    assert customers.loc["CNPC", "channel"] == "special"
    stores = t["stores"][t["stores"]["customer_id"] == "CNPC"]
    assert len(stores) > 5
    cnpc = t["sales"][t["sales"]["customer_id"] == "CNPC"]
    assert cnpc["store_id"].notna().all()
    assert set(cnpc["store_id"]) <= set(stores["store_id"])
    assert t["sales"][t["sales"]["customer_id"] != "CNPC"]["store_id"].isna().all()
    assert len(t["customers"]) >= 40 and set(customers["channel"]) == {"modern", "traditional", "special", "fresh"}
    assert len(t["products"]) >= 50


def test_references_keys_and_date_range(t: dict[str, pd.DataFrame]) -> None:
    sales = t["sales"]
    ids, skus = set(t["customers"]["customer_id"]), set(t["products"]["sku"])
    assert set(sales["customer_id"]) <= ids
    assert set(sales["sku"]) <= skus
    for table in ("targets", "support", "promoters", "activities", "receivables", "notes", "stores"):
        assert set(t[table]["customer_id"]) <= ids, table
    assert sales["date"].min() >= pd.Timestamp("2022-01-01")
    assert sales["date"].max() == pd.Timestamp("2023-12-31")
    assert t["customers"]["customer_id"].is_unique and t["products"]["sku"].is_unique
    assert t["receivables"]["invoice_no"].is_unique and t["activities"]["activity_id"].is_unique
    assert not t["targets"].duplicated(["customer_id", "quarter"]).any()
    # Returns exist, and a negative qty never comes with a positive amount.
    returns = sales[sales["qty"] < 0]
    assert len(returns) >= 3 and (returns["amount"] < 0).all()
    assert set(t["support"]["type"]) == {"display", "promotion", "free_goods", "rebate", "listing", "posm", "other"}


def test_activity_window_beats_its_28_day_baseline(t: dict[str, pd.DataFrame]) -> None:
    act = t["activities"].set_index("activity_id").loc["ACT-2023-011"]
    assert act["customer_id"] == "CNPC" and act["start_date"] == pd.Timestamp("2023-11-01")
    skus = act["skus"].split(";")
    s = t["sales"]
    s = s[(s["customer_id"] == "CNPC") & s["sku"].isin(skus)]
    start, end = act["start_date"], act["end_date"]
    baseline = s[(s["date"] >= start - pd.Timedelta(days=28)) & (s["date"] < start)]["amount"].sum() / 28
    days = (end - start).days + 1
    actual = s[(s["date"] >= start) & (s["date"] <= end)]["amount"].sum() / days
    assert actual > baseline * 1.3  # a visible uplift
    assert t["support"][t["support"]["activity_id"] == "ACT-2023-011"]["amount"].sum() > 0


def test_planted_weekly_drop(t: dict[str, pd.DataFrame]) -> None:
    s = t["sales"][t["sales"]["customer_id"] == "CNPC"]
    monday = pd.Timestamp("2023-11-20")

    def week(start: pd.Timestamp, sku: str | None = None) -> float:
        w = s[(s["date"] >= start) & (s["date"] < start + pd.Timedelta(days=7))]
        return float(w[w["sku"] == sku]["amount"].sum() if sku else w["amount"].sum())

    before, during = week(monday - pd.Timedelta(days=7)), week(monday)
    assert during < before * 0.8  # fell by more than 20%
    drivers = ["LY-0001", "LY-0002", "LY-0006"]
    fall = {sku: week(monday - pd.Timedelta(days=7), sku) - week(monday, sku) for sku in drivers}
    assert sum(fall.values()) > 0.6 * (before - during)  # the named SKUs drive it


def test_other_planted_facts(t: dict[str, pd.DataFrame]) -> None:
    s, c = t["sales"], t["customers"].set_index("customer_id")
    q = s.assign(q=s["date"].dt.to_period("Q").astype(str)).groupby(["customer_id", "q"])["amount"].sum()
    assert 2_000_000 < q[("CNPC", "2023Q4")] < 4_000_000
    assert -0.25 < q[("KA-003", "2023Q4")] / q[("KA-003", "2022Q4")] - 1 < -0.15
    assert s[s["customer_id"] == "KA-008"]["date"].min() >= pd.Timestamp("2023-07-01")
    assert c.loc["KA-004", "key_account"] == "no" and c.loc["TR-018", "key_account"] == "yes"
    blank_cost = set(t["products"][t["products"]["unit_cost"].isna()]["sku"])
    assert len(blank_cost) >= 2
    cnpc_blank = s[(s["customer_id"] == "CNPC") & s["sku"].isin(blank_cost)]
    assert len(cnpc_blank) > 0 and cnpc_blank["cost"].notna().all()
    targets = t["targets"]
    assert targets[(targets["customer_id"] == "SP-002")].empty
    r = t["receivables"]
    cnpc_open = r[(r["customer_id"] == "CNPC") & r["paid_date"].isna()]
    assert (pd.Timestamp("2023-12-31") - cnpc_open["due_date"]).dt.days.max() > 90
    assert (r["paid_amount"] < r["amount"]).any()
    notes = t["notes"]
    plans = notes[(notes["customer_id"] == "CNPC") & (notes["quarter"] == "2023Q4") & (notes["section"] == "plan")]
    assert len(plans) >= 3 and plans["owner"].notna().all() and plans["due"].notna().all()


def test_sellout_sample_plants_dead_stock_shelf_gaps_and_realistic_stock() -> None:
    so = pd.read_csv(DATA / "sellout.csv", parse_dates=["date"], dtype={"store_id": "string"})
    assert list(so.columns) == ["date", "customer_id", "sku", "qty", "store_id", "amount", "stock_qty"]
    assert set(so["customer_id"]) == {"CNPC", "KA-001", "SP-001"}
    assert (so["date"].dt.day_of_week == 6).all() and (so["stock_qty"] >= 0).all()
    cnpc = so[so["customer_id"] == "CNPC"]
    # dead stock: nothing sold from 2023-11-27 while the shelf still holds some
    for store, sku in (("CNPC-JX02", "JS-0004"), ("CNPC-HU01", "FB-0003")):
        late = cnpc[(cnpc["store_id"] == store) & (cnpc["sku"] == sku) & (cnpc["date"] >= "2023-11-27")]
        assert late["qty"].sum() == 0 and late["stock_qty"].iloc[-1] > 0
    # shelf gaps: sold in the last week of 2023 and nothing left on 2023-12-31
    for store in ("CNPC-HZ01", "CNPC-SZ01"):
        last = cnpc[(cnpc["store_id"] == store) & (cnpc["sku"] == "YL-0001") & (cnpc["date"] == "2023-12-31")]
        assert last["qty"].iloc[0] > 0 and last["stock_qty"].iloc[0] == 0
    # stock stays within a few weeks of sales: the chain's total stock at each week's end is
    # between 1 and 6 weeks of that week's sell-out
    weekly = cnpc.groupby("date")[["qty", "stock_qty"]].sum()
    cover = weekly["stock_qty"] / weekly["qty"]
    assert cover.between(1, 6).all()
