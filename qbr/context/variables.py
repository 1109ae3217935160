"""The data dictionary of the deck context: every variable a template can use, with a description
and, when a data folder is at hand, an example value from it.

Stage: documentation for `qbr template vars`. Input: optionally a built context (examples).
Output: `Variable`s registered with the template engine's dictionary.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from qbr.context.audience import OWNER_AUDIENCE, visible
from qbr.template.vars import Variable, register_variables

# name -> description; the names are the context's keys (the metrics JSON names where they exist)
DESCRIPTIONS: dict[str, str] = {
    "customer.customer_id": "customer code",
    "customer.name": "customer name",
    "customer.channel": "channel code: modern, traditional, special, fresh",
    "customer.channel_label": "channel in the report language (特殊渠道 / Special channel)",
    "customer.rank": "rank by sales among all customers in the quarter (1 = largest)",
    "customer.share": "share of all customers' sales in the quarter",
    "customer.key_account": "true when a key account this quarter",
    "customer.key_account_reason": "why it is (or is not) a key account",
    "quarter": "the quarter, 2023Q4 (use |quarter for 2023年第四季度 / Q4 2023)",
    "prev_quarter": "the quarter before",
    "ly_quarter": "the same quarter last year",
    "next_quarter": "the quarter after (the plan's quarter)",
    "alert_rule.baseline_weeks": "weeks whose mean is a week's usual level (qbr.toml [alerts])",
    "alert_rule.weekly_drop": "the least fall below the usual level that makes an alert week (0.05 = 5%)",
    "alert_rule.noise_k": "and the fall must exceed noise_k x the median weekly change of the 13 weeks before "
    "(0 = off)",
    "distributor.name": "the distributor, from qbr.toml",
    "report.date": "build date (ISO)",
    "photo_pages": "photo slides (photos/CUSTOMER/QUARTER/ in the data folder): activity (its name, or none "
    "for general photos), photos (8 slots: JPEG bytes or none) for image:page.photos[0] .. [7]",
    "has.photos": "true when the data folder holds photos for the customer's quarter",
    "logos.ours": "our logo's path ([distributor] logo in qbr.toml), or none: for an image:logos.ours shape",
    "logos.customer": "the customer's logo (logos/CUSTOMER.png in the data folder), or none",
    "report.meeting_date": "the cover's date (ISO): --meeting-date, report.meeting_date, else the build date "
    "up to 31 days after the quarter, else its last day",
    "report.cutoff": "newest sales date in the data (data cut-off)",
    "report.language": "zh or en",
    "report.version": "qbr version",
    "kpi.sales": "net sales in the quarter",
    "kpi.sales_prev": "sales in the previous quarter",
    "kpi.sales_ly": "sales in the same quarter last year",
    "kpi.qoq": "sales / sales_prev - 1 (null: no base)",
    "kpi.yoy": "sales / sales_ly - 1 (null: no base)",
    "kpi.target": "the quarter's target (null: none set)",
    "kpi.attainment": "sales / target",
    "kpi.target_gap": "sales - target",
    "kpi.gross_profit": "sales - cost (null when a line's cost is unknown)",
    "kpi.gross_margin": "gross_profit / sales",
    "kpi.support": "support money dated in the quarter",
    "kpi.promoter_days": "promoter days in the quarter",
    "kpi.promoter_cost": "promoter cost pro-rated by days",
    "kpi.promoters": "promoters with a day in the quarter",
    "kpi.investment": "support + promoter_cost",
    "kpi.expense_ratio": "investment / sales",
    "kpi.contribution": "gross_profit - investment",
    "kpi.contribution_margin": "contribution / sales",
    "kpi.promoter_cost_per_day": "promoter_cost / promoter_days",
    "kpi.ar_outstanding": "unpaid at quarter end",
    "kpi.ar_overdue": "the overdue part of ar_outstanding",
    "kpi.dso": "ar_outstanding / sales x days in quarter",
    "kpi.collected": "payments dated in the quarter",
    "kpi.collection_rate": "collected / invoiced in the quarter",
    "kpi.gross_profit_known": "gross profit of the lines whose cost is known (owner only)",
    "kpi.cost_known_share": "share of sales on lines with known cost (owner only)",
    "unknown_cost_skus": "SKUs sold with an unknown cost, largest sales first: sku, name, sales, share (owner only)",
    "kpi.rank": "as customer.rank",
    "kpi.share": "as customer.share",
    "support_by_type.TYPE": "support per type: display, promotion, free_goods, rebate, listing, posm, other",
    "support_rows": "non-zero support types, largest first: type, label, amount, share",
    "ar_aging.BUCKET": "ar_outstanding by days past due: not_due, 1-30, 31-60, 61-90, over_90",
    "open_invoices": "invoices unpaid at quarter end: invoice_no, invoice_date, due_date, amount, paid_amount, "
    "outstanding, days_past_due",
    "overdue_invoices": "the 8 most overdue open invoices",
    "overdue_invoice_count": "how many open invoices are overdue (the table lists the 8 oldest)",
    "investment_rows": "investment by kind (support types with money, then promoters), largest first: type, "
    "label, amount, share of investment; adds up to kpi.investment",
    "alerts_shown": "the five deepest weekly falls, in date order (for a table with room for five)",
    "alert_findings": "why the three deepest weekly falls happened and what to do, one {text} each, in date order",
    "has.stores": "true when the account has more than one active store (the stores slide shows)",
    "has.promoters": "true when promoters worked in the quarter",
    "has.activities": "true when activities started",
    "has.sellout": "true when the customer shares sell-out rows for the quarter (the sell-out slide shows)",
    "has.investment": "true when we had promoters or an activity, or spent at least 1% of sales (the investment "
    "slide shows; below, the summary cards show SKUs sold and the collection rate)",
    "has.promoter_stores": "true when promoters worked in named stores (the promoters-by-store slide shows)",
    "has.receivables": "true when anything was open or collected in the quarter (the receivables slide shows)",
    "has.alerts": "true when a week fell past the alert line or an issue was noted (the alerts slide shows)",
    "sellout": "the customer's own sales and stock (null without sell-out data): as_of, window_start, total, "
    "by_sku, by_month, dead_stock, shelf_gaps, spring_festival, top_skus",
    "sellout.total": "all reported SKUs: sellin_qty, sellout_qty, sellout_amount, sell_through, stock, weeks_of_cover",
    "sellout.by_sku": "per SKU, largest sell-out first: sku, name, sellin_qty, sellout_qty, sellout_amount, "
    "sell_through (sellout_qty / sellin_qty), stock (at the quarter end), weeks_of_cover",
    "sellout.top_skus": "the 8 SKUs with the largest sell-out",
    "sellout.by_month": "per month: month, label, sellin_qty, sellout_qty, sellout_amount, sell_through, stock "
    "(at the month end)",
    "sellout.dead_stock": "stores and SKUs with stock but no sale in the last 28 days: store_id, store_name, sku, "
    "name, stock, stock_date, last_sale",
    "sellout.shelf_gaps": "stores and SKUs that sold in the last 28 days and hold zero stock: store_id, "
    "store_name, sku, name, sellout_qty, stock_date",
    "sellout.spring_festival": "Q4 only: date, weeks_to (from as_of), weeks_of_cover (total), short (SKUs whose "
    "cover ends before 春节)",
    "activities": "activities starting in the quarter: activity_id, name, type, start_date, end_date, skus, "
    "sku_names, description, days, cost, support_cost, promoter_cost, stockout_days, baseline_daily, "
    "actual_daily, uplift, incremental_sales, sales_roi, profit_roi, complete, after_daily, after_uplift, drops, "
    "chart, title, notes",
    "alerts": "alert weeks (fell beyond alerts.weekly_drop and noise_k x wobble vs the baseline_weeks "
    "before, or a stock-out): week_start, week_end, sales, sales_prev_week, baseline, change, wobble, limit, "
    "stockout, drivers (SKUs), driver_details (each with cause, lost_sales, store_id, detail), causes, "
    "drivers_text, cause_short, cause_text",
    "by_month": "sales by month: month, label, sales, sales_ly, yoy",
    "by_week": "sales by week: week_start, week_end, iso_week, sales, sales_prev_week, baseline, change, wobble, "
    "complete, alert, stockout_lost_sales",
    "by_category": "sales by category: category, qty, sales, sales_prev, sales_ly, qoq, yoy, change_ly, share",
    "by_sku": "sales by SKU: sku, name, category, qty, sales, sales_prev, sales_ly, qoq, yoy, change_ly, share",
    "top_skus": "the 10 SKUs with the most sales",
    "gainers": "SKUs that grew most vs last year (5)",
    "decliners": "SKUs that fell most vs last year (5)",
    "stores": "active_stores, active_stores_ly, sales_per_store, sales_without_store, best, worst, ranking, "
    "growing, falling, same_stores, same_store_sales, same_store_sales_ly, same_store_yoy (like for like)",
    "promoter_assignments": "assignments with a day in the quarter: promoter, store_id, start_date, end_date, "
    "days, cost",
    "promoter_rows": "promoter_assignments with the store name (store)",
    "notes.highlights": "notes of section highlight for the quarter: text, owner, due",
    "notes.issues": "notes of section issue",
    "notes.plans": "notes of section plan (next quarter's actions)",
    "summary": "3-5 headline bullets for the executive summary, chosen by the rules of docs/commentary.md",
    "titles.KEY": "each slide's message title (summary, sales, monthly, skus, movers, stores, support, "
    "promoters, activity, profit, receivables, alerts, plan)",
    "talking_points.KEY": "speaker notes per slide key: figures, the buyer's likely questions, our ask",
    "charts.sales_compare": "chart: last year, last quarter, target, this quarter (万元 / K)",
    "charts.quarterly_sales": "chart: sales of the last five quarters (万元 / K)",
    "charts.monthly_sales": "chart: sales by month this year, last year, target pace (万元 / K)",
    "charts.sales_by_category": "chart: sales by category, largest on top (万元 / K)",
    "charts.top_skus": "chart: top 10 SKUs with growth (rendered)",
    "charts.sku_movers": "chart: biggest gainers and decliners vs last year (rendered)",
    "charts.growth_waterfall": "chart: last year -> SKU changes -> others -> this quarter (native waterfall)",
    "charts.investment_by_type": "chart: investment by kind, support types and promoters, largest on top (万元 / K)",
    "charts.investment_vs_sales": "chart: investment and expense ratio over five quarters (rendered)",
    "charts.promoter_days": "chart: promoter days by store",
    "charts.store_ranking": "chart: sales by store this year vs last year (万元 / K)",
    "charts.ar_aging": "chart: receivables by age bucket (万元 / K)",
    "charts.weekly_sales": "chart: weekly sales with alert weeks highlighted and, dashed, the usual level each "
    "week is judged against (rendered)",
    "charts.profit_bridge": "chart: sales -> cost -> gross profit -> investment -> contribution (native waterfall)",
    "charts.sellout_by_month": "chart: units the customer sold vs units we delivered, by month",
    "charts.activity_ID": "chart: an activity's daily sales before vs during (also a.chart in a slide loop)",
    "coverage.from": "first day of the quarter the sales data covers",
    "coverage.to": "last day of the quarter the sales data covers (the data cut-off in a quarter under way)",
    "coverage.complete": "true when the data covers the whole quarter",
    "audience": "customer (the deck for the customer) or owner (the owner's brief)",
    "outlook.quarter": "the quarter after this one",
    "outlook.target": "next quarter's target (null: none set)",
    "outlook.basis": "what the outlook scales: target, or this quarter's sales when there is no target",
    "outlook.sales_basis": "next quarter's target, else this quarter's sales",
    "outlook.investment_at_ratio": "sales_basis x this quarter's expense ratio: the same support intensity",
    "outlook.break_even_investment": "sales_basis x this quarter's gross margin: the spend at which "
    "contribution would be zero",
    "outlook.sales_ly": "next quarter's sales one year earlier (null: before the data)",
    "outlook.target_yoy": "the growth next quarter's target implies: target / outlook.sales_ly - 1",
    "outlook.target_qoq": "target / this quarter's sales - 1 (null while this quarter is under way)",
    "commitments": "last quarter's plan notes with their review: text, owner, due, status, status_label "
    "(待确认 when blank), result",
    "has.commitments": "true when last quarter has plan notes (the commitments slide shows)",
    "year": "the year to date (the whole year in Q4): year, full_year, quarters [{quarter, sales, sales_ly, yoy, "
    "target, attainment}], sales, sales_ly, yoy, target, attainment, annual_target (four quarters' targets), "
    "annual_attainment",
    "planned_activities": "activities starting next quarter: activity_id, name, type, start_date, end_date, days, "
    "budget (plans rows naming the activity)",
    "next_plan": "next quarter: quarter, target, target_yoy, target_qoq, sales_ly, calendar [{name, start, end, "
    "days, dates, kind: holiday/festival/trade}], activities, commitments, asks, entries [{kind, kind_label, "
    "text, owner, when, budget}] (activities, then commitments, then asks), planned (true when any is entered)",
    "investment_plan": "planned vs actual investment by type in the quarter (plans table): type, label, planned, "
    "actual, variance, used, incremental_sales",
    "investment_plan_total": "planned, actual, variance, used over all types (null without plans rows)",
    "has.investment_plan": "true when the plans table has rows for the quarter",
    "benchmark": "per category vs the channel's other key accounts: category, sales, share, peer_median_share, "
    "opportunity, best_peer (owner only), best_peer_share",
    "benchmark_shown": "the categories with an opportunity (share a point or more below the median), largest first (6)",
    "benchmark_table": "the benchmark without categories neither side sells; material_opportunity: the opportunity "
    "where the share lags the median by a point or more, else null",
    "benchmark_opportunity": "the material opportunities summed",
    "benchmark_peers": "how many peers (other key accounts of the channel) the medians are over; the customer's "
    "deck shows the benchmark and listing gaps only from 5 (MIN_PEERS_SHOWN; has.benchmark false there below that)",
    "has.benchmark": "true when the channel has other key accounts to compare with",
    "distribution": "stores, store_gap_count, store_gaps [{store_id, store, sku, name, estimated_sales}], "
    "store_gap_sales, listing_gaps [{sku, name, category, peers, peer_count, peer_sales}], store_gaps_shown, "
    "listing_gaps_shown",
    "has.store_gaps": "true when an SKU sells in some of the account's stores but not in others",
    "brief.asks": "owner's brief: up to three asks of the customer, most money first",
    "brief.pushbacks": "owner's brief: up to three likely push-backs, each {q, a} with the figure that answers it",
    "brief.wrong": "owner's brief: up to five things that went wrong this quarter",
}


def _example(ctx: dict[str, Any], name: str) -> str:
    value: Any = ctx
    for part in name.split("."):
        if part.isupper() or part.endswith("_ID"):
            value = next(iter(value.values()), None) if isinstance(value, dict) else None
            continue
        if not isinstance(value, dict) or part not in value:
            return ""
        value = value[part]
    if isinstance(value, list):
        value = value[:1]
    if isinstance(value, dict) and "categories" in value:
        value = {"categories": value["categories"][:4], "series": [s["name"] for s in value["series"]]}
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 160 else text[:157] + "..."


def register(
    example_context: Callable[[], dict[str, Any] | None] | None = None, audience: str = OWNER_AUDIENCE
) -> None:
    """Register the variables an audience's templates can use; examples come from
    `example_context()` when it gives one."""

    @register_variables
    def _deck_variables() -> list[Variable]:
        ctx = example_context() if example_context else None
        return [
            Variable(name, text, _example(ctx, name) if ctx else "")
            for name, text in DESCRIPTIONS.items()
            if visible(name, audience)
        ]
