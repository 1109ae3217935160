"""What the distributor invested in a customer in a quarter: support spend and promoters.

Stage: metrics. Input: the customer's support and promoters rows (engine partitions), a Quarter
and the quarter's sales. Output: `InvestmentKpis` (support total and by type, promoter days/cost/
head count, investment, expense_ratio).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from qbr.data.schema import SUPPORT_TYPES
from qbr.metrics.common import day_number, day_numbers, opt_float, opt_str, ratio
from qbr.quarter import Quarter


@dataclass(frozen=True)
class InvestmentKpis:
    support: float
    support_by_type: dict[str, float]
    promoter_days: int
    promoter_cost: float | None
    promoters: int
    investment: float | None
    expense_ratio: float | None
    promoter_cost_per_day: float | None  # promoter_cost / promoter_days


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


@dataclass(frozen=True)
class PromoterAssignment:
    """One promoter assignment's share of a quarter: its days in Q and the cost they carry."""

    promoter: str
    store_id: str | None
    start_date: date
    end_date: date
    days: int  # inclusive days of the assignment that fall in Q
    cost: float | None  # cost x days in Q / total days; None when the row has no cost


def _overlap(promoters: pd.DataFrame, quarter: Quarter) -> tuple[np.ndarray, np.ndarray]:
    """(days in Q, total inclusive days) per assignment row."""
    start = day_numbers(promoters["start_date"])
    end = day_numbers(promoters["end_date"])
    q_start, q_end = day_number(quarter.start), day_number(quarter.end)
    overlap = np.clip(np.minimum(end, q_end) - np.maximum(start, q_start) + 1, 0, None)
    return overlap, end - start + 1


def promoter_assignments(promoters: pd.DataFrame, quarter: Quarter) -> list[PromoterAssignment]:
    """The assignments with at least one day in Q, by promoter then start date."""
    overlap, total = _overlap(promoters, quarter)
    rows = []
    for i in np.flatnonzero(overlap > 0):
        row = promoters.iloc[int(i)]
        cost = opt_float(row["cost"])
        rows.append(
            PromoterAssignment(
                promoter=str(row["promoter"]).strip(),
                store_id=opt_str(row["store_id"]),
                start_date=row["start_date"].date(),
                end_date=row["end_date"].date(),
                days=int(overlap[i]),
                cost=None if cost is None else cost * float(overlap[i]) / float(total[i]),
            )
        )
    rows.sort(key=lambda r: (r.promoter, r.start_date))
    return rows


def promoters_in_quarter(promoters: pd.DataFrame, quarter: Quarter) -> tuple[int, float | None, int]:
    """(promoter_days, promoter_cost, promoters) of the assignments overlapping Q.

    Each assignment's cost is spread evenly over its inclusive days, so the quarter carries
    cost x (days in Q / total days). promoter_cost is None when an overlapping assignment has no
    cost (cannot happen after validation, but a guess would be worse than a gap).
    """
    overlap, total = _overlap(promoters, quarter)
    active = overlap > 0
    if not active.any():
        return 0, 0.0, 0
    cost = promoters["cost"].to_numpy(dtype="float64", na_value=np.nan)[active]
    share = overlap[active] / total[active]
    days = int(overlap[active].sum())
    heads = int(promoters["promoter"][active].astype(str).str.strip().nunique())
    promoter_cost = None if np.isnan(cost).any() else float((cost * share).sum())
    return days, promoter_cost, heads


def investment_kpis(support: pd.DataFrame, promoters: pd.DataFrame, quarter: Quarter, sales: float) -> InvestmentKpis:
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
        promoter_cost_per_day=ratio(promoter_cost, days),
    )


def contribution(gross_profit: float | None, investment: float | None) -> float | None:
    """What the account leaves us after what we invested in it: gross profit - investment."""
    return None if gross_profit is None or investment is None else gross_profit - investment


@dataclass(frozen=True)
class KindShare:
    """One kind of investment (a support type, or "promoters"), its money and its share of the total."""

    kind: str
    amount: float
    share: float | None


def shares_by_kind(amounts: dict[str, float], total: float | None) -> list[KindShare]:
    """Non-zero amounts with their share of `total`, largest first (ties in the order given)."""
    rows = [KindShare(k, a, ratio(a, total)) for k, a in amounts.items() if a]
    return sorted(rows, key=lambda r: -r.amount)


def investment_by_kind(
    support_by_type: dict[str, float], promoter_cost: float | None, investment: float | None
) -> list[KindShare]:
    """What we invested, by kind: each support type with money, then promoters; largest first.

    Adds up to `investment`, so a slide's table and chart reconcile with its headline.
    """
    return shares_by_kind({**support_by_type, "promoters": promoter_cost or 0.0}, investment)
