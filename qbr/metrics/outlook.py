"""Next quarter in this quarter's terms: its target, and the investment the account can carry.

Stage: metrics (pure). Input: next quarter's target (None when the targets table has no row),
this quarter's sales, gross margin and expense ratio. Output: an `Outlook` for the owner's brief
("what can we afford to commit?") and the plan slide (next quarter's target).

Definitions (docs/metrics.md): the basis is next quarter's target, or this quarter's sales when
there is none; `investment_at_ratio` = basis x this quarter's expense ratio (the same support
intensity); `break_even_investment` = basis x this quarter's gross margin (the spend at which the
account's contribution would be zero). Unknown when the ratio behind it is unknown.

The one figure the owner commits to (`recommended_investment`): today's intensity when it still
leaves the account earning for us, else half the break-even ceiling (spend up to half the gross
profit, keep the other half), so a loss-making account is never told "carry on".
`contribution_at_recommended` = basis x gross margin - recommended_investment.

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
    recommended_investment: float | None = None
    contribution_at_recommended: float | None = None


KEEP_SHARE = 0.5  # of the gross profit, when today's intensity would leave nothing: spend at most the rest


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
    at_ratio = None if amount is None or expense_ratio is None else amount * expense_ratio
    break_even = None if amount is None or gross_margin is None else amount * gross_margin
    recommended = None
    if at_ratio is not None and break_even is not None and break_even > 0:
        recommended = at_ratio if at_ratio < break_even else break_even * KEEP_SHARE
    return Outlook(
        quarter=quarter.next(),
        target=target,
        basis=basis,
        sales_basis=amount,
        investment_at_ratio=at_ratio,
        break_even_investment=break_even,
        recommended_investment=recommended,
        contribution_at_recommended=None if recommended is None or break_even is None else break_even - recommended,
        sales_ly=sales_ly,
        target_yoy=growth(target, sales_ly),
        target_qoq=growth(target, sales) if complete else None,
    )
