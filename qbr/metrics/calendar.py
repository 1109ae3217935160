"""Chinese public holidays (春节, 国庆 ...) from a maintained calendar, for any date range.

Stage: metrics (no I/O). Input: a date range. Output: the Chinese public holidays and official
days off in it, with their names, from the `holidays` library, which follows the State Council's
yearly announcement (lunar festivals such as the Spring Festival, Qingming, Dragon Boat and
Mid-Autumn included, and the swapped working days). Weekly alerts use it to name a fall that a
holiday explains; next quarter's plan can read the same calendar.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _year(year: int, lang: str) -> tuple[tuple[date, str], ...]:
    """The holidays of one year, sorted by date (the library builds a year on first lookup)."""
    calendar = holidays.China(years=year, language="zh_CN" if lang == "zh" else "en_US")
    return tuple(sorted(calendar.items()))


def china_holidays(first: date, last: date, lang: str = "zh") -> list[tuple[date, str]]:
    """(date, name) of every Chinese public holiday or official day off in [first, last]."""
    return [
        (d, name) for year in range(first.year, last.year + 1) for d, name in _year(year, lang) if first <= d <= last
    ]


def holiday_name(first: date, last: date, lang: str = "zh") -> str | None:
    """The name of the first holiday in [first, last] ("春节", "国庆节"), None when there is none."""
    found = [name for _, name in china_holidays(first, last, lang)]
    # A swapped day off ("休息日（由 2023-10-07 调休）") belongs to the festival next to it: name the festival.
    named = [n for n in found if not n.startswith(("休息日", "Day off"))] or found
    return re.sub(r"\s*[（(](补假|observed)[)）]", "", named[0]) if named else None
