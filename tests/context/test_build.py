"""The deck context: every name a template can use is documented, and the documentation names
only what exists (the data dictionary of `qbr template vars` cannot drift from the code)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from qbr.cli import main
from qbr.context.build import build_context
from qbr.context.variables import DESCRIPTIONS
from qbr.metrics import customer_metrics, engine_for
from qbr.pipeline import load_data
from qbr.quarter import Quarter
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def ctx() -> dict:
    settings, dataset = load_data(ROOT / "sample_data")
    engine = engine_for(dataset, settings)
    return build_context(engine, customer_metrics(engine, "CNPC", Quarter(2023, 4)), settings, "zh", date(2024, 1, 8))


def test_every_top_level_context_name_is_documented(ctx: dict) -> None:
    documented = {name.split(".")[0] for name in DESCRIPTIONS}
    assert set(ctx) - documented == set()


def test_every_documented_name_exists_in_the_context(ctx: dict) -> None:
    for name in DESCRIPTIONS:
        value = ctx
        for part in name.split("."):
            if part.isupper() or part.endswith("_ID"):
                break  # a placeholder such as TYPE or activity_ID
            assert isinstance(value, dict) and part in value, name
            value = value[part]


def test_every_chart_data_set_is_documented(ctx: dict) -> None:
    documented = {n.split(".")[1] for n in DESCRIPTIONS if n.startswith("charts.")}
    for name in ctx["charts"]:
        assert name in documented or (name.startswith("activity_") and "activity_ID" in documented), name


def test_template_vars_prints_the_dictionary_with_sample_examples() -> None:
    result = CliRunner().invoke(main, ["template", "vars", "--data", str(ROOT / "sample_data")])
    assert result.exit_code == 0, result.output
    assert "kpi.expense_ratio" in result.output and "charts.monthly_sales" in result.output
    assert '"categories": ["10月", "11月", "12月"]' in result.output


def test_the_alerts_slide_gets_each_weeks_cause_and_the_deepest_falls_reasons(ctx: dict) -> None:
    # the planted CNPC week of 2023-11-20 (sample_data/README.md): LY-0001 out of stock after 双十一
    week = next(a for a in ctx["alerts_shown"] if a["week_start"] == "2023-11-20")
    assert week["cause_short"].startswith("断货：金禾丰 5L 压榨一级花生油")
    assert week["causes"][0]["cause"] == "stockout" and week["causes"][0]["lost_sales"] > 0
    # three findings at most, in date order, each opening with its week and ending with an action
    findings = [f["text"] for f in ctx["alert_findings"]]
    assert len(findings) == 3 and findings == sorted(findings, key=lambda t: t[:11])
    assert findings[-1].startswith("2023年11月20日当周金禾丰 5L 压榨一级花生油各门店同时断货，估计少卖")
    assert "供货问题，不是动销：查库存与配送" in findings[-1]
    # this quarter's only stock-out is that one, so the quarter's lost sales are its lost sales
    assert ctx["kpi"]["stockout_lost_sales"] == pytest.approx(
        sum(d["lost_sales"] for a in ctx["alerts"] for d in a["driver_details"] if d["cause"] == "stockout")
    )


@pytest.mark.parametrize(("spend", "slide"), [(800.0, False), (920.0, True), (2_000.0, True)])
def test_a_spend_below_one_percent_of_sales_gets_no_slide_of_its_own(spend: float, slide: bool) -> None:
    from qbr.context.build import base_context
    from qbr.metrics import compute_metrics, engine_for
    from qbr.quarter import Quarter
    from tests.helpers import make_dataset, sale, settings

    # sales 92,000: 1 % is 920; ¥800 of POSM is below it, ¥920 is not
    ds = make_dataset(
        sales=[sale("2023-11-01", "A", "S1", 92_000.0), sale("2023-12-31", "Z", "S1", 0.0)],
        support=[{"date": "2023-11-02", "customer_id": "A", "type": "posm", "amount": spend}],
    )
    m = compute_metrics(ds, settings(), "A", Quarter(2023, 4))
    ctx = base_context(engine_for(ds, settings()), m, settings(), "zh", date(2024, 1, 8))
    assert ctx["has"]["investment"] is slide


def _plan_of(customer_id: str, audience: str = "customer") -> dict:
    settings, dataset = load_data(ROOT / "sample_data")
    engine = engine_for(dataset, settings)
    m = customer_metrics(engine, customer_id, Quarter(2023, 4))
    return build_context(engine, m, settings, "zh", date(2024, 1, 8), audience)


def test_a_large_overdue_goes_on_next_quarters_plan_as_an_ask_unless_a_plan_note_asks_already() -> None:
    ka = _plan_of("KA-001")
    # KA-001 2023Q4: overdue ¥1,614,748.41, of it ¥1,233,492.91 1-30 days and ¥381,255.50 over 90
    assert ka["next_plan"]["asks"][-1] == {
        "text": "请客户结清逾期超过30天的应收¥38.1万",
        "owner": "王磊",  # the account's sales rep (customers.csv)
        "due": "2024-01-31",  # the end of next quarter's first month
        "kind": "ask",
        "amount": 381_255.5,
    }
    assert ka["titles"]["plan"] == "2024年第一季度共4项行动，其中2项需客户支持"  # 1 activity, 1 commitment, 2 asks
    # CNPC's plan notes already ask its finance to reconcile and pay the overdue
    cnpc = _plan_of("CNPC")
    assert not any("逾期超过30天" in e["text"] for e in cnpc["next_plan"]["entries"])


@pytest.mark.parametrize(
    ("aging", "asked"),
    [
        ({"1-30": 900_000.0}, None),  # only days late, however much: a phone call
        ({"1-30": 9_000.0, "31-60": 4_999.0}, None),  # under 5 % of ¥100,000 of sales
        ({"31-60": 3_000.0, "61-90": 2_000.0}, "¥5.00K"),  # 5 % of sales over 30 days late
        ({"1-30": 50_000.0, "over_90": 300.0}, "¥300"),  # anything over 90 days; only the late part asked
        ({}, None),
    ],
)
def test_the_collection_ask_is_for_what_is_over_30_days_late(aging: dict, asked: str | None) -> None:
    from types import SimpleNamespace

    from qbr.context.build import collection_ask
    from qbr.formatting import Formatter

    m = SimpleNamespace(ar_aging=aging, sales=100_000.0, quarter=Quarter(2024, 2), sales_rep="李娜")
    fmt = Formatter(language="en")
    ask = collection_ask(m, [], "en", fmt)  # type: ignore[arg-type]
    assert (ask["text"] if ask else None) == (f"Settle the {asked} more than 30 days overdue" if asked else None)
    if ask is not None:
        assert ask["due"] == "2024-07-31" and ask["owner"] == "李娜"
        assert collection_ask(m, [{"text": "Agree a payment schedule"}], "en", fmt) is None  # type: ignore[arg-type]


def test_the_brief_asks_for_the_overdue_once_when_a_plan_note_already_asks_for_it() -> None:
    asks = _plan_of("CNPC", audience="owner")["brief"]["asks"]
    # CNPC's plan note: 请客户财务在 1 月 15 日前完成 7-8 月对账并支付逾期款项
    assert any("支付逾期款项" in a for a in asks)
    assert not any("结清逾期应收" in a for a in asks)  # the receivables slide's own ask, a second copy
    ka = _plan_of("KA-001", audience="owner")  # no plan note on payment: its ask stays
    # and asks for what the plan page asks for (¥381,255.50 over 90 days), not all ¥161.5万 overdue
    assert "请客户在下季度首月结清逾期超过30天的应收¥38.1万" in ka["brief"]["asks"]
    assert not any("¥161.5万" in a for a in ka["brief"]["asks"])


def test_a_stock_risk_names_the_store_without_the_chain_name_every_store_shares(tmp_path: Path) -> None:
    from pptx import Presentation

    from qbr.pipeline import BuildRequest, build_deck

    ctx = _plan_of("CNPC")
    risks = ctx["sellout"]["dead_stock"] + ctx["sellout"]["shelf_gaps"]
    result = build_deck(
        BuildRequest(ROOT / "sample_data", "CNPC", Quarter(2023, 4), out_dir=tmp_path, today=date(2024, 1, 8),
                     audience="customer")
    )  # fmt: skip
    (box,) = [
        sh for s in Presentation(str(result.written[0].path)).slides for sh in s.shapes if sh.name == "sellout risks"
    ]
    rows = [p.text.split(" · ")[0] for p in box.text_frame.paragraphs if " · " in p.text]
    assert len(rows) == len(risks) > 0
    for shown, risk in zip(rows, risks, strict=True):
        # every CNPC store in stores.csv is named "昆仑好客 ...": the row shows the station, whole
        # where it fits, else cut in its middle (qbr.formatting.fit_name), never the chain name
        station = risk["store_name"].removeprefix("昆仑好客 ")
        assert not shown.startswith("昆仑好客")
        assert shown == station or (
            "…" in shown and station.startswith(shown.split("…")[0]) and station.endswith(shown.split("…")[1])
        )
    assert rows[0] == "湖州吴兴二环西路加油站便利店"  # 14 characters: fits whole


def test_the_plan_calendar_leaves_out_what_is_over_by_the_meeting() -> None:
    settings, dataset = load_data(ROOT / "sample_data")
    engine = engine_for(dataset, settings)
    m = customer_metrics(engine, "CNPC", Quarter(2023, 4))
    # 元旦 2024 is the break of 30 Dec 2023 - 1 Jan 2024: on the plan of a meeting on 29 Dec, gone
    # from that of a meeting on 8 Jan (it ended on the 1st); the Spring Festival (10-17 Feb) stays
    before = build_context(engine, m, settings, "zh", date(2023, 12, 29))["next_plan"]["calendar"]
    after = build_context(engine, m, settings, "zh", date(2024, 1, 8))["next_plan"]["calendar"]
    assert ("元旦", "2023-12-30", "2024-01-01") in [(e["name"], e["start"], e["end"]) for e in before]
    assert "元旦" not in [e["name"] for e in after]
    assert [e for e in before if e["name"] != "元旦"] == after
    assert any(e["name"] == "春节" and e["start"] == "2024-02-10" for e in after)
