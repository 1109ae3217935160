"""Find and read every table of a data folder into a Dataset.

Stage 1 of the pipeline. Input: the data folder and Settings (for `[columns]` aliases). Output: a
`Dataset` with typed, canonical columns. Every problem found on the way (missing file or column,
unparseable cell, blank required value, unknown enum word) is collected and raised together as
one QbrError; cross-table checks come after, in `validate`.

Each table is `NAME.csv`, `NAME.xlsx` or `NAME.parquet` (NAME in English or its Chinese table
name), or a sheet of that name in any other workbook of the folder. Office lock files (`~$...`)
and hidden files are ignored.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from qbr.config import Settings
from qbr.data import schema
from qbr.data.arrow_csv import CODES, FLOAT, TEXT
from qbr.data.dataset import Dataset, empty_frame
from qbr.data.parse import EXPECTED, Distinct, distinct_cells, parse_column, per_distinct
from qbr.data.readers import RawTable, read_csv, read_parquet, read_sheet, workbook_sheets
from qbr.errors import Location, ProblemList, QbrError

EXTENSIONS = (".csv", ".xlsx", ".parquet")
OLD_EXCEL = (".xls", ".et")  # refused, with a hint to save as .xlsx
PER_COLUMN_LISTED = 5  # bad cells listed one by one per column before summing up the rest


def load_dataset(folder: Path, settings: Settings) -> Dataset:
    problems = ProblemList()
    aliases = column_aliases(settings, problems)
    problems.raise_if_any()
    found = find_tables(folder, problems)
    tables: dict[str, pd.DataFrame] = {}
    sources: dict[str, Location] = {}
    for name, table in schema.TABLES.items():
        if name not in found:
            if table.required:
                problems.add(
                    Location(file=str(folder / f"{name}.csv")),
                    f"the {name} table is missing",
                    f"put {name}.csv, {name}.xlsx or {name}.parquet in {folder}, or a sheet "
                    f'named "{name}" in a workbook there',
                )
            tables[name] = empty_frame(name)
            continue
        path, sheet = found[name]
        where = Location(file=str(path), sheet=sheet)
        try:
            raw = read_raw(path, sheet, where, table, aliases[name])
        except QbrError as exc:
            problems.extend(exc.problems)
            tables[name] = empty_frame(name)
            continue
        tables[name] = to_frame(raw, table, aliases[name], problems)
        sources[name] = where
    problems.raise_if_any()
    return Dataset(folder=folder, tables=tables, sources=sources)


def column_aliases(settings: Settings, problems: ProblemList) -> dict[str, dict[str, str]]:
    """Per table, header key -> canonical column: built-in aliases, then the user's `[columns]`."""
    known = {c.name for t in schema.TABLES.values() for c in t.columns}
    where = Location(file=str(settings.path) if settings.path else "qbr.toml")
    for header, column in settings.columns.items():
        if column not in known:
            problems.add(
                where,
                f'[columns] "{header}" = "{column}": "{column}" is not a column qbr reads',
                "the right-hand side must be a canonical column such as amount, date, sku",
            )
    out = {}
    for name, table in schema.TABLES.items():
        mapping = schema.builtin_aliases(table)
        for header, column in settings.columns.items():
            if column in table.column_names:
                mapping[schema.header_key(header)] = column
        out[name] = mapping
    return out


def table_files(folder: Path) -> list[Path]:
    """The files of a folder `find_tables` looks at: tables, and old Excel files it refuses
    (Office lock files `~$...` and hidden files are left out)."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(("~$", ".")) and p.suffix.lower() in (*EXTENSIONS, *OLD_EXCEL)
    )


def find_tables(folder: Path, problems: ProblemList) -> dict[str, tuple[Path, str | None]]:
    """Table name -> (file, sheet or None) for every table present in the folder."""
    by_stem = {t.name: t.name for t in schema.TABLES.values()}
    by_stem |= {t.zh: t.name for t in schema.TABLES.values()}
    found: dict[str, tuple[Path, str | None]] = {}
    workbooks: list[Path] = []
    for path in table_files(folder):
        ext = path.suffix.lower()
        if ext in OLD_EXCEL:
            problems.add(
                Location(file=str(path)),
                "old-style Excel files (.xls) cannot be read",
                "open it in Excel and save it as .xlsx",
            )
            continue
        name = by_stem.get(path.stem.strip().lower(), by_stem.get(path.stem.strip()))
        if name is None:
            if ext == ".xlsx":
                workbooks.append(path)
            continue
        if name in found:
            problems.add(
                Location(file=str(path)),
                f"the {name} table is given twice: {found[name][0].name} and {path.name}",
                "keep one of them",
            )
            continue
        found[name] = (path, None)
    for book in workbooks:
        try:
            sheets = workbook_sheets(book, Location(file=str(book)))
        except QbrError as exc:
            problems.extend(exc.problems)
            continue
        for sheet in sheets:
            name = by_stem.get(sheet.strip().lower(), by_stem.get(sheet.strip()))
            if name is None:
                continue
            if name in found:
                other = found[name][0].name + (f" [sheet {found[name][1]}]" if found[name][1] else "")
                problems.add(
                    Location(file=str(book), sheet=sheet),
                    f"the {name} table is given twice: here and in {other}",
                    "keep one of them",
                )
                continue
            found[name] = (book, sheet)
    return found


def read_raw(path: Path, sheet: str | None, where: Location, table: schema.Table, aliases: dict[str, str]) -> RawTable:
    expected = table.required_columns
    if sheet is not None:
        return read_sheet(path, sheet, where, aliases, expected)
    ext = path.suffix.lower()
    if ext == ".csv":
        return read_csv(path, where, aliases, expected, read_as(table))
    if ext == ".parquet":
        return read_parquet(path, where)
    return read_sheet(path, _first_sheet(path, where), where, aliases, expected)


def read_as(table: schema.Table) -> dict[str, str]:
    """How a large CSV's columns are read (`qbr.data.arrow_csv`): money as numbers when it is plain
    (amounts rarely repeat), free text as text, every other column (ids, dates, quantities,
    quarters, enum words: few distinct cells) as codes into its distinct cells. Only the table's
    own columns are read."""
    how = {schema.MONEY: FLOAT, schema.TEXT: TEXT}
    return {c.name: how.get(c.kind, CODES) for c in table.columns}


def _first_sheet(path: Path, where: Location) -> str:
    return workbook_sheets(path, where)[0]


def to_frame(raw: RawTable, table: schema.Table, aliases: dict[str, str], problems: ProblemList) -> pd.DataFrame:
    """Map headers to canonical columns, drop blank and totals rows, parse every column."""
    columns: dict[str, int] = {}
    for i, header in enumerate(raw.headers):
        column = aliases.get(schema.header_key(header))
        if column is None:
            continue
        if column in columns:
            first = raw.headers[columns[column]]
            problems.add(
                Location(raw.where.file, raw.where.sheet, raw.header_row, header),
                f'both "{first}" and "{header}" mean column {column}',
                "keep one of them",
            )
            continue
        columns[column] = i
    missing = [c for c in table.required_columns if c not in columns]
    for column in missing:
        problems.add(
            Location(raw.where.file, raw.where.sheet, raw.header_row, column),
            f'required column "{column}" is missing (header row has: ' + ", ".join(h for h in raw.headers if h) + ")",
            "name it as above, use a Chinese header qbr knows, or map yours in qbr.toml "
            '[columns], e.g. "销售额" = "amount"',
        )
    if missing:
        return empty_frame(table.name)

    cells = raw.cells[list(columns.values())]
    cells.columns = list(columns)
    raw.cells = raw.cells.iloc[:0]  # consumed: each raw column is freed once it is parsed
    # each long, repetitive column is factorised once, for the blank and totals tests and parsing
    distinct = {name: distinct_cells(cells[name]) for name in cells.columns}
    keep = _data_rows(cells, table, distinct).to_numpy()
    if not keep.all():  # usually every row is data: no copy of a million cells then
        cells, rows = cells[keep], raw.rows[keep]
    else:
        rows = raw.rows
    cells.index = pd.RangeIndex(len(cells))

    out = empty_frame(table.name)
    data: dict[str, pd.Series] = {}
    for col in table.columns:
        if col.name not in cells:
            data[col.name] = pd.Series(None, index=cells.index, dtype=out[col.name].dtype)
            continue
        found = distinct.pop(col.name)
        if found is not None and len(found.codes) != len(cells):
            found = found.rows(keep)
        values, bad = parse_column(cells[col.name], col.kind, found)
        if bad.any():
            _report(problems, raw, col, cells[col.name], bad, rows)
        if col.required:
            blank = values.isna() & ~bad
            if blank.any():
                _report_blank(problems, raw, col, blank, rows)
        data[col.name] = values.astype(out[col.name].dtype) if values.dtype != out[col.name].dtype else values
        del values, found
        cells = cells.drop(columns=col.name)  # the raw column, no longer needed
    data["_row"] = pd.Series(rows, index=cells.index, dtype="int64")
    return pd.DataFrame(data, copy=False)


def _data_rows(cells: pd.DataFrame, table: schema.Table, distinct: dict[str, Distinct | None]) -> pd.Series:
    """Rows that hold data: not entirely blank, and not an ERP totals row (合计/总计/小计)."""
    required = [c for c in table.required_columns if c in cells]
    blank = pd.Series(True, index=cells.index)
    for name in required:  # required columns first: cheap to rule out almost every row
        blank &= _blank(cells[name], distinct[name])
        if not blank.any():
            break
    others = [c for c in cells.columns if c not in required]
    if blank.any() and others:
        blank[blank] = cells.loc[blank, others].apply(_blank).all(axis=1)
    totals = pd.Series(False, index=cells.index)
    for col in table.columns:
        if col.name in cells and col.kind in (schema.ID, schema.DATE, schema.QUARTER):
            values = cells[col.name]
            if values.dtype == object or _is_text(values):
                totals |= per_distinct(values, _totals_words, distinct[col.name])[1]
    return ~(blank | totals)


def _totals_words(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(values, mask of the cells that start an ERP totals row: 合计, 总计, 小计, total ...)."""
    lowered = values.astype("string").str.lstrip().str.slice(0, 11).str.lower()
    return values, lowered.str.startswith(schema.TOTAL_WORDS).fillna(False).astype(bool)


def _is_text(values: pd.Series) -> bool:
    """Text cells, plain or as codes into distinct text cells (a large CSV's fast path)."""
    return isinstance(values.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(values.dtype)


def _blank(values: pd.Series, distinct: Distinct | None = None) -> pd.Series:
    if distinct is None and isinstance(values.dtype, pd.CategoricalDtype):
        distinct = distinct_cells(values)
    if values.dtype == object or _is_text(values):
        return per_distinct(values, _blank_text, distinct, missing_flagged=True)[1]
    return values.isna()


def _blank_text(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = values.astype("string")
    return values, (text.isna() | (text.str.strip() == "")).fillna(True).astype(bool)


def _report(
    problems: ProblemList, raw: RawTable, col: schema.Column, cells: pd.Series, bad: pd.Series, rows: np.ndarray
) -> None:
    message, hint = EXPECTED.get(col.kind, ("is not valid", None))
    positions = bad.to_numpy().nonzero()[0]
    for pos in positions[:PER_COLUMN_LISTED]:
        problems.add(
            Location(raw.where.file, raw.where.sheet, int(rows[pos]), col.name), f'"{cells.iloc[pos]}" {message}', hint
        )
    if len(positions) > PER_COLUMN_LISTED:
        more = [int(r) for r in rows[positions[PER_COLUMN_LISTED:]]]
        problems.add(
            Location(raw.where.file, raw.where.sheet, None, col.name),
            f"{len(more)} more rows with the same problem (rows {_ranges(more)})",
        )


def _report_blank(problems: ProblemList, raw: RawTable, col: schema.Column, blank: pd.Series, rows: np.ndarray) -> None:
    positions = blank.to_numpy().nonzero()[0]
    listed = [int(rows[p]) for p in positions]
    if len(listed) == 1:
        problems.add(Location(raw.where.file, raw.where.sheet, listed[0], col.name), "is blank: a value is required")
    else:
        problems.add(
            Location(raw.where.file, raw.where.sheet, None, col.name),
            f"is blank in {len(listed)} rows ({_ranges(listed)}): a value is required",
        )


def _ranges(rows: list[int], limit: int = 8) -> str:
    """`3-5, 9, 12-14, ...`: row lists short enough to read."""
    spans: list[str] = []
    start = prev = rows[0]
    for r in [*rows[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        spans.append(f"{start}-{prev}" if prev != start else str(start))
        if r is not None:
            start = prev = r
    return ", ".join(spans[:limit]) + (", ..." if len(spans) > limit else "")
