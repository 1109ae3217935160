"""A CSV table's data cells through pyarrow's multithreaded CSV reader, when it reads them exactly
as pandas would.

Stage: loading (a fast path of `qbr.data.readers.read_csv`). Input: the file's bytes, its encoding,
the header row's index and width. Output: every data cell as text (dtype "string", blanks as "")
with one frame row per file line after the header, or None when the file needs pandas' reader.

Row numbers in error messages are computed from the frame's row positions (Excel row = position +
header row + 2), so this path keeps one row per line, as pandas' reader does with
`skip_blank_lines=False`: a blank line is a row of blank cells in both. Any file pyarrow refuses
(a row with more or fewer fields than the header, bad bytes) goes to pandas, so that its error
message stays the one pandas' path gives. Quoted values may hold commas and, as with pandas,
line breaks.
"""

from __future__ import annotations

import pandas as pd

# Text read this way is pandas' "string" dtype (pyarrow storage, NA for missing): the parsers
# (`qbr.data.parse`) work in that dtype, so no column is converted again.
STRING = pd.StringDtype("pyarrow")
MIN_BYTES = 1 << 20  # below 1 MB pandas' reader is as fast and starts no threads


def read_cells(data: bytes, encoding: str, header_index: int, width: int) -> pd.DataFrame | None:
    """The data rows after line `header_index` (0-based) as `width` text columns named 0..width-1,
    or None to let pandas read the file (small, blank lines, or anything pyarrow refuses)."""
    if len(data) < MIN_BYTES or width == 0:
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
    import pyarrow.csv as pacsv

    names = [str(i) for i in range(width)]
    read = pacsv.ReadOptions(
        column_names=names, encoding="utf8" if encoding == "utf-8-sig" else encoding, block_size=1 << 22
    )
    parse = pacsv.ParseOptions(newlines_in_values=data.find(b'"', body_start) >= 0, ignore_empty_lines=False)
    convert = pacsv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False, quoted_strings_can_be_null=False
    )
    try:
        body = pa.py_buffer(data).slice(body_start)
        table = pacsv.read_csv(body, read_options=read, parse_options=parse, convert_options=convert)
    except (pa.ArrowInvalid, UnicodeDecodeError, LookupError):
        return None
    frame = table.to_pandas(types_mapper={pa.string(): STRING, pa.large_string(): STRING}.get)
    frame.columns = range(width)
    return frame


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
