"""Two decks from one build: the customer's deck never carries our economics; the owner's brief does.

The scan reads every part of the written customer decks (slides, notes, charts, and the workbooks
embedded behind charts) for the internal words and for the internal figures as the deck would
write them, on the sample data and on a second, differently generated data set.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Inches

from qbr.cli import main
from qbr.context.audience import CUSTOMER_KPIS, customer_view, visible
from qbr.formatting import Formatter
from qbr.metrics.kpis import KPI_NAMES
from qbr.pipeline import BuildRequest, build_deck
from qbr.quarter import Quarter
from tests.conftest import ROOT

SAMPLE = ROOT / "sample_data"
Q4 = Quarter(2023, 4)
TODAY = date(2024, 1, 8)
INTERNAL_WORDS = re.compile(r"毛利|利润|贡献|成本|margin|profit|contribution", re.IGNORECASE)


def part_texts(path: Path) -> dict[str, str]:
    """The text content of every XML part, and of every XML part of every embedded workbook."""
    out: dict[str, str] = {}
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith(".xml"):
                out[name] = " ".join(re.findall(r">([^<]+)<", data.decode("utf-8")))
            elif name.endswith((".xlsx", ".xlsm")):
                with zipfile.ZipFile(io.BytesIO(data)) as inner:
                    for member in inner.namelist():
                        if member.endswith(".xml"):
                            text = inner.read(member).decode("utf-8")
                            out[f"{name}!{member}"] = " ".join(re.findall(r">([^<]+)<", text))
    return out


def internal_values(metrics: dict[str, Any], lang: str) -> set[str]:
    """The owner-only amounts as a deck or a chart workbook would write them. (A margin or a ratio
    alone is a short number that other figures share by chance; where a deck shows one, its label
    carries an internal word, which the word scan catches.)"""
    fmt = Formatter(lang)
    found: set[str] = set()
    for name in ("gross_profit", "contribution"):
        v = metrics["kpi"][name]
        if v is not None and abs(v) >= 1000:
            found |= {f"{v:,.0f}", f"{v:.2f}", f"{round(v / 10_000, 4)}", f"{round(v / 1_000, 4)}"}
        if v is not None and abs(v) >= 100_000:  # ¥60.1万 / ¥600.9K: four figures, no chance match
            found.add(fmt.money(v))
    return found


def metrics_json(data: Path, customer: str, quarter: str = "2023Q4") -> dict[str, Any]:
    result = CliRunner().invoke(
        main, ["metrics", "--data", str(data), "--customer", customer, "--quarter", quarter, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def assert_nothing_internal(deck: Path, metrics: dict[str, Any], lang: str) -> None:
    values = internal_values(metrics, lang)
    for part, text in part_texts(deck).items():
        word = INTERNAL_WORDS.search(text)
        assert word is None, f"{deck.name} {part}: {text[max(0, word.start() - 30) : word.end() + 30]!r}"
        leaked = [v for v in values if v in text]
        assert not leaked, f"{deck.name} {part}: {leaked}"


@pytest.fixture(scope="module")
def second_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another generator, other names, unknown costs on some lines: a data set nothing was tuned on."""
    out = tmp_path_factory.mktemp("second")
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sample_data.py"), "--scale-customers", "40",
         "--scale-lines", "20000", "--out", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    return out


def key_accounts(data: Path) -> list[str]:
    result = CliRunner().invoke(main, ["accounts", "--data", str(data), "--quarter", "2023Q4", "--format", "json"])
    return [d["customer_id"] for d in json.loads(result.output) if d["key_account"]]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_customer_deck_carries_an_internal_word_or_figure_on_the_sample(tmp_path: Path, lang: str) -> None:
    for customer in key_accounts(SAMPLE):
        result = build_deck(BuildRequest(SAMPLE, customer, Q4, out_dir=tmp_path, lang=lang, today=TODAY,
                                         audience="customer"))  # fmt: skip
        assert_nothing_internal(result.written[0].path, metrics_json(SAMPLE, customer), lang)


@pytest.mark.slow
def test_no_customer_deck_carries_an_internal_word_or_figure_on_a_second_data_set(
    tmp_path: Path, second_data: Path
) -> None:
    customers = key_accounts(second_data)
    assert len(customers) >= 5
    for customer in customers:
        for lang in ("zh", "en"):
            result = build_deck(BuildRequest(second_data, customer, Q4, out_dir=tmp_path, lang=lang, today=TODAY,
                                             audience="customer"))  # fmt: skip
            assert_nothing_internal(result.written[0].path, metrics_json(second_data, customer), lang)


def test_the_scan_finds_what_it_looks_for(tmp_path: Path) -> None:
    """The brief carries exactly what the customer deck must not: the scan must catch it there."""
    result = build_deck(BuildRequest(SAMPLE, "CNPC", Q4, out_dir=tmp_path, today=TODAY, audience="owner"))
    texts = " ".join(part_texts(result.written[0].path).values())
    assert INTERNAL_WORDS.search(texts)
    metrics = metrics_json(SAMPLE, "CNPC")
    assert Formatter("zh").money(metrics["kpi"]["gross_profit"]) in texts


def test_the_customer_view_is_an_allow_list() -> None:
    ctx: dict[str, Any] = {
        "kpi": {name: 1.0 for name in KPI_NAMES},
        "customer": {"customer_id": "C", "name": "N", "channel": "special", "channel_label": "特殊渠道",
                     "rank": 3, "share": 0.08, "key_account_reason": "margin 21% >= 5%"},
        "activities": [{"activity_id": "A", "name": "x", "sales_roi": 1.2, "profit_roi": 0.3}],
        "promoter_rows": [{"promoter": "何婷", "store": "S", "days": 10, "cost": 2800.0}],
        "charts": {"sales_compare": {}, "profit_bridge": {}, "activity_A": {}},
        "report": {"date": "2024-01-08", "version": "0.1.0"},
        "anything_new": {"secret": 1},
    }  # fmt: skip
    view = customer_view(ctx)
    # what the owner keeps: every KPI not listed, by the KPI table's names
    assert set(KPI_NAMES) - set(view["kpi"]) == {
        "gross_profit", "gross_margin", "contribution", "contribution_margin", "promoter_cost_per_day", "rank",
        "share", "gross_profit_known", "cost_known_share",
    }  # fmt: skip
    assert set(view["customer"]) == {"customer_id", "name"}
    assert view["activities"] == [{"activity_id": "A", "name": "x", "sales_roi": 1.2}]
    assert view["promoter_rows"] == [{"store": "S", "days": 10}]  # neither a name nor their pay
    assert set(view["charts"]) == {"sales_compare", "activity_A"}
    assert view["report"] == {"date": "2024-01-08"}
    assert "anything_new" not in view  # a key added later stays out until someone lists it
    assert ctx["activities"][0]["profit_roi"] == 0.3  # the owner's context is untouched
    assert set(CUSTOMER_KPIS) <= set(KPI_NAMES)


def test_template_vars_per_audience() -> None:
    assert not visible("kpi.gross_margin", "customer") and visible("kpi.gross_margin", "owner")
    assert visible("kpi.sales", "customer") and not visible("charts.profit_bridge", "customer")
    runner = CliRunner()
    customer = runner.invoke(main, ["template", "vars", "--audience", "customer", "--data", "no-such-folder"])
    owner = runner.invoke(main, ["template", "vars", "--audience", "owner", "--data", "no-such-folder"])
    assert customer.exit_code == 0 and owner.exit_code == 0
    assert "kpi.sales " in customer.output and "kpi.gross_margin" not in customer.output
    assert "kpi.gross_margin" in owner.output and "brief.asks" in owner.output


def test_a_customer_template_asking_for_our_margin_is_refused(tmp_path: Path) -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(1))
    box.name = "margin box"
    box.text_frame.text = "毛利率 {{ kpi.gross_margin | pct }}"
    template = tmp_path / "mine.pptx"
    prs.save(str(template))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [
        "build", "--customer", "CNPC", "--quarter", "2023Q4", "--data", str(SAMPLE), "--out", str(out),
        "--template", str(template), "--audience", "customer",
    ])  # fmt: skip
    assert result.exit_code == 2
    assert "slide 1" in result.output and "margin box" in result.output and "gross_margin" in result.output
    assert not out.exists() or not any(out.rglob("*.pptx"))


def test_one_build_writes_both_decks_per_language_without_pushing_either_aside(tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["build", "--customer", "SP-002", "--quarter", "2023Q4", "--data", str(SAMPLE), "--out", str(tmp_path)]
    assert runner.invoke(main, base).exit_code == 0
    assert runner.invoke(main, [*base, "--lang", "en"]).exit_code == 0
    names = sorted(p.name for p in (tmp_path / "2023Q4").iterdir())
    assert names == ["SP-002_2023Q4_QBR.pptx", "SP-002_2023Q4_QBR_en.pptx", "SP-002_2023Q4_brief.pptx",
                     "SP-002_2023Q4_brief_en.pptx"]  # fmt: skip
    only = tmp_path / "only"
    assert runner.invoke(main, [*base[:-1], str(only), "--audience", "owner"]).exit_code == 0
    assert [p.name for p in (only / "2023Q4").iterdir()] == ["SP-002_2023Q4_brief.pptx"]


def _slide_text(slide: Any) -> str:
    parts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    parts += [c.text for s in slide.shapes if getattr(s, "has_table", False) and s.has_table
              for row in s.table.rows for c in row.cells]  # fmt: skip
    return "\n".join(parts)


def test_the_briefs_figures_equal_the_metrics_json(tmp_path: Path) -> None:
    result = build_deck(BuildRequest(SAMPLE, "CNPC", Q4, out_dir=tmp_path, today=TODAY, audience="owner"))
    prs = Presentation(str(result.written[0].path))
    assert 3 <= len(prs.slides) <= 6
    m = metrics_json(SAMPLE, "CNPC")
    k, fmt = m["kpi"], Formatter("zh")
    pnl = _slide_text(prs.slides[0])
    for name in ("sales", "gross_profit", "investment", "contribution", "promoter_cost_per_day"):
        assert fmt.money(k[name]) in pnl, name
    for name in ("gross_margin", "expense_ratio", "contribution_margin"):
        assert fmt.pct(k[name]) in pnl, name
    for a in m["activities"]:
        assert fmt.num(a["profit_roi"], 2) in pnl and fmt.num(a["sales_roi"], 2) in pnl
    ar = _slide_text(prs.slides[1])
    assert fmt.money(k["ar_overdue"]) in ar and fmt.money(m["ar_aging"]["over_90"]) in ar
    # next quarter: basis x this quarter's ratios
    o = m["outlook"]
    basis = o["target"] if o["target"] is not None else k["sales"]
    last = _slide_text(prs.slides[-1])
    assert fmt.money(basis * k["expense_ratio"]) in last and fmt.money(basis * k["gross_margin"]) in last
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide)
    assert "你们毛利不低，能不能降价？" in notes  # the talking points the customer deck no longer holds


def test_the_brief_lists_asks_and_pushbacks_with_their_figures(tmp_path: Path) -> None:
    result = build_deck(BuildRequest(SAMPLE, "CNPC", Q4, out_dir=tmp_path, today=TODAY, audience="owner"))
    text = _slide_text(Presentation(str(result.written[0].path)).slides[2])
    k = metrics_json(SAMPLE, "CNPC")["kpi"]
    fmt = Formatter("zh")
    assert "你们毛利不低，能不能降价？" in text and fmt.money(k["investment"]) in text
    # the answer prices one point of price for the owner: 1% of sales, and never quotes our margin to say
    assert f"降价1个点即让利{fmt.money(k['sales'] * 0.01)}" in text and fmt.pct(k["gross_margin"]) not in text
    # the plan note asks for the overdue, so the receivables slide's own ask is not repeated
    assert "支付逾期款项" in text and "结清逾期应收" not in text


def test_the_customers_words_never_judge_our_spend_and_read_as_a_plain_q_and_a() -> None:
    from qbr.commentary import commentary

    activity = {"activity_id": "A1", "name": "中秋堆头", "days": 10, "cost": 20_000.0, "baseline_daily": 1_000.0,
                "actual_daily": 1_500.0, "uplift": 0.5, "incremental_sales": 5_000.0, "sales_roi": 0.25}  # fmt: skip
    ctx = {"kpi": {"sales": 100_000.0, "investment": 20_000.0, "support": 20_000.0, "expense_ratio": 0.2},
           "activities": [activity]}  # fmt: skip
    fmt = Formatter("zh")
    owner = commentary(ctx, "zh", fmt, "owner")
    customer = commentary(ctx, "zh", fmt, "customer")
    # incremental 5,000 against a 20,000 cost: the owner is told it did not pay; the customer what it achieved.
    # One unit per sentence: 5,000 reads in the 万 of the larger 20,000 (5,000 / 10,000 = 0.5)
    assert owner["activity_titles"]["A1"] == "中秋堆头增量销售¥0.5万，低于活动费用¥2.0万（投入产出比0.25）"
    assert customer["activity_titles"]["A1"] == "中秋堆头日均销售提升50.0%，增量销售¥5,000"
    notes = customer["activity_notes"]["A1"]
    assert "问：" in notes and "答：" in notes and "客户可能问" not in notes and "我方诉求" not in notes
    assert "我方诉求" in owner["activity_notes"]["A1"]
    assert "profit" not in customer["titles"] and "brief" not in customer


def test_the_customers_summary_bullet_about_an_activity_does_not_judge_our_spend_either() -> None:
    from qbr.commentary import commentary

    activity = {"activity_id": "A1", "name": "中秋堆头", "days": 10, "cost": 20_000.0, "baseline_daily": 1_000.0,
                "actual_daily": 1_500.0, "uplift": 0.5, "incremental_sales": 5_000.0, "sales_roi": 0.25}  # fmt: skip
    ctx = {"kpi": {"sales": 100_000.0, "investment": 20_000.0, "support": 20_000.0, "expense_ratio": 0.2},
           "activities": [activity]}  # fmt: skip
    said = commentary(ctx, "zh", Formatter("zh"), "customer")
    text = " ".join([*said["summary"], *said["titles"].values()])
    assert "中秋堆头日均销售提升50.0%，增量销售¥5,000" in text
    assert "低于活动费用" not in text


@pytest.mark.parametrize(("peers", "shown"), [(2, False), (4, False), (5, True)])
def test_the_customer_sees_what_comes_from_peers_only_over_five_peers_and_never_their_sales(
    peers: int, shown: bool
) -> None:
    row = {"category": "粮油", "sales": 100.0, "share": 0.3, "peer_median_share": 0.5, "opportunity": 20.0,
           "material_opportunity": 20.0, "best_peer": "汇润隆", "best_peer_share": 0.6}  # fmt: skip
    gap = {
        "sku": "P9",
        "name": "山茶油礼盒",
        "category": "粮油",
        "peers": 2,
        "peer_count": peers,
        "peer_sales": 72_000.0,
    }
    ctx: dict[str, Any] = {
        "benchmark": [row], "benchmark_shown": [row], "benchmark_table": [row], "benchmark_opportunity": 20.0,
        "benchmark_peers": peers, "has": {"benchmark": True, "sellout": True},
        "distribution": {"stores": 3, "store_gaps": [{"store_id": "S1"}], "listing_gaps": [gap],
                         "listing_gaps_shown": [gap]},
    }  # fmt: skip
    view = customer_view(ctx)
    assert view["has"] == {"benchmark": shown, "sellout": True}
    assert bool(view["benchmark_shown"]) is shown and bool(view["benchmark_table"]) is shown
    assert view["benchmark_opportunity"] == (20.0 if shown else 0.0)
    if shown:
        assert "best_peer" not in view["benchmark"][0] and view["benchmark"][0]["best_peer_share"] == 0.6
    expected = [{k: v for k, v in gap.items() if k != "peer_sales"}] if shown else []
    assert view["distribution"]["listing_gaps"] == expected and view["distribution"]["listing_gaps_shown"] == expected
    assert view["distribution"]["store_gaps"] == [{"store_id": "S1"}]  # the account's own stores, always
    # the brief keeps all of it
    assert ctx["has"]["benchmark"] is True and ctx["benchmark_shown"] == [row]
    assert ctx["distribution"]["listing_gaps"] == [gap]


def test_no_sample_account_has_five_peers_so_no_customer_deck_shows_a_benchmark() -> None:
    # sample 2023Q4 key accounts (`qbr accounts`): modern KA-001, KA-002, KA-003; traditional
    # TR-001, TR-002, TR-003, TR-018: KA-001 has 2 peers, TR-001 has 3
    assert metrics_json(SAMPLE, "KA-001")["benchmark_peers"] == 2
    assert metrics_json(SAMPLE, "TR-001")["benchmark_peers"] == 3
    from qbr.context.build import build_context
    from qbr.metrics import customer_metrics, engine_for
    from qbr.pipeline import load_data

    settings, dataset = load_data(SAMPLE)
    engine = engine_for(dataset, settings)
    has = {
        (cid, audience): build_context(engine, customer_metrics(engine, cid, Q4), settings, "zh", TODAY, audience)[
            "has"
        ]["benchmark"]
        for cid in ("KA-001", "TR-001")
        for audience in ("customer", "owner")
    }
    assert has == {
        ("KA-001", "customer"): False,
        ("KA-001", "owner"): True,
        ("TR-001", "customer"): False,
        ("TR-001", "owner"): True,
    }


def test_the_invoice_table_says_when_it_lists_only_the_oldest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import qbr.context.build as context_build

    monkeypatch.setattr(context_build, "OVERDUE_LISTED", 3)
    m = metrics_json(SAMPLE, "CNPC")
    overdue = sum(1 for i in m["open_invoices"] if i["days_past_due"] > 0)  # 7 in the sample
    result = build_deck(BuildRequest(SAMPLE, "CNPC", Q4, out_dir=tmp_path, today=TODAY))
    texts = [
        _slide_text(s) for p in (result.written[0].path, result.written[1].path) for s in Presentation(str(p)).slides
    ]
    money = Formatter("zh").money(m["kpi"]["ar_overdue"])
    assert any(f"逾期发票：逾期最久的 3 张（共 {overdue} 张，合计 {money}）" in t for t in texts)  # the customer's
    assert any(f"优先催收的发票：逾期最久的 3 张（共 {overdue} 张，合计 {money}）" in t for t in texts)  # the brief's
