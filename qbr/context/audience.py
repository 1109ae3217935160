"""Who sees what: the customer's deck reads an allow-list of the context; the owner's brief all of it.

Stage: context. Input: the full template context (before commentary). Output: the customer's
view, a new dict holding only what `CUSTOMER` lists. Anything not listed, including every figure
added later, stays out of the customer's deck by construction: a customer template that asks for
`kpi.gross_margin` meets Jinja's undefined-name error, reported with its slide and shape.

What the customer sees is what we gave them and what it achieved: sales against last quarter,
last year and target; support by type, promoters and promoter-days, the total promoter cost and
the expense ratio; activities with their sales return; receivables. What stays ours: cost, gross
profit and margin, contribution, profit ROI, a named person's pay, our rank of customers and their
share of our sales, the key-account reasoning, internal channel labels and the tool's version, and
the names of other customers (the channel benchmark's best peer).
"""

from __future__ import annotations

from typing import Any

CUSTOMER_AUDIENCE = "customer"
OWNER_AUDIENCE = "owner"
AUDIENCES = (CUSTOMER_AUDIENCE, OWNER_AUDIENCE)

ALL = True  # keep the value as it is
CUSTOMER_KPIS = (
    "sales", "sales_prev", "sales_ly", "qoq", "yoy", "target", "attainment", "target_gap",
    "support", "promoter_days", "promoter_cost", "promoters", "investment", "expense_ratio",
    "ar_outstanding", "ar_overdue", "dso", "collected", "collection_rate", "stockout_lost_sales",
)  # fmt: skip
ACTIVITY_FIELDS = (
    "activity_id", "name", "type", "start_date", "end_date", "skus", "sku_names", "description", "days",
    "cost", "baseline_daily", "actual_daily", "uplift", "incremental_sales", "sales_roi", "complete", "chart",
    "stockout_days", "after_daily", "after_uplift", "drops", "not_measured",
)  # fmt: skip
# A promoter's store and days, never their pay, nor their name: with one promoter, the total
# promoter cost the slide shows would be that named person's pay.
PROMOTER_FIELDS = ("store_id", "store", "start_date", "end_date", "days")
# Native and rendered charts the customer's deck may carry; every activity's own chart too.
CUSTOMER_CHARTS = (
    "sales_compare", "quarterly_sales", "monthly_sales", "sales_by_category", "top_skus", "sku_movers",
    "growth_waterfall", "investment_by_type", "investment_vs_sales", "promoter_days", "store_ranking",
    "ar_aging", "weekly_sales", "sellout_by_month",
)  # fmt: skip
ACTIVITY_CHART_PREFIX = "activity_"
# The channel benchmark without the best peer's name: the customer deck says "同渠道其他核心客户" and
# never names another customer (the owner's brief does).
BENCHMARK_FIELDS = (
    "category", "sales", "share", "peer_median_share", "opportunity", "material_opportunity", "best_peer_share",
)  # fmt: skip

# The customer sees anything drawn from the channel's other key accounts (the category benchmark,
# the SKUs they list and this account does not) only when there are at least this many of them:
# with two, a median is their average; with three, it is one competitor's own figure, and a buyer
# who knows the channel's other chains can tell whose. Five is where benchmarking services start,
# no account's figure being recoverable. The brief keeps it whatever the number, and the customer
# never sees a peer's sales (`peer_sales`), only how many peers list a SKU.
MIN_PEERS_SHOWN = 5
BENCHMARK_KEYS = ("benchmark", "benchmark_shown", "benchmark_table")
LISTING_KEYS = ("listing_gaps", "listing_gaps_shown")

# key -> ALL, or the fields kept (of a dict, or of each dict in a list)
CUSTOMER: dict[str, Any] = {
    "customer": ("customer_id", "name", "region", "sales_rep"),
    "quarter": ALL, "coverage": ALL, "next_quarter": ALL, "prev_quarter": ALL, "ly_quarter": ALL,
    "distributor": ALL, "alert_rule": ALL,
    "report": ("date", "meeting_date", "cutoff", "language"),
    "kpi": CUSTOMER_KPIS,
    "support_by_type": ALL, "support_rows": ALL, "investment_rows": ALL,
    "ar_aging": ALL, "open_invoices": ALL, "overdue_invoices": ALL, "overdue_invoice_count": ALL,
    "activities": ACTIVITY_FIELDS,
    "alerts": ALL, "alerts_shown": ALL, "alert_findings": ALL,
    "by_month": ALL, "by_week": ALL, "by_category": ALL, "by_sku": ALL, "top_skus": ALL,
    "gainers": ALL, "decliners": ALL, "stores": ALL,
    "promoter_assignments": PROMOTER_FIELDS, "promoter_rows": PROMOTER_FIELDS,
    "outlook": ("quarter", "target", "sales_ly", "target_yoy", "target_qoq"),
    "has": ALL, "notes": ALL, "logos": ALL, "photo_pages": ALL,
    "sellout": ALL,  # the customer's own sales and stock, as they reported them
    # the review around the quarter: last quarter's commitments, the year, next quarter's plan
    "commitments": ALL, "year": ALL, "next_plan": ALL, "planned_activities": ALL,
    # (investment_plan, our planned budget against actual, is the owner's only)
    "benchmark": BENCHMARK_FIELDS, "benchmark_shown": BENCHMARK_FIELDS, "benchmark_table": BENCHMARK_FIELDS,
    "benchmark_opportunity": ALL, "benchmark_peers": ALL,
    "distribution": ALL,  # our SKUs and the account's own stores; listing gaps count peers (see MIN_PEERS_SHOWN)
}  # fmt: skip


def visible(name: str, audience: str) -> bool:
    """Whether a dotted context name ("kpi.gross_margin") is in the audience's context."""
    if audience == OWNER_AUDIENCE:
        return True
    top, _, rest = name.partition(".")
    if top == "charts":
        return not rest or rest in CUSTOMER_CHARTS or rest.startswith(ACTIVITY_CHART_PREFIX) or rest == "activity_ID"
    if top in ("titles", "talking_points", "summary", "audience"):
        return True  # written for each audience (qbr.commentary)
    spec = CUSTOMER.get(top)
    if spec is None:
        return False
    return spec is ALL or not rest or rest.split(".")[0] in spec


def _keep(value: Any, fields: tuple[str, ...]) -> Any:
    if isinstance(value, dict):
        return {k: value[k] for k in fields if k in value}
    if isinstance(value, list):
        return [_keep(v, fields) for v in value]
    return value


def _without(row: Any, key: str) -> Any:
    return {k: v for k, v in row.items() if k != key} if isinstance(row, dict) else row


def customer_view(ctx: dict[str, Any]) -> dict[str, Any]:
    """The part of a context the customer may see: new containers wherever something is left out."""
    view = {
        key: (value if spec is ALL else _keep(value, spec))
        for key, spec in CUSTOMER.items()
        if key in ctx
        for value in (ctx[key],)
    }
    few = (ctx.get("benchmark_peers") or 0) < MIN_PEERS_SHOWN
    if few and any(view.get(k) for k in BENCHMARK_KEYS):
        view.update({k: [] for k in BENCHMARK_KEYS}, benchmark_opportunity=0.0)
        view["has"] = {**view.get("has", {}), "benchmark": False}
    if isinstance(view.get("distribution"), dict):
        dist = view["distribution"] = dict(view["distribution"])
        for key in LISTING_KEYS:
            if isinstance(dist.get(key), list):
                dist[key] = [] if few else [_without(g, "peer_sales") for g in dist[key]]
    charts = ctx.get("charts") or {}
    view["charts"] = {
        name: data for name, data in charts.items() if name in CUSTOMER_CHARTS or name.startswith(ACTIVITY_CHART_PREFIX)
    }
    return view
