"""The holiday calendar kept in qbr's cache (`qbr.metrics.calendar`): a later run answers without
importing the library, and every answer equals the library's own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import holidays

ROOT = Path(__file__).resolve().parents[2]

ASK = """
import json, sys
from datetime import date, timedelta
from qbr.metrics.calendar import china_holidays, next_working_day
start = date(2023, 1, 1)
days = [start + timedelta(days=i) for i in range(730)]
print(json.dumps({
    "next": [next_working_day(d).isoformat() for d in days],
    "zh": [[d.isoformat(), n] for d, n in china_holidays(date(2023, 1, 1), date(2024, 12, 31))],
    "en": [[d.isoformat(), n] for d, n in china_holidays(date(2023, 1, 1), date(2024, 12, 31), "en")],
    "imported": "holidays" in sys.modules,
}))
"""


def _run(cache: Path) -> dict[str, object]:
    env = {**os.environ, "QBR_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", ASK], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def _library() -> dict[str, object]:
    """The same answers straight from the library, the plain way."""
    working = holidays.China(years=(2023, 2024, 2025))
    start = date(2023, 1, 1)
    nxt = []
    for d in (start + timedelta(days=i) for i in range(730)):
        while not working.is_working_day(d):
            d += timedelta(days=1)
        nxt.append(d.isoformat())
    zh = holidays.China(years=(2023, 2024), language="zh_CN")
    en = holidays.China(years=(2023, 2024), language="en_US")
    return {
        "next": nxt,
        "zh": [[d.isoformat(), n] for d, n in sorted(zh.items())],
        "en": [[d.isoformat(), n] for d, n in sorted(en.items())],
    }


def test_a_later_run_answers_from_the_cache_without_the_library_and_as_the_library_does(tmp_path: Path) -> None:
    first, second = _run(tmp_path), _run(tmp_path)
    assert first["imported"] is True and second["imported"] is False
    expected = _library()
    for answers in (first, second):
        assert {k: answers[k] for k in expected} == expected
    # two hand-checked days: National Day's swapped working Saturday, and New Year 2024 on a Monday
    assert first["next"][(date(2023, 10, 1) - date(2023, 1, 1)).days] == "2023-10-07"
    assert first["next"][(date(2023, 12, 30) - date(2023, 1, 1)).days] == "2024-01-02"


def test_a_damaged_cache_entry_is_looked_up_again(tmp_path: Path) -> None:
    expected = _run(tmp_path)
    [entry] = tmp_path.glob("holidays-*.json")
    entry.write_text("{not json", encoding="utf-8")
    again = _run(tmp_path)
    assert again["imported"] is True and again["next"] == expected["next"]
