"""Key-account decisions: channel rules, thresholds, overrides and their reasons."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from qbr.config import Settings
from qbr.data.dataset import Dataset
from qbr.metrics.accounts import Decision, key_accounts, traditional_cutoff
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings

Q4 = Quarter(2023, 4)


def _customer(cid: str, channel: str, key_account: str | None = None) -> dict:
    return {"customer_id": cid, "name": f"Name {cid}", "channel": channel, "key_account": key_account}


def _dataset() -> Dataset:
    customers = [
        _customer("M1", "modern"),
        _customer("M2", "modern"),
        _customer("M3", "modern"),
        _customer("M4", "modern", "yes"),
        _customer("M5", "modern", "no"),
        *[_customer(f"T{i}", "traditional") for i in range(1, 12)],
        _customer("T12", "traditional", "yes"),
        _customer("T13", "traditional"),
        _customer("F1", "fresh"),
        _customer("F2", "fresh"),
        _customer("X1", "special"),
        _customer("X2", "special"),
    ]
    sales = [
        sale("2023-10-01", "M5", "S1", 1200.0, cost=600.0),  # rank 1, but overridden "no"
        sale("2023-10-01", "M1", "S1", 1000.0, cost=700.0),  # rank 2, margin 0.3
        sale("2022-10-01", "M1", "S1", 1250.0, cost=700.0),  # yoy 1000/1250 - 1 = -0.2 exactly
        sale("2023-10-01", "M2", "S1", 800.0, cost=760.0),  # rank 3 (tie), margin 40/800 = 0.05 exactly
        sale("2023-10-01", "M3", "S1", 800.0, cost=768.0),  # rank 3 (tie), margin 32/800 = 0.04
        sale("2023-10-01", "M4", "S1", 500.0, cost=100.0),  # rank 5, overridden "yes"
        # traditional: T1..T11 sell 1100, 1000, ..., 100 (margin 0.2): 11 with sales -> ceil(1.1) = 2
        *[sale("2023-10-01", f"T{i}", "S1", 100.0 * (12 - i), cost=80.0 * (12 - i)) for i in range(1, 12)],
        sale("2023-10-01", "T13", "S1", -50.0, qty=-1, cost=-40.0),  # net returns: no sales
        sale("2023-10-01", "F1", "S1", 1000.0, cost=500.0),  # rank 1 of 2
        sale("2022-10-01", "F1", "S1", 1300.0, cost=500.0),  # yoy 1000/1300 - 1 = -0.2308
        sale("2023-10-01", "F2", "S1", 500.0, cost=100.0),  # rank 2 of 2, outside top 1
        sale("2023-10-01", "X1", "S1", 10.0, cost=15.0),  # special, sold at a loss
    ]
    return make_dataset(customers=customers, sales=sales)


def _settings(**overrides: object) -> Settings:
    values = {
        "modern_top": 3,
        "traditional_top_pct": 10,
        "fresh_top": 1,
        "min_margin": 0.05,
        "min_growth": -0.20,
        **overrides,
    }
    return settings(**values)


def _by_id(decisions: list[Decision]) -> dict[str, Decision]:
    return {d.customer_id: d for d in decisions}


@pytest.fixture(scope="module")
def decisions() -> dict[str, Decision]:
    return _by_id(key_accounts(_dataset(), _settings(), Q4))


def test_every_customer_gets_a_decision(decisions: dict[str, Decision]) -> None:
    assert len(decisions) == 22


def test_modern_top_n_with_ties_at_the_cut_off_and_criteria_at_their_boundaries(
    decisions: dict[str, Decision],
) -> None:
    m1, m2, m3 = decisions["M1"], decisions["M2"], decisions["M3"]
    assert (m1.rank_in_channel, m1.channel_size, m1.key_account) == (2, 5, True)
    assert m1.yoy == pytest.approx(-0.2)  # exactly the threshold: passes
    assert "2 of 5 in modern" in m1.reason
    assert (m2.rank_in_channel, m2.key_account) == (3, True)  # tied third, margin exactly 5%
    assert m2.gross_margin == pytest.approx(0.05)
    assert "growth not checked (no sales in 2022Q4)" in m2.reason
    assert (m3.rank_in_channel, m3.key_account) == (3, False)
    assert m3.reason.startswith("not a key account: margin 4.0% < 5.0%")


def test_override_yes_and_no_win_over_the_rules(decisions: dict[str, Decision]) -> None:
    m4, m5 = decisions["M4"], decisions["M5"]
    assert m4.key_account is True and m4.rank_in_channel == 5
    assert "key_account = yes" in m4.reason and "5 of 5 in modern, outside the top 3" in m4.reason
    assert m5.key_account is False and m5.rank_in_channel == 1
    assert "key_account = no" in m5.reason and "would be one" in m5.reason


def test_traditional_takes_the_top_percentage_rounded_up(decisions: dict[str, Decision]) -> None:
    # 11 traditional customers with sales: 10% of 11 = 1.1 -> 2
    assert [decisions[f"T{i}"].key_account for i in range(1, 4)] == [True, True, False]
    assert decisions["T1"].cutoff == 2 and decisions["T3"].channel_size == 11
    assert "3 of 11 in traditional, outside the top 2" in decisions["T3"].reason


def test_customers_without_positive_sales_are_not_ranked(decisions: dict[str, Decision]) -> None:
    t13 = decisions["T13"]
    assert t13.sales == pytest.approx(-50.0)
    assert (t13.rank_in_channel, t13.key_account) == (None, False)
    assert "no sales in 2023Q4" in t13.reason
    t12 = decisions["T12"]  # no sales but key_account = yes
    assert t12.key_account is True and "key_account = yes" in t12.reason


def test_fresh_top_n_and_the_growth_criterion(decisions: dict[str, Decision]) -> None:
    f1, f2 = decisions["F1"], decisions["F2"]
    assert f1.yoy == pytest.approx(1000.0 / 1300.0 - 1)  # -0.2308 < -0.20
    assert f1.key_account is False and "growth -23.1% vs 2022Q4 < -20.0%" in f1.reason
    assert f2.key_account is False and f2.rank_in_channel == 2


def test_special_channel_customers_with_sales_are_all_key_accounts(decisions: dict[str, Decision]) -> None:
    assert decisions["X1"].key_account is True  # even at a loss: criteria do not apply
    assert decisions["X1"].gross_margin == pytest.approx(-0.5)
    assert decisions["X2"].key_account is False


def test_special_none_turns_the_special_rule_off() -> None:
    d = _by_id(key_accounts(_dataset(), _settings(special="none"), Q4))
    assert d["X1"].key_account is False


def test_unknown_margin_is_not_held_against_a_customer() -> None:
    ds = make_dataset(customers=[_customer("F9", "fresh")], sales=[sale("2023-10-01", "F9", "S1", 10.0)])
    (d,) = key_accounts(ds, settings(fresh_top=1), Q4)
    assert d.gross_margin is None and d.key_account is True
    assert "margin not checked" in d.reason


@pytest.mark.parametrize(
    ("pct", "n", "expected"),
    [
        (10, 30, 3),
        (10, 31, 4),
        (10, 11, 2),
        (10, 0, 0),
        (15, 20, 3),
        (100, 7, 7),
        (0, 10, 0),
        (12.5, 8, 1),
    ],
)
def test_traditional_cutoff_rounds_up_without_float_error(pct: float, n: int, expected: int) -> None:
    assert traditional_cutoff(pct, n) == expected


def test_accounts_command_json_lists_one_object_per_customer(monkeypatch: pytest.MonkeyPatch) -> None:
    import qbr.commands.accounts as command
    from qbr.cli import main

    monkeypatch.setattr(command, "load_data", lambda _dir: (_settings(), _dataset()))
    result = CliRunner().invoke(main, ["accounts", "--quarter", "2023Q4", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 22
    assert {
        "customer_id",
        "name",
        "channel",
        "key_account",
        "reason",
        "sales",
        "rank_in_channel",
        "gross_margin",
        "yoy",
    } <= set(rows[0])
    assert next(r for r in rows if r["customer_id"] == "M1")["key_account"] is True
