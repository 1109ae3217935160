"""Malformed data of every kind gives a located error with exit status 2, or a correct result:
never a traceback or a hang (property-based: hypothesis generates the tables)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qbr.cli import main
from tests.conftest import DATA

SALES_HEADER = ["date", "customer_id", "sku", "qty", "amount", "store_id", "cost"]
cells = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            " ",
            "2023-10-01",
            "2023/13/45",
            "45200",
            "-1e308",
            "1e400",
            "nan",
            "inf",
            "¥1,2,3",
            "(5)",
            "CNPC",
            "KA-001",
            "P001",
            "合计",
            "=SUM(A1)",
            "\x0b",
            "\ufeff",
            "1" * 40,
        ]
    ),
    st.integers(min_value=-(10**18), max_value=10**18).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
rows = st.lists(st.lists(cells, min_size=0, max_size=9), max_size=12)
headers = st.one_of(
    st.just(SALES_HEADER),
    st.permutations(SALES_HEADER),
    st.lists(st.sampled_from([*SALES_HEADER, "日期", "金额", "", "amount"]), max_size=9),
)


def _folder(tmp: Path) -> Path:
    folder = tmp / "data"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(DATA / "mini", folder)
    return folder


def _check(folder: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--data", str(folder)])
    # a SystemExit is the CLI's own exit; anything else escaped as a traceback
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        first = result.output.splitlines()[0]
        assert first.startswith(("Error: ", "2 problems", "3 problems")) or "problems found" in first, first


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=headers, body=rows)
def test_any_sales_csv_gives_a_result_or_a_located_error(
    tmp_path: Path, header: list[str], body: list[list[str]]
) -> None:
    folder = _folder(tmp_path)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(body)
    (folder / "sales.csv").write_text(out.getvalue(), encoding="utf-8")
    _check(folder)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_any_bytes_as_a_table_file_give_a_located_error_or_a_result(tmp_path: Path, data: bytes) -> None:
    folder = _folder(tmp_path)
    (folder / "customers.csv").write_bytes(data)
    _check(folder)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=rows)
def test_any_sales_sheet_in_a_workbook(tmp_path: Path, body: list[list[str]]) -> None:
    folder = _folder(tmp_path)
    (folder / "sales.csv").unlink()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "sales"
    ws.append(SALES_HEADER)
    for row in body:
        ws.append([_excel(v) for v in row])
    wb.save(folder / "erp.xlsx")
    _check(folder)


def _excel(value: str) -> object:
    try:
        number = float(value)
    except ValueError:
        return "".join(ch for ch in value if ch.isprintable())  # openpyxl refuses control characters
    return number if abs(number) < 1e300 else value


def test_empty_files_and_a_missing_sheet(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "sales.csv").write_bytes(b"")
    _check(folder)
    (folder / "sales.csv").unlink()
    wb = openpyxl.Workbook()
    wb.active.title = "notes_of_mine"
    wb.save(folder / "erp.xlsx")
    result = CliRunner().invoke(main, ["validate", "--data", str(folder)])
    assert result.exit_code == 2 and "the sales table is missing" in result.output
