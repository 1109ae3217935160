"""The optional sellout table loads like the others: Chinese headers, GB18030, xlsx, title blocks,
totals rows, and one located error per bad row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from qbr.cli import main
from qbr.config import load_settings
from qbr.data.load import load_dataset
from qbr.data.validate import validate

CANONICAL = """date,customer_id,sku,qty,store_id,amount,stock_qty
2023-12-24,CNPC,P001,12,S01,1850.40,30
2023-12-31,CNPC,P001,9,S01,1387.80,21
2023-12-31,CNPC,P002,48,,72,
"""

# As a customer portal exports it: a title block, Chinese headers in another order, a totals row
CHINESE = """终端销售周报
期间：2023-12-18 至 2023-12-31,,,,,,
商品编码,日期,客户编码,门店编码,销量,销售额,库存
P001,2023/12/24,CNPC,S01,12,"¥1,850.40",30
P001,2023年12月31日,CNPC,S01,9,"¥1,387.80",21
P002,2023-12-31,CNPC,,48,¥72.00,
合计,,,,69,"¥3,310.20",51
"""


def _load(folder: Path) -> pd.DataFrame:
    ds = load_dataset(folder, load_settings(folder))
    validate(ds)
    assert ds.has("sellout")
    return ds.sellout


def test_canonical_csv_loads_with_typed_columns(mini: Path) -> None:
    (mini / "sellout.csv").write_text(CANONICAL, encoding="utf-8")
    so = _load(mini)
    assert so["qty"].tolist() == [12, 9, 48]
    assert so["amount"].tolist() == [1850.40, 1387.80, 72.0]
    assert so["stock_qty"].isna().tolist() == [False, False, True]
    assert so["store_id"].isna().tolist() == [False, False, True]
    assert so["date"].dt.strftime("%Y-%m-%d").tolist() == ["2023-12-24", "2023-12-31", "2023-12-31"]


def test_gb18030_chinese_headers_title_block_and_totals_row_load_like_the_canonical_file(
    mini: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    for f in mini.iterdir():
        (other / f.name).write_bytes(f.read_bytes())
    (mini / "sellout.csv").write_text(CANONICAL, encoding="utf-8")
    (other / "终端销售.csv").write_bytes(CHINESE.encode("gb18030"))
    canonical, chinese = _load(mini), _load(other)
    cols = ["date", "customer_id", "sku", "qty", "store_id", "amount", "stock_qty"]
    pd.testing.assert_frame_equal(canonical[cols], chinese[cols])
    # title rows 1-2, header row 3: data starts at Excel row 4; the 合计 row is not data
    assert chinese["_row"].tolist() == [4, 5, 6]


def test_a_sellout_sheet_in_a_workbook(mini: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "终端销售"
    ws.append(["日期", "客户编码", "门店编码", "商品编码", "销量", "销售额", "库存"])
    ws.append([pd.Timestamp("2023-12-31").to_pydatetime(), "CNPC", "S02", "P002", 24, 36.0, 0])
    wb.save(mini / "portal.xlsx")
    so = _load(mini)
    assert so[["store_id", "sku", "qty", "amount", "stock_qty"]].iloc[0].tolist() == ["S02", "P002", 24, 36.0, 0]
    assert so["_row"].tolist() == [2]


@pytest.mark.parametrize(
    ("line", "pieces"),
    [
        ("2023-12-31,CNPC,P009,5,S01,10,1", ["sellout.csv", "row 3", 'column "sku"', '"P009" is not in the products']),
        ("2023-12-31,CNPC,P001,5,S99,10,1", ["row 3", 'column "store_id"', '"S99" is not in the stores table']),
        ("2023-12-31,KA-001,P001,5,S01,10,1", ["row 3", 'column "store_id"', "belongs to another customer"]),
        ("2023-12-31,CNPC,P001,5,S01,10,-4", ["row 3", 'column "stock_qty"', '"-4" stock is negative']),
        ("2023-12-31,CNPC,P001,-5,S01,10,1", ["row 3", 'column "qty"', "negative qty with a positive amount"]),
        ("2023-12-31,CNPC,P001,five,S01,10,1", ["row 3", 'column "qty"', '"five"']),
        (
            "2023-12-24,CNPC,P001,5,S01,10,1",
            [
                "row 3",
                "duplicate date + customer_id + store_id + sku",
                '"2023-12-24 / CNPC / S01 / P001" (first in row 2)',
            ],
        ),
    ],
)
def test_bad_sellout_rows_are_located_errors_with_exit_2(
    runner: CliRunner, mini: Path, line: str, pieces: list[str]
) -> None:
    (mini / "sellout.csv").write_text(
        "date,customer_id,sku,qty,store_id,amount,stock_qty\n2023-12-24,CNPC,P001,12,S01,1850.40,30\n" + line + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["validate", "--data", str(mini)])
    assert result.exit_code == 2, result.output
    for piece in pieces:
        assert piece in result.output, result.output


def test_a_missing_required_sellout_column_is_named(runner: CliRunner, mini: Path) -> None:
    (mini / "sellout.csv").write_text("date,customer_id,sku,amount\n2023-12-24,CNPC,P001,10\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", "--data", str(mini)])
    assert result.exit_code == 2
    assert 'required column "qty" is missing' in result.output and "sellout.csv" in result.output


def test_without_the_file_the_table_is_none(mini: Path) -> None:
    ds = load_dataset(mini, load_settings(mini))
    assert not ds.has("sellout") and ds.sellout.empty and "stock_qty" in ds.sellout.columns
