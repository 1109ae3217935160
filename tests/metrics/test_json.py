"""The JSON of `qbr metrics --format json`: exact key names, nulls, ISO dates, plain types."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from qbr.data.dataset import Dataset
from qbr.metrics import compute_metrics, metrics_to_dict
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings

Q4 = Quarter(2023, 4)


def _dataset() -> Dataset:
    return make_dataset(
        customers=[{"customer_id": "CNPC", "name": "中石油昆仑好客", "channel": "special"}],
        products=[{"sku": "S1", "name": "花生油", "category": "粮油"}],
        sales=[
            sale("2023-10-02", "CNPC", "S1", 1000.0, cost=800.0, store_id="ST1"),
            sale("2023-10-09", "CNPC", "S1", 500.0, cost=400.0, store_id="ST1"),
            sale("2023-12-31", "CNPC", "S1", 100.0, cost=80.0),
        ],
        activities=[
            {
                "activity_id": "A1",
                "customer_id": "CNPC",
                "name": "国庆",
                "start_date": "2023-10-01",
                "end_date": "2023-10-07",
            }
        ],
        receivables=[
            {
                "customer_id": "CNPC",
                "invoice_no": "F1",
                "invoice_date": "2023-10-02",
                "due_date": "2023-11-01",
                "amount": 1000.0,
            }
        ],
    )


def _json() -> dict:
    return metrics_to_dict(compute_metrics(_dataset(), settings(), "CNPC", Q4))


def test_top_level_and_kpi_keys_are_exactly_the_documented_names() -> None:
    d = _json()
    assert list(d) == [
        "customer",
        "quarter",
        "coverage",
        "kpi",
        "support_by_type",
        "ar_aging",
        "activities",
        "alerts",
        "by_month",
        "by_week",
        "by_category",
        "by_sku",
        "gainers",
        "decliners",
        "stores",
        "open_invoices",
        "promoter_assignments",
        "outlook",
        "unknown_cost_skus",
        "sellout",
        "year",
        "planned_activities",
        "investment_plan",
        "benchmark",
        "benchmark_peers",
        "distribution",
    ]
    assert {"customer_id", "name", "channel", "rank", "share", "key_account"} <= set(d["customer"])
    assert d["quarter"] == "2023Q4"
    assert list(d["kpi"]) == [
        "sales",
        "sales_prev",
        "sales_ly",
        "qoq",
        "yoy",
        "target",
        "attainment",
        "gross_profit",
        "gross_margin",
        "support",
        "promoter_days",
        "promoter_cost",
        "promoters",
        "investment",
        "expense_ratio",
        "ar_outstanding",
        "ar_overdue",
        "dso",
        "collected",
        "collection_rate",
        "rank",
        "share",
        "stockout_lost_sales",
        # derived by qbr (docs/metrics.md)
        "target_gap",
        "contribution",
        "contribution_margin",
        "promoter_cost_per_day",
        "gross_profit_known",
        "cost_known_share",
    ]
    assert list(d["support_by_type"]) == ["display", "promotion", "free_goods", "rebate", "listing", "posm", "other"]
    assert list(d["ar_aging"]) == ["not_due", "1-30", "31-60", "61-90", "over_90"]


def test_nested_rows_carry_their_documented_keys_and_iso_dates() -> None:
    d = _json()
    act = d["activities"][0]
    assert {
        "activity_id",
        "name",
        "start_date",
        "end_date",
        "skus",
        "days",
        "cost",
        "baseline_daily",
        "actual_daily",
        "uplift",
        "incremental_sales",
        "sales_roi",
        "profit_roi",
    } <= set(act)
    assert act["start_date"] == "2023-10-01" and act["sales_roi"] is None  # no support rows: cost 0
    alert = d["alerts"][0]  # 500 in the week of 10-09 after 1000
    assert alert["week_start"] == "2023-10-09" and alert["drivers"] == ["S1"]
    assert {"sales", "sales_prev_week", "change", "driver_details"} <= set(alert)
    assert alert["driver_details"][0]["name"] == "花生油"
    # spec: every driver carries cause and lost_sales, every alert its causes
    assert {"cause", "lost_sales"} <= set(alert["driver_details"][0])
    assert alert["causes"] == [
        {"cause": d["cause"], "sku": d["key"], "store_id": d["store_id"], "lost_sales": d["lost_sales"]}
        for d in alert["driver_details"]
    ]
    assert d["by_sku"][0]["sku"] == "S1" and d["by_category"][0]["category"] == "粮油"
    assert d["open_invoices"][0] == {
        "invoice_no": "F1",
        "invoice_date": "2023-10-02",
        "due_date": "2023-11-01",
        "amount": 1000.0,
        "paid_amount": 0.0,
        "outstanding": 1000.0,
        "days_past_due": 60,
        "paid_after": None,  # not paid after E either
        "paid_after_amount": 0.0,
    }
    assert d["stores"]["best"][0]["store_id"] == "ST1"


def test_json_has_nulls_not_nan_and_special_customer_is_a_key_account() -> None:
    d = _json()
    assert d["kpi"]["yoy"] is None and d["kpi"]["target"] is None
    assert d["customer"]["key_account"] is True
    json.dumps(d, allow_nan=False)  # raises on NaN/inf or a numpy scalar


def test_metrics_command_prints_json_and_a_readable_table(monkeypatch: pytest.MonkeyPatch) -> None:
    import qbr.commands.metrics as command
    from qbr.cli import main

    monkeypatch.setattr(command, "load_data", lambda _dir: (settings(), _dataset()))
    args = ["metrics", "--customer", "CNPC", "--quarter", "2023Q4"]
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["kpi"]["sales"] == pytest.approx(1600.0)  # 1000 + 500 + 100
    table = CliRunner().invoke(main, args)
    assert table.exit_code == 0 and "1,600.00" in table.output


def test_metrics_command_exits_2_for_an_unknown_customer(monkeypatch: pytest.MonkeyPatch) -> None:
    import qbr.commands.metrics as command
    from qbr.cli import main

    monkeypatch.setattr(command, "load_data", lambda _dir: (settings(), _dataset()))
    result = CliRunner().invoke(main, ["metrics", "--customer", "NOPE", "--quarter", "2023Q4"])
    assert result.exit_code == 2
    assert 'unknown customer "NOPE"' in result.output and "qbr accounts --quarter 2023Q4" in result.output
