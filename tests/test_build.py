"""`qbr build` end to end on the sample data: the deck reopens, holds the right figures, drops and
repeats the right slides, leaves no tag behind, is valid OOXML and renders in LibreOffice.

Expected figures are computed here straight from the sample CSVs with pandas (an independent route
from qbr's loader and metrics engine), then formatted with the deck's Formatter.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.oxml.ns import qn

from qbr.cli import main
from qbr.formatting import Formatter
from qbr.output import deck_path
from qbr.pipeline import BuildRequest, build_deck
from qbr.quarter import Quarter
from tests.conftest import ROOT
from tests.libreoffice import convert_to_pdf, needs_soffice, pdf_pages

SAMPLE = ROOT / "sample_data"
Q4 = Quarter(2023, 4)
TODAY = date(2024, 1, 8)
FIXED_SLIDES = 13  # cover, agenda, summary, sales, monthly, year, skus, movers, support, AR, alerts, plan, appendix


def csv(name: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLE / f"{name}.csv", dtype={"customer_id": str})


def in_q4(dates: pd.Series) -> pd.Series:
    d = pd.to_datetime(dates)
    return (d >= "2023-10-01") & (d <= "2023-12-31")


def metrics_json(data: Path, customer_id: str) -> dict[str, Any]:
    result = CliRunner().invoke(
        main, ["metrics", "--data", str(data), "--customer", customer_id, "--quarter", "2023Q4", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def expected_slides(customer_id: str) -> int:
    """Fixed slides + stores (more than one active store) + sell-out (rows in Q) + promoters (any day
    in Q) + activities."""
    sales = csv("sales")
    mine = sales[(sales.customer_id == customer_id) & in_q4(sales.date)]
    per_store = mine.groupby("store_id")["amount"].sum() if "store_id" in mine else pd.Series(dtype=float)
    stores = int((per_store > 0).sum()) > 1
    promoters = csv("promoters")
    p = promoters[promoters.customer_id == customer_id]
    has_promoters = bool(
        ((pd.to_datetime(p.start_date) <= "2023-12-31") & (pd.to_datetime(p.end_date) >= "2023-10-01")).any()
    )
    acts = csv("activities")
    n_acts = int(((acts.customer_id == customer_id) & in_q4(acts.start_date)).sum())
    sellout = csv("sellout")
    has_sellout = bool(((sellout.customer_id == customer_id) & in_q4(sellout.date)).any())
    notes = csv("notes")
    commitments = bool(
        ((notes.customer_id == customer_id) & (notes.quarter == "2023Q3") & (notes.section == "plan")).any()
    )
    # plan vs actual investment is the owner's brief's, not the customer's; peers and gaps are the
    # metrics' (pinned by tests/metrics/test_review.py): here they only count slides. The customer
    # sees what comes from peers only over 5 of them (qbr.context.audience.MIN_PEERS_SHOWN)
    m = metrics_json(SAMPLE, customer_id)
    peers = m["benchmark_peers"] >= 5
    review = commitments + bool(m["benchmark"] and peers)
    review += bool(m["distribution"]["store_gaps"] or (peers and m["distribution"]["listing_gaps"]))
    return FIXED_SLIDES + stores + has_sellout + has_promoters + n_acts + review


def _shape_texts(shapes: Any) -> list[str]:
    parts: list[str] = []
    for shape in shapes:
        if shape.shape_type == 6:  # group
            parts.extend(_shape_texts(shape.shapes))
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            parts.extend(c.text for row in shape.table.rows for c in row.cells)
    return parts


def deck_texts(path: Path) -> list[str]:
    """All text of each slide: shapes, groups, table cells and speaker notes."""
    out = []
    for slide in Presentation(str(path)).slides:
        parts = _shape_texts(slide.shapes)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
        out.append("\n".join(parts))
    return out


@pytest.fixture(scope="module")
def cnpc_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = build_deck(BuildRequest(SAMPLE, "CNPC", Q4, out_dir=out, today=TODAY, audience="customer"))
    return result.written[0].path


def test_deck_goes_to_out_quarter_customer_file(cnpc_deck: Path) -> None:
    assert cnpc_deck.name == "CNPC_2023Q4_QBR.pptx"
    assert cnpc_deck.parent.name == "2023Q4"


def test_cnpc_deck_has_one_slide_per_activity_and_its_optional_slides(cnpc_deck: Path) -> None:
    texts = deck_texts(cnpc_deck)
    assert len(texts) == expected_slides("CNPC")
    acts = csv("activities")
    names = acts[(acts.customer_id == "CNPC") & in_q4(acts.start_date)]["name"].tolist()
    for name in names:
        assert sum(name in t for t in texts) >= 1


def test_no_template_tag_is_left_in_the_deck(cnpc_deck: Path) -> None:
    for number, text in enumerate(deck_texts(cnpc_deck), start=1):
        assert "{{" not in text and "{%" not in text, (number, text)


def test_key_figures_match_an_independent_computation(cnpc_deck: Path) -> None:
    sales = csv("sales")
    cnpc = sales[sales.customer_id == "CNPC"]
    q4 = cnpc[in_q4(cnpc.date)]["amount"].sum()
    d = pd.to_datetime(cnpc.date)
    ly = cnpc[(d >= "2022-10-01") & (d <= "2022-12-31")]["amount"].sum()
    targets = csv("targets")
    target = targets[(targets.customer_id == "CNPC") & (targets.quarter == "2023Q4")]["target"].iloc[0]
    fmt = Formatter("zh")
    (summary,) = [t for t in deck_texts(cnpc_deck) if t.split("\n")[1:2] == ["执行摘要"]]
    assert fmt.money(q4) in summary
    assert fmt.delta(q4 / ly - 1, marked=False) in summary
    assert fmt.pct(q4 / target) in summary
    # the cover names the customer and the quarter
    cover = deck_texts(cnpc_deck)[0]
    customers = csv("customers")
    assert customers.set_index("customer_id").loc["CNPC", "name"] in cover
    assert "2023年第四季度" in cover


def test_every_chart_slot_is_filled_and_native_charts_carry_the_data(cnpc_deck: Path) -> None:
    prs = Presentation(str(cnpc_deck))
    named = [(s.name, s) for slide in prs.slides for s in slide.shapes if s.name.startswith("chart:")]
    assert named, "the default deck has chart slots"
    for name, shape in named:
        assert shape.has_chart or shape.shape_type == 13, f"{name} was not filled"  # 13 = picture
    aging = next(s for n, s in named if n == "chart:ar_aging").chart
    receivables = csv("receivables")
    r = receivables[(receivables.customer_id == "CNPC") & (pd.to_datetime(receivables.invoice_date) <= "2023-12-31")]
    paid = pd.to_datetime(r.paid_date) <= "2023-12-31"
    paid_amount = r.paid_amount.fillna(r.amount).where(r.paid_date.notna(), 0)
    outstanding = (r.amount - paid_amount.where(paid, 0)).sum()
    values = aging.plots[0].series[0].values
    assert sum(values) == pytest.approx(outstanding / 10_000, abs=0.01)  # 万元, rounded to 4 places each


def test_the_weekly_chart_is_native_with_the_alert_weeks_shaded(cnpc_deck: Path) -> None:
    prs = Presentation(str(cnpc_deck))
    slide = next(sl for sl in prs.slides if any(s.name == "chart:weekly_sales" for s in sl.shapes))
    chart = next(s for s in slide.shapes if s.name == "chart:weekly_sales").chart
    plots = {p._element.tag.split("}")[1]: p for p in chart.plots}
    sales_line, usual, band = (s for p in (plots["lineChart"], plots["barChart"]) for s in p.series)
    # each Monday-Sunday week whose Monday is in Q4, summed straight from sales.csv, in 万元
    sales = csv("sales")
    cnpc = sales[sales.customer_id == "CNPC"].assign(day=lambda f: pd.to_datetime(f.date))
    monday = cnpc.day - pd.to_timedelta(cnpc.day.dt.day_of_week, unit="D")
    weekly = cnpc.groupby(monday)["amount"].sum()
    mondays = pd.date_range("2023-10-02", "2023-12-25", freq="7D")
    assert list(sales_line.values) == pytest.approx([weekly.get(d, 0.0) / 10_000 for d in mondays], abs=1e-4)
    # the shaded weeks are the weeks of the alert table below the chart
    table = next(s for s in slide.shapes if s.has_table).table
    alert_days = [row.cells[0].text for row in list(table.rows)[1:]]
    shaded = [d for d, v in zip(mondays, band.values, strict=True) if v == v and v]  # NaN != NaN: a gap
    assert [f"{d.year}年{d.month}月{d.day}日" for d in shaded] == alert_days
    assert usual.format.line.dash_style == MSO_LINE_DASH_STYLE.DASH  # the template's style survives filling
    # on its own 0-1 axis, so a shaded week fills the plot's height
    band_axis = plots["barChart"]._element.findall(qn("c:axId"))[1].get("val")
    axis = next(
        a for a in chart._chartSpace.plotArea.findall(qn("c:valAx")) if a.find(qn("c:axId")).get("val") == band_axis
    )
    assert [axis.find(qn("c:scaling")).find(qn(t)).get("val") for t in ("c:min", "c:max")] == ["0", "1"]


def test_a_build_with_the_default_templates_does_not_import_matplotlib(tmp_path: Path) -> None:
    # every chart of the default deck and brief is native: the 0.3 s of matplotlib and its fonts is
    # paid only by a template that asks for a picture
    code = (
        "import sys\n"
        "from qbr.cli import main\n"
        f"main(['build', '--customer', 'CNPC', '--quarter', '2023Q4', '--data', {str(SAMPLE)!r}, "
        f"'--out', {str(tmp_path)!r}], standalone_mode=False)\n"
        "print('matplotlib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"
    assert len(list(tmp_path.glob("2023Q4/*.pptx"))) == 2


def test_deck_passes_openxml_audit(cnpc_deck: Path) -> None:
    audit = pytest.importorskip("openxml_audit")
    result = audit.validate_pptx(str(cnpc_deck))
    errors = getattr(result, "errors", result)
    assert not errors, errors[:5]


@needs_soffice
def test_libreoffice_renders_one_page_per_slide(cnpc_deck: Path, tmp_path: Path) -> None:
    convert_to_pdf([cnpc_deck], tmp_path)
    pdf = tmp_path / "CNPC_2023Q4_QBR.pdf"
    assert pdf.is_file()
    assert pdf_pages(pdf) == len(Presentation(str(cnpc_deck)).slides)


def _customer_without_promoters_and_activities() -> str:
    sales, promoters, acts = csv("sales"), csv("promoters"), csv("activities")
    with_sales = sales[in_q4(sales.date)].groupby("customer_id")["amount"].sum()
    busy = set(promoters.customer_id) | set(acts[in_q4(acts.start_date)].customer_id)
    candidates = [c for c in with_sales.sort_values(ascending=False).index if c not in busy]
    return candidates[0]


def test_english_deck_for_a_customer_without_promoters_or_activities(tmp_path: Path) -> None:
    customer = _customer_without_promoters_and_activities()
    result = build_deck(BuildRequest(SAMPLE, customer, Q4, out_dir=tmp_path, lang="en", today=TODAY))
    names = [w.path.name for w in result.written]
    assert names == [f"{customer}_2023Q4_QBR_en.pptx", f"{customer}_2023Q4_brief_en.pptx"]
    texts = deck_texts(result.written[0].path)
    assert len(texts) == expected_slides(customer)
    joined = "\n".join(texts)
    assert "Promoters" not in [t.splitlines()[0] for t in texts if t]
    assert "{{" not in joined and "Executive summary" in joined and "Q4 2023" in joined


def test_an_existing_deck_is_kept_aside_and_force_replaces_it(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["build", "--customer", "SP-002", "--quarter", "2023Q4", "--data", str(SAMPLE), "--out", str(tmp_path)]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    path = deck_path(tmp_path, "SP-002", "2023Q4")
    path.write_bytes(path.read_bytes() + b"")  # the owner's copy
    edited = b"owner edited this deck"
    path.write_bytes(edited)
    second = runner.invoke(main, args)
    assert second.exit_code == 0 and "kept the earlier deck as" in second.output
    kept = [p for p in path.parent.iterdir() if p.name.startswith("SP-002_2023Q4_QBR.") and p != path]
    assert len(kept) == 1 and kept[0].read_bytes() == edited
    third = runner.invoke(main, [*args, "--force"])
    assert third.exit_code == 0 and "replaced the earlier SP-002_2023Q4_QBR.pptx" in third.output
    assert len(list(path.parent.glob("SP-002_2023Q4_QBR.*.pptx"))) == 1


def test_a_deck_open_in_powerpoint_is_not_touched(tmp_path: Path) -> None:
    path = deck_path(tmp_path, "SP-002", "2023Q4")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"open deck")
    (path.parent / f"~${path.name}").write_bytes(b"lock")
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--customer",
            "SP-002",
            "--quarter",
            "2023Q4",
            "--data",
            str(SAMPLE),
            "--out",
            str(tmp_path),
            "--force",
        ],
    )
    assert result.exit_code == 2 and "is open in PowerPoint" in result.output
    assert path.read_bytes() == b"open deck"


def test_unknown_customer_is_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", "--customer", "NOPE", "--quarter", "2023Q4", "--data", str(SAMPLE), "--out", str(tmp_path)]
    )
    assert result.exit_code == 2 and 'unknown customer "NOPE"' in result.output
    assert not any(tmp_path.iterdir())


@needs_soffice
def test_pdf_is_written_beside_the_deck(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--customer",
            "SP-002",
            "--quarter",
            "2023Q4",
            "--data",
            str(SAMPLE),
            "--out",
            str(tmp_path),
            "--pdf",
        ],
    )
    assert result.exit_code == 0, result.output
    deck = deck_path(tmp_path, "SP-002", "2023Q4")
    pdf = deck.with_suffix(".pdf")
    assert pdf.is_file() and f"wrote {pdf}" in result.output
    assert pdf_pages(pdf) == len(Presentation(str(deck)).slides)


def test_pdf_without_libreoffice_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("qbr.pdf.find_soffice", lambda: None)
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--customer",
            "SP-002",
            "--quarter",
            "2023Q4",
            "--data",
            str(SAMPLE),
            "--out",
            str(tmp_path),
            "--pdf",
        ],
    )
    assert result.exit_code == 2 and "needs LibreOffice" in result.output and "libreoffice-impress" in result.output
    assert not any(tmp_path.iterdir())  # checked before anything was written


def test_sellout_slide_shows_the_customers_sales_against_our_deliveries(cnpc_deck: Path) -> None:
    so = csv("sellout")
    mine = so[(so.customer_id == "CNPC") & in_q4(so.date)]
    sales = csv("sales")
    delivered = sales[(sales.customer_id == "CNPC") & in_q4(sales.date) & sales.sku.isin(set(mine.sku))]
    # stock: each (station, SKU)'s last weekly reading in Q (all CNPC rows carry stock)
    last = mine.sort_values("date").groupby(["store_id", "sku"])["stock_qty"].last().sum()
    fmt = Formatter("zh")
    (slide,) = [t for t in deck_texts(cnpc_deck) if t.startswith("终端销售")]
    assert f"客户售出 {fmt.num(mine.qty.sum())} 件" in slide
    assert f"为我方供货的 {fmt.pct(mine.qty.sum() / delivered.qty.sum(), 0)}" in slide
    assert f"期末库存 {fmt.num(last)} 件" in slide  # speaker notes
    assert "距春节（2024年2月10日）5.9 周" in slide  # Q4: 41 days from 2023-12-31
    assert "滞销：2 个门店单品" in slide and "断货：2 个门店单品" in slide  # planted in the sample
    agenda = deck_texts(cnpc_deck)[1]
    assert "终端销售与库存" in agenda


def test_without_sellout_data_the_slide_and_its_agenda_line_are_dropped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for f in SAMPLE.iterdir():
        if f.is_file() and f.name != "sellout.csv":
            (data / f.name).write_bytes(f.read_bytes())
    result = build_deck(BuildRequest(data, "CNPC", Q4, out_dir=tmp_path / "out", today=TODAY))
    texts = deck_texts(result.written[0].path)
    assert len(texts) == expected_slides("CNPC") - 1
    joined = "\n".join(texts)
    assert "终端销售" not in joined and "{{" not in joined


def test_the_same_build_gives_the_same_bytes(tmp_path: Path) -> None:
    """Decks carry no clock: no zip entry date of now, no chart workbook created now, so a deck's
    hash says whether its content changed. CNPC's customer deck holds native charts with workbooks."""
    first = build_deck(BuildRequest(SAMPLE, "CNPC", Q4, out_dir=tmp_path / "a", today=TODAY))
    second = build_deck(BuildRequest(SAMPLE, "CNPC", Q4, out_dir=tmp_path / "b", today=TODAY))
    assert len(first.written) == 2  # the customer's deck and the owner's brief
    all_workbooks = 0
    for a, b in zip(first.written, second.written, strict=True):
        blob = a.path.read_bytes()
        assert blob == b.path.read_bytes(), a.path.name
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            workbooks = [n for n in z.namelist() if n.endswith(".xlsx")]
            all_workbooks += len(workbooks)
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            for name in workbooks:
                with zipfile.ZipFile(io.BytesIO(z.read(name))) as wb:
                    assert b">1980-01-01T00:00:00Z<" in wb.read("docProps/core.xml")
    assert all_workbooks  # the test means something only with embedded workbooks


# -- the review around the quarter (issue 17) ---------------------------------------------------


def _kickers(path: Path) -> list[str]:
    """Each slide's section name, the small line above its title (its text's second line: the
    title comes first); the cover's and the agenda's say nothing."""
    return [[*t.split("\n"), "", ""][1] for t in deck_texts(path)]


def _slide(path: Path, kicker: str) -> str:
    (text,) = [t for t, k in zip(deck_texts(path), _kickers(path), strict=True) if k.startswith(kicker)]
    return text


def test_the_slides_follow_a_review_commitments_first_then_summary_to_plan(cnpc_deck: Path) -> None:
    kickers = _kickers(cnpc_deck)
    order = ["上季度承诺回顾", "执行摘要", "全年视角", "费用投入", "应收账款", "下季度计划与日历"]
    found = [next(i for i, k in enumerate(kickers) if k.startswith(name)) for name in order]
    assert found == sorted(found), list(zip(order, found, strict=True))
    assert found[0] == 2  # right after the cover and the agenda
    # CNPC is in the special channel, whose accounts are no peers of one another: no benchmark slide, and
    # with every SKU in every station no distribution slide either
    assert not any(k.startswith("同渠道对标与机会") for k in kickers)


def test_last_quarters_commitments_show_status_and_result_and_unreviewed_says_to_confirm(cnpc_deck: Path) -> None:
    notes = csv("notes")
    mine = notes[(notes.customer_id == "CNPC") & (notes.quarter == "2023Q3") & (notes.section == "plan")]
    slide = _slide(cnpc_deck, "上季度承诺回顾")
    for _, row in mine.iterrows():
        assert row.text in slide and row.result in slide
    # the sample's CNPC review: 部分完成 once, 完成 twice, none blank (no 待确认 in the table)
    cells = slide.split("\n")
    assert cells.count("部分完成") == 1 and cells.count("完成") == 2 and "待确认" not in cells


def test_the_commitments_slide_is_dropped_when_last_quarter_had_no_plan(tmp_path: Path) -> None:
    result = build_deck(BuildRequest(SAMPLE, "KA-002", Q4, out_dir=tmp_path, today=TODAY, audience="customer"))
    assert not any(k.startswith("上季度承诺回顾") for k in _kickers(result.written[0].path))


def test_the_plan_slide_shows_the_target_with_its_growth_and_the_spring_festival(cnpc_deck: Path) -> None:
    targets = csv("targets")
    sales = csv("sales")
    t = targets[(targets.customer_id == "CNPC") & (targets.quarter == "2024Q1")]["target"].iloc[0]
    d = pd.to_datetime(sales.date)
    q1_ly = sales[(sales.customer_id == "CNPC") & (d >= "2023-01-01") & (d <= "2023-03-31")]["amount"].sum()
    fmt = Formatter("zh")
    slide = _slide(cnpc_deck, "下季度计划与日历")
    assert fmt.money(t) in slide and f"同比 {fmt.delta(t / q1_ly - 1, marked=False)}" in slide
    # 2024: 春节 break 2月10日–2月17日 (State Council), 元宵 = the 15th day: 2月24日; 年货节 ends on 除夕
    for piece in ("春节", "2月10日–2月17日", "元宵节", "2月24日", "年货节", "1月11日–2月9日"):
        assert piece in slide, piece
    # the planned activity with its budget (74,000 + 6,000 in plans.csv), and the asks marked
    assert "加油送粮油·春节" in slide and fmt.money(80_000) in slide
    assert "请客户支持" in slide and "待与客户共同确定" not in slide


def test_a_customer_with_nothing_planned_gets_an_agenda_not_a_placeholder_row(tmp_path: Path) -> None:
    result = build_deck(BuildRequest(SAMPLE, "SP-002", Q4, out_dir=tmp_path, today=TODAY, audience="customer"))
    prs = Presentation(str(result.written[0].path))
    (slide,) = [
        s for s in prs.slides if _shape_texts(s.shapes)[1:2] and _shape_texts(s.shapes)[1].startswith("下季度计划")
    ]
    names = [s.name for s in slide.shapes]
    assert "plan table" not in names  # the whole table went, header included
    text = "\n".join(_shape_texts(slide.shapes))
    assert "本次会谈共同商定" in text and "春节" in text and "待与客户共同确定" not in text


def test_the_appendix_defines_the_usual_level_and_the_alert_week_with_the_thresholds_in_force(
    cnpc_deck: Path, tmp_path: Path
) -> None:
    # sample_data/qbr.toml: weekly_drop = 0.05, and the defaults baseline_weeks = 4, noise_k = 3
    (appendix,) = [t for t in deck_texts(cnpc_deck) if "常态与预警周" in t]
    assert (
        "常态 = 前4周的平均周销售额；当周较常态下降超过5%，且超过近13周周度波动（变化幅度中位数）的3倍，"
        "或有单品在各门店同时断货，即为预警周"
    ) in appendix
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    toml = (data / "qbr.toml").read_text(encoding="utf-8")
    toml = toml.replace("weekly_drop = 0.05", "weekly_drop = 0.075\nnoise_k = 0\nbaseline_weeks = 2")
    (data / "qbr.toml").write_text(toml, encoding="utf-8")
    result = build_deck(BuildRequest(data, "CNPC", Q4, out_dir=tmp_path / "out", today=TODAY, audience="customer"))
    (appendix,) = [t for t in deck_texts(result.written[0].path) if "常态与预警周" in t]
    # 7.5% as written, and no wobble clause when noise_k = 0 (the plain rule)
    assert "常态 = 前2周的平均周销售额；当周较常态下降超过7.5%，或有单品在各门店同时断货，即为预警周" in appendix


def test_the_brief_states_stockout_losses_only_when_the_data_shows_some(tmp_path: Path) -> None:
    # CNPC 2023Q4: its weekly alerts find stock-outs (¥4.0万 lost); KA-001's find none, and "¥0"
    # beside its notes about empty shelves would read as "no stock-out"
    for customer, shown in (("CNPC", "断货估计少卖 ¥4.0万"), ("KA-001", None)):
        result = build_deck(BuildRequest(SAMPLE, customer, Q4, out_dir=tmp_path, today=TODAY, audience="owner"))
        first = deck_texts(result.written[0].path)[0]
        assert ("断货估计少卖" in first) is (shown is not None)
        if shown:
            assert shown in first
