"""Turn raw cells into typed columns, one parser per value kind of the schema.

Stage: the second half of loading. Input: a column of raw cells (text from CSV; numbers, dates or
text from xlsx and parquet). Output: the typed column and a mask of the cells that could not be
parsed, so the caller can report every bad cell with its row. Vectorised: the common, clean case
is one pandas call per column; only cells that fail it take the slower, more forgiving routes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qbr.data import schema

# Excel's day 0 (it counts 1900 as a leap year, which this origin absorbs for dates after Feb 1900)
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
MIN_DATE, MAX_DATE = pd.Timestamp("1990-01-01"), pd.Timestamp("2100-12-31")

Parsed = tuple[pd.Series, pd.Series]  # (values, bad mask)

EXPECTED = {
    schema.MONEY: (
        "is not an amount of money",
        "write numbers like 1234.50; ¥, thousands separators and (1,234.50) for negatives are accepted",
    ),
    schema.NUMBER: ("is not a number", "write numbers like 12 or 1234.5"),
    schema.DATE: (
        "is not a date",
        "write dates as 2023-10-01, 2023/10/01, 2023年10月1日 or as Excel dates (between 1990 and 2100)",
    ),
    schema.QUARTER: ("is not a quarter", "write quarters like 2023Q4"),
    schema.CHANNEL: (
        "is not a channel",
        "use modern, traditional, special or fresh (现代渠道, 传统渠道, 特殊渠道, 生鲜渠道)",
    ),
    schema.SUPPORT_TYPE: (
        "is not a support type",
        "use display, promotion, free_goods, rebate, listing, posm or other "
        "(陈列费, 促销费, 搭赠, 返利, 进场费, 物料, 其他)",
    ),
    schema.SECTION: ("is not a note section", "use highlight, issue or plan (亮点, 问题, 计划)"),
    schema.STATUS: (
        "is not a plan status",
        "use done, partly or not_done (完成, 部分完成, 未完成), or leave blank when not yet reviewed",
    ),
    schema.YESNO: ("is not yes or no", "write yes or no (是/否), or leave blank to let the rules decide"),
}


def as_text(raw: pd.Series) -> pd.Series:
    """Trimmed text with NA for blanks; whole numbers from Excel lose their `.0`."""
    if raw.dtype == object:
        raw = raw.map(_cell_text)
    out = raw.astype("string").str.strip()
    return out.mask(out == "", pd.NA)


def _cell_text(v: object) -> object:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    return v


def parse_number(raw: pd.Series) -> Parsed:
    if pd.api.types.is_numeric_dtype(raw.dtype) and not pd.api.types.is_bool_dtype(raw.dtype):
        values = raw.astype("float64")
        return values, ~np.isfinite(values) & values.notna()
    text = as_text(raw)
    blank = text.isna()
    values = _to_float(text)
    retry = values.isna() & ~blank
    if retry.any():
        cleaned = text[retry]
        for mark in ("¥", "￥", "$", ",", "，", " ", "元", "RMB", "CNY"):
            cleaned = cleaned.str.replace(mark, "", regex=False)
        negative = cleaned.str.fullmatch(r"\(.*\)").fillna(False)
        cleaned = cleaned.where(~negative, "-" + cleaned.str.slice(1, -1))
        values[retry] = _to_float(cleaned)
    bad = ~blank & (values.isna() | ~np.isfinite(values.fillna(0)))
    return values.where(~bad), bad


_DECIMAL = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


def _to_float(text: pd.Series) -> pd.Series:
    """Floats of decimal text, NaN for anything else, in Arrow compute calls (no Python loop):
    one cast when the column is clean, else a regex picks the cells that can be cast."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(text, type=pa.string(), from_pandas=True)
    try:
        floats = pc.cast(arr, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        decimal = pc.match_substring_regex(arr, _DECIMAL)
        floats = pc.cast(pc.if_else(decimal, arr, pa.scalar(None, pa.string())), pa.float64())
    return pd.Series(floats.to_numpy(zero_copy_only=False), index=text.index, dtype="float64")


def parse_date(raw: pd.Series) -> Parsed:
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        values = raw.dt.tz_localize(None) if getattr(raw.dt, "tz", None) else raw
        return _finish_dates(_ns(values).dt.normalize(), raw.notna())
    if pd.api.types.is_numeric_dtype(raw.dtype):
        return _finish_dates(_from_serial(raw.astype("float64")), raw.notna())
    if raw.dtype == object:
        # xlsx: a mix of datetime objects, serial numbers and text
        is_time = raw.map(lambda v: isinstance(v, (dt.date, dt.datetime)))
        if is_time.any():
            values = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
            values[is_time] = _ns(pd.to_datetime(raw[is_time].map(_as_datetime), errors="coerce"))
            rest = ~is_time & raw.notna()
            if rest.any():
                values[rest], _ = parse_date(raw[rest].map(_cell_text).astype("string"))
            present = raw.map(lambda v: v is not None and v == v and str(v).strip() != "")
            return _finish_dates(values.dt.normalize(), present)
    text = as_text(raw)
    present = text.notna()
    # ISO dates are the common case: one vectorised call; only the rest are normalised first
    values = _ns(pd.to_datetime(text, format="%Y-%m-%d", errors="coerce"))
    retry = values.isna() & present
    norm = text.copy()
    if retry.any():
        norm[retry] = (
            text[retry]
            .str.replace("年", "-", regex=False)
            .str.replace("月", "-", regex=False)
            .str.replace("日", "", regex=False)
            .str.replace("/", "-", regex=False)
            .str.replace(".", "-", regex=False)
            .str.replace(r"\s*-\s*", "-", regex=True)
        )
        values[retry] = _ns(pd.to_datetime(norm[retry], format="%Y-%m-%d", errors="coerce"))
        retry = values.isna() & present
    if retry.any():
        values[retry] = _ns(pd.to_datetime(norm[retry], format="ISO8601", errors="coerce"))
        retry = values.isna() & present
    if retry.any():
        serial = pd.to_numeric(text[retry], errors="coerce")
        values[retry] = _from_serial(serial.astype("float64"))
    return _finish_dates(values.dt.normalize(), present)


def _as_datetime(v: object) -> dt.datetime:
    return v if isinstance(v, dt.datetime) else dt.datetime.combine(v, dt.time())  # type: ignore[arg-type]


def _ns(values: pd.Series) -> pd.Series:
    """Dates as datetime64[ns]; dates nanoseconds cannot hold (year 0, 9999 ...) become NaT first,
    and are then reported as not being dates (only 1990-2100 is accepted anyway)."""
    if not pd.api.types.is_datetime64_any_dtype(values.dtype):
        values = pd.to_datetime(values, errors="coerce")
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_localize(None)
    values = values.where((values >= MIN_DATE) & (values <= MAX_DATE))
    return values.astype("datetime64[ns]")


def _from_serial(serial: pd.Series) -> pd.Series:
    days = np.floor(serial.where(serial.between(1, 2958465)))
    return _ns(EXCEL_EPOCH + pd.to_timedelta(days, unit="D"))


def _finish_dates(values: pd.Series, present: pd.Series) -> Parsed:
    out_of_range = (values < MIN_DATE) | (values > MAX_DATE)
    values = values.mask(out_of_range)
    return values, present & values.isna()


def parse_quarter(raw: pd.Series) -> Parsed:
    text = as_text(raw)
    parts = text.str.extract(r"^(\d{4})\s*[-_ ]?\s*[Qq]\s*([1-4])$")
    values = (parts[0] + "Q" + parts[1]).astype("string")
    return values, text.notna() & values.isna()


def parse_enum(raw: pd.Series, aliases: dict[str, str]) -> Parsed:
    text = as_text(raw)
    lookup = {k.lower(): v for k, v in aliases.items()}
    values = text.str.lower().map(lookup).astype("string")
    return values, text.notna() & values.isna()


# Columns this long are parsed one distinct cell at a time when they repeat: a million sales lines
# hold a few hundred dates, SKUs and quantities, so each is parsed once and the result spread back
# to every row (identical to parsing every row: the parsers are functions of the cell alone).
DISTINCT_MIN_ROWS = 50_000
SAMPLE_ROWS = 20_000  # judged on a sample first, so a column of amounts is not hashed for nothing


@dataclass(frozen=True)
class Distinct:
    """A text column as codes into its distinct cells (`pandas.factorize`; -1 for a missing cell)."""

    codes: np.ndarray
    uniques: pd.Series

    @classmethod
    def of(cls, raw: pd.Series) -> Distinct:
        codes, uniques = pd.factorize(raw)
        return cls(codes, pd.Series(uniques, dtype=raw.dtype))

    def rows(self, mask: np.ndarray) -> Distinct:
        """The same cells, for the rows that `mask` keeps."""
        return Distinct(self.codes[mask], self.uniques)


def distinct_cells(raw: pd.Series) -> Distinct | None:
    """The column as distinct cells when that pays: long text columns whose cells repeat, and
    always a column read as codes into its distinct cells (a Categorical, from the CSV fast path)."""
    if isinstance(raw.dtype, pd.CategoricalDtype):
        categories = raw.cat.categories
        return Distinct(raw.cat.codes.to_numpy(), pd.Series(categories, dtype=categories.dtype))
    if len(raw) < DISTINCT_MIN_ROWS or not pd.api.types.is_string_dtype(raw.dtype) or raw.dtype == object:
        return None
    if raw.iloc[:SAMPLE_ROWS].nunique(dropna=False) * 4 > min(len(raw), SAMPLE_ROWS):
        return None
    found = Distinct.of(raw)
    return found if len(found.uniques) and len(found.uniques) * 2 <= len(raw) else None


def per_distinct(
    raw: pd.Series, parse: Callable[[pd.Series], Parsed], distinct: Distinct | None, missing_flagged: bool = False
) -> Parsed:
    """`parse(raw)`, computed on `distinct` (the column's distinct cells) when given.

    `missing_flagged`: the mask's value for a missing cell (a parser never flags one as bad; a
    blank test does flag it)."""
    if distinct is None or not len(distinct.uniques):
        return parse(raw)
    values, bad = parse(distinct.uniques)
    codes = distinct.codes
    # a missing cell (code -1) parses to a missing value, whatever the kind
    spread = pd.Series(values.array.take(codes, allow_fill=True), index=raw.index, name=raw.name)
    bad_rows = np.where(codes >= 0, bad.to_numpy(dtype=bool, na_value=False)[codes], missing_flagged)
    return spread, pd.Series(bad_rows, index=raw.index)


def parse_column(raw: pd.Series, kind: str, distinct: Distinct | None = None) -> Parsed:
    """Typed values and bad-cell mask for a column of the given schema kind (`distinct`: the
    column's distinct cells, from `distinct_cells`, to parse each once)."""
    return per_distinct(raw, lambda cells: _parse_column(cells, kind), distinct)


def _parse_column(raw: pd.Series, kind: str) -> Parsed:
    if kind in (schema.MONEY, schema.NUMBER):
        return parse_number(raw)
    if kind == schema.DATE:
        return parse_date(raw)
    if kind == schema.QUARTER:
        return parse_quarter(raw)
    if kind == schema.CHANNEL:
        return parse_enum(raw, schema.CHANNEL_ALIASES)
    if kind == schema.SUPPORT_TYPE:
        return parse_enum(raw, schema.SUPPORT_TYPE_ALIASES)
    if kind == schema.SECTION:
        return parse_enum(raw, schema.SECTION_ALIASES)
    if kind == schema.STATUS:
        return parse_enum(raw, schema.STATUS_ALIASES)
    if kind == schema.YESNO:
        words = {**dict.fromkeys(schema.YES_WORDS, "yes"), **dict.fromkeys(schema.NO_WORDS, "no")}
        return parse_enum(raw, words)
    text = as_text(raw)
    return text, pd.Series(False, index=raw.index)
