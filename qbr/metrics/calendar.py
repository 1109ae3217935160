"""Chinese public holidays (春节, 国庆 ...) from a maintained calendar, for any date range.

Stage: metrics (no I/O but qbr's cache of the calendar). Input: a date range. Output: the Chinese
public holidays and official days off in it, with their names, from the `holidays` library, which
follows the State Council's yearly announcement (lunar festivals such as the Spring Festival, Qingming, Dragon Boat and
Mid-Autumn included, and the swapped working days). Weekly alerts use it to name a fall that a
holiday explains; next quarter's plan shows `quarter_calendar`: the breaks as the State Council sets
them, 元宵 (from the library's lunar new year), and the trade festivals 618, 双十一 and 年货节.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from qbr.cache import read_entry, source_fingerprint, write_entry

# A year's calendar depends only on the library's release: it is kept in qbr's cache (`qbr.cache`),
# so that a build does not import the library (about 0.1 s: it loads every country) once a year
# has been looked up on this machine.
_kept: dict[str, Any] | None = None


@cache
def _entry() -> str | None:
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    release = Path(spec.origin).parent / "version.py"  # holds the library's version
    return f"holidays-{source_fingerprint([Path(__file__), release])}.json" if release.is_file() else None


def _remembered(key: str, compute: Any) -> Any:
    """compute() (JSON-able), or what it gave on this machine before for this library release."""
    global _kept
    entry = _entry()
    if _kept is None:
        kept = read_entry(entry) if entry else None
        try:
            _kept = json.loads(kept) if kept else {}
        except ValueError:  # a damaged entry: look the years up again
            _kept = {}
        if not isinstance(_kept, dict):
            _kept = {}
    if key not in _kept:
        _kept[key] = compute()
        if entry:
            write_entry(entry, json.dumps(_kept, ensure_ascii=False).encode())
    return _kept[key]


@lru_cache(maxsize=64)
def _year(year: int, lang: str) -> tuple[tuple[date, str], ...]:
    """The holidays of one year, sorted by date (the library builds a year on first lookup)."""

    def compute() -> list[tuple[int, str]]:
        import holidays

        calendar = holidays.China(years=year, language="zh_CN" if lang == "zh" else "en_US")
        return [(d.toordinal(), name) for d, name in sorted(calendar.items())]

    return tuple((date.fromordinal(n), name) for n, name in _remembered(f"{year} {lang}", compute))


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
def _days_off(year: int) -> frozenset[date]:
    """Every day of `year` and the next that is not a working day in China."""

    def compute() -> list[int]:
        import holidays

        calendar = holidays.China(years=(year, year + 1))
        first, last = date(year, 1, 1), date(year + 1, 12, 31)
        days = (first + timedelta(days=i) for i in range((last - first).days + 1))
        return [d.toordinal() for d in days if not calendar.is_working_day(d)]

    return frozenset(date.fromordinal(n) for n in _remembered(f"{year} off", compute))


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day in China, else the next one.

    Weekends and public holidays are days off, and the Saturdays or Sundays swapped into working
    days (调休上班, e.g. 2023-10-07) are working days, as the State Council's announcement says.
    """
    days_off = _days_off(day.year)  # covers the next year too: no run of days off is that long
    while day in days_off:
        day += timedelta(days=1)
    return day


# -- a quarter's calendar for the plan slide: holidays as breaks, plus trade festivals ---------------

HOLIDAY, FESTIVAL, TRADE = "holiday", "festival", "trade"
_DAY_OFF = ("休息日", "Day off")
_SWAPPED = re.compile(r"(\d{4}-\d{2}-\d{2})")  # "休息日（由 2024-02-04 调休）": 2024-02-04 is a working day
# Trade festivals (not in any official calendar, so qbr fixes their windows; docs/metrics.md):
# 618 runs from 1 June to the day itself; 双十一 from 1 November to the day itself; 年货节, the New Year
# goods festival of the platforms and supermarkets, the 30 days up to Spring Festival's eve.
NIANHUO_DAYS = 30
LANTERN_AFTER_NEW_YEAR = 14  # 元宵 is the 15th day of the first lunar month
_NAMES = {
    "zh": {"lantern": "元宵节", "618": "618年中大促", "1111": "双十一", "nianhuo": "年货节", "spring": "春节"},
    "en": {
        "lantern": "Lantern Festival",
        "618": "618 mid-year sale",
        "1111": "Singles' Day (11.11)",
        "nianhuo": "New Year goods festival",
        "spring": "Chinese New Year (Spring Festival)",
    },
}


@dataclass(frozen=True)
class CalendarEntry:
    name: str
    start: date
    end: date
    kind: str  # holiday (official days off), festival (a traditional day, no days off), trade (retail sale)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _base(name: str) -> str:
    return re.sub(r"\s*[（(](补假|observed)[)）]", "", name).strip()


def new_year_day(year: int) -> date | None:
    """The Spring Festival (lunar new year's day) of a year: the first day the calendar calls 春节."""
    days = [d for d, name in _year(year, "zh") if _base(name) == "春节"]
    return min(days) if days else None


def _breaks(year: int, lang: str) -> list[CalendarEntry]:
    """The official breaks of a year: runs of days off, with the weekend days that join them and
    without the weekend days swapped into working days ("调休")."""
    zh, named = _year(year, "zh"), dict(_year(year, lang))
    off = {d for d, _ in zh}
    working = {date.fromisoformat(m) for _, n in zh if n.startswith(_DAY_OFF) for m in _SWAPPED.findall(n)}

    def free(d: date) -> bool:
        return d in off or (d.weekday() >= 5 and d not in working)

    out: list[CalendarEntry] = []
    seen: set[date] = set()
    for d, _ in zh:
        if d in seen:
            continue
        start, end = d, d
        while free(start - timedelta(days=1)):
            start -= timedelta(days=1)
        while free(end + timedelta(days=1)):
            end += timedelta(days=1)
        run = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        seen.update(run)
        names: list[str] = []
        for day in run:
            if day in off and not named.get(day, "").startswith(_DAY_OFF):
                base = _base(named[day])
                if base in ("农历除夕", "Chinese New Year's Eve"):
                    base = _NAMES[lang]["spring"]  # the eve belongs to the Spring Festival break
                if base not in names:
                    names.append(base)
        if names:
            out.append(CalendarEntry(("、" if lang == "zh" else " / ").join(names), start, end, HOLIDAY))
    return out


def quarter_calendar(first: date, last: date, lang: str = "zh") -> list[CalendarEntry]:
    """Public holiday breaks, 元宵 and the trade festivals (618, 双十一, 年货节) that overlap
    [first, last], in date order."""
    names = _NAMES["zh" if lang == "zh" else "en"]
    entries: list[CalendarEntry] = []
    for year in range(first.year - 1, last.year + 2):  # a break or 年货节 may straddle the new year
        entries += _breaks(year, lang)
        entries.append(CalendarEntry(names["618"], date(year, 6, 1), date(year, 6, 18), TRADE))
        entries.append(CalendarEntry(names["1111"], date(year, 11, 1), date(year, 11, 11), TRADE))
        spring = new_year_day(year)
        if spring is not None:
            lantern = spring + timedelta(days=LANTERN_AFTER_NEW_YEAR)
            entries.append(CalendarEntry(names["lantern"], lantern, lantern, FESTIVAL))
            eve = spring - timedelta(days=1)
            entries.append(CalendarEntry(names["nianhuo"], eve - timedelta(days=NIANHUO_DAYS - 1), eve, TRADE))
    unique = {(e.start, e.end, e.name): e for e in entries if e.end >= first and e.start <= last}
    return sorted(unique.values(), key=lambda e: (e.start, e.end, e.name))
