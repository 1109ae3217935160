"""Numbers on chart axes and bars: money in 万/亿 (zh) or K/M/B (en), percentages, counts.

Stage: charts. Input: floats (ratios for "pct": 0.123 is 12.3%) plus a unit ("money", "pct",
"count", "number") and a language ("zh" or "en"). Output: short strings for tick and value labels.
Pure Python: only `tick_formatter()` touches matplotlib, and imports it when called.

Two rules differ on purpose:
- `value_label` formats one number on its own: each bar picks its own scale (1,200万 next to 2.5亿).
- `tick_labels` formats a whole axis with ONE scale and the same decimals for every tick
  (0, 0.5亿, 1亿 reads as an axis; 5,000万 next to 1亿 does not).
Currency symbols are left out: the slide title says what is counted, and ¥ on every tick is noise.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

from qbr.formatting import MISSING, MONEY_SCALES

# (threshold, divisor, suffix), largest first; values below the last threshold stay plain.
_SCALES = {lang: tuple((div, div, suffix) for _, div, suffix, _ in scales) for lang, scales in MONEY_SCALES.items()}
UNITS = ("money", "pct", "count", "number")


def _scale(size: float, lang: str) -> tuple[float, str]:
    """Divisor and suffix for a magnitude: zh 1.2e7 -> (1e4, "万"), en 2.5e5 -> (1e3, "K")."""
    for threshold, divisor, suffix in _SCALES["zh" if lang == "zh" else "en"]:
        # 99,999,999 shows as 1亿 rather than 10,000万: promote when rounding would reach the next scale
        if size >= threshold * 0.99995:
            return divisor, suffix
    return 1.0, ""


def _strip(text: str) -> str:
    """ "12.50" -> "12.5", "12.0" -> "12": trailing zeros carry no information on a slide."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def _significant(number: float, places: int = 3) -> str:
    """About `places` significant digits, never fewer than the integer part: 1.234 -> "1.23",
    12.34 -> "12.3", 1234.5 -> "1,235"."""
    size = abs(number)
    digits = 1 if size < 1 else math.floor(math.log10(size)) + 1
    return _strip(f"{number:,.{max(0, places - digits)}f}")


def value_label(value: float | None, unit: str = "number", lang: str = "zh", signed: bool = False) -> str:
    """One number for a bar or point label.

    zh money: 12,000,000 -> "1,200万", 250,000,000 -> "2.5亿", 9,876 -> "9,876";
    en money: 12,000,000 -> "12M", 250,000 -> "250K"; pct: 0.1234 -> "12.3%"; count: 1234 -> "1,234".
    `signed` adds "+" to positive values (growth labels). None/NaN -> "—".
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    sign = "+" if signed and value > 0 else ""
    if unit == "pct":
        return f"{sign}{value * 100:,.1f}%"
    if unit == "count" and abs(value) < 1e5:
        return f"{sign}{value:,.0f}"
    divisor, suffix = _scale(abs(value), lang)
    if not suffix:
        # plain values: whole numbers without decimals, fractions with up to 2
        return sign + (f"{value:,.0f}" if abs(value) >= 100 else _strip(f"{value:,.2f}"))
    return f"{sign}{_significant(value / divisor)}{suffix}"


def _decimals_for_step(step: float) -> int:
    """Decimals needed to tell ticks `step` apart: 0.5 -> 1, 0.25 -> 2, 5 -> 0."""
    if step <= 0 or not math.isfinite(step):
        return 0
    for places in range(0, 7):
        if abs(round(step, places) - step) < step * 1e-6:
            return places
    return 6


def tick_labels(locs: Sequence[float], unit: str = "number", lang: str = "zh") -> list[str]:
    """Labels for a whole axis, one scale and one number of decimals for all ticks.

    zh money [0, 5e7, 1e8, 1.5e8] -> ["0", "0.5亿", "1亿", "1.5亿"] (trailing zeros trimmed per
    tick: "1亿", not "1.0亿"); en money [0, 5e5, 1e6] -> ["0", "0.5M",
    "1M"]; pct [0, 0.05, 0.1] -> ["0%", "5%", "10%"].
    """
    values = [float(v) for v in locs]
    if not values:
        return []
    factor, suffix = 1.0, ""
    if unit == "pct":
        factor, suffix = 100.0, "%"
    else:
        largest = max(abs(v) for v in values)
        divisor, suffix = _scale(largest, lang)
        factor = 1.0 / divisor
    scaled = [v * factor for v in values]
    ordered = sorted(set(scaled))
    step = min((b - a for a, b in itertools.pairwise(ordered)), default=0.0)
    places = 0 if unit == "count" and not suffix else _decimals_for_step(step)
    out = []
    for number in scaled:
        text = f"{number:,.{places}f}"
        if float(text.replace(",", "")) == 0:
            text = "0"  # no "-0" or "0.0" at the origin
        out.append(_strip(text) + ("" if text == "0" and suffix != "%" else suffix))
    return out


def tick_formatter(unit: str, lang: str) -> Any:
    """A matplotlib Formatter applying `tick_labels` to the whole axis at once."""
    from matplotlib.ticker import Formatter

    class _AxisFormatter(Formatter):
        def format_ticks(self, values: Sequence[float]) -> list[str]:
            return tick_labels(values, unit, lang)

        def __call__(self, x: float, pos: int | None = None) -> str:
            return value_label(x, unit, lang)

    return _AxisFormatter()
