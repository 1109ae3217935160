"""Loading's fast paths read exactly what the plain paths read.

pyarrow's CSV reader (`qbr.data.arrow_csv`, files of 1 MB and more) must give pandas' cells, row
for row; parsing a long column once per distinct cell (`qbr.data.parse.per_distinct`) must give
what parsing every cell gives. Large files keep their Excel row numbers, GB18030, title blocks
and totals rows.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qbr.config import load_settings
from qbr.data import arrow_csv, parse, readers, schema
from qbr.data.load import column_aliases, load_dataset
from qbr.errors import Location, ProblemList, QbrError
from tests.conftest import DATA

GB_LINES = [  # the four data lines of tests/fixtures/mini_gb/sales.csv
    '2023/10/02,CNPC,P001,10,"¥1,234.50",S01,',
    "2023年10月3日,CNPC,P002,240,¥300.00,S02,",
    '45245,KA-001,P003,50,"250.25",,"¥150"',
    '2023-12-20,TR-001,P001,-2,"(200.00)",,',
]
REPEAT = 20_000  # 80,000 lines, about 3 MB: the fast paths' sizes


def _big_gb_folder(tmp_path: Path, bad_line: int | None = None) -> Path:
    folder = tmp_path / "big"
    shutil.copytree(DATA / "mini_gb", folder)
    lines = GB_LINES * REPEAT
    if bad_line is not None:  # 1-based data line whose amount is not money
        lines[bad_line - 1] = "2023-12-20,TR-001,P001,-2,about 200,,"
    text = "星河商贸 销售明细表\n期间：2023年第四季度\n日期,客户编码,商品编码,数量,金额,门店编码,成本\n"
    text += "\n".join(lines) + '\n合计,,,298,"1,584.75",,\n'
    (folder / "sales.csv").write_bytes(text.encode("gb18030"))
    return folder


@pytest.fixture
def fast_path_taken(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Records, per CSV read, whether pyarrow's reader took the file."""
    taken: list[bool] = []
    real = readers.read_cells

    def spy(*args: object) -> pd.DataFrame | None:
        frame = real(*args)  # type: ignore[arg-type]
        taken.append(frame is not None)
        return frame

    monkeypatch.setattr(readers, "read_cells", spy)
    return taken


def test_a_large_gb18030_file_with_title_block_and_totals_loads_like_its_small_copy(
    tmp_path: Path, fast_path_taken: list[bool]
) -> None:
    folder = _big_gb_folder(tmp_path)
    big = load_dataset(folder, load_settings(folder)).sales
    assert any(fast_path_taken)
    small = load_dataset(DATA / "mini_gb", load_settings(DATA / "mini_gb")).sales
    expected = pd.concat([small] * REPEAT, ignore_index=True)
    # title rows 1-2, header row 3: data line k is Excel row 3 + k; the totals row is dropped
    expected["_row"] = range(4, 4 + 4 * REPEAT)
    pd.testing.assert_frame_equal(big, expected)


def test_a_bad_cell_deep_in_a_large_file_names_its_excel_row(tmp_path: Path, fast_path_taken: list[bool]) -> None:
    folder = _big_gb_folder(tmp_path, bad_line=54_321)
    with pytest.raises(QbrError) as err:
        load_dataset(folder, load_settings(folder))
    assert any(fast_path_taken)
    (problem,) = err.value.problems
    assert problem.where.row == 3 + 54_321  # header on row 3
    assert problem.where.column == "amount"


def test_a_blank_line_in_a_large_file_keeps_row_numbers(tmp_path: Path, fast_path_taken: list[bool]) -> None:
    folder = tmp_path / "big"
    shutil.copytree(DATA / "mini", folder)
    line = "2023-10-02,CNPC,P001,10,1234.50,S01,"
    lines = [line] * 30_000
    lines[99] = ""  # data line 100, Excel row 101, is blank
    lines[199] = "2023-10-02,CNPC,P001,10,n/a,S01,"  # Excel row 201
    text = "date,customer_id,sku,qty,amount,store_id,cost\n" + "\n".join(lines) + "\n"
    (folder / "sales.csv").write_text(text, encoding="utf-8")
    with pytest.raises(QbrError) as err:
        load_dataset(folder, load_settings(folder))
    assert any(fast_path_taken)
    (problem,) = err.value.problems
    assert problem.where.row == 201


# -- the pyarrow reader and pandas' agree on any CSV -------------------------------------------

cell = st.one_of(
    st.sampled_from(["", " ", "合计", "2023-10-02", "¥1,234.50", "a\nb", 'say "hi"', "x,y", "-2", "\t"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=6),
)
grids = st.lists(st.lists(cell, min_size=1, max_size=5), min_size=1, max_size=12)


def _read(path: Path, fast: bool) -> pd.DataFrame | str:
    aliases = column_aliases(load_settings(path.parent), ProblemList())["sales"]
    expected = schema.TABLES["sales"].required_columns
    try:
        if fast:
            raw = readers.read_csv(path, Location(file=str(path)), aliases, expected)
        else:
            real = readers.read_cells
            readers.read_cells = lambda *_a: None  # type: ignore[assignment]
            try:
                raw = readers.read_csv(path, Location(file=str(path)), aliases, expected)
            finally:
                readers.read_cells = real
    except QbrError as exc:
        return exc.format()
    assert raw.rows.tolist() == list(range(raw.header_row + 1, raw.header_row + 1 + len(raw.cells)))
    return raw.cells


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=grids, title=st.booleans(), gb=st.booleans(), blanks=st.lists(st.integers(0, 12), max_size=3))
def test_pyarrow_reads_any_csv_as_pandas_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: list[list[str]], title: bool, gb: bool, blanks: list[int]
) -> None:
    monkeypatch.setattr(arrow_csv, "MIN_BYTES", 0)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if title:
        writer.writerow(["销售明细"])
    writer.writerow(["date", "customer_id", "sku", "qty", "amount"])
    for i, row in enumerate(body):
        if i in blanks:
            out.write("\n")  # a blank line, which both readers keep as a row
        writer.writerow(row)
    path = tmp_path / "sales.csv"
    try:
        path.write_bytes(out.getvalue().encode("gb18030" if gb else "utf-8"))
    except UnicodeEncodeError:
        return
    fast, plain = _read(path, fast=True), _read(path, fast=False)
    if isinstance(plain, str) or isinstance(fast, str):
        assert fast == plain
    else:
        pd.testing.assert_frame_equal(fast, plain)


# -- parsing once per distinct cell ----------------------------------------------------------

column_cells = st.lists(
    st.one_of(
        st.none(),
        st.sampled_from(["", " ", "2023-10-02", "2023/10/2", "45245", "2023年10月3日", "¥1,234.50", "(2.5)", "n/a"]),
        st.sampled_from(["2023Q4", "2023 q1", "现代渠道", "modern", "是", "no", "陈列费", "亮点", "合计", " total"]),
    ),
    min_size=1,
    max_size=40,
)
KINDS = [
    schema.MONEY,
    schema.NUMBER,
    schema.DATE,
    schema.QUARTER,
    schema.CHANNEL,
    schema.SUPPORT_TYPE,
    schema.SECTION,
    schema.YESNO,
    schema.ID,
]


@settings(max_examples=100, deadline=None)
@given(cells=column_cells, kind=st.sampled_from(KINDS))
def test_parsing_distinct_cells_gives_what_parsing_every_cell_gives(cells: list[str | None], kind: str) -> None:
    raw = pd.Series(cells, dtype=arrow_csv.STRING)
    every_values, every_bad = parse.parse_column(raw, kind)
    values, bad = parse.parse_column(raw, kind, parse.Distinct.of(raw))
    pd.testing.assert_series_equal(values, every_values, check_names=False)
    assert bad.tolist() == every_bad.tolist()


@settings(max_examples=60, deadline=None)
@given(
    keys=st.lists(st.one_of(st.none(), st.sampled_from(["S1", "S2", "S3", "S4"])), max_size=30),
    owners=st.dictionaries(st.sampled_from(["S1", "S2", "S3"]), st.sampled_from(["CNPC", "KA-001"])),
)
def test_owner_lookup_maps_each_key_as_series_map_does(keys: list[str | None], owners: dict[str, str]) -> None:
    from qbr.data.validate import lookup

    series = pd.Series(keys, dtype=arrow_csv.STRING)
    mapping = pd.Series(list(owners.values()), index=pd.Index(list(owners), dtype=arrow_csv.STRING), dtype="string")
    assert lookup(series, mapping).tolist() == series.map(mapping).tolist()


def test_only_long_repetitive_columns_are_factorised() -> None:
    repetitive = pd.Series(["2023-10-02", "2023-10-03", "CNPC"] * 20_000, dtype=arrow_csv.STRING)
    found = parse.distinct_cells(repetitive)
    assert found is not None and found.uniques.tolist() == ["2023-10-02", "2023-10-03", "CNPC"]
    assert found.codes[:4].tolist() == [0, 1, 2, 0]
    amounts = pd.Series([f"{i}.50" for i in range(60_000)], dtype=arrow_csv.STRING)
    assert parse.distinct_cells(amounts) is None  # every cell differs: nothing to save
    assert parse.distinct_cells(repetitive[:1000]) is None  # short: not worth a hash table


def test_a_large_file_whose_chinese_starts_deep_down_is_read_as_gb18030(
    tmp_path: Path, fast_path_taken: list[bool]
) -> None:
    # the head is plain ASCII (valid UTF-8); line 50,001 holds GB18030 bytes that are not UTF-8
    folder = tmp_path / "big"
    shutil.copytree(DATA / "mini", folder)
    lines = ["2023-10-02,CNPC,P001,10,1234.50,S01,"] * 60_000
    lines[50_000] = "2023-10-02,CNPC,P001,10,1234.50,门店一,"
    text = "date,customer_id,sku,qty,amount,store_id,cost\n" + "\n".join(lines) + "\n"
    (folder / "sales.csv").write_bytes(text.encode("gb18030"))
    sales = load_dataset(folder, load_settings(folder)).sales
    assert sales["store_id"].iloc[50_000] == "门店一"
    assert sales["_row"].iloc[50_000] == 50_002  # header on row 1
    assert True in fast_path_taken  # refused as UTF-8, then read by pyarrow as GB18030


# -- columns read as codes and as numbers give the table the plain path gives ----------------

money_cell = st.one_of(
    st.sampled_from(["", "12.5", "-3", "1e3", ".5", "+7", "nan", "inf", "-Infinity", " 4", "¥1,234.50", "(2.5)"]),
    st.sampled_from(["n/a", "合计", "0", "-0", "1234567.891", '"9.5"']),
)
sales_rows = st.lists(
    st.tuples(
        st.sampled_from(["2023-10-02", "2023/10/3", "", "合计", "45245", "soon"]),
        st.sampled_from(["CNPC", "KA-001", "", " total", "客户一"]),
        st.sampled_from(["P001", "P002", ""]),
        st.sampled_from(["10", "2.5", "", "x"]),
        money_cell,
        st.sampled_from(["S01", "", "门店一"]),
        money_cell,
    ),
    min_size=1,
    max_size=12,
)


def _sales_table(path: Path, fast: bool) -> pd.DataFrame | str:
    """The typed sales table `to_frame` makes of the file (or its problems), read by pyarrow's
    reader with `read_as` (`fast`) or by pandas'."""
    from qbr.data.load import read_as, to_frame

    table = schema.TABLES["sales"]
    aliases = column_aliases(load_settings(path.parent), ProblemList())["sales"]
    real = readers.read_cells
    if not fast:
        readers.read_cells = lambda *_a: None  # type: ignore[assignment]
    try:
        raw = readers.read_csv(path, Location(file=str(path)), aliases, table.required_columns, read_as(table))
        problems = ProblemList()
        frame = to_frame(raw, table, aliases, problems)
    except QbrError as exc:
        return exc.format()
    finally:
        readers.read_cells = real
    if problems.problems:
        return repr(problems.problems)
    return frame


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=sales_rows, extra=st.booleans(), gb=st.booleans())
def test_columns_read_as_codes_and_numbers_give_the_plain_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: list[tuple[str, ...]], extra: bool, gb: bool
) -> None:
    monkeypatch.setattr(arrow_csv, "MIN_BYTES", 0)
    header = ["日期", "客户编码", "商品编码", "数量", "金额", "门店编码", "成本"] + (["备注"] if extra else [])
    lines = [",".join(header)] + [",".join(row) + (",x" if extra else "") for row in rows]
    path = tmp_path / "sales.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("gb18030" if gb else "utf-8"))
    fast, plain = _sales_table(path, fast=True), _sales_table(path, fast=False)
    if isinstance(plain, str) or isinstance(fast, str):
        assert fast == plain
    else:
        pd.testing.assert_frame_equal(fast, plain)


def test_plain_amounts_are_read_as_numbers_and_others_as_text() -> None:
    body = b"2023-10-02,CNPC,12.5\n2023-10-03,CNPC,\n"
    how = {0: arrow_csv.CODES, 1: arrow_csv.CODES, 2: arrow_csv.FLOAT}
    plain = arrow_csv.read_cells(
        b"h\n" * (arrow_csv.MIN_BYTES // 2) + body, "utf-8", arrow_csv.MIN_BYTES // 2 - 1, 3, how
    )
    assert plain is not None
    assert plain[2].dtype == "float64" and plain[2].iloc[-2] == 12.5 and pd.isna(plain[2].iloc[-1])
    assert isinstance(plain[0].dtype, pd.CategoricalDtype) and plain[0].iloc[-1] == "2023-10-03"
    # ¥ and a thousands separator: the column is text, parsed (and its errors reported) as usual
    money = arrow_csv.read_cells(
        b"h\n" * (arrow_csv.MIN_BYTES // 2) + '2023-10-02,CNPC,"¥1,234.50"\n'.encode(),
        "utf-8",
        arrow_csv.MIN_BYTES // 2 - 1,
        3,
        how,
    )
    assert money is not None and money[2].dtype == arrow_csv.STRING and money[2].iloc[-1] == "¥1,234.50"
