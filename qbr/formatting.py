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
import re
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
        if number == 0 and decimals is None:
            unit = "yuan"  # nothing is ¥0 in any column, not "¥0.0万" or "¥0.00M"
        scale, suffix, default_decimals = units[unit]
        places = default_decimals if decimals is None else decimals
        if decimals is None and self.language == "en" and suffix:
            # three significant digits (¥2.79M, ¥601K), so that a ratio of two shown figures agrees
            # with the ratio the slide states; zh keeps 万 to one decimal (¥279.1万, four digits)
            size = abs(number) / scale
            places = max(0, 3 - (len(str(int(round(size, 2)))) if size >= 1 else 1))
        if decimals is None and number and round(abs(number) / scale, places) == 0:
            # a small figure in a larger figure's unit (one unit per sentence): ¥3,683 -> ¥0.4万,
            # ¥368 -> ¥0.04万; what still reads 0 at two decimals keeps its own unit (¥36)
            while places < 2 and round(abs(number) / scale, places) == 0:
                places += 1
            if round(abs(number) / scale, places) == 0:
                return self.money(value)
        sign = "-" if number < 0 and round(abs(number) / scale, places) != 0 else ""
        return f"{sign}{self.symbol}{abs(number) / scale:,.{places}f}{suffix}"

    def pct(self, value: Any, decimals: int = 1) -> str:
        """0.1234 -> "12.3%"."""
        number = _number(value)
        if number is None:
            return MISSING
        return f"{_unsigned_zero(number * 100, decimals):,.{decimals}f}%"

    def delta(
        self, value: Any, kind: str = "pct", decimals: int | None = None, marked: bool = True, unit: str = "auto"
    ) -> str:
        """Signed change with an arrow: 0.052 -> "▲5.2%", -1200 (kind="num") -> "▼1,200".

        kind: "pct" (a ratio shown as %), "pp" (percentage points: 0.012 -> "▲1.2pp" / "▲1.2个百分点"),
        "money" or "num". Zero shows without arrow. `marked` wraps the text in colour marks; `unit`
        is the money scale (see `money`).
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
            text = self.money(size, unit, decimals)
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
    "money_unit": (
        "the one money scale of a column (its largest figure's): pass it as money's unit=",
        "{{ r.sales | money(unit=rows | money_unit('sales')) }} -> ¥0.4万 beside ¥7.5万",
    ),
    "fit": (
        "a name shortened to a box (inches, pt); unchanged when it fits, specs (5kg) kept; among=names",
        "{{ '金禾丰 5L 压榨一级花生油' | fit(1.3, 10) }} -> 金禾丰 5L 压…生油",
    ),
}


# -- one unit per slide, column and chart -----------------------------------------------------
# Rule (docs/metrics.md "Units on a slide"): a title, a sentence, a table column or a chart shows
# every money figure in one scale, the scale of its largest figure; a smaller figure then keeps the
# usual decimals, or as many more (up to 2) as it takes not to read 0 ("¥0.4万", "¥0.04万"); a
# figure that would still read 0 keeps its own unit ("¥36" beside "¥1.2亿").


def money_unit(values: Sequence[Any], language: str = "zh") -> str:
    """The scale name ("yi", "wan", "yuan"; en "B", "M", "K", "yuan") of the largest figure."""
    sizes = [abs(n) for n in (_number(v) for v in values) if n is not None]
    if not sizes:
        return "yuan"
    units = _ZH_UNITS if language == "zh" else _EN_UNITS
    top = max(sizes)
    return next((name for name, (scale, _, _) in units.items() if top >= scale * 0.99995), "yuan")


def own_unit_below(value: Any, unit: str, language: str = "zh") -> str:
    """`unit`, unless `value` would read under 0.1 of it: then "auto", its own scale.

    A sentence's figures share the scale of its largest (`money_unit`), "¥7.5万 … ¥0.4万"; a figure
    that would read "¥0.01万" or "▼¥0.02M" reads "¥100" or "▼¥16.2K" instead.
    """
    number = _number(value)
    units = _ZH_UNITS if language == "zh" else _EN_UNITS
    if number is None or unit not in units:
        return unit
    return "auto" if abs(number) < 0.1 * units[unit][0] * 0.99995 else unit


def chart_unit(values: Sequence[Any], language: str = "zh") -> str:
    """The money scale of a chart: its largest figure's, except that English charts stay in K up
    to 10M ("2,791" rather than "2.79" with every step reading "0.08"), as the deck's other charts."""
    unit = money_unit(values, language)
    sizes = [abs(n) for n in (_number(v) for v in values) if n is not None]
    if language == "en" and unit == "M" and max(sizes) < 1e7:
        return "K"
    return unit


def chart_scale(values: Sequence[Any], language: str = "zh") -> tuple[float, str]:
    """(divisor, unit word) of a native chart's money: 万元 / 亿元 / 元 (zh), K / M / B (en),
    from its largest figure (`chart_unit`), so that the chart reads like the cards beside it."""
    unit = chart_unit(values, language)
    units = _ZH_UNITS if language == "zh" else _EN_UNITS
    scale, suffix, _ = units[unit]
    if language == "zh":
        return scale, f"{suffix}元"
    return scale, suffix or ""


def axis_scale(low: float, high: float, ticks: int = 5) -> tuple[float, float, float, int]:
    """A value axis that starts at zero: (minimum, maximum, major unit, decimals of its labels).

    The major unit is 1, 2 or 5 times a power of ten, giving about `ticks` intervals; the labels
    carry only the decimals the unit needs ("350", not "350.0"; "0.5" when the unit is 0.5). A
    bar within 8% of the end gets one more unit of room for its label.
    (0, 326.2) -> span 326.2 / 5 = 65.2 -> unit 100 -> (0, 400, 100, 0).
    """
    low, high = min(0.0, low), max(0.0, high)
    span = high - low
    if span <= 0 or math.isnan(span):
        return 0.0, 1.0, 0.2, 1
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * 0.9999)
    minimum = math.floor(low / step - 1e-9) * step if low < 0 else 0.0
    maximum = math.ceil(high / step - 1e-9) * step if high > 0 else 0.0
    # a label above the tallest bar needs room inside the plot: a bar within 8% of the top gets one more unit
    if high > 0 and maximum - high < 0.08 * (maximum - minimum):
        maximum += step
    if low < 0 and low - minimum < 0.08 * (maximum - minimum):
        minimum -= step
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return float(round(minimum, decimals)), float(round(maximum, decimals)), float(round(step, decimals)), decimals


def number_format(decimals: int, percent: bool = False) -> str:
    """Excel number format with thousands separators and `decimals` places: 1 -> "#,##0.0"."""
    if percent:
        return "0" + ("." + "0" * decimals if decimals else "") + "%"
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def em_width(text: str) -> float:
    """Width of `text` in em (multiples of the font size): CJK 1, digits and capitals about 0.62,
    narrow letters 0.3, other Latin 0.52 (YaHei / Noto Sans CJK, Arial / Calibri)."""
    total = 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF":
            total += 1.0
        elif ch == " ":
            total += 0.28
        elif ch.isupper() or ch.isdigit() or ch in "¥%@#&mwMW":
            total += 0.62
        elif ch in "il.,:;'|!()[]":
            total += 0.3
        else:
            total += 0.52
    return total


ELLIPSIS = "…"
# a word that says a size or a number: starts or ends with a figure ("5L", "250ml×12盒", "3号",
# "Store 12"), or a figure with a unit inside ("压榨5L"); "A2β-酪蛋白" is a name, not a spec
_SPEC = re.compile(r"^\d|\d$|\d(?:kg|g|ml|l|斤|克|升|号|店|瓶|盒|袋|包|支|罐|桶)", re.IGNORECASE)


def _middle_cut(token: str, room: float) -> str:
    """`token` with characters removed from its middle ("压榨一级花生油" -> "压榨…花生油") to fit
    `room` em; the end (the product kind: 花生油 vs 调和油) is kept longest."""
    head, tail = len(token) // 2, len(token) - len(token) // 2
    while head + tail > 1 and em_width(token[:head] + ELLIPSIS + token[len(token) - tail :]) > room:
        if head > 1 and head >= tail - 1:
            head -= 1
        else:
            tail -= 1
    return token[:head] + ELLIPSIS + token[len(token) - tail :] if tail else token[:head] + ELLIPSIS


def _wide(word: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in "WF" for ch in word)


def fit_name(name: str, room_em: float, among: Sequence[str] = ()) -> str:
    """`name` shortened to fit `room_em` em (box width ÷ font size), keeping what tells it apart.

    Unchanged when it fits: never "…" when there is room. The words every name in `among` starts
    with are dropped when any of those names does not fit ("昆仑好客 杭州祥路加油站便利店" among
    other 昆仑好客 stores -> "杭州祥路加油站便利店"), so that a list reads alike. Then words holding
    a figure (the spec or size: "5L", "10kg", "250ml×12盒", a store number) are kept whole,
    while Chinese words lose their middle, the longest first ("金禾丰 5L 压榨一级花生油" ->
    "金禾丰 5L 压…生油"), and English words in the middle are left out whole, the longest first
    ("Golden 5L Pressed Peanut Oil" -> "Golden 5L … Oil"): an English word is never cut. Only
    when the specs alone do not fit is the name cut at its end.
    """
    name = " ".join(name.split())
    words = name.split(" ")
    others = [o.split() for o in among if o and " ".join(o.split()) != name]
    # words shared by the start of every other name say nothing here
    shared = 0
    if others:
        while shared < len(words) - 1 and all(len(o) > shared and o[shared] == words[shared] for o in others):
            shared += 1
    if shared and em_width(name) <= room_em and not any(em_width(" ".join(o)) > room_em for o in others):
        shared = 0  # every name fits whole: none loses the shared words
    words = words[shared:]

    def joined() -> str:  # words left out in a row read as one "…"
        kept = [w for j, w in enumerate(words) if w and not (w == ELLIPSIS and j and words[j - 1] == ELLIPSIS)]
        return " ".join(kept)

    def fits() -> bool:
        return em_width(joined()) <= room_em

    if fits():
        return joined()
    plain = sorted((i for i, w in enumerate(words) if not _SPEC.search(w)), key=lambda i: (-em_width(words[i]), -i))
    for i in plain:
        word = words[i]
        if _wide(word):
            words[i] = ""
            rest = em_width(joined()) + (0.28 if len(words) > 1 else 0)
            if len(word) > 2 and room_em - rest >= em_width(word[:1] + ELLIPSIS + word[-1:]):
                words[i] = _middle_cut(word, room_em - rest)
                return joined()
            words[i] = word[:1] + ELLIPSIS if len(word) > 1 else word
        elif 0 < i < len(words) - 1:
            words[i] = ELLIPSIS  # an English word goes whole
        if fits():
            return joined()
    text = joined()
    if not _wide(text):  # English: whole words from the end, a word cut only when it stands alone
        kept = text.split(" ")
        while len(kept) > 1 and em_width(" ".join(kept) + " " + ELLIPSIS) > room_em:
            kept.pop()
        if len(kept) > 1 or em_width(kept[0] + " " + ELLIPSIS) <= room_em:
            return " ".join(kept).removesuffix(" " + ELLIPSIS) + " " + ELLIPSIS
    out = ""
    for ch in text:
        if em_width(out + ch + ELLIPSIS) > room_em:
            break
        out += ch
    return out.rstrip() + ELLIPSIS
