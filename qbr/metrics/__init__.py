"""Every figure of a customer's quarterly review, computed from a validated Dataset.

Stage: metrics (pure pandas/numpy; no I/O, no formatting). Input: Dataset, Settings, customer_id,
Quarter. Output: `CustomerMetrics`, plain Python values (float/int/str/date/None), which
`metrics_to_dict` turns into the JSON the `qbr metrics` command prints and templates read.

`compute_metrics` steps:
1. take the Dataset's cached `MetricsEngine` (sales lines prepared once for all customers);
2. slice the customer's sales lines and small-table rows;
3. sales KPIs (sales, growth, target, gross profit, rank, share);
4. investment (support by type, promoters) and expense ratio;
5. activities starting in Q, valued with the customer's gross margin of Q;
6. receivables at the quarter end;
7. weeks and weekly alerts;
8. breakdowns (month, SKU, category, movers, stores) and the key-account decision;
9. sell-out and stock, when the optional sellout table has rows for the customer in Q;
10. the review around Q: the year to date, next quarter's planned activities, planned vs actual
    investment, the channel benchmark and the distribution gaps.

The definitions and every interpretation are written down in docs/metrics.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from qbr.config import Settings
from qbr.data.dataset import Dataset
from qbr.metrics.accounts import decide
from qbr.metrics.activities import ActivityResult, activity_results
from qbr.metrics.alerts import WeeklyAlert, WeekSales, stockout_lost_sales, weekly
from qbr.metrics.benchmark import BenchmarkRow, Distribution, benchmark, distribution, peers_of
from qbr.metrics.breakdowns import (
    GroupSales,
    MonthSales,
    StoreSummary,
    by_category,
    by_month,
    by_sku,
    movers,
    store_summary,
)
from qbr.metrics.changes import context
from qbr.metrics.common import opt_str, ratio
from qbr.metrics.coverage import Coverage, coverage, windows
from qbr.metrics.engine import MetricsEngine, engine_for
from qbr.metrics.investment import PromoterAssignment, contribution, investment_kpis, promoter_assignments
from qbr.metrics.kpis import KPI_NAMES
from qbr.metrics.outlook import Outlook, outlook
from qbr.metrics.receivables import OpenInvoice, receivable_kpis
from qbr.metrics.review import (
    PlannedActivity,
    PlanVsActual,
    YearView,
    next_quarter_sales_ly,
    plan_vs_actual,
    planned_activities,
    year_view,
)
from qbr.metrics.sales import UnknownCost, known_cost, sales_kpis, target_of
from qbr.metrics.sellout import SelloutMetrics, sellout_metrics
from qbr.quarter import Quarter

__all__ = ["KPI_NAMES", "CustomerMetrics", "MetricsEngine", "compute_metrics", "engine_for", "metrics_to_dict"]


@dataclass(frozen=True)
class CustomerMetrics:
    # who and when
    customer_id: str
    name: str
    channel: str
    region: str | None
    sales_rep: str | None
    quarter: Quarter
    coverage: Coverage  # the part of the quarter the sales data covers
    key_account: bool
    key_account_reason: str
    # sales
    sales: float
    sales_prev: float | None  # None when that quarter starts before the data (never 0)
    sales_ly: float | None
    qoq: float | None
    yoy: float | None
    target: float | None
    attainment: float | None
    target_gap: float | None
    target_full: float | None  # the quarter's whole target; `target` is pro-rated while the quarter is under way
    gross_profit: float | None
    gross_margin: float | None
    rank: int | None
    share: float | None
    # investment
    support: float
    support_by_type: dict[str, float]
    promoter_days: int
    promoter_cost: float | None
    promoters: int
    investment: float | None
    expense_ratio: float | None
    promoter_cost_per_day: float | None
    contribution: float | None  # gross_profit - investment
    contribution_margin: float | None  # contribution / sales
    promoter_assignments: list[PromoterAssignment]
    # receivables at E
    ar_outstanding: float
    ar_overdue: float
    ar_aging: dict[str, float]
    dso: float | None
    collected: float
    collection_rate: float | None  # collected / invoiced in the quarter
    open_invoices: list[OpenInvoice]
    # activities, weeks, breakdowns
    activities: list[ActivityResult]
    by_week: list[WeekSales]
    alerts: list[WeeklyAlert]
    stockout_lost_sales: float  # sales lost to stock-outs in Q's complete weeks (spec: weekly alerts)
    by_month: list[MonthSales]
    by_sku: list[GroupSales]
    by_category: list[GroupSales]
    gainers: list[GroupSales]
    decliners: list[GroupSales]
    stores: StoreSummary
    outlook: Outlook  # next quarter: its target and the investment the account can carry
    gross_profit_known: float  # over the lines whose cost is known (all of them when gross_profit is known)
    cost_known_share: float | None  # the sales of those lines / sales
    unknown_cost_skus: list[UnknownCost]  # SKUs sold with an unknown cost, largest sales first
    # the customer's own sales and stock; None without the sellout table or its rows in Q
    sellout: SelloutMetrics | None
    # the review around Q (qbr.metrics.review, qbr.metrics.benchmark)
    year: YearView
    planned_activities: list[PlannedActivity]
    investment_plan: list[PlanVsActual]
    benchmark: list[BenchmarkRow]
    benchmark_peers: int  # the peers the benchmark's medians are over
    distribution: Distribution


def compute_metrics(dataset: Dataset, settings: Settings, customer_id: str, quarter: Quarter) -> CustomerMetrics:
    """All metrics of one customer for one quarter (see the module docstring for the steps)."""
    return customer_metrics(engine_for(dataset, settings), customer_id, quarter)


def customer_metrics(engine: MetricsEngine, customer_id: str, quarter: Quarter) -> CustomerMetrics:
    """compute_metrics on an engine the caller holds (batch generation)."""
    covered = engine.memo(("coverage", quarter), lambda: coverage(engine.dataset, quarter))  # exit 2 outside
    code = engine.code(customer_id, quarter)
    lines = engine.lines(code)
    customer = engine.customers.iloc[code]
    w = windows(quarter, covered)  # the quarter to date, and the same days before
    s = sales_kpis(engine, code, lines, quarter, w)
    known = known_cost(engine, lines, quarter, s.sales)
    inv = investment_kpis(engine.support.rows(code), engine.promoters.rows(code), quarter, s.sales)
    judging = context(engine, code)  # the alert rule's view of this customer, for weeks and activities
    acts = activity_results(
        engine, engine.activities.rows(code), lines, quarter, s.gross_margin, judging, engine.promoters.rows(code)
    )
    # receivables at the quarter's end, or at the data's last day in a quarter under way
    ar = receivable_kpis(
        engine.receivables.rows(code), quarter.start, covered.quarter_to, s.sales, covered.days, engine.as_of
    )
    weeks, alerts = weekly(engine, code, lines, quarter, judging)
    skus = by_sku(engine, lines, quarter, w)
    gainers, decliners = movers(skus)
    decisions = engine.memo(("key_accounts", quarter), lambda: decide(engine, quarter))
    decision = next(d for d in decisions if d.customer_id == customer_id)
    peers = peers_of(decisions, customer_id, str(customer["channel"]))
    plans = engine.plans.rows(code)
    return CustomerMetrics(
        customer_id=customer_id,
        name=str(customer["name"]),
        channel=str(customer["channel"]),
        region=opt_str(customer["region"]),
        sales_rep=opt_str(customer["sales_rep"]),
        quarter=quarter,
        coverage=covered,
        key_account=decision.key_account,
        key_account_reason=decision.reason,
        **asdict(s),
        **asdict(inv),
        contribution=(c := contribution(s.gross_profit, inv.investment)),
        contribution_margin=ratio(c, s.sales),
        promoter_assignments=promoter_assignments(engine.promoters.rows(code), quarter),
        ar_outstanding=ar.ar_outstanding,
        ar_overdue=ar.ar_overdue,
        ar_aging=ar.ar_aging,
        dso=ar.dso,
        collected=ar.collected,
        collection_rate=ar.collection_rate,
        open_invoices=ar.open_invoices,
        activities=acts,
        by_week=weeks,
        alerts=alerts,
        stockout_lost_sales=stockout_lost_sales(weeks),
        by_month=by_month(lines, quarter, engine.covers, covered.quarter_to),
        by_sku=skus,
        by_category=by_category(skus),
        gainers=gainers,
        decliners=decliners,
        stores=store_summary(engine, lines, quarter, w),
        gross_profit_known=known[0],
        cost_known_share=known[1],
        unknown_cost_skus=known[2],
        outlook=outlook(
            quarter,
            target_of(engine, code, quarter.next()),
            s.sales,
            s.gross_margin,
            inv.expense_ratio,
            next_quarter_sales_ly(engine, lines, quarter),
            covered.complete,
        ),
        sellout=sellout_metrics(engine, engine.sellout.rows(code), lines, quarter),
        year=year_view(engine, code, lines, quarter, w),
        planned_activities=planned_activities(engine.activities.rows(code), plans, quarter),
        investment_plan=plan_vs_actual(plans, quarter, inv.support_by_type, acts),
        benchmark=benchmark(engine, code, lines, quarter, peers),
        benchmark_peers=len(peers),
        distribution=distribution(engine, code, lines, quarter, peers),
    )


def _plain(value: Any) -> Any:
    """Dates as ISO strings, dataclasses and containers recursively; everything else unchanged."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Quarter):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


def _group_row(r: GroupSales, key: str) -> dict[str, Any]:
    row = _plain(r)
    out = {key: row.pop("key")}
    if key == "category":
        row.pop("name")
        row.pop("category")
    out.update(row)
    return out


def metrics_to_dict(m: CustomerMetrics) -> dict[str, Any]:
    """The JSON shape of `qbr metrics --format json` (plain types, nulls as None, ISO dates)."""
    alerts = []
    for a in m.alerts:
        alert = _plain(a)
        alert["driver_details"] = alert.pop("drivers")
        alert["drivers"] = [d.key for d in a.drivers]
        alerts.append(alert)
    return {
        "customer": {
            "customer_id": m.customer_id,
            "name": m.name,
            "channel": m.channel,
            "region": m.region,
            "sales_rep": m.sales_rep,
            "rank": m.rank,
            "share": m.share,
            "key_account": m.key_account,
            "key_account_reason": m.key_account_reason,
        },
        "quarter": str(m.quarter),
        "coverage": m.coverage.to_dict(),
        "kpi": {name: getattr(m, name) for name in KPI_NAMES},
        "support_by_type": dict(m.support_by_type),
        "ar_aging": dict(m.ar_aging),
        "activities": _plain(m.activities),
        "alerts": alerts,
        "by_month": _plain(m.by_month),
        "by_week": _plain(m.by_week),
        "by_category": [_group_row(r, "category") for r in m.by_category],
        "by_sku": [_group_row(r, "sku") for r in m.by_sku],
        "gainers": [_group_row(r, "sku") for r in m.gainers],
        "decliners": [_group_row(r, "sku") for r in m.decliners],
        "stores": _plain(m.stores),
        "open_invoices": _plain(m.open_invoices),
        "promoter_assignments": _plain(m.promoter_assignments),
        "outlook": _plain(m.outlook),
        "unknown_cost_skus": _plain(m.unknown_cost_skus),
        "sellout": _plain(m.sellout),
        "year": _plain(m.year),
        "planned_activities": _plain(m.planned_activities),
        "investment_plan": _plain(m.investment_plan),
        "benchmark": _plain(m.benchmark),
        "benchmark_peers": m.benchmark_peers,
        "distribution": _plain(m.distribution),
    }
