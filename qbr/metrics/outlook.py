"""Next quarter in this quarter's terms: its target, and the investment the account can carry.

Stage: metrics (pure). Input: next quarter's target (None when the targets table has no row),
this quarter's sales, gross margin and expense ratio. Output: an `Outlook` for the owner's brief
("what can we afford to commit?") and the plan slide (next quarter's target).

Definitions (docs/metrics.md): the basis is next quarter's target, or this quarter's sales when
there is none; `investment_at_ratio` = basis x this quarter's expense ratio (the same support
intensity); `break_even_investment` = basis x this quarter's gross margin (the spend at which the
account's contribution would be zero). Unknown when the ratio behind it is unknown.
The growth the target implies: `target_yoy` = target / the same quarter's sales last year - 1 (the
seasonal comparison: a Q1 target against last Q1, 春节 and all), `target_qoq` = target / this
quarter's sales - 1 (only once this quarter is complete: sales to date would overstate it).
"""

from __future__ import annotations

from dataclasses import dataclass

from qbr.metrics.common import growth
from qbr.quarter import Quarter


@dataclass(frozen=True)
class Outlook:
    quarter: Quarter  # the quarter after the one under review
    target: float | None
    basis: str  # "target" or "sales": what the figures below scale
    sales_basis: float | None
    investment_at_ratio: float | None
    break_even_investment: float | None
    sales_ly: float | None = None  # the next quarter's sales one year earlier; None before the data
    target_yoy: float | None = None
    target_qoq: float | None = None


def outlook(
    quarter: Quarter,
    target: float | None,
    sales: float,
    gross_margin: float | None,
    expense_ratio: float | None,
    sales_ly: float | None = None,
    complete: bool = True,
) -> Outlook:
    basis, amount = ("target", target) if target is not None else ("sales", sales if sales > 0 else None)
    return Outlook(
        quarter=quarter.next(),
        target=target,
        basis=basis,
        sales_basis=amount,
        investment_at_ratio=None if amount is None or expense_ratio is None else amount * expense_ratio,
        break_even_investment=None if amount is None or gross_margin is None else amount * gross_margin,
        sales_ly=sales_ly,
        target_yoy=growth(target, sales_ly),
        target_qoq=growth(target, sales) if complete else None,
    )
