"""The owner's portfolio: how much the key accounts carry, who is falling, where support should go.

Stage: metrics (pure). Input: every customer's sales in the quarter (from the engine's quarter
totals), the key accounts built in a batch and their headline figures. Output: a `Portfolio`
for the owner's portfolio deck (`OUT/QUARTER/portfolio_QUARTER.pptx`).

Definitions (docs/metrics.md, "Portfolio"):
- Pareto: customers with sales in Q, largest first, with each one's cumulative share of all
  customers' sales; `key_share` = the key accounts' sales / all sales, `key_count_share` = their
  number / the customers with sales (the "30 % of customers bring 70 % of sales" view).
- Falling: a key account whose sales fell against last year (yoy < 0), or, when it has no last
  year to compare with (a new account), against last quarter (qoq < 0); largest loss first, each
  with the base it fell against: a new account losing a third of its volume is not "steady".
- Next quarter's support, one call per key account, the first rule that holds:
  `cut` contribution after investment is negative (we pay to serve it): renegotiate or cut;
  `collect` overdue receivables above a quarter of its quarter's sales: collect before spending more;
  `recover` yoy below -10 % while it still earns us money: support to win the volume back;
  `grow` yoy above 0 and a contribution margin at least the portfolio's: put more behind it;
  `hold` otherwise; `review` when its contribution is unknown (a line's cost is missing).
- Outside the key accounts: customers the rules (or the customers table) leave out although
  they sold more in Q than the smallest key account, largest first: the owner reviews no deck
  for them, yet one of them may weigh more than several accounts he does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qbr.metrics.accounts import Decision
from qbr.metrics.common import growth, ratio

RECOVER_BELOW = -0.10  # a fall against last year this deep asks for a plan to win the volume back
COLLECT_ABOVE = 0.25  # overdue above this share of the quarter's sales: collect before putting more in


@dataclass(frozen=True)
class ParetoRow:
    customer_id: str
    name: str
    sales: float
    cumulative_share: float  # this customer's and every larger one's share of all sales
    key_account: bool


@dataclass(frozen=True)
class AccountCall:
    customer_id: str
    name: str
    call: str  # cut, collect, recover, grow, hold or review
    sales: float
    yoy: float | None
    contribution: float | None
    contribution_margin: float | None


@dataclass(frozen=True)
class Fall:
    customer_id: str
    against: str  # "ly" (same quarter last year) or "prev" (last quarter, when there is no last year)
    change: float  # sales / base - 1, below zero
    loss: float  # sales - base, below zero


@dataclass(frozen=True)
class Portfolio:
    total_sales: float
    customers_with_sales: int
    key_sales: float
    key_share: float | None
    key_count: int
    key_count_share: float | None
    pareto: list[ParetoRow]
    falling: list[Fall]  # largest loss first
    calls: list[AccountCall]
    contribution_margin: float | None  # the key accounts' together


def outside_key(decisions: Sequence[Decision]) -> list[Decision]:
    """Customers that are not key accounts in Q but sold more than the smallest key account
    (of all of them, not only a run's), largest first (ties by id)."""
    key_sales = [d.sales for d in decisions if d.key_account and d.sales > 0]
    if not key_sales:
        return []
    floor = min(key_sales)
    larger = (d for d in decisions if not d.key_account and d.sales > floor)
    return sorted(larger, key=lambda d: (-d.sales, d.customer_id))


def pareto(sales: Mapping[str, float], names: Mapping[str, str], key: set[str]) -> list[ParetoRow]:
    """Customers with positive sales, largest first (ties by id), with cumulative shares."""
    ranked = sorted(((cid, s) for cid, s in sales.items() if s > 0), key=lambda kv: (-kv[1], kv[0]))
    total = sum(s for _, s in ranked)
    rows, running = [], 0.0
    for cid, s in ranked:
        running += s
        rows.append(ParetoRow(cid, names.get(cid, cid), s, running / total, cid in key))
    return rows


def _call(
    yoy: float | None,
    contribution: float | None,
    cm: float | None,
    portfolio_cm: float | None,
    overdue_share: float | None = None,
) -> str:
    if contribution is None:
        return "review"
    if contribution < 0:
        return "cut"
    if overdue_share is not None and overdue_share > COLLECT_ABOVE:
        return "collect"
    if yoy is not None and yoy < RECOVER_BELOW:
        return "recover"
    if yoy is not None and yoy > 0 and cm is not None and portfolio_cm is not None and cm >= portfolio_cm:
        return "grow"
    return "hold"


def _fall(cid: str, sales: float, yoy: float | None, sales_ly: float | None, sales_prev: float | None) -> Fall | None:
    """The account's fall against last year, or against last quarter when last year has no base."""
    if yoy is not None:
        return Fall(cid, "ly", yoy, sales - (sales_ly or 0.0)) if yoy < 0 else None
    qoq = growth(sales, sales_prev)
    if qoq is not None and qoq < 0:
        return Fall(cid, "prev", qoq, sales - (sales_prev or 0.0))
    return None


def portfolio(
    all_sales: Mapping[str, float], names: Mapping[str, str], accounts: Sequence[tuple[str, Mapping[str, float | None]]]
) -> Portfolio:
    """`accounts`: (customer_id, figures) of each key account built, with sales, sales_ly,
    sales_prev, gross_profit, investment, ar_overdue (None = unknown)."""
    key = {cid for cid, _ in accounts}
    rows = pareto(all_sales, names, key)
    total = sum(r.sales for r in rows)
    key_sales = sum(r.sales for r in rows if r.key_account)
    contributions: dict[str, float | None] = {}
    for cid, f in accounts:
        gp, inv = f.get("gross_profit"), f.get("investment")
        contributions[cid] = None if gp is None or inv is None else gp - inv
    known = [(cid, c) for cid, c in contributions.items() if c is not None]
    sales_of = {cid: f.get("sales") or 0.0 for cid, f in accounts}
    portfolio_cm = ratio(sum(c for _, c in known), sum(sales_of[cid] for cid, _ in known)) if known else None
    calls: list[AccountCall] = []
    falls: list[Fall] = []
    for cid, f in accounts:
        sales = f.get("sales") or 0.0
        yoy = growth(sales, f.get("sales_ly"))
        c = contributions[cid]
        cm = ratio(c, sales)
        overdue_share = ratio(f.get("ar_overdue"), sales)
        call = _call(yoy, c, cm, portfolio_cm, overdue_share)
        calls.append(AccountCall(cid, names.get(cid, cid), call, sales, yoy, c, cm))
        fall = _fall(cid, sales, yoy, f.get("sales_ly"), f.get("sales_prev"))
        if fall is not None:
            falls.append(fall)
    return Portfolio(
        total_sales=total,
        customers_with_sales=len(rows),
        key_sales=key_sales,
        key_share=ratio(key_sales, total),
        key_count=len(key),
        key_count_share=ratio(len(key), len(rows)),
        pareto=rows,
        falling=sorted(falls, key=lambda x: (x.loss, x.customer_id)),
        calls=calls,
        contribution_margin=portfolio_cm,
    )
