"""`qbr watch`: key accounts' last days vs the days before and last year, flags and drivers.

These hand-computed cases use the plain rule (alerts.baseline_weeks = 1, noise_k = 0: the last
period against the one before); tests/watch/test_watch_causes.py runs the default rule.

Hand-made data, as-of Sunday 2023-11-26 (2023Q4), days 7:
  period   2023-11-20 .. 2023-11-26
  before   2023-11-13 .. 2023-11-19
  ly       2022-11-21 .. 2022-11-27 (364 days earlier: Monday .. Sunday again)
The data starts 2022-01-03 (customer E), so every comparison period is inside the data.
Customers A-D are key accounts by key_account = yes, E is excluded by key_account = no, F is a
special-channel customer whose only sales are in 2023Q3 (a key account of Q3, not of Q4).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from qbr.cli import main
from qbr.formatting import width
from qbr.watch.check import NO_SALES, NOT_IN_DATA, AccountWatch, WatchResult, watch_dataset
from tests.helpers import make_dataset, sale, week_on_week

CUSTOMERS = [
    {"customer_id": "A", "name": "甲商贸", "channel": "modern", "key_account": "yes"},
    {"customer_id": "B", "name": "乙超市连锁", "channel": "modern", "key_account": "yes"},
    {"customer_id": "C", "name": "New C", "channel": "traditional", "key_account": "yes"},
    {"customer_id": "D", "name": "丁加油站", "channel": "special", "key_account": "yes"},
    {"customer_id": "E", "name": "Excluded E", "channel": "modern", "key_account": "no"},
    {"customer_id": "F", "name": "Summer F", "channel": "special"},
]
PRODUCTS = [
    {"sku": "S1", "name": "花生油 5L", "category": "oil"},
    {"sku": "S2", "name": "调和油 5L", "category": "oil"},
    {"sku": "S3", "name": "Rice 10kg", "category": "rice"},
    {"sku": "S4", "name": "Noodles", "category": "food"},
    {"sku": "S5", "name": "Salt", "category": "food"},
]
STORES = [
    {"store_id": "P1", "customer_id": "D", "name": "一号站"},
    {"store_id": "P2", "customer_id": "D", "name": "二号站"},
    {"store_id": "P3", "customer_id": "D", "name": "三号站"},
]
SALES = [
    sale("2022-01-03", "E", "S1", 10.0),  # the first date of the data
    # A, falling. before (11-14): S1 100 + S2 200 + S3 100 + S4 100 + S5 20 = 520
    *(
        sale("2023-11-14", "A", s, a)
        for s, a in (("S1", 100.0), ("S2", 200.0), ("S3", 100.0), ("S4", 100.0), ("S5", 20.0))
    ),
    # now: S1 100 (11-20) + S5 10 (11-21) + S4 130 (11-22) + S2 20 + S3 10 (11-25) = 270
    # change 270 - 520 = -250, 270/520 - 1 = -48.08 % -> flagged (< -5 %)
    # fallers: S2 -180, S3 -90, S5 -10; S4 rose (+30), S1 unchanged.
    # S2 explains 180/250 = 72 % < 80 % -> go on; S2+S3 = 270/250 = 108 % >= 80 % -> stop: 2 drivers.
    sale("2023-11-20", "A", "S1", 100.0),
    sale("2023-11-21", "A", "S5", 10.0),
    sale("2023-11-22", "A", "S4", 130.0),
    sale("2023-11-25", "A", "S2", 20.0),
    sale("2023-11-25", "A", "S3", 10.0),
    sale("2022-11-22", "A", "S1", 260.0),  # ly 260: 270/260 - 1 = +3.85 %, not flagged
    # B, stable: 980 vs 1000 = -2 % (not more than 5 %); ly 1000 -> -2 %
    sale("2023-11-15", "B", "S1", 1000.0),
    sale("2023-11-20", "B", "S1", 980.0),
    sale("2022-11-23", "B", "S1", 1000.0),
    # C, new: nothing before nor last year -> growth null, "no sales", not flagged; its 11-26 line is
    # the last date of the data (the default as-of)
    sale("2023-11-26", "C", "S3", 300.0),
    # D, three stores. before: P1 400 + P2 300 + P3 300 = 1000; now P1 400 + P2 100 + P3 280 = 780
    # change -220, -22 % -> flagged. Stores: P2 -200 = 200/220 = 90.9 % >= 80 % -> one store driver.
    # SKUs: P2's and P3's falls are both S4: S4 -220 (100 %); S1 unchanged -> one SKU driver.
    sale("2023-11-16", "D", "S1", 400.0, store_id="P1"),
    sale("2023-11-16", "D", "S4", 300.0, store_id="P2"),
    sale("2023-11-16", "D", "S4", 300.0, store_id="P3"),
    sale("2023-11-23", "D", "S1", 400.0, store_id="P1"),
    sale("2023-11-23", "D", "S4", 100.0, store_id="P2"),
    sale("2023-11-23", "D", "S4", 280.0, store_id="P3"),
    # E would fall 100%, but it is not a key account
    sale("2023-11-15", "E", "S1", 500.0),
    sale("2023-09-28", "F", "S1", 50.0),
]


def _dataset() -> object:
    return make_dataset(customers=CUSTOMERS, products=PRODUCTS, stores=STORES, sales=SALES)


def _watch(as_of: date | None = date(2023, 11, 26), days: int = 7, threshold: float | None = None) -> WatchResult:
    return watch_dataset(_dataset(), week_on_week(), as_of, days, threshold)  # type: ignore[arg-type]


def _by_id(r: WatchResult) -> dict[str, AccountWatch]:
    return {a.customer_id: a for a in r.accounts}


def test_periods_and_key_accounts_of_the_as_of_quarter() -> None:
    r = _watch()
    assert (r.period.start, r.period.end) == (date(2023, 11, 20), date(2023, 11, 26))
    assert (r.before.start, r.before.end) == (date(2023, 11, 13), date(2023, 11, 19))
    assert (r.ly.start, r.ly.end) == (date(2022, 11, 21), date(2022, 11, 27))
    assert r.ly.start.weekday() == r.period.start.weekday() == 0  # Monday both
    assert str(r.quarter) == "2023Q4"
    # flagged first, largest money fall first: A -250, D -220; then B -20, C +300
    assert [a.customer_id for a in r.accounts] == ["A", "D", "B", "C"]
    # F is a key account of 2023Q3 (special channel with sales), so an as-of in Q3 watches it
    q3 = _watch(date(2023, 9, 30))
    assert str(q3.quarter) == "2023Q3" and "F" in _by_id(q3) and "E" not in _by_id(q3)


def test_falling_account_with_two_driver_skus() -> None:
    a = _by_id(_watch())["A"]
    assert a.sales == pytest.approx(270.0)
    assert a.before.sales == pytest.approx(520.0)
    assert a.before.change == pytest.approx(-250.0)
    assert a.before.growth == pytest.approx(270 / 520 - 1)  # -48.08 %
    assert a.before.fell and a.flagged and not a.multi_store
    assert [(d.key, d.sales, d.sales_base, d.change) for d in a.before.sku_drivers] == [
        ("S2", 20.0, 200.0, -180.0),
        ("S3", 10.0, 100.0, -90.0),
    ]
    assert [d.share for d in a.before.sku_drivers] == pytest.approx([0.72, 0.36])
    assert a.before.sku_drivers[0].name == "调和油 5L"
    assert a.before.store_drivers == []  # a single-store account has no store drivers
    assert a.ly.growth == pytest.approx(270 / 260 - 1) and not a.ly.fell and a.ly.sku_drivers == []


def test_stable_account_not_flagged() -> None:
    b = _by_id(_watch())["B"]
    assert b.before.growth == pytest.approx(-0.02) and b.ly.growth == pytest.approx(-0.02)
    assert not b.flagged and b.before.sku_drivers == []
    # exactly the threshold is not "more than" it; just under it is
    assert not _by_id(_watch(threshold=0.02))["B"].flagged
    assert _by_id(_watch(threshold=0.019))["B"].before.fell


def test_no_sales_in_the_period_before_is_a_note_not_a_ratio() -> None:
    c = _by_id(_watch())["C"]
    assert c.sales == 300.0 and c.before.sales == 0.0
    assert c.before.growth is None and c.before.note == NO_SALES and not c.before.fell
    assert c.ly.growth is None and c.ly.note == NO_SALES
    assert not c.flagged


def test_comparison_period_before_the_data_starts() -> None:
    # Data from 2023-11-20 only: the period before (11-13..11-19) is not in the data at all.
    ds = make_dataset(
        sales=[sale("2023-11-20", "A", "S1", 100.0), sale("2023-11-26", "A", "S1", 50.0)],
        customers=[{"customer_id": "A", "name": "A", "channel": "special"}],
    )
    a = watch_dataset(ds, week_on_week(), date(2023, 11, 26)).accounts[0]
    assert a.before.note == NOT_IN_DATA and a.before.change is None and a.before.growth is None
    assert a.ly.note == NOT_IN_DATA and not a.flagged


def test_multi_store_account_with_its_store_driver() -> None:
    d = _by_id(_watch())["D"]
    assert d.multi_store and d.before.fell
    assert d.before.change == pytest.approx(-220.0)
    assert [(s.key, s.name, s.sales, s.sales_base, s.change) for s in d.before.store_drivers] == [
        ("P2", "二号站", 100.0, 300.0, -200.0)
    ]
    assert d.before.store_drivers[0].share == pytest.approx(200 / 220)
    assert [(s.key, s.change, s.share) for s in d.before.sku_drivers] == [("S4", -220.0, 1.0)]
    assert d.ly.note == NO_SALES  # D bought nothing in 2022


def test_as_of_defaults_to_the_last_date_in_the_data() -> None:
    r = _watch(as_of=None)
    assert r.as_of == date(2023, 11, 26) == r.data_end
    assert [a.customer_id for a in r.accounts] == ["A", "D", "B", "C"]


def test_days_3() -> None:
    # period 11-24..11-26, before 11-21..11-23
    # A: now S2 20 + S3 10 = 30; before S5 10 + S4 130 = 140 -> -110, 30/140 - 1 = -78.6 %
    # fallers: S4 -130 (118 % of the fall) -> one driver; S5 -10 is not needed
    r = _watch(days=3)
    assert (r.period.start, r.before.start, r.before.end) == (
        date(2023, 11, 24),
        date(2023, 11, 21),
        date(2023, 11, 23),
    )
    a = _by_id(r)["A"]
    assert a.sales == 30.0 and a.before.sales == 140.0
    assert a.before.growth == pytest.approx(30 / 140 - 1)
    assert [(d.key, d.change) for d in a.before.sku_drivers] == [("S4", -130.0)]
    assert a.before.sku_drivers[0].share == pytest.approx(130 / 110)
    # B: nothing in either 3-day window -> no ratio; D: 780 before (11-23), nothing now -> -100 %, a real fall
    b, d = _by_id(r)["B"], _by_id(r)["D"]
    assert b.before.growth is None and b.before.note == NO_SALES
    assert d.before.growth == pytest.approx(-1.0) and d.before.fell


# -- command line ----------------------------------------------------------------------------------


def _folder(tmp_path: Path, language: str = "en") -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    pd.DataFrame(CUSTOMERS).to_csv(folder / "customers.csv", index=False)
    pd.DataFrame(PRODUCTS).to_csv(folder / "products.csv", index=False)
    pd.DataFrame(STORES).to_csv(folder / "stores.csv", index=False)
    pd.DataFrame(SALES).to_csv(folder / "sales.csv", index=False)
    # the plain rule (last 7 days vs the 7 before) that the hand-computed figures above follow
    toml = f'[report]\nlanguage = "{language}"\n[alerts]\nbaseline_weeks = 1\nnoise_k = 0\n'
    (folder / "qbr.toml").write_text(toml, encoding="utf-8")
    return folder


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["watch", *args])
    return result.exit_code, result.output


def test_cli_table_is_aligned_and_sorted(tmp_path: Path) -> None:
    code, out = _run("--data", str(_folder(tmp_path, "zh")))
    assert code == 0, out
    assert "截至 2023-11-26" in out and "下滑超过 5.0% 的 2 个" in out
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("客户编码"))
    rows = lines[head + 2 : head + 6]
    assert [r.split()[0] for r in rows] == ["A", "D", "B", "C"]
    # The sales figures end in the same terminal column although the names mix Chinese and Latin
    ends = {width(r[: r.index(fig) + len(fig)]) for r, fig in zip(rows, ["270", "780", "980", "300"], strict=True)}
    assert ends == {width(lines[head][: lines[head].index("本期销售额") + len("本期销售额")])}
    assert "上期无销售" in out  # C's note
    assert "S2" in out and "二号站" in out  # drivers: A's SKU, D's store
    assert not any(line.endswith(" ") for line in lines)


def test_cli_json(tmp_path: Path) -> None:
    code, out = _run("--data", str(_folder(tmp_path)), "--as-of", "2023-11-26", "--format", "json")
    assert code == 0, out
    d = json.loads(out)
    assert d["as_of"] == "2023-11-26" and d["days"] == 7 and d["threshold"] == 0.05 and d["flagged"] == 2
    acc = {a["customer_id"]: a for a in d["accounts"]}
    assert [s["key"] for s in acc["A"]["before"]["sku_drivers"]] == ["S2", "S3"]
    assert acc["A"]["before"]["sku_drivers"][0]["share_of_fall"] == pytest.approx(0.72)
    assert acc["C"]["before"] == {
        "period": {"start": "2023-11-13", "end": "2023-11-19"},
        "sales": 0.0,
        "change": 300.0,
        "growth": None,
        "note": "no_sales",
        "fell": False,
        "sku_drivers": [],
        "store_drivers": [],
    }
    assert acc["D"]["multi_store"] is True and acc["D"]["before"]["store_drivers"][0]["key"] == "P2"


def test_cli_markdown(tmp_path: Path) -> None:
    out_file = tmp_path / "watch.md"
    code, out = _run("--data", str(_folder(tmp_path)), "--format", "md", "--out", str(out_file))
    assert code == 0 and "wrote" in out
    md = out_file.read_text(encoding="utf-8")
    assert md.startswith("**Key account watch | as of 2023-11-26 (last 7 days)**")
    assert "1. **甲商贸** (A)" in md and "2. **丁加油站** (D)" in md
    assert "S2 调和油 5L ¥200→¥20 (72% of the fall)" in md and "S5" not in md
    assert "Store: P2 二号站" in md
    assert "2 others did not fall" in md
    assert "|" not in md.replace(" | as of", "")  # no tables: chat apps do not render them
    assert len(md.splitlines()) <= 10


def test_cli_xlsx(tmp_path: Path) -> None:
    out_file = tmp_path / "watch.xlsx"
    code, out = _run("--data", str(_folder(tmp_path, "zh")), "--format", "xlsx", "--out", str(out_file))
    assert code == 0, out
    wb = openpyxl.load_workbook(out_file)
    assert wb.sheetnames == ["核心客户", "下滑原因"]
    ws = wb["核心客户"]
    assert ws.freeze_panes == "C2" and ws["A1"].font.bold
    header = [c.value for c in ws[1]]
    assert header[:5] == ["客户编码", "客户名称", "渠道", "本期销售额 11/20-11/26", "上期 11/13-11/19"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == ["A", "D", "B", "C"]
    assert rows["A"][2] == "现代渠道" and rows["A"][3:7] == (270, 520, -250, pytest.approx(-0.480769, abs=1e-6))
    assert rows["A"][10] == "环比下滑"
    assert rows["C"][6] is None and rows["C"][11] == "上期无销售；去年同期无销售"
    assert ws["G2"].number_format.startswith("+0.0%")
    drivers = list(wb["下滑原因"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3], r[4], r[6], r[7], r[8]) for r in drivers] == [
        ("A", "商品", "S2", 20, 200, -180),
        ("A", "商品", "S3", 10, 100, -90),
        ("D", "商品", "S4", 380, 600, -220),
        ("D", "门店", "P2", 100, 300, -200),
    ]
    assert wb["下滑原因"].freeze_panes == "C2"


@pytest.mark.parametrize("as_of", ["2023-11-27", "2022-01-02", "2023/11/26", "tomorrow"])
def test_cli_bad_as_of_exits_2(tmp_path: Path, as_of: str) -> None:
    code, out = _run("--data", str(_folder(tmp_path)), "--as-of", as_of)
    assert code == 2
    if "-" in as_of and as_of[0].isdigit():
        assert "outside the sales data (2022-01-03 to 2023-11-26)" in out


def test_cli_days_and_threshold_are_checked(tmp_path: Path) -> None:
    folder = str(_folder(tmp_path))
    assert _run("--data", folder, "--days", "0")[0] == 2
    assert _run("--data", folder, "--threshold", "1.5")[0] == 2
    code, out = _run("--data", folder, "--days", "3", "--format", "json")
    assert code == 0 and json.loads(out)["period"] == {"start": "2023-11-24", "end": "2023-11-26"}
