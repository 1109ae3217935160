"""Figures as users read them: money, percentages, deltas, numbers, dates and quarters.

Stage: presentation. Input: plain Python values (int/float/Decimal/None/NaN, dates, `Quarter`s).
Output: strings for a slide, a table or a console. The same `Formatter` backs the template
filters (`{{ sales | money }}`) and any code outside templates, so a figure reads the same
everywhere. Nothing here does I/O.

A missing value (None, NaN) always reads "—": a blank cell looks like a bug, a 0 looks like a fact.

`delta` marks its result with a direction so the template renderer can colour the run (red for
up is the Chinese convention, green for up the Western one). The marks are private-use
characters (`UP`, `DOWN`, `END`); `strip_marks()` removes them for plain-text use, and
`Formatter.delta(..., marked=False)` never adds them.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

MISSING = "—"

# Direction marks understood by qbr.template.text: UP/DOWN open a coloured span, END closes it.
UP = "\ue003"
DOWN = "\ue005"
END = "\ue004"
_MARKS = str.maketrans("", "", UP + DOWN + END)

_CURRENCY_SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "HKD": "HK$", "GBP": "£", "JPY": "¥"}
_EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# The one table of money scales, largest first: zh 亿 = 1e8, 万 = 1e4; en B, M, K. Each with the
# decimals that keep 3-4 significant figures on a slide. Chart axes (`qbr.charts.axes`) and native
# chart data (`CHART_SCALE`) read the same table.
MONEY_SCALES: dict[str, tuple[tuple[str, float, str, int], ...]] = {
    "zh": (("yi", 1e8, "亿", 2), ("wan", 1e4, "万", 1)),
    "en": (("B", 1e9, "B", 1), ("M", 1e6, "M", 1), ("K", 1e3, "K", 1)),
}
# Native charts show money in one fixed unit the chart title names: 万元 (zh), thousands (en).
CHART_SCALE = {"zh": 1e4, "en": 1e3}
_ZH_UNITS = {name: (div, suffix, dec) for name, div, suffix, dec in MONEY_SCALES["zh"]} | {"yuan": (1.0, "", 0)}
_EN_UNITS = {name: (div, suffix, dec) for name, div, suffix, dec in MONEY_SCALES["en"]} | {"yuan": (1.0, "", 0)}


def width(text: str) -> int:
    """Display columns a string takes in a terminal or a spreadsheet: wide and full-width
    (Chinese) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int, right: bool = False) -> str:
    """`text` padded with spaces to `cols` display columns (right-aligned when `right`)."""
    fill = " " * max(0, cols - width(text))
    return fill + text if right else text + fill


def _unsigned_zero(number: float, decimals: int) -> float:
    """0.0 for a value that rounds to zero at `decimals`, so that "-0.0%" never shows."""
    return 0.0 if round(number, decimals) == 0 else number


def strip_marks(text: str) -> str:
    """`text` without the colour marks `delta` adds."""
    return text.translate(_MARKS)


def _number(value: Any) -> float | None:
    """The value as a float, or None when it is missing (None, NaN, pandas NA, blank string)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return float(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


@dataclass(frozen=True)
class Formatter:
    """Formats figures for one language ("zh" or "en") and currency (code or symbol).

    `up_color`/`down_color` (hex RRGGBB) colour `delta` runs in templates; by default red means up
    in Chinese decks and green means up in English ones.
    """

    language: str = "zh"
    currency: str = "CNY"
    up_color: str | None = None
    down_color: str | None = None

    def __post_init__(self) -> None:
        if self.language not in ("zh", "en"):
            raise ValueError(f"language must be 'zh' or 'en', got {self.language!r}")

    # -- colours ------------------------------------------------------------------------------
    @property
    def colors(self) -> tuple[str, str]:
        """(up, down) colours as RRGGBB."""
        red, green = "C00000", "00A050"
        default_up, default_down = (red, green) if self.language == "zh" else (green, red)
        return (self.up_color or default_up).lstrip("#"), (self.down_color or default_down).lstrip("#")

    @property
    def symbol(self) -> str:
        return _CURRENCY_SYMBOLS.get(self.currency.upper(), self.currency)

    # -- figures ------------------------------------------------------------------------------
    def num(self, value: Any, decimals: int = 0) -> str:
        """12345.6 -> "12,346"; decimals=1 -> "12,345.6"."""
        number = _number(value)
        if number is None:
            return MISSING
        return f"{_unsigned_zero(number, decimals):,.{decimals}f}"

    def money(self, value: Any, unit: str = "auto", decimals: int | None = None) -> str:
        """zh: 12345678 -> "¥1,234.6万", 123456789 -> "¥1.23亿", 9876 -> "¥9,876".

        en: 12345678 -> "¥12.3M", 12345 -> "¥12.3K". `unit` forces a scale: zh "yi", "wan",
        "yuan"; en "B", "M", "K", "yuan".
        """
        number = _number(value)
        if number is None:
            return MISSING
        units = _ZH_UNITS if self.language == "zh" else _EN_UNITS
        if unit == "auto":
            size = abs(number)
            unit = next((name for name, (scale, _, _) in units.items() if size >= scale * 0.99995), "yuan")
            # 99,999,999 rounds to 10,000.0万: promote to the next scale instead
        if unit not in units:
            raise ValueError(f"unknown money unit {unit!r}; use one of {', '.join(units)}")
        scale, suffix, default_decimals = units[unit]
        places = default_decimals if decimals is None else decimals
        if decimals is None and self.language == "en" and suffix:
            # three significant digits (¥2.79M, ¥601K), so that a ratio of two shown figures agrees
            # with the ratio the slide states; zh keeps 万 to one decimal (¥279.1万, four digits)
            size = abs(number) / scale
            places = max(0, 3 - (len(str(int(round(size, 2)))) if size >= 1 else 1))
        sign = "-" if number < 0 and round(abs(number) / scale, places) != 0 else ""
        return f"{sign}{self.symbol}{abs(number) / scale:,.{places}f}{suffix}"

    def pct(self, value: Any, decimals: int = 1) -> str:
        """0.1234 -> "12.3%"."""
        number = _number(value)
        if number is None:
            return MISSING
        return f"{_unsigned_zero(number * 100, decimals):,.{decimals}f}%"

    def delta(self, value: Any, kind: str = "pct", decimals: int | None = None, marked: bool = True) -> str:
        """Signed change with an arrow: 0.052 -> "▲5.2%", -1200 (kind="num") -> "▼1,200".

        kind: "pct" (a ratio shown as %), "pp" (percentage points: 0.012 -> "▲1.2pp" / "▲1.2个百分点"),
        "money" or "num". Zero shows without arrow. `marked` wraps the text in colour marks.
        """
        number = _number(value)
        if number is None:
            return MISSING
        size = abs(number)
        if kind == "pct":
            text = self.pct(size, 1 if decimals is None else decimals)
        elif kind == "pp":
            points = f"{size * 100:,.{1 if decimals is None else decimals}f}"
            text = points + ("个百分点" if self.language == "zh" else "pp")
        elif kind == "money":
            text = self.money(size, decimals=decimals)
        elif kind == "num":
            text = self.num(size, 0 if decimals is None else decimals)
        else:
            raise ValueError(f"unknown delta kind {kind!r}; use pct, pp, money or num")
        if not any(ch.isdigit() and ch != "0" for ch in text):
            return text  # rounds to zero: no direction to show
        arrow, mark = ("▲", UP) if number > 0 else ("▼", DOWN)
        return f"{mark}{arrow}{text}{END}" if marked else f"{arrow}{text}"

    def date(self, value: Any) -> str:
        """zh "2023年10月1日", en "1 Oct 2023"; accepts date, datetime or ISO text."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return MISSING
        if isinstance(value, str):
            try:
                value = datetime.fromisoformat(value.strip())
            except ValueError:
                return value
        if isinstance(value, datetime):
            value = value.date()
        if not isinstance(value, date):
            if hasattr(value, "date"):  # pandas Timestamp
                value = value.date()
            else:
                return str(value)
        if self.language == "zh":
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{value.day} {_EN_MONTHS[value.month - 1]} {value.year}"

    def quarter(self, value: Any, short: bool = False) -> str:
        """zh "2023年第四季度", en "Q4 2023"; short: "23Q4" / "Q4 23". Accepts Quarter or "2023Q4"."""
        from qbr.quarter import Quarter

        if value is None:
            return MISSING
        quarter = value if isinstance(value, Quarter) else Quarter.try_parse(value)
        if quarter is None:
            return str(value)
        return quarter.short_label(self.language) if short else quarter.label(self.language)


# -- plain text: terminal tables, Markdown ---------------------------------------------------
# The same "—" for a missing figure as on the slides; no scaling to 万: a console shows the yuan.


def text_money(x: float | None, currency: str = "", decimals: int = 2) -> str:
    """12345.678 -> "12,345.68" (with `currency` in front when given)."""
    return MISSING if x is None else f"{currency}{x:,.{decimals}f}"


def text_pct(x: float | None, signed: bool = False) -> str:
    """A ratio as a percentage: 0.123 -> "12.3%", signed "+12.3%"."""
    return MISSING if x is None else (f"{x:+.1%}" if signed else f"{x:.1%}")


def text_num(x: float | None, decimals: int = 1) -> str:
    return MISSING if x is None else f"{x:,.{decimals}f}"


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Collection[int] = ()) -> str:
    """Aligned columns under a header and a rule; the columns in `right` are right-aligned."""
    widths = [max([width(h), *(width(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            pad(c, w, right=i in right) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def clip(text: str, cols: int) -> str:
    """`text` cut to `cols` display columns with "…", for names in a terminal table."""
    if width(text) <= cols:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > cols - 1:
            break
        out += ch
    return out + "…"


# What `qbr template vars` prints: filter name -> (description, example call, example output in zh).
FILTER_DOCS: dict[str, tuple[str, str]] = {
    "money": (
        "money, scaled to 万/亿 (zh) or K/M/B (en); unit=, decimals=",
        "{{ 12345678 | money }} -> ¥1,234.6万 (en: ¥12.3M)",
    ),
    "pct": ("a ratio as a percentage; decimals=1", "{{ 0.1234 | pct }} -> 12.3%"),
    "delta": (
        "signed change with ▲/▼, coloured (zh: red up, green down); kind=pct|pp|money|num",
        "{{ -0.031 | delta }} -> ▼3.1% (green in zh)",
    ),
    "num": ("number with thousands separators; decimals=0", "{{ 1234567 | num }} -> 1,234,567"),
    "date": ("a date", "{{ '2023-10-01' | date }} -> 2023年10月1日 (en: 1 Oct 2023)"),
    "quarter": ("a quarter label; short=False", "{{ '2023Q4' | quarter }} -> 2023年第四季度 (en: Q4 2023)"),
}
