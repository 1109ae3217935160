"""What the sales data covers: its first and last day, and how much of a quarter that is.

Stage: metrics (the gate before any figure). Input: a Dataset (its sales dates) and a Quarter.
Output: a `Coverage` for the metrics JSON (`coverage: {from, to, complete}`), or a QbrError
(exit 2) for a quarter the data does not reach at all, raised before anything is written.

Definitions (docs/metrics.md, "Data coverage"): `from` is the later of the quarter's first day
and the data's first day, `to` the earlier of the quarter's last day and the data's last day;
`complete` when both are the quarter's own. A quarter wholly before or after the data is an
error naming the data's range and the quarters it covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from qbr.data.dataset import Dataset
from qbr.errors import QbrError
from qbr.quarter import Quarter


@dataclass(frozen=True)
class Coverage:
    first: date  # the data's first and last sales dates
    last: date
    quarter_from: date  # the part of the quarter under review that the data covers
    quarter_to: date
    quarter_start: date  # the quarter's own first and last day
    quarter_end: date

    @property
    def complete(self) -> bool:
        return self.quarter_from == self.quarter_start and self.quarter_to == self.quarter_end

    @property
    def days(self) -> int:
        """Days of the quarter up to the data's last day (the review "to date")."""
        return (self.quarter_to - self.quarter_start).days + 1

    @property
    def days_to_date(self) -> int | None:
        """The days a review "to date" covers (the data ends before the quarter's last day); None
        when the data reaches the quarter's end and whole quarters are compared."""
        return None if self.quarter_to >= self.quarter_end else self.days

    @property
    def quarter_days(self) -> int:
        return (self.quarter_end - self.quarter_start).days + 1

    def to_dict(self) -> dict[str, object]:
        """JSON `coverage`: the covered part of the quarter, and whether it is all of it."""
        return {"from": self.quarter_from.isoformat(), "to": self.quarter_to.isoformat(), "complete": self.complete,
                "days": self.days, "quarter_days": self.quarter_days}  # fmt: skip


@dataclass(frozen=True)
class Windows:
    """The periods a quarter's figures compare: the quarter (to date), and the same days of the
    quarter before and of last year's quarter. A complete quarter compares whole quarters."""

    now: tuple[date, date]
    prev: tuple[date, date]
    ly: tuple[date, date]
    fraction: float  # the quarter's days covered / its days: what a target is pro-rated by


def first_days(quarter: Quarter, days: int) -> tuple[date, date]:
    """The first `days` days of `quarter` (all of it when it has fewer): the same days of an
    earlier quarter that a review "to date" compares with."""
    return quarter.start, min(quarter.end, quarter.start + timedelta(days=days - 1))


def windows(quarter: Quarter, covered: Coverage) -> Windows:
    prev, ly = quarter.prev(), quarter.last_year()
    days = covered.days_to_date
    if days is None:
        return Windows((quarter.start, quarter.end), (prev.start, prev.end), (ly.start, ly.end), 1.0)
    return Windows((quarter.start, covered.quarter_to), first_days(prev, days), first_days(ly, days),
                   days / covered.quarter_days)  # fmt: skip


def data_range(dataset: Dataset) -> tuple[date, date] | None:
    first, last = dataset.first_date, dataset.last_date
    if first is None or last is None:
        return None
    return first.date(), last.date()


def quarters_between(first: date, last: date) -> str:
    """ "2022Q1–2023Q4" (or one quarter)."""
    a, b = Quarter.of(first), Quarter.of(last)
    return str(a) if a == b else f"{a}–{b}"


def coverage(dataset: Dataset, quarter: Quarter) -> Coverage:
    """The data's coverage of `quarter`; a QbrError when the quarter lies wholly outside the data."""
    span = data_range(dataset)
    source = dataset.sources.get("sales")
    if span is None:
        raise QbrError.at(
            "has no dated sales lines, so no quarter can be reviewed",
            file=str(getattr(source, "file", source) or "sales"),
        )
    first, last = span
    if quarter.end < first or quarter.start > last:
        side = "before" if quarter.end < first else "after"
        raise QbrError(
            f"{quarter} is {side} the sales data, which runs from {first.isoformat()} to {last.isoformat()}",
            hint=f"choose a quarter in {quarters_between(first, last)}",
        )
    return Coverage(first, last, max(quarter.start, first), min(quarter.end, last), quarter.start, quarter.end)
