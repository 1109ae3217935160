"""Small pure helpers shared by the metric modules: null-safe ratios, day numbers, scalars.

Stage: metrics (no I/O). Dates are handled as day numbers (days since 1970-01-01, numpy int64)
because comparing integers over two million sales lines is far cheaper than comparing Timestamps,
and because whole days are the unit every definition in the spec uses.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

EPOCH = date(1970, 1, 1)
NAT_DAY = np.iinfo(np.int64).min  # what NaT becomes after astype; never inside any window


def day_number(d: date | pd.Timestamp) -> int:
    """Days since 1970-01-01 of a date."""
    if isinstance(d, pd.Timestamp):
        d = d.date()
    return (d - EPOCH).days


def day_date(n: int) -> date:
    """The date of a day number."""
    return EPOCH + timedelta(days=int(n))


def day_numbers(values: pd.Series) -> np.ndarray:
    """Day numbers of a datetime64 column; NaT becomes NAT_DAY (outside every window)."""
    arr = values.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype(np.int64)
    return arr


def monday_of(days: np.ndarray | int) -> Any:
    """The Monday starting the week of each day number (1970-01-01 was a Thursday)."""
    return days - (days + 3) % 7


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when either is missing or the denominator is not positive.

    Every denominator in the spec (sales, last quarter's sales, target, cost, baseline) is a
    positive amount in a meaningful case; a zero or negative one (e.g. a quarter of net returns)
    gives a number nobody can defend in front of a buyer, so the figure is null, shown as "n/a".
    """
    if numerator is None or denominator is None:
        return None
    if not np.isfinite(numerator) or not np.isfinite(denominator) or denominator <= 0:
        return None
    return float(numerator) / float(denominator)


def growth(current: float | None, base: float | None) -> float | None:
    """current / base - 1 (qoq, yoy, uplift); None when the base is missing, zero or negative."""
    r = ratio(current, base)
    return None if r is None else r - 1.0


def fsum(values: np.ndarray) -> float:
    """Sum of a float array as a plain float (0.0 when empty)."""
    return float(values.sum()) if values.size else 0.0


def opt_float(value: Any) -> float | None:
    """A plain float, or None for NA/NaN/None."""
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if np.isnan(value) else value


def opt_str(value: Any) -> str | None:
    """A plain str, or None for NA."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(value)


def split_skus(text: str | None) -> list[str]:
    """SKUs of an activity: `;`-separated (the Chinese `；` too, as typed in Excel); blank = []."""
    if not text:
        return []
    return [s.strip() for s in str(text).replace("；", ";").split(";") if s.strip()]
