"""Read one table's raw grid from CSV, xlsx or parquet and find its header row.

Stage: the first half of loading. Input: a file (and sheet). Output: a `RawTable` holding the
header cells, the data cells as read (no parsing yet) and, for every data row, its row number as
Excel shows it, so that later errors point at what the user sees. ERP exports often carry a title
block above the header: the header is the row, among the first `HEADER_SCAN_ROWS`, that names the
most known columns.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from qbr.data.arrow_csv import MIN_BYTES as FAST_MIN_BYTES
from qbr.data.arrow_csv import STRING, read_cells
from qbr.errors import Location, QbrError

HEADER_SCAN_ROWS = 30
CHUNK = 1 << 24
HEAD_BYTES = 1 << 16  # the header is among the first 30 lines, well inside this


@dataclass
class RawTable:
    where: Location
    headers: list[str]
    cells: pd.DataFrame  # columns in file order, named 0..n-1; values as read
    rows: np.ndarray  # Excel row number of each data row
    header_row: int


def detect_encoding(data: bytes, final: bool = True) -> str:
    """UTF-8 (with or without BOM) or GB18030, the encodings Chinese Excel writes CSV in.

    Checked in chunks, so a 200 MB file is never held twice (bytes and text) just to look at it.
    `final=False`: `data` is the head of a file, and may end inside a character.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), CHUNK):
            decoder.decode(data[start : start + CHUNK])
        decoder.decode(b"", final=final)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"  # a superset of GBK and GB2312


def find_header(rows: Sequence[Sequence[object]], aliases: dict[str, str], where: Location, expected: list[str]) -> int:
    """Index of the header row: the first row naming the most known columns."""
    from qbr.data.schema import header_key

    best, best_score = -1, 0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = len({aliases[k] for k in (header_key(c) for c in row if c is not None) if k in aliases})
        if score > best_score:
            best, best_score = i, score
    if best < 0:
        raise QbrError(
            "no header row found" if rows else "is empty",
            where=where,
            hint="the first rows must include a header naming the columns: " + ", ".join(expected),
        )
    return best


def read_csv(
    path: Path, where: Location, aliases: dict[str, str], expected: list[str], read_as: dict[str, str] | None = None
) -> RawTable:
    """The table's raw grid. `read_as`: canonical column -> how a large file's fast path reads it
    (`arrow_csv.TEXT`, `CODES` or `FLOAT`); columns it leaves out are not read by that path.
    Default: every column as text."""
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise QbrError("is not a text (CSV) file", where=where, hint="export the table as CSV or .xlsx")
    tried = None
    if len(data) >= FAST_MIN_BYTES:
        # A large file's encoding is judged on its head: pyarrow's reader checks the rest is
        # UTF-8 itself. A file it refuses is judged whole and read again, as a small file is.
        tried = detect_encoding(data[:HEAD_BYTES], final=False)
        try:
            table = _read_csv(data, tried, where, aliases, expected, fast=True, slow=False, read_as=read_as)
        except QbrError:
            table = None  # said again below, with the whole file's encoding
        if table is not None:
            return table
    encoding = detect_encoding(data)
    table = _read_csv(data, encoding, where, aliases, expected, fast=encoding != tried, slow=True, read_as=read_as)
    assert table is not None
    return table


def _read_csv(
    data: bytes,
    encoding: str,
    where: Location,
    aliases: dict[str, str],
    expected: list[str],
    fast: bool,
    slow: bool,
    read_as: dict[str, str] | None = None,
) -> RawTable | None:
    """The table read with `encoding` by pyarrow's reader (`fast`, when it can) or else pandas'
    (`slow`); None when neither was allowed to read it."""
    # the header search needs the first lines only; pandas then reads the bytes itself, so the
    # whole file is never decoded into one Python string
    prefix = data[:HEAD_BYTES]
    if len(data) > HEAD_BYTES and b"\n" in prefix:
        prefix = prefix[: prefix.rindex(b"\n") + 1]
    try:
        head = list(
            itertools.islice(csv.reader(io.StringIO(prefix.decode(encoding, errors="replace"))), HEADER_SCAN_ROWS)
        )
    except csv.Error as exc:
        raise QbrError(
            f"cannot be read as CSV: {exc}",
            where=where,
            hint="export the table from Excel as CSV (UTF-8) or save it as .xlsx",
        ) from None
    h = find_header(head, aliases, where, expected)
    headers = [c.strip() for c in head[h]]
    # pyarrow's reader (several threads) when it reads the file exactly as pandas would
    columns = None
    if read_as is not None:  # by position: the columns whose header names a column wanted
        from qbr.data.schema import header_key

        named = {i: aliases.get(header_key(header)) for i, header in enumerate(headers)}
        columns = {i: read_as[name] for i, name in named.items() if name in read_as}
    cells = read_cells(data, encoding, h, len(headers), columns) if fast else None
    if cells is not None:
        return RawTable(where, headers, cells, np.arange(len(cells), dtype=np.int64) + h + 2, h + 1)
    if not slow:
        return None
    try:
        # All text, nothing turned into NaN: parsing (and its error messages) happen per column
        # later. Blank lines are kept so that row numbers stay those Excel shows. pandas only warns
        # (and drops data) when the first rows are longer than the header: that is an error too.
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.BytesIO(data),
                encoding=encoding,
                skiprows=h + 1,
                header=None,
                names=range(len(headers)),
                dtype=STRING,  # the dtype the parsers work in, as the fast path's
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                engine="c",
                index_col=False,
            )
    except UnicodeDecodeError:
        raise QbrError(
            "is neither UTF-8 nor GB18030 text", where=where, hint="save it from Excel as CSV (UTF-8) or as .xlsx"
        ) from None
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as exc:
        long_row = _first_long_row(data.decode(encoding, errors="replace"), h, len(headers))
        if long_row is not None:
            row, fields = long_row
            raise QbrError(
                f"has {fields} fields where the header has {len(headers)}",
                where=Location(where.file, where.sheet, row),
                hint="a value holding a comma (like 1,234.50) must be in quotes; or the header lacks a column",
            ) from None
        raise QbrError(f"cannot be read as CSV: {exc}", where=where) from None
    rows = np.arange(len(frame), dtype=np.int64) + h + 2
    return RawTable(where, headers, frame, rows, h + 1)


def _first_long_row(text: str, header_index: int, width: int) -> tuple[int, int] | None:
    """(Excel row, field count) of the first row after the header with more fields than it.

    Only called when pandas refused the file, so the slow csv module costs nothing on good data.
    """
    reader = csv.reader(io.StringIO(text))
    try:
        for index, fields in enumerate(reader):
            if index > header_index and len(fields) > width:
                return reader.line_num, len(fields)
    except csv.Error:
        return None
    return None


def workbook_sheets(path: Path, where: Location) -> list[str]:
    return _open_workbook(path, where).sheetnames


def read_sheet(path: Path, sheet: str, where: Location, aliases: dict[str, str], expected: list[str]) -> RawTable:
    wb = _open_workbook(path, where)
    try:
        grid = [list(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()
    h = find_header(grid, aliases, where, expected)
    headers = ["" if c is None else str(c).strip() for c in grid[h]]
    body = grid[h + 1 :]
    width = len(headers)
    body = [(r + [None] * (width - len(r)))[:width] if len(r) != width else r for r in body]
    frame = pd.DataFrame(body, columns=range(width), dtype=object)
    rows = np.arange(len(frame), dtype=np.int64) + h + 2
    return RawTable(where, headers, frame, rows, h + 1)


def read_parquet(path: Path, where: Location) -> RawTable:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many types for a file that is not parquet
        raise QbrError(f"cannot be read as parquet: {exc}", where=where) from None
    headers = [str(c) for c in frame.columns]
    frame.columns = range(len(headers))
    return RawTable(where, headers, frame, np.arange(len(frame), dtype=np.int64) + 2, 1)


def _open_workbook(path: Path, where: Location) -> Any:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise QbrError(
            f"is not an Excel .xlsx workbook ({exc})",
            where=where,
            hint="save it from Excel as .xlsx (not .xls, not password-protected)",
        ) from None
