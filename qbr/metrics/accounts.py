"""Which customers are key accounts (核心客户) for a quarter, and why.

Stage: after metrics (reads the engine's per-quarter totals). Input: a validated Dataset, Settings
(key_accounts thresholds) and a Quarter. Output: one `Decision` per customer with a readable
reason, used by `qbr accounts` and by batch deck generation.

Rules (spec "Key accounts"; interpretation in docs/metrics.md):
1. key_account "yes" / "no" in the customers table decides outright.
2. Otherwise a customer needs net sales > 0 in Q.
3. Special channel: every such customer is a key account (key_accounts.special = "all"; "none"
   turns the rule off); the profit and potential criteria do not apply to it.
4. Modern / traditional / fresh: rank in channel by sales (1 = largest, ties share a rank) within
   the channel's cut-off (modern_top; ceil(traditional_top_pct% of the channel's customers with
   sales); fresh_top), and gross_margin >= min_margin when the margin is known, and
   yoy >= min_growth when the customer had sales last year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from qbr.config import KeyAccounts, Settings
from qbr.data.dataset import Dataset
from qbr.data.schema import CHANNELS
from qbr.metrics.common import growth, opt_str
from qbr.metrics.engine import MetricsEngine, QuarterTotals, engine_for
from qbr.quarter import Quarter


@dataclass(frozen=True)
class Decision:
    customer_id: str
    name: str
    channel: str
    key_account: bool
    reason: str
    sales: float
    rank_in_channel: int | None  # among the channel's customers with sales in Q
    channel_size: int  # the channel's customers with sales in Q
    cutoff: int | None  # how many the channel's rule takes; None = all (special)
    gross_margin: float | None
    sales_ly: float
    yoy: float | None
    override: str | None  # "yes", "no" or None (rules decide)
    # the criteria a top-ranked customer missed: "margin" (below min_margin), "growth" (below min_growth)
    failed: tuple[str, ...] = ()


def traditional_cutoff(pct: float, customers_with_sales: int) -> int:
    """ceil(pct% of n), in decimal arithmetic so that 10% of 30 is 3, not ceil(3.0000000000000004)."""
    return math.ceil(Decimal(str(pct)) * customers_with_sales / 100)


def _pct(x: float) -> str:
    return f"{x:+.1%}" if x < 0 else f"{x:.1%}"


def _channel_ranks(sales: np.ndarray, members: np.ndarray) -> dict[int, int]:
    """Competition rank (1, 2, 2, 4) by sales among `members` (customer codes with sales > 0)."""
    values = sales[members]
    ordered = np.sort(values)[::-1]
    ranks = np.searchsorted(-ordered, -values, side="left") + 1
    return {int(c): int(r) for c, r in zip(members, ranks, strict=True)}


def decide(engine: MetricsEngine, quarter: Quarter) -> list[Decision]:
    """Key-account decision of every customer for the quarter, with its reason."""
    ka = engine.settings.key_accounts
    now: QuarterTotals = engine.quarter_totals(quarter)
    ly: QuarterTotals = engine.quarter_totals(quarter.last_year())
    customers = engine.customers
    channels = customers["channel"].astype(str).to_numpy()
    ranks: dict[int, int] = {}
    sizes: dict[str, int] = {}
    for channel in {*CHANNELS, *channels}:
        members = np.flatnonzero((channels == channel) & (now.sales > 0))
        sizes[channel] = int(members.size)
        ranks.update(_channel_ranks(now.sales, members))
    cutoffs: dict[str, int | None] = {
        "modern": ka.modern_top,
        "traditional": traditional_cutoff(ka.traditional_top_pct, sizes.get("traditional", 0)),
        "fresh": ka.fresh_top,
        "special": None if ka.special == "all" else 0,
    }
    decisions: list[Decision] = []
    for code in range(len(customers)):
        row = customers.iloc[code]
        channel = str(row["channel"])
        sales = float(now.sales[code])
        sales_ly = float(ly.sales[code])
        margin = now.gross_margin(code)
        yoy = growth(sales, sales_ly)
        override = opt_str(row["key_account"])
        rank = ranks.get(code)
        cutoff = cutoffs.get(channel, 0)
        is_key, reason, failed = _rule(
            ka, quarter, channel, sales, rank, sizes.get(channel, 0), cutoff, margin, yoy=yoy
        )
        if override in ("yes", "no"):
            by_rules = "would be one" if is_key else "would not be one"
            is_key = override == "yes"
            reason = f"key_account = {override} in the customers table (by the rules it {by_rules}: {reason})"
        reason = ("key account: " if is_key else "not a key account: ") + reason
        decisions.append(
            Decision(
                customer_id=str(row["customer_id"]),
                name=str(row["name"]),
                channel=channel,
                key_account=is_key,
                reason=reason,
                sales=sales,
                rank_in_channel=rank,
                channel_size=sizes.get(channel, 0),
                cutoff=cutoff,
                gross_margin=margin,
                sales_ly=sales_ly,
                yoy=yoy,
                override=override,
                failed=failed,
            )
        )
    order = {c: i for i, c in enumerate(CHANNELS)}
    decisions.sort(key=lambda d: (order.get(d.channel, len(order)), d.rank_in_channel or 10**9, d.customer_id))
    return decisions


def _rule(
    ka: KeyAccounts,
    quarter: Quarter,
    channel: str,
    sales: float,
    rank: int | None,
    size: int,
    cutoff: int | None,
    margin: float | None,
    *,
    yoy: float | None,
) -> tuple[bool, str, tuple[str, ...]]:
    """(passes the rules, why, the criteria missed: "margin", "growth") for a customer without an
    override."""
    min_margin, min_growth = ka.min_margin, ka.min_growth
    if rank is None:
        return False, f"no sales in {quarter}", ()
    position = f"{rank} of {size} in {channel}"
    if channel == "special":
        if cutoff is None:
            return True, f"special channel, all customers with sales qualify ({position})", ()
        return False, f"special channel and key_accounts.special = none ({position})", ()
    if cutoff is None or rank > cutoff:
        return False, f"{position}, outside the top {cutoff}", ()
    clauses = [f"{position} (top {cutoff})"]
    failed: dict[str, str] = {}  # criterion -> why
    if margin is None:
        clauses.append("margin not checked (a line's cost is unknown)")
    elif margin >= min_margin - 1e-12:
        clauses.append(f"margin {_pct(margin)} >= {_pct(min_margin)}")
    else:
        failed["margin"] = f"margin {_pct(margin)} < {_pct(min_margin)}"
    last_year = quarter.last_year()
    if yoy is None:
        clauses.append(f"growth not checked (no sales in {last_year})")
    elif yoy >= min_growth - 1e-12:
        clauses.append(f"growth {_pct(yoy)} vs {last_year} >= {_pct(min_growth)}")
    else:
        failed["growth"] = f"growth {_pct(yoy)} vs {last_year} < {_pct(min_growth)}"
    if failed:
        return False, "; ".join(failed.values()) + " (" + "; ".join(clauses) + ")", tuple(failed)
    return True, "; ".join(clauses), ()


def key_accounts(dataset: Dataset, settings: Settings, quarter: Quarter) -> list[Decision]:
    """Decisions for every customer; reuses the Dataset's cached MetricsEngine."""
    engine = engine_for(dataset, settings)
    return engine.memo(("key_accounts", quarter), lambda: decide(engine, quarter))


def decision_to_dict(d: Decision) -> dict[str, object]:
    """JSON-ready view of a decision (plain Python values)."""
    return {
        "customer_id": d.customer_id,
        "name": d.name,
        "channel": d.channel,
        "key_account": d.key_account,
        "reason": d.reason,
        "sales": d.sales,
        "rank_in_channel": d.rank_in_channel,
        "channel_size": d.channel_size,
        "cutoff": d.cutoff,
        "gross_margin": d.gross_margin,
        "sales_ly": d.sales_ly,
        "yoy": d.yoy,
        "override": d.override,
    }
