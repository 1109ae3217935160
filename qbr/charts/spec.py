"""The chart data set, checked and normalised: what every drawing function receives.

Stage: charts. Input: the chart dict shared with the template engine (the same dict fills native
PowerPoint charts):

    {"kind": "column"|"bar"|"line"|"column_line"|"stacked"|"waterfall"|"donut",
     "unit": "money"|"pct"|"count"|"number", "title": optional str,
     "categories": [...],
     "series": [{"name": str, "values": [float|None, ...], "kind": optional per-series override
                 ("column", "bar", "line", or "label": values printed next to the first series'
                 bars instead of drawn, e.g. growth beside sales), "unit": optional,
                 "axis": optional "secondary", "style": optional "dashed": a level to compare with,
                 drawn as a muted dashed line without markers, e.g. the usual level of weekly sales}],
     "highlight": optional [category index, ...], "reference": optional {"value": float, "label": str},
     "scale": optional number: the money values are in multiples of it (10,000 for a native chart's
              万元), so the picture shows them in yuan again with its own axis scale,
     "totals": optional [category index, ...] (waterfall only; default first and last)}

A series of kind "band" (a value in each highlighted category, None elsewhere) is the highlight as
a native chart draws it, as shaded columns: here it adds its categories to `highlight` and its name
to the legend (`highlight_label`), and is not drawn as a series.

Output: a frozen `ChartSpec`. None/NaN values stay None (a gap, never a zero). A malformed dict is
a bug in the code that built it, so it raises ValueError naming the field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qbr.charts.axes import UNITS

# Line breaks become spaces (fit_label wraps by itself); control characters, lone surrogates,
# U+FFFE/U+FFFF and the private-use marks qbr.formatting and the template engine use are dropped.
# Not imported from qbr.template.marks: that package pulls in python-pptx (0.3 s) and charts sit
# before the deck stage.
_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\u2028\u2029\x85\t]")
_DROPPED = re.compile("[\x00-\x1f\x7f\ufffe\uffff\ud800-\udfff\ue000-\uf8ff]")

KINDS = ("column", "bar", "line", "column_line", "stacked", "waterfall", "donut")
SERIES_KINDS = ("column", "bar", "line", "label", "band")
_DEFAULT_SERIES_KIND = {
    "column": "column",
    "bar": "bar",
    "line": "line",
    "stacked": "column",
    "waterfall": "column",
    "donut": "column",
    "column_line": "column",
}


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    kind: str  # "column", "bar", "line" or "label"
    unit: str
    secondary: bool = False
    dashed: bool = False  # a level to compare with, not a figure of its own


@dataclass(frozen=True)
class Reference:
    value: float
    label: str = ""


@dataclass(frozen=True)
class ChartSpec:
    kind: str
    unit: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    title: str = ""
    highlight: tuple[int, ...] = ()
    reference: Reference | None = None
    totals: tuple[int, ...] = ()
    highlight_label: str = ""  # the legend's name for the highlight, from a "band" series

    @property
    def drawn(self) -> tuple[Series, ...]:
        """Series drawn as bars or lines (not "label" series)."""
        return tuple(s for s in self.series if s.kind != "label")


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: {value!r} is not a number") from None
    return None if math.isnan(number) else number  # NaN from pandas is a gap too


def _text(value: Any) -> str:
    text = "" if value is None else str(value)
    return _DROPPED.sub("", _BREAKS.sub(" ", text)).strip()


def _choice(value: Any, allowed: Sequence[str], where: str) -> str:
    if value not in allowed:
        raise ValueError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return str(value)


def _indexes(value: Any, count: int, where: str) -> tuple[int, ...]:
    if value is None:
        return ()
    out = []
    for index in value:
        if not isinstance(index, int) or not -count <= index < count:
            raise ValueError(f"{where}: {index!r} is not a category index (0..{count - 1})")
        out.append(index % count)  # -1 is the last category, as in Python
    return tuple(sorted(set(out)))


def parse_chart(data: Mapping[str, Any]) -> ChartSpec:
    """Check the chart dict and return it as a ChartSpec (see the module docstring)."""
    if not isinstance(data, Mapping):
        raise ValueError(f"chart data must be a dict, got {type(data).__name__}")
    kind = _choice(data.get("kind", "column"), KINDS, "chart kind")
    unit = _choice(data.get("unit", "number"), UNITS, "chart unit")
    categories = tuple(_text(c) for c in data.get("categories") or ())
    raw_series = data.get("series") or ()
    scale = _number(data.get("scale", 1), "chart scale")
    if scale is None or scale <= 0:
        raise ValueError(f"chart scale: {data.get('scale')!r} is not a positive number")
    series = []
    bands: list[int] = []
    band_label = ""
    for number, item in enumerate(raw_series):
        where = f"series {number + 1}"
        values = tuple(_number(v, f"{where} value {i + 1}") for i, v in enumerate(item.get("values") or ()))
        if len(values) != len(categories):
            raise ValueError(f"{where} has {len(values)} values for {len(categories)} categories")
        default = _DEFAULT_SERIES_KIND[kind]
        if kind == "column_line" and number == len(raw_series) - 1 and len(raw_series) > 1:
            default = "line"  # Excel's combo default: the last series is the line
        series_kind = _choice(item.get("kind") or default, SERIES_KINDS, f"{where} kind")
        series_unit = _choice(item.get("unit") or unit, UNITS, f"{where} unit")
        secondary = _choice(item.get("axis") or "primary", ("primary", "secondary"), f"{where} axis")
        style = _choice(item.get("style") or "solid", ("solid", "dashed"), f"{where} style")
        if series_kind == "band":
            bands += [i for i, v in enumerate(values) if v]
            band_label = band_label or _text(item.get("name"))
            continue
        if series_unit == "money" and scale != 1:
            values = tuple(None if v is None else v * scale for v in values)
        series.append(
            Series(
                _text(item.get("name")) or f"#{number + 1}",
                values,
                series_kind,
                series_unit,
                secondary == "secondary",
                style == "dashed",
            )
        )
    reference = None
    if data.get("reference") is not None:
        ref = data["reference"]
        value = _number(ref.get("value"), "reference value")
        if value is not None:
            reference = Reference(value, _text(ref.get("label")))
    totals = _indexes(data.get("totals"), len(categories), "waterfall totals")
    if kind == "waterfall" and not totals and categories:
        totals = (0, len(categories) - 1)
    return ChartSpec(
        kind,
        unit,
        categories,
        tuple(series),
        _text(data.get("title")),
        tuple(sorted(set(_indexes(data.get("highlight"), len(categories), "highlight")) | set(bands))),
        reference,
        totals,
        band_label,
    )
