"""Each kind of bad input gives one located message (file, Excel row, column) and exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qbr.cli import main


def edit(folder: Path, table: str, old: str, new: str) -> None:
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {table}.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def validate(runner: CliRunner, folder: Path) -> tuple[int, str]:
    result = runner.invoke(main, ["validate", "--data", str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_good_data_validates_with_a_summary(runner: CliRunner, mini: Path) -> None:
    code, out = validate(runner, mini)
    assert code == 0, out
    assert "all checks passed" in out
    assert "sales" in out and "4 rows" in out
    assert "Sales from 2023-10-02 to 2023-12-20" in out
    assert "modern 1, traditional 1, special 1, fresh 0" in out


CASES = [
    # (table, old text, new text, expected pieces of the message)
    ("sales", "1234.50", '"1,2O4.50"', ["sales.csv", "row 2", 'column "amount"', '"1,2O4.50" is not an amount']),
    ("sales", "2023-11-15", "2023-13-45", ["sales.csv", "row 4", 'column "date"', "is not a date"]),
    (
        "sales",
        "KA-001,P003",
        "KA-999,P003",
        ["sales.csv", "row 4", 'column "customer_id"', '"KA-999" is not in the customers table'],
    ),
    ("sales", "CNPC,P002", "CNPC,P999", ["sales.csv", "row 3", 'column "sku"', "not in the products table"]),
    (
        "sales",
        "TR-001,P001,-2,-200",
        "TR-001,P001,-2,200",
        ["sales.csv", "row 5", 'column "qty"', "negative qty with a positive amount"],
    ),
    (
        "customers",
        "KA-001,华联超市",
        "CNPC,华联超市",
        ["customers.csv", "row 3", 'column "customer_id"', 'duplicate customer_id "CNPC" (first in row 2)'],
    ),
    (
        "customers",
        "modern",
        "supermarket",
        ["customers.csv", "row 3", 'column "channel"', '"supermarket" is not a channel'],
    ),
    ("targets", "2023-Q4", "Q4 2023", ["targets.csv", "row 3", 'column "quarter"', "is not a quarter"]),
    (
        "targets",
        "KA-001,2023-Q4",
        "CNPC,2023Q4",
        ["targets.csv", "row 3", 'column "quarter"', "duplicate customer_id + quarter"],
    ),
    (
        "sales",
        "date,customer_id",
        "day,customer_id",
        ["sales.csv", "row 1", 'column "date"', 'required column "date" is missing'],
    ),
    (
        "sales",
        "2023-10-03,CNPC,P002,240,300,S02",
        "2023-10-03,CNPC,P002,240,300,S09",
        ["sales.csv", "row 3", 'column "store_id"', "not in the stores table"],
    ),
    (
        "sales",
        "2023-10-03,CNPC,P002,240,300,",
        "2023-10-03,,P002,240,300,",
        ["sales.csv", "row 3", 'column "customer_id"', "is blank: a value is required"],
    ),
    (
        "products",
        "P003,脆香 薯片 70g,休闲食品,脆香,",
        "P003,脆香 薯片 70g,休闲食品,脆香,n/a",
        ["products.csv", "row 4", 'column "unit_cost"', "is not an amount"],
    ),
]


@pytest.mark.parametrize("table,old,new,pieces", CASES, ids=[c[3][-1][:40] for c in CASES])
def test_bad_input_is_one_located_error_with_exit_2(
    runner: CliRunner, mini: Path, table: str, old: str, new: str, pieces: list[str]
) -> None:
    edit(mini, table, old, new)
    code, out = validate(runner, mini)
    assert code == 2, out
    assert "Traceback" not in out
    line = next((ln for ln in out.splitlines() if pieces[-1] in ln), None)
    assert line is not None, out
    for piece in pieces:
        assert piece in line, (piece, line)


def test_row_with_more_fields_than_the_header_is_located(runner: CliRunner, mini: Path) -> None:
    edit(mini, "sales", "250.25", "250,25")  # an unquoted decimal comma splits the field
    code, out = validate(runner, mini)
    assert code == 2
    assert "sales.csv, row 4: has 8 fields where the header has 7" in out


def test_end_before_start_names_the_row(runner: CliRunner, mini: Path) -> None:
    (mini / "activities.csv").write_text(
        "activity_id,customer_id,name,start_date,end_date\n"
        "A1,CNPC,双十一,2023-11-01,2023-11-11\nA2,CNPC,年货节,2023-12-20,2023-12-10\n",
        encoding="utf-8",
    )
    code, out = validate(runner, mini)
    assert code == 2
    assert 'activities.csv, row 3, column "end_date": "2023-12-10" ends before it starts' in out


def test_support_booked_to_another_customers_activity_is_located(runner: CliRunner, mini: Path) -> None:
    (mini / "activities.csv").write_text(
        "activity_id,customer_id,name,start_date,end_date\nA1,CNPC,双十一,2023-11-01,2023-11-11\n", encoding="utf-8"
    )
    (mini / "support.csv").write_text(
        "date,customer_id,type,amount,activity_id\n"
        "2023-11-01,CNPC,promotion,500,A1\n2023-11-02,KA-001,promotion,80,A1\n",
        encoding="utf-8",
    )
    code, out = validate(runner, mini)
    assert code == 2
    assert 'support.csv, row 3, column "activity_id": "A1" is an activity of another customer' in out


def test_unknown_support_type_is_located(runner: CliRunner, mini: Path) -> None:
    (mini / "support.csv").write_text("date,customer_id,type,amount\n2023-10-05,CNPC,gift,500\n", encoding="utf-8")
    code, out = validate(runner, mini)
    assert code == 2
    assert 'support.csv, row 2, column "type": "gift" is not a support type' in out


def test_missing_required_table_is_named(runner: CliRunner, mini: Path) -> None:
    (mini / "products.csv").unlink()
    code, out = validate(runner, mini)
    assert code == 2 and "the products table is missing" in out


def test_all_problems_are_reported_together(runner: CliRunner, mini: Path) -> None:
    edit(mini, "sales", "1234.50", "abc")
    edit(mini, "customers", "modern", "mall")
    code, out = validate(runner, mini)
    assert code == 2
    assert out.startswith("2 problems found")
    assert '"abc" is not an amount' in out and '"mall" is not a channel' in out


def test_many_bad_cells_are_summed_up_not_listed_forever(runner: CliRunner, mini: Path) -> None:
    rows = "".join(f"2023-10-{d:02d},CNPC,P001,1,oops,,\n" for d in range(1, 29))
    header = "date,customer_id,sku,qty,amount,store_id,cost\n"
    (mini / "sales.csv").write_text(header + rows, encoding="utf-8")
    code, out = validate(runner, mini)
    assert code == 2
    # rows 2-6 one by one, the other 23 (rows 7-29) summed up in one line
    assert out.count('"oops" is not an amount') == 5
    assert "23 more rows with the same problem (rows 7-29)" in out


def test_not_a_csv_file_is_a_clear_error(runner: CliRunner, mini: Path) -> None:
    (mini / "sales.csv").write_bytes(b"PK\x03\x04\x00\x00binary\x00\x00")
    code, out = validate(runner, mini)
    assert code == 2 and "sales.csv" in out and "Traceback" not in out


def test_broken_workbook_is_a_clear_error(runner: CliRunner, mini: Path) -> None:
    (mini / "sales.csv").unlink()
    (mini / "sales.xlsx").write_bytes(b"not a zip")
    code, out = validate(runner, mini)
    assert code == 2 and "sales.xlsx: is not an Excel .xlsx workbook" in out


def test_missing_data_folder(runner: CliRunner, tmp_path: Path) -> None:
    code, out = validate(runner, tmp_path / "nope")
    assert code == 2 and "no such data folder" in out


def test_bad_config_value_names_the_setting(runner: CliRunner, mini: Path) -> None:
    (mini / "qbr.toml").write_text('[key_accounts]\nmodern_top = "five"\n', encoding="utf-8")
    code, out = validate(runner, mini)
    assert code == 2 and "qbr.toml" in out and "key_accounts.modern_top" in out
    (mini / "qbr.toml").write_text("[key_acounts]\nmodern_top = 3\n", encoding="utf-8")
    code, out = validate(runner, mini)
    assert code == 2 and "unknown section [key_acounts]" in out
