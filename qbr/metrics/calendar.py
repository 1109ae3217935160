"""Chinese public holidays (春节, 国庆 ...) from a maintained calendar, for any date range.

Stage: metrics (no I/O). Input: a date range. Output: the Chinese public holidays and official
days off in it, with their names, from the `holidays` library, which follows the State Council's
yearly announcement (lunar festivals such as the Spring Festival, Qingming, Dragon Boat and
Mid-Autumn included, and the swapped working days). Weekly alerts use it to name a fall that a
holiday explains; next quarter's plan can read the same calendar.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
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


@lru_cache(maxsize=64)
def _working_calendar(year: int) -> holidays.HolidayBase:
    return holidays.China(years=(year, year + 1))


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day in China, else the next one.

    Weekends and public holidays are days off, and the Saturdays or Sundays swapped into working
    days (调休上班, e.g. 2023-10-07) are working days, as the State Council's announcement says.
    """
    calendar = _working_calendar(day.year)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    return day
