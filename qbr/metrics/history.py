"""A customer's recent quarters side by side: sales, investment and expense ratio per quarter.

Stage: metrics (pure). Input: the MetricsEngine, a customer and the quarter under review.
Output: one `QuarterFigures` per quarter, oldest first, ending with the quarter under review;
the deck's trend charts read them.

A quarter under review that the data covers only in part is a review "to date" (spec, "Data
coverage"): `sales_to_date` is then each quarter's sales over the same number of days from its
start (the windows of `qbr.metrics.coverage.windows`), so the five-quarter chart shows last year's
quarter with the same figure as the "last year" bar beside it. `sales`, `investment` and
`expense_ratio` stay whole quarters (the expense ratio of a quarter's spend over its sales).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from qbr.metrics.common import day_number
from qbr.metrics.engine import MetricsEngine
from qbr.metrics.investment import investment_kpis
from qbr.quarter import Quarter

HISTORY = 5  # the quarter under review and the four before it: last year's quarter included


@dataclass(frozen=True)
class QuarterFigures:
    quarter: Quarter
    sales: float
    investment: float | None
    expense_ratio: float | None
    sales_to_date: float  # over the days the quarter under review has data for (= sales when complete)


def quarter_history(
    engine: MetricsEngine, customer_id: str, quarter: Quarter, count: int = HISTORY, days: int | None = None
) -> list[QuarterFigures]:
    """The `count` quarters ending with `quarter`, oldest first; `days`: how many days of
    `quarter` the data covers when not all of them (None: complete)."""
    code = engine.code(customer_id, quarter)
    support, promoters = engine.support.rows(code), engine.promoters.rows(code)
    lines = engine.lines(code)
    out = []
    for q in (quarter.shift(-i) for i in range(count - 1, -1, -1)):
        sales = float(engine.quarter_totals(q).sales[code])
        k = investment_kpis(support, promoters, q, sales)
        to_date = sales
        if days is not None:
            last = min(q.end, q.start + timedelta(days=days - 1))
            to_date = lines.amount_between(day_number(q.start), day_number(last))
        out.append(QuarterFigures(q, sales, k.investment, k.expense_ratio, to_date))
    return out
