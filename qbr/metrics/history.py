"""A customer's recent quarters side by side: sales, investment and expense ratio per quarter.

Stage: metrics (pure). Input: the MetricsEngine, a customer and the quarter under review.
Output: one `QuarterFigures` per quarter, oldest first, ending with the quarter under review;
the deck's trend charts read them.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def quarter_history(
    engine: MetricsEngine, customer_id: str, quarter: Quarter, count: int = HISTORY
) -> list[QuarterFigures]:
    """The `count` quarters ending with `quarter`, oldest first."""
    code = engine.code(customer_id, quarter)
    support, promoters = engine.support.rows(code), engine.promoters.rows(code)
    out = []
    for q in (quarter.shift(-i) for i in range(count - 1, -1, -1)):
        sales = float(engine.quarter_totals(q).sales[code])
        k = investment_kpis(support, promoters, q, sales)
        out.append(QuarterFigures(q, sales, k.investment, k.expense_ratio))
    return out
