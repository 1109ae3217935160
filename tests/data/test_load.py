"""Loading: encodings, formats, aliases, money and date forms, title blocks and totals rows."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from qbr.config import Settings, load_settings
from qbr.data.load import load_dataset
from qbr.errors import QbrError
from tests.conftest import DATA


def load(folder: Path) -> object:
    return load_dataset(folder, load_settings(folder))


def test_mini_sales_load_with_canonical_types() -> None:
    ds = load(DATA / "mini")
    sales = ds.sales
    assert list(sales["amount"]) == [1234.50, 300.0, 250.25, -200.0]
    assert list(sales["qty"]) == [10, 240, 50, -2]
    assert sales["date"].dt.strftime("%Y-%m-%d").tolist() == ["2023-10-02", "2023-10-03", "2023-11-15", "2023-12-20"]
    assert sales["cost"].isna().tolist() == [True, True, False, True]
    assert sales["store_id"].isna().tolist() == [False, False, True, True]
    assert str(sales["date"].dtype) == "datetime64[ns]"
    # header is row 1, so the first data line is row 2
    assert sales["_row"].tolist() == [2, 3, 4, 5]


def test_gb18030_csv_with_chinese_headers_and_yuan_amounts_loads_like_the_utf8_file() -> None:
    canonical, chinese = load(DATA / "mini"), load(DATA / "mini_gb")
    cols = ["date", "customer_id", "sku", "qty", "amount", "store_id", "cost"]
    pd.testing.assert_frame_equal(canonical.sales[cols], chinese.sales[cols])
    pd.testing.assert_frame_equal(canonical.targets.drop(columns="_row"), chinese.targets.drop(columns="_row"))
    # the title block takes rows 1-2 and the header row 3, so data starts at Excel row 4;
    # the 合计 totals row at the bottom is not data
    assert chinese.sales["_row"].tolist() == [4, 5, 6, 7]


def test_missing_optional_tables_are_empty_with_their_columns() -> None:
    ds = load(DATA / "mini")
    assert ds.support.empty and "activity_id" in ds.support.columns
    assert not ds.has("support") and ds.has("sales")


def test_one_workbook_with_a_sheet_per_table(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in ("customers", "products", "sales"):
        frame = pd.read_csv(DATA / "mini" / f"{name}.csv", dtype=str, keep_default_na=False)
        ws = wb.create_sheet(name)
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append([_excel_value(v) for v in row])
    ws.append([None] * 7)  # an empty trailing row
    wb.save(tmp_path / "erp_export.xlsx")
    ds = load(tmp_path)
    assert ds.sales["amount"].sum() == pytest.approx(1234.50 + 300 + 250.25 - 200)
    assert ds.sales["date"].iloc[2] == pd.Timestamp("2023-11-15")
    assert ds.sources["sales"].sheet == "sales"


def _excel_value(v: str) -> object:
    if v == "":
        return None
    if v[:4].isdigit() and v[4:5] == "-":
        return pd.Timestamp(v).to_pydatetime()
    try:
        return float(v)
    except ValueError:
        return v


def test_parquet_table(tmp_path: Path) -> None:
    for name in ("customers", "products"):
        (tmp_path / f"{name}.csv").write_bytes((DATA / "mini" / f"{name}.csv").read_bytes())
    sales = pd.read_csv(DATA / "mini" / "sales.csv", parse_dates=["date"])
    sales.to_parquet(tmp_path / "sales.parquet")
    ds = load(tmp_path)
    assert ds.sales["amount"].tolist() == [1234.50, 300.0, 250.25, -200.0]
    assert ds.sales["date"].iloc[0] == pd.Timestamp("2023-10-02")


def test_columns_aliases_from_qbr_toml(mini: Path) -> None:
    text = (mini / "sales.csv").read_text(encoding="utf-8").replace("amount", "净销售额")
    (mini / "sales.csv").write_text(text, encoding="utf-8")
    with pytest.raises(QbrError, match='required column "amount" is missing'):
        load(mini)
    (mini / "qbr.toml").write_text('[columns]\n"净销售额" = "amount"\n', encoding="utf-8")
    assert load(mini).sales["amount"].sum() == pytest.approx(1584.75)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2023-10-01", "2023-10-01"),
        ("2023/10/1", "2023-10-01"),
        ("2023年10月1日", "2023-10-01"),
        ("45200", "2023-10-01"),
        ("2023-10-01 08:30:00", "2023-10-01"),
        ("2023.10.01", "2023-10-01"),
    ],
)
def test_date_forms(mini: Path, text: str, expected: str) -> None:
    lines = (mini / "sales.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("2023-10-02", f'"{text}"')
    (mini / "sales.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load(mini).sales["date"].iloc[0] == pd.Timestamp(expected)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("¥1,234.50", 1234.5),
        ("￥1,234.50", 1234.5),
        ("(1,234.50)", -1234.5),
        ("1234.5元", 1234.5),
        (" 12 ", 12.0),
        ("-7.25", -7.25),
    ],
)
def test_money_forms(mini: Path, text: str, expected: float) -> None:
    lines = (mini / "sales.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("1234.50", f'"{text}"')
    (mini / "sales.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load(mini).sales["amount"].iloc[0] == expected


def test_office_lock_files_are_ignored(mini: Path) -> None:
    (mini / "~$sales.xlsx").write_bytes(b"\x00locked")
    assert len(load(mini).sales) == 4


def test_channel_and_support_type_aliases(mini: Path) -> None:
    (mini / "support.csv").write_text(
        "日期,客户编码,费用类型,金额\n2023-10-05,CNPC,陈列费,500\n2023-10-06,CNPC,搭赠,80\n"
        "2023-10-07,KA-001,free_goods,20\n",
        encoding="utf-8",
    )
    ds = load(mini)
    assert ds.support["type"].tolist() == ["display", "free_goods", "free_goods"]
    assert ds.customers["channel"].tolist() == ["special", "modern", "traditional"]


def test_settings_defaults_without_a_file(tmp_path: Path) -> None:
    s = load_settings(tmp_path)
    assert s == Settings() and s.key_accounts.modern_top == 5 and s.alerts.weekly_drop == 0.05
