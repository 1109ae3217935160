"""Quarter value type: parse `2023Q4`, its dates, neighbours and labels.

Stage: used by every stage; no I/O. Quarters are calendar quarters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from qbr.errors import QbrError

_QUARTER_RE = re.compile(r"^\s*(\d{4})\s*[-_ ]?\s*[Qq]\s*([1-4])\s*$")
_ZH_NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四"}


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, ordered by time; `str()` gives the canonical `2023Q4`."""

    year: int
    q: int

    def __post_init__(self) -> None:
        if not 1 <= self.q <= 4:
            raise ValueError(f"quarter number must be 1-4, got {self.q}")

    @classmethod
    def parse(cls, text: object) -> Quarter:
        """Parse `2023Q4`, `2023-Q4` or `2023q4`; anything else is a QbrError."""
        m = _QUARTER_RE.match(str(text)) if text is not None else None
        if not m:
            raise QbrError(
                f'"{text}" is not a quarter',
                hint="write a quarter as 2023Q4 (2023-Q4 and 2023q4 are accepted too)",
            )
        return cls(int(m.group(1)), int(m.group(2)))

    @classmethod
    def try_parse(cls, text: object) -> Quarter | None:
        m = _QUARTER_RE.match(str(text)) if text is not None else None
        return cls(int(m.group(1)), int(m.group(2))) if m else None

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year}Q{self.q}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.q - 2, 1)

    @property
    def end(self) -> date:
        """Last day of the quarter (E in the spec)."""
        return self.next().start - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def months(self) -> list[date]:
        """First day of each of the quarter's three months."""
        return [date(self.year, 3 * self.q - 2 + i, 1) for i in range(3)]

    def shift(self, quarters: int) -> Quarter:
        index = self.year * 4 + (self.q - 1) + quarters
        return Quarter(index // 4, index % 4 + 1)

    def prev(self) -> Quarter:
        return self.shift(-1)

    def next(self) -> Quarter:
        return self.shift(1)

    def last_year(self) -> Quarter:
        return self.shift(-4)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def label(self, lang: str = "zh") -> str:
        """`2023年第四季度` in Chinese, `Q4 2023` in English."""
        if lang == "zh":
            return f"{self.year}年第{_ZH_NUMERALS[self.q]}季度"
        return f"Q{self.q} {self.year}"

    def short_label(self, lang: str = "zh") -> str:
        """`23Q4` style label for chart axes."""
        return f"{self.year % 100:02d}Q{self.q}" if lang == "zh" else f"Q{self.q} {self.year % 100:02d}"
