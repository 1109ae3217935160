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

from qbr.metrics.coverage import first_days
from qbr.metrics.engine import MetricsEngine
from qbr.metrics.investment import investment_kpis
from qbr.metrics.sales import window_sales
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
    """The `count` quarters ending with `quarter`, oldest first; `days`: the days of a review to
    date (`Coverage.days_to_date`; None: whole quarters)."""
    code = engine.code(customer_id, quarter)
    support, promoters = engine.support.rows(code), engine.promoters.rows(code)
    lines = engine.lines(code)
    out = []
    for q in (quarter.shift(-i) for i in range(count - 1, -1, -1)):
        sales = float(engine.quarter_totals(q).sales[code])
        k = investment_kpis(support, promoters, q, sales)
        to_date = sales if days is None else window_sales(lines, first_days(q, days))
        out.append(QuarterFigures(q, sales, k.investment, k.expense_ratio, to_date))
    return out
