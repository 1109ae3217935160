"""A CSV table's data cells through pyarrow's multithreaded CSV reader, when it reads them exactly
as pandas would.

Stage: loading (a fast path of `qbr.data.readers.read_csv`). Input: the file's bytes, its encoding,
the header row's index and width, and how to read each column wanted. Output: those columns
(text as dtype "string" with blanks as "", codes into distinct cells as a Categorical of text, or
float64 numbers), one frame row per file line after the header; or None when the file needs
pandas' reader.

Row numbers in error messages are computed from the frame's row positions (Excel row = position +
header row + 2), so this path keeps one row per line, as pandas' reader does with
`skip_blank_lines=False`: a blank line is a row of blank cells in both. Any file pyarrow refuses
(a row with more or fewer fields than the header, bad bytes) goes to pandas, so that its error
message stays the one pandas' path gives. Quoted values may hold commas and, as with pandas,
line breaks.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

# Text read this way is pandas' "string" dtype (pyarrow storage, NA for missing): the parsers
# (`qbr.data.parse`) work in that dtype, so no column is converted again.
STRING = pd.StringDtype("pyarrow")
MIN_BYTES = 1 << 20  # below 1 MB pandas' reader is as fast and starts no threads

# How a column is read (`read_as`): as text; as codes into its distinct cells (a pandas
# Categorical of text: a million sales lines hold a few hundred dates, SKUs and quantities, so
# 4 bytes a row instead of the text, and the distinct cells come for free); or as float64 numbers
# when every cell of it is a plain decimal number or blank (amounts: 8 bytes a row, no text at
# all). A float column pyarrow cannot read so (¥, thousands separators, a bad cell) is read
# again as text, so that parsing and its error messages are the plain path's.
TEXT, CODES, FLOAT = "text", "codes", "float"


def read_cells(
    data: bytes, encoding: str, header_index: int, width: int, read_as: dict[int, str] | None = None
) -> pd.DataFrame | None:
    """The data rows after line `header_index` (0-based) as columns named by their position
    0..width-1: those of `read_as` read as it says (default: all `width` as text), or None to
    let pandas read the file (small, blank lines, or anything pyarrow refuses)."""
    if len(data) < MIN_BYTES or width == 0:
        return None
    read_as = dict.fromkeys(range(width), TEXT) if read_as is None else read_as
    if not read_as:
        return None
    body_start = _line_start(data, header_index + 1)
    if body_start is None or body_start >= len(data):
        return None
    # A blank line is a row of blank cells for both readers, except in a one-column file (pyarrow
    # may read it as no field at all): such a file goes to pandas if it has one. Searched and read
    # in place: a slice of the bytes would copy hundreds of MB.
    if width == 1 and any(data.find(gap, body_start) >= 0 for gap in (b"\n\n", b"\n\r\n", b"\r\r")):
        return None
    import pyarrow as pa

    quoted = data.find(b'"', body_start) >= 0
    table = _read(pa.py_buffer(data).slice(body_start), encoding, width, read_as, quoted)
    if table is None and FLOAT in read_as.values():
        read_as = {i: TEXT if how == FLOAT else how for i, how in read_as.items()}
        table = _read(pa.py_buffer(data).slice(body_start), encoding, width, read_as, quoted)
    if table is None:
        return None
    table = table.unify_dictionaries()  # one dictionary per column: its chunks' codes agree
    frame = pd.DataFrame({i: _column(table.column(str(i)), how) for i, how in sorted(read_as.items())}, copy=False)
    del table
    release_unused_memory()  # the parser's blocks, not kept for the rest of the run
    return frame


def _read(body: Any, encoding: str, width: int, read_as: dict[int, str], quoted: bool) -> Any:
    """pyarrow's table of the `read_as` columns, or None when it refuses the file (or a float
    column holds anything but finite decimal numbers and blanks)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    names = [str(i) for i in range(width)]
    types = {TEXT: pa.string(), CODES: pa.dictionary(pa.int32(), pa.string()), FLOAT: pa.float64()}
    read = pacsv.ReadOptions(
        column_names=names, encoding="utf8" if encoding == "utf-8-sig" else encoding, block_size=1 << 22
    )
    parse = pacsv.ParseOptions(newlines_in_values=quoted, ignore_empty_lines=False)
    convert = pacsv.ConvertOptions(
        column_types={str(i): types[how] for i, how in read_as.items()},
        include_columns=[str(i) for i in sorted(read_as)],
        null_values=[""],  # only a blank cell of a float column is missing; text is never null
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    try:
        table = pacsv.read_csv(body, read_options=read, parse_options=parse, convert_options=convert)
    except (pa.ArrowInvalid, UnicodeDecodeError, LookupError):
        return None
    for i, how in read_as.items():
        # "nan" and "inf" are numbers to pyarrow but not amounts to qbr: read as text, reported
        if how == FLOAT and pc.sum(pc.invert(pc.is_finite(table.column(str(i))))).as_py():
            return None
    return table


def _column(values: Any, how: str) -> pd.Series:
    """One column of pyarrow's table as the pandas column `read_cells` promises."""
    import numpy as np
    import pyarrow as pa

    assert isinstance(values, pa.ChunkedArray)
    if how == FLOAT:
        return pd.Series(values.to_numpy(), dtype="float64")
    if how == CODES:
        chunks = values.chunks
        codes = np.concatenate([c.indices.to_numpy() for c in chunks]) if chunks else np.empty(0, dtype=np.int32)
        cells = chunks[0].dictionary if chunks else pa.array([], type=pa.string())
        categories = pd.Index(pd.array(cells, dtype=STRING))
        return pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories)))
    return pd.Series(values.to_pandas(types_mapper={pa.string(): STRING, pa.large_string(): STRING}.get), dtype=STRING)


def release_unused_memory() -> None:
    """Give back to the system what pyarrow's memory pool holds but no longer uses.

    pyarrow allocates from its own pool (mimalloc), which keeps freed pages for pyarrow; numpy
    allocates elsewhere and cannot reuse them. Loading and validating five million lines free a
    hundred MB or more of pyarrow's (parser blocks, string columns built and dropped), which would
    otherwise stay reserved while the metrics allocate their own arrays."""
    import sys

    if "pyarrow" in sys.modules:  # nothing to give back when pyarrow was never used
        sys.modules["pyarrow"].default_memory_pool().release_unused()


def _line_start(data: bytes, line: int) -> int | None:
    """Byte offset where line `line` (0-based) starts, counting raw line breaks.

    The header search read the first lines with Python's csv module, which counts a quoted line
    break inside a title cell as part of one row: such a file (rare) returns None and goes to
    pandas, whose `skiprows` counts rows the same way csv does.
    """
    pos = 0
    for _ in range(line):
        nl = data.find(b"\n", pos)
        if nl < 0:
            return None
        if b'"' in data[pos:nl]:
            return None
        pos = nl + 1
    return pos
