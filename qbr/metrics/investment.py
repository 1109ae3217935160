"""What the distributor invested in a customer in a quarter: support spend and promoters.

Stage: metrics. Input: the customer's support and promoters rows (engine partitions), a Quarter
and the quarter's sales. Output: `InvestmentKpis` (support total and by type, promoter days/cost/
head count, investment, expense_ratio).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qbr.metrics.common import day_number, day_numbers, ratio
from qbr.quarter import Quarter
from qbr.schema import SUPPORT_TYPES


@dataclass(frozen=True)
class InvestmentKpis:
    support: float
    support_by_type: dict[str, float]
    promoter_days: int
    promoter_cost: float | None
    promoters: int
    investment: float | None
    expense_ratio: float | None


def support_in_quarter(support: pd.DataFrame, quarter: Quarter) -> tuple[float, dict[str, float]]:
    """Sum of support.amount dated in Q, and the same per type (every type present, 0.0 when none)."""
    day = day_numbers(support["date"])
    in_q = (day >= day_number(quarter.start)) & (day <= day_number(quarter.end))
    rows = support[in_q]
    by_type = {t: 0.0 for t in SUPPORT_TYPES}
    for kind, amount in rows.groupby(rows["type"].astype(str))["amount"].sum().items():
        # A type outside the spec's list cannot pass validation; count it as "other" if it does.
        key = kind if kind in by_type else "other"
        by_type[key] += float(amount)
    return float(rows["amount"].sum()), by_type


def promoters_in_quarter(promoters: pd.DataFrame, quarter: Quarter) -> tuple[int, float | None, int]:
    """(promoter_days, promoter_cost, promoters) of the assignments overlapping Q.

    Each assignment's cost is spread evenly over its inclusive days, so the quarter carries
    cost x (days in Q / total days). promoter_cost is None when an overlapping assignment has no
    cost (cannot happen after validation, but a guess would be worse than a gap).
    """
    start = day_numbers(promoters["start_date"])
    end = day_numbers(promoters["end_date"])
    q_start, q_end = day_number(quarter.start), day_number(quarter.end)
    overlap = np.minimum(end, q_end) - np.maximum(start, q_start) + 1
    overlap = np.clip(overlap, 0, None)
    total = end - start + 1
    active = overlap > 0
    if not active.any():
        return 0, 0.0, 0
    cost = promoters["cost"].to_numpy(dtype="float64", na_value=np.nan)[active]
    share = overlap[active] / total[active]
    days = int(overlap[active].sum())
    heads = int(promoters["promoter"][active].astype(str).str.strip().nunique())
    promoter_cost = None if np.isnan(cost).any() else float((cost * share).sum())
    return days, promoter_cost, heads


def investment_kpis(support: pd.DataFrame, promoters: pd.DataFrame, quarter: Quarter,
                    sales: float) -> InvestmentKpis:
    total_support, by_type = support_in_quarter(support, quarter)
    days, promoter_cost, heads = promoters_in_quarter(promoters, quarter)
    investment = None if promoter_cost is None else total_support + promoter_cost
    return InvestmentKpis(
        support=total_support,
        support_by_type=by_type,
        promoter_days=days,
        promoter_cost=promoter_cost,
        promoters=heads,
        investment=investment,
        expense_ratio=ratio(investment, sales),
    )
