"""`qbr init`: a starter folder whose workbook holds every table's exact headers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from qbr.cli import main
from qbr.data.schema import TABLES


def test_init_writes_workbook_config_and_template(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    result = CliRunner().invoke(main, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(folder / "qbr_tables.xlsx")
    for name, table in TABLES.items():
        assert [c.value for c in wb[name][1]] == table.column_names
    readme = [row for row in wb["README"].iter_rows(values_only=True)]
    assert readme[1 + 7 + 7 + 4][:4] == ("sales (销售)", "amount", "yes", "金额")  # customers 7, products 7 rows
    assert (folder / "qbr.toml").read_text(encoding="utf-8").startswith("# qbr settings")
    assert (folder / "templates" / "qbr_zh.pptx").is_file()


def test_init_carries_the_reviews_columns_and_the_plans_table(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["init", str(tmp_path)])
    wb = openpyxl.load_workbook(tmp_path / "qbr_tables.xlsx")
    # written out here, not read from the schema: the spec's notes and plans columns
    assert [c.value for c in wb["notes"][1]] == [
        "customer_id", "quarter", "section", "text", "owner", "due", "status", "result", "text_en", "result_en",
    ]  # fmt: skip
    assert [c.value for c in wb["plans"][1]] == ["customer_id", "quarter", "type", "amount", "activity_id", "note"]


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path)]).exit_code == 0
    (tmp_path / "qbr.toml").write_text("# mine\n", encoding="utf-8")
    again = runner.invoke(main, ["init", str(tmp_path)])
    assert again.exit_code == 2 and "already exists" in again.output
    assert (tmp_path / "qbr.toml").read_text(encoding="utf-8") == "# mine\n"
    assert runner.invoke(main, ["init", str(tmp_path), "--force"]).exit_code == 0


def test_an_empty_init_folder_validates(tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["init", str(tmp_path)])
    result = runner.invoke(main, ["validate", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "qbr_tables.xlsx [sheet sales]" in result.output


def test_init_describes_the_optional_sellout_table(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["init", str(tmp_path)]).exit_code == 0
    wb = openpyxl.load_workbook(tmp_path / "qbr_tables.xlsx")
    assert [c.value for c in wb["sellout"][1]] == [
        "date",
        "customer_id",
        "sku",
        "qty",
        "store_id",
        "amount",
        "stock_qty",
    ]
    rows = {r[1]: r for r in wb["README"].iter_rows(values_only=True) if r[0] == "sellout (终端销售) optional"}
    assert rows["qty"][2:4] == ("yes", "销量") and "POS" in rows["qty"][5]
    assert rows["stock_qty"][3] == "库存" and not rows["stock_qty"][2]  # optional: required cell blank
    assert rows["amount"][3] == "销售额" and rows["store_id"][3] == "门店编码"
