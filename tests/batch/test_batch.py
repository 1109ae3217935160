"""`qbr build --all` and its narrowed forms on the sample data: a deck for every key account, the
run manifest, the portfolio overview (values = the metrics, totals recomputed from sums), one
failing account that does not stop the others, earlier decks kept on a re-run, exit statuses.

Runs use --jobs 2 where parallelism is the point and --jobs 1 (in-process) elsewhere, narrowed to
the four special-channel accounts when all 16 key accounts are not needed.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook
from pptx import Presentation
from pptx.util import Inches

from qbr.batch.overview import OverviewRow, portfolio_totals
from qbr.cli import main
from qbr.formatting import Formatter
from qbr.metrics import compute_metrics
from qbr.metrics.accounts import key_accounts
from qbr.pipeline import load_data
from qbr.quarter import Quarter
from tests.conftest import ROOT

SAMPLE = ROOT / "sample_data"
TEMPLATE = ROOT / "templates" / "qbr_zh.pptx"
Q4 = Quarter(2023, 4)
SPECIAL = ["CNPC", "SP-001", "SP-003", "SP-002"]  # the special channel's key accounts, largest first


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["build", "--quarter", "2023Q4", "--data", str(SAMPLE), *args])


def manifest_of(out: Path) -> dict[str, Any]:
    return json.loads((out / "2023Q4" / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample() -> tuple[Any, Any]:
    return load_data(SAMPLE)


@pytest.fixture(scope="module")
def full_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """Every key account of 2023Q4, two jobs (about 8 s on two cores)."""
    out = tmp_path_factory.mktemp("out")
    return out, run("--all", "--jobs", "2", "--out", str(out))


@pytest.fixture(scope="module")
def failing_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zh template plus a text box that errors only for a customer without a target."""
    prs = Presentation(str(TEMPLATE))
    # on the executive summary, which every deck has (the commitments slide before it may drop)
    summary = next(s for s in prs.slides if s.shapes.title is not None and "titles.summary" in s.shapes.title.text)
    box = summary.shapes.add_textbox(Inches(1), Inches(1), Inches(3), Inches(1))
    box.name = "Double target"
    box.text_frame.text = "{{ (kpi.target * 2)|money }}"
    path = tmp_path_factory.mktemp("tpl") / "qbr_bad.pptx"
    prs.save(str(path))
    return path


# --- a full batch ---------------------------------------------------------------------------------


def test_every_key_account_gets_a_deck_that_reopens(full_run: tuple[Path, Result], sample: Any) -> None:
    out, result = full_run
    assert result.exit_code == 0, result.output
    settings, dataset = sample
    expected = {d.customer_id for d in key_accounts(dataset, settings, Q4) if d.key_account}
    assert len(expected) == 16
    decks = {p.name for p in (out / "2023Q4").glob("*_2023Q4_QBR.pptx")}
    assert decks == {f"{cid}_2023Q4_QBR.pptx" for cid in expected}
    briefs = {p.name for p in (out / "2023Q4").glob("*_2023Q4_brief.pptx")}
    assert briefs == {f"{cid}_2023Q4_brief.pptx" for cid in expected}
    for name in decks:
        # cover, agenda, summary, sales, monthly, SKUs, movers, plan, appendix; the rest only with content
        assert len(Presentation(str(out / "2023Q4" / name)).slides) >= 9
    for name in briefs:
        # P&L, receivables, asks, what went wrong, next quarter; plus plan vs actual and the benchmark
        # when the account has them
        assert 5 <= len(Presentation(str(out / "2023Q4" / name)).slides) <= 7
    assert "16 of 16 decks built" in result.output


def test_the_owners_portfolio_deck_says_how_much_the_key_accounts_carry(
    full_run: tuple[Path, Result], sample: Any
) -> None:
    out, result = full_run
    path = out / "2023Q4" / "portfolio_2023Q4.pptx"
    assert f"wrote {path}" in result.output
    # independently: every customer's 2023Q4 sales straight from the CSV, and the key accounts' part
    import pandas as pd

    sales = pd.read_csv(SAMPLE / "sales.csv", dtype={"customer_id": str})
    day = pd.to_datetime(sales["date"])
    q4 = sales[(day >= "2023-10-01") & (day <= "2023-12-31")].groupby("customer_id")["amount"].sum()
    settings, dataset = sample
    keys = {d.customer_id for d in key_accounts(dataset, settings, Q4) if d.key_account}
    positive = q4[q4 > 0]
    share, count_share = positive[list(keys)].sum() / positive.sum(), len(keys) / len(positive)
    fmt = Formatter("zh")
    title = Presentation(str(path)).slides[0].shapes.title.text_frame.text
    assert title == f"{len(keys)}家核心客户（占有销售客户的{fmt.pct(count_share)}）贡献了{fmt.pct(share)}的销售额"
    assert manifest_of(out)["portfolio"] == "portfolio_2023Q4.pptx"


def test_the_portfolio_lists_the_customers_outside_the_key_accounts_that_outsell_one(
    full_run: tuple[Path, Result], sample: Any
) -> None:
    out, _ = full_run
    import pandas as pd

    # independently: 2023Q4 sales from the CSV; the customers outside the key accounts that sold more
    # than the smallest key account
    sales = pd.read_csv(SAMPLE / "sales.csv", dtype={"customer_id": str})
    day = pd.to_datetime(sales["date"])
    q4 = sales[(day >= "2023-10-01") & (day <= "2023-12-31")].groupby("customer_id")["amount"].sum()
    settings, dataset = sample
    keys = {d.customer_id for d in key_accounts(dataset, settings, Q4) if d.key_account}
    larger = q4[(~q4.index.isin(keys)) & (q4 > q4[list(keys)].min())].sort_values(ascending=False)
    names = pd.read_csv(SAMPLE / "customers.csv", dtype=str).set_index("customer_id")["name"]
    slide = Presentation(str(out / "2023Q4" / "portfolio_2023Q4.pptx")).slides[-1]
    fmt = Formatter("zh")
    title = slide.shapes.title.text_frame.text.replace("\n", "").replace("\x0b", "")  # the title's own breaks
    assert title == (
        f"{len(larger)}家客户未列为核心客户，销售额却高于最小的核心客户，"
        f"最大的是{names[larger.index[0]]}（{fmt.money(larger.iloc[0])}）"
    )
    table = next(s for s in slide.shapes if s.has_table).table
    rows = [[c.text for c in r.cells] for r in list(table.rows)[1:]]
    assert [r[0] for r in rows] == [names[c] for c in larger.index[:10]]  # the ten largest
    # 万众佳超市 (KA-004) is marked "no" in the customers table; the 6th of the modern channel is left
    # out by modern_top = 5
    customers = pd.read_csv(SAMPLE / "customers.csv", dtype=str).set_index("customer_id")
    first = larger.index[0]
    if str(customers.at[first, "key_account"]).strip().lower() == "no":
        assert rows[0][4] == "客户表 key_account 标为 no"
    assert any(r[4] == "现代渠道第6名，规则取前5名" for r in rows)


def test_summary_table_lists_each_account_with_status_file_and_figures(full_run: tuple[Path, Result]) -> None:
    _, result = full_run
    line = next(ln for ln in result.output.splitlines() if ln.startswith("CNPC "))
    assert "built" in line and "CNPC_2023Q4_QBR.pptx" in line
    assert "¥2,791,208" in line and "+25.8%" in line  # sales and YoY of sample_data/README.md
    header = next(ln for ln in result.output.splitlines() if ln.startswith("customer "))
    assert header.split() == ["customer", "status", "file", "sales", "YoY", "attainment", "time"]


def test_manifest_records_version_template_data_settings_and_each_account(
    full_run: tuple[Path, Result], sample: Any
) -> None:
    out, _ = full_run
    m = manifest_of(out)
    assert m["qbr_version"] == "0.1.0"
    assert m["quarter"] == "2023Q4"
    assert m["templates"]["customer"]["file"].endswith("qbr_zh.pptx")
    assert m["templates"]["customer"]["sha256"] == hashlib.sha256(TEMPLATE.read_bytes()).hexdigest()
    assert m["templates"]["owner"]["file"].endswith("brief_zh.pptx")
    assert m["data"]["folder"] == str(SAMPLE.resolve())
    assert m["data"]["cutoff"] == "2023-12-31"
    assert m["settings"]["language"] == "zh"
    assert m["settings"]["key_accounts"]["min_margin"] == 0.05
    assert m["settings"]["key_accounts"]["modern_top"] == 5
    assert m["started"] <= m["finished"]
    assert m["jobs"] == 2
    assert m["summary"] == {"accounts": 16, "built": 16, "failed": 0}
    sales = [c["figures"]["sales"] for c in m["customers"]]
    assert sales == sorted(sales, reverse=True)
    settings, dataset = sample
    cnpc = next(c for c in m["customers"] if c["customer_id"] == "CNPC")
    assert cnpc["status"] == "built" and cnpc["error"] is None
    assert [d["audience"] for d in cnpc["decks"]] == ["customer", "owner"]
    assert [d["file"] for d in cnpc["decks"]] == ["CNPC_2023Q4_QBR.pptx", "CNPC_2023Q4_brief.pptx"]
    for d in cnpc["decks"]:
        assert d["kept_earlier"] is None
        assert hashlib.sha256((out / "2023Q4" / d["file"]).read_bytes()).hexdigest() == d["sha256"]
    assert cnpc["reason"].startswith("key account: special channel")
    expected = compute_metrics(dataset, settings, "CNPC", Q4)
    for name in ("sales", "yoy", "attainment", "gross_margin", "expense_ratio", "ar_overdue"):
        assert cnpc["figures"][name] == pytest.approx(getattr(expected, name)), name


def _sheet_rows(path: Path) -> tuple[Any, list[tuple[Any, ...]]]:
    ws = load_workbook(path).worksheets[0]
    return ws, list(ws.iter_rows(values_only=True))


def test_overview_values_equal_the_metrics_and_totals_are_recomputed_from_sums(
    full_run: tuple[Path, Result], sample: Any
) -> None:
    out, _ = full_run
    _, rows = _sheet_rows(out / "2023Q4" / "key_accounts_2023Q4.xlsx")
    header, body, total = rows[0], rows[1:-1], rows[-1]
    assert header[:6] == ("客户编码", "客户名称", "渠道", "销售额", "环比", "同比")
    col = {h: i for i, h in enumerate(header)}
    by_id = {r[0]: r for r in body}
    assert len(body) == 16
    settings, dataset = sample
    for cid in ("CNPC", "FR-003"):  # FR-003 has no 2023Q4 target: attainment is blank
        m = compute_metrics(dataset, settings, cid, Q4)
        row = by_id[cid]
        for head, name in [
            ("销售额", "sales"),
            ("环比", "qoq"),
            ("同比", "yoy"),
            ("目标", "target"),
            ("目标达成率", "attainment"),
            ("毛利率", "gross_margin"),
            ("费用投入", "investment"),
            ("费用率", "expense_ratio"),
            ("逾期应收", "ar_overdue"),
        ]:
            value = getattr(m, name)
            assert row[col[head]] == (None if value is None else pytest.approx(value)), (cid, name)
        assert row[col["入选原因"]] == m.key_account_reason
    assert by_id["FR-003"][col["目标达成率"]] is None
    # sorted by sales, largest first
    sales = [r[col["销售额"]] for r in body]
    assert sales == sorted(sales, reverse=True)
    # totals by hand from the rows: money summed; ratios from the sums
    assert total[0] == "合计（16户）"
    total_sales = sum(sales)
    total_investment = sum(r[col["费用投入"]] for r in body)
    assert total[col["销售额"]] == pytest.approx(total_sales)
    assert total[col["费用投入"]] == pytest.approx(total_investment)
    assert total[col["费用率"]] == pytest.approx(total_investment / total_sales)
    assert total[col["逾期应收"]] == pytest.approx(sum(r[col["逾期应收"]] for r in body))
    # sales_ly = sales / (1 + yoy) per account (every key account had sales a year before)
    sales_ly = sum(r[col["销售额"]] / (1 + r[col["同比"]]) for r in body)
    assert total[col["同比"]] == pytest.approx(total_sales / sales_ly - 1)
    average_of_ratios = sum(r[col["同比"]] for r in body) / len(body)
    assert not math.isclose(total[col["同比"]], average_of_ratios, rel_tol=1e-3)
    # unknown components: FR-003 and SP-002 have no target; FR-002 and SP-001 lines of unknown cost
    assert total[col["目标"]] is None and total[col["目标达成率"]] is None
    assert total[col["毛利"]] is None and total[col["毛利率"]] is None


def test_overview_is_formatted_for_excel(full_run: tuple[Path, Result]) -> None:
    out, _ = full_run
    ws, rows = _sheet_rows(out / "2023Q4" / "key_accounts_2023Q4.xlsx")
    header = rows[0]
    money = header.index("销售额") + 1
    pct = header.index("同比") + 1
    assert ws.cell(2, money).number_format.startswith("¥#,##0")
    assert ws.cell(len(rows), money).number_format.startswith("¥#,##0")  # totals row too
    assert ws.cell(2, pct).number_format == "0.0%"
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:O{len(rows) - 1}"  # accounts only: the totals row stays last
    assert ws.column_dimensions["B"].width > 20  # Chinese names are wide


def test_portfolio_totals_are_sums_and_ratios_of_sums_with_unknown_as_none() -> None:
    def row(cid: str, **figures: float | None) -> OverviewRow:
        return OverviewRow(cid, cid, "modern", "", "built", None, None, figures)

    base = {"sales_prev": 100.0, "sales_ly": 50.0, "investment": 10.0, "ar_overdue": 0.0}
    a = row("A", sales=100.0, target=200.0, gross_profit=20.0, **base)
    b = row("B", sales=300.0, target=100.0, gross_profit=None, **base)
    t = portfolio_totals([a, b])
    assert t["sales"] == 400.0
    assert t["attainment"] == pytest.approx(400 / 300)  # not (0.5 + 3.0) / 2
    assert t["yoy"] == pytest.approx(400 / 100 - 1)
    assert t["qoq"] == pytest.approx(400 / 200 - 1)
    assert t["expense_ratio"] == pytest.approx(20 / 400)
    assert t["gross_profit"] is None and t["gross_margin"] is None  # B's cost is unknown


# --- failures -------------------------------------------------------------------------------------


def test_a_failing_account_is_reported_and_the_others_are_built(tmp_path: Path, failing_template: Path) -> None:
    result = run("--channel", "special", "--jobs", "2", "--out", str(tmp_path), "--template", str(failing_template))
    assert result.exit_code == 1, result.output
    folder = tmp_path / "2023Q4"
    # SP-002 has no target; the other special accounts have one
    for cid in ("CNPC", "SP-001", "SP-003"):
        assert (folder / f"{cid}_2023Q4_QBR.pptx").is_file()
    assert not (folder / "SP-002_2023Q4_QBR.pptx").exists()
    assert "SP-002 failed:" in result.output and 'shape "Double target"' in result.output
    m = manifest_of(tmp_path)
    assert m["summary"] == {"accounts": 4, "built": 3, "failed": 1}
    sp2 = next(c for c in m["customers"] if c["customer_id"] == "SP-002")
    assert sp2["status"] == "failed" and sp2["decks"] == []  # neither deck: the brief waits for the deck
    assert not (folder / "SP-002_2023Q4_brief.pptx").exists()
    assert "Double target" in sp2["error"] and "TypeError" in sp2["error"]
    assert sp2["figures"]["sales"] > 0  # its metrics worked; the template did not
    _, rows = _sheet_rows(folder / "key_accounts_2023Q4.xlsx")
    deck_cell = next(r for r in rows if r[0] == "SP-002")[-1]
    assert deck_cell.startswith("失败")


def test_an_unexpected_exception_is_recorded_with_its_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import qbr.pipeline

    real = qbr.pipeline.account_decks

    def render(engine: Any, settings: Any, decks: Any, metrics: Any, lang: str, today: Any) -> dict[str, bytes]:
        if metrics.customer_id == "SP-001":
            raise ZeroDivisionError("boom")
        return real(engine, settings, decks, metrics, lang, today)

    monkeypatch.setattr(qbr.pipeline, "account_decks", render)
    result = run("--customers", "SP-001,SP-002", "--jobs", "1", "--out", str(tmp_path))
    assert result.exit_code == 1
    m = manifest_of(tmp_path)
    sp1 = next(c for c in m["customers"] if c["customer_id"] == "SP-001")
    assert sp1["error"] == "ZeroDivisionError: boom"
    assert "Traceback" in sp1["traceback"]
    assert (tmp_path / "2023Q4" / "SP-002_2023Q4_QBR.pptx").is_file()


def test_a_template_that_does_not_parse_stops_everything_with_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pptx"
    bad.write_text("not a zip")
    result = run("--all", "--out", str(tmp_path / "out"), "--template", str(bad))
    assert result.exit_code == 2
    assert "not a PowerPoint" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--customer", "CNPC", "--all"], "--customer builds one deck"),
        ([], "--all for every key account"),
        (["--customers", "NOPE,CNPC"], '"NOPE" is not in the customers table'),
        (["--customers", "KA-004"], "KA-004 is not a key account for 2023Q4"),
        (["--customers", "KA-001", "--channel", "special"], "KA-001 is in the modern channel"),
        (["--customer", "CNPC", "--jobs", "2"], "--jobs applies to a batch"),
    ],
)
def test_bad_selections_exit_2_and_say_why(tmp_path: Path, args: list[str], message: str) -> None:
    result = run(*args, "--out", str(tmp_path))
    assert result.exit_code == 2
    assert message in result.output
    assert not any(tmp_path.iterdir())


# --- re-runs --------------------------------------------------------------------------------------


def test_a_rerun_keeps_earlier_decks_and_the_overview_and_says_what_changed(tmp_path: Path) -> None:
    first = run("--customers", "SP-002,SP-003", "--jobs", "1", "--out", str(tmp_path))
    assert first.exit_code == 0, first.output
    folder = tmp_path / "2023Q4"
    deck = folder / "SP-002_2023Q4_QBR.pptx"
    edited = deck.read_bytes() + b"owner's edit"  # stands for a deck the owner changed by hand
    deck.write_bytes(edited)
    overview_before = (folder / "key_accounts_2023Q4.xlsx").read_bytes()
    # pretend the previous run saw other figures for SP-003
    m = manifest_of(tmp_path)
    m["customers"][1 if m["customers"][1]["customer_id"] == "SP-003" else 0]["figures"]["sales"] = 1.0
    (folder / "manifest.json").write_text(json.dumps(m), encoding="utf-8")

    second = run("--customers", "SP-002,SP-003", "--jobs", "1", "--out", str(tmp_path))
    assert second.exit_code == 0, second.output
    m2 = manifest_of(tmp_path)
    sp2 = next(c for c in m2["customers"] if c["customer_id"] == "SP-002")
    kept = folder / sp2["decks"][0]["kept_earlier"]
    assert kept != deck and kept.read_bytes() == edited
    assert deck.read_bytes() != edited
    kept_overviews = [p for p in folder.glob("key_accounts_2023Q4.*.xlsx")]
    assert len(kept_overviews) == 1 and kept_overviews[0].read_bytes() == overview_before
    assert "changed since the last run" in second.output
    assert "SP-003: sales ¥1 -> ¥328,273" in second.output
    assert "SP-002:" not in second.output


def test_force_replaces_earlier_decks(tmp_path: Path) -> None:
    for _ in range(2):
        result = run("--customers", "SP-002", "--jobs", "1", "--force", "--out", str(tmp_path))
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "2023Q4").iterdir()) == [
        "SP-002_2023Q4_QBR.pptx",
        "SP-002_2023Q4_brief.pptx",
        "key_accounts_2023Q4.xlsx",
        "manifest.json",
        "portfolio_2023Q4.pptx",
    ]
    assert [d["replaced_earlier"] for d in manifest_of(tmp_path)["customers"][0]["decks"]] == [True, True]


def test_spawned_workers_build_the_same_decks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The start method of Windows and macOS: workers get the data pickled and parse the template."""
    monkeypatch.setenv("QBR_START_METHOD", "spawn")
    result = run("--customers", "SP-002,SP-003", "--jobs", "2", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert [c["status"] for c in manifest_of(tmp_path)["customers"]] == ["built", "built"]
