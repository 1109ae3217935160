"""The template context: everything a deck template can see, and nothing else.

Stage: context (after metrics and chart data, before the deck). Input: the MetricsEngine, one
customer's CustomerMetrics, Settings, the report language and the build date. Output: a plain
dict of JSON-like values. Its names are the metrics JSON names (`kpi.sales`, `activities`,
`alerts` ...) plus what a deck needs around them (labels, notes, chart data); `qbr template vars`
lists them all.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from qbr import __version__
from qbr.commentary import causes, commentary
from qbr.commentary.facts import about_payment, is_ask
from qbr.commentary.render import Msg, fig, say
from qbr.config import Settings
from qbr.context.audience import AUDIENCES, CUSTOMER_AUDIENCE, OWNER_AUDIENCE, customer_view
from qbr.context.chartdata import activity_chart, build_charts, investment_rows
from qbr.data.media import logos, photo_files, prepared_photo
from qbr.formatting import Formatter
from qbr.labels import CHANNEL, SUPPORT_TYPE, month_label
from qbr.metrics import CustomerMetrics, metrics_to_dict
from qbr.metrics.calendar import quarter_calendar
from qbr.metrics.common import day_date, ratio
from qbr.metrics.engine import MetricsEngine
from qbr.metrics.investment import shares_by_kind
from qbr.quarter import Quarter

OVERDUE_LISTED = 8
ALERTS_LISTED = 5
SELLOUT_SKUS_LISTED = 8  # the sell-out slide's SKU table has room for eight, largest sell-out first
FINDINGS_LISTED = 3  # cause sentences run two lines each: three fit beside the alerts table


def build_context(
    engine: MetricsEngine,
    m: CustomerMetrics,
    settings: Settings,
    lang: str,
    today: date,
    audience: str = OWNER_AUDIENCE,
) -> dict[str, Any]:
    """The context one audience's deck sees (`qbr.context.audience`)."""
    return for_audience(base_context(engine, m, settings, lang, today), audience, lang, settings.report.currency)


def for_audience(base: dict[str, Any], audience: str, lang: str, currency: str) -> dict[str, Any]:
    """The base context narrowed to an audience, with the commentary written for that reader.

    The customer's commentary reads the customer's view, so no sentence can quote a figure the
    view leaves out; the owner's reads everything and adds the brief. `base` is left unchanged.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; use one of {', '.join(AUDIENCES)}")
    ctx = customer_view(base) if audience == CUSTOMER_AUDIENCE else dict(base)
    ctx["activities"] = [dict(a) for a in ctx.get("activities", [])]  # titles and notes are per audience
    said = commentary(ctx, lang, Formatter(language=lang, currency=currency), audience)
    ctx["audience"] = audience
    ctx["titles"] = said["titles"]
    ctx["talking_points"] = said["notes"]
    ctx["summary"] = said["summary"]
    if "brief" in said:
        ctx["brief"] = said["brief"]
    for a in ctx["activities"]:
        a["title"] = said["activity_titles"][a["activity_id"]]
        a["notes"] = said["activity_notes"][a["activity_id"]]
    return ctx


def base_context(
    engine: MetricsEngine, m: CustomerMetrics, settings: Settings, lang: str, today: date
) -> dict[str, Any]:
    """Everything any deck of this customer may show, before commentary: the metrics JSON plus
    labels, rows shaped for tables, chart data and the human notes."""
    ctx = metrics_to_dict(m)
    ctx["customer"]["channel_label"] = CHANNEL[lang].get(m.channel, m.channel)
    ctx["next_quarter"] = str(m.quarter.next())
    ctx["prev_quarter"] = str(m.quarter.prev())
    ctx["ly_quarter"] = str(m.quarter.last_year())
    ctx["distributor"] = {"name": settings.distributor.name}
    # the appendix defines the usual level and the alert week with the thresholds in force
    ctx["alert_rule"] = {
        "baseline_weeks": settings.alerts.baseline_weeks,
        "weekly_drop": settings.alerts.weekly_drop,
        "noise_k": settings.alerts.noise_k,
    }
    ctx["logos"] = logos(settings, engine.dataset.folder, m.customer_id)
    cutoff = day_date(engine.last_day) if engine.last_day is not None else None
    ctx["report"] = {
        "date": today.isoformat(),
        "meeting_date": meeting_date(settings, m.quarter, today).isoformat(),
        "cutoff": cutoff.isoformat() if cutoff else None,
        "language": lang,
        "version": __version__,
    }

    for row in ctx["by_month"]:
        row["label"] = month_label(row["month"], lang)
    ctx["top_skus"] = sorted(ctx["by_sku"], key=lambda r: (-r["sales"], r["sku"]))[:10]
    ctx["support_rows"] = [
        {"type": r.kind, "label": SUPPORT_TYPE[lang][r.kind], "amount": r.amount, "share": r.share}
        for r in shares_by_kind(m.support_by_type, m.support)
    ]
    ctx["investment_rows"] = investment_rows(m, lang)
    store_names = engine.store_names
    ctx["promoter_rows"] = [
        {**row, "store": store_names.get(row["store_id"] or "", row["store_id"])} for row in ctx["promoter_assignments"]
    ]
    overdue = [i for i in ctx["open_invoices"] if i["days_past_due"] > 0]
    ctx["overdue_invoice_count"] = len(overdue)
    ctx["overdue_invoices"] = sorted(overdue, key=lambda i: (-i["days_past_due"], i["invoice_no"]))[:OVERDUE_LISTED]
    fmt = Formatter(language=lang, currency=settings.report.currency)
    for alert in ctx["alerts"]:
        alert["drivers_text"] = ("、" if lang == "zh" else ", ").join(d["name"] for d in alert["driver_details"])
        found = causes.groups(alert["driver_details"])
        # "断货：花生油；动销下滑：冰红茶" for the table; the full sentences with the action for the panel
        alert["cause_short"] = ("；" if lang == "zh" else "; ").join(say(causes.short(g), lang, fmt) for g in found)
        alert["cause_text"] = "".join(
            say(m if i == 0 else Msg("cause.more", {"text": fig("msg", m)}), lang, fmt)
            for i, m in enumerate(causes.alert_sentences(alert["driver_details"], alert["week_start"]))
        )
    # the slide's table has room for five: the deepest falls, in date order (a stock-out alert in a
    # week that did not fall counts as no fall)
    deepest = sorted(ctx["alerts"], key=lambda a: a["change"] if a["change"] is not None else 0.0)[:ALERTS_LISTED]
    ctx["alerts_shown"] = sorted(deepest, key=lambda a: a["week_start"])
    ctx["has"] = {
        "stores": m.stores.active_stores > 1,
        "promoters": m.promoters > 0,
        "activities": bool(m.activities),
        "sellout": m.sellout is not None,
        # the slides below drop out when they would only show zeros or an empty chart
        # ... or one line of ¥800 of POSM on a ¥9万 account ("物料费占100%"): the spend slide needs a
        # spend worth a page (MIN_SPEND_SHARE of sales), promoters or an activity
        "investment": m.promoters > 0
        or bool(m.activities)
        or (bool(m.investment) and (m.sales <= 0 or (m.investment or 0.0) >= MIN_SPEND_SHARE * m.sales)),
        "promoter_stores": any(a.store_id for a in m.promoter_assignments),
        "receivables": bool(m.ar_outstanding) or bool(m.collected) or bool(m.open_invoices),
    }
    if ctx["sellout"] is not None:
        for row in ctx["sellout"]["by_month"]:
            row["label"] = month_label(row["month"], lang)
        ctx["sellout"]["top_skus"] = ctx["sellout"]["by_sku"][:SELLOUT_SKUS_LISTED]
    # the panel beside it: why the three deepest fell and what to do, in date order
    ctx["alert_findings"] = [
        {"text": a["cause_text"]} for a in sorted(deepest[:FINDINGS_LISTED], key=lambda a: a["week_start"])
    ]

    charts = build_charts(engine, m, lang)
    _activities(ctx, engine, lang, charts)
    ctx["photo_pages"] = photo_pages(photo_files(engine.dataset.folder, m.customer_id, str(m.quarter)), ctx)
    ctx["has"]["photos"] = bool(ctx["photo_pages"])
    ctx["charts"] = charts
    ctx["notes"] = _notes(engine.dataset.notes, m.customer_id, str(m.quarter))
    ctx["has"]["alerts"] = bool(ctx["alerts_shown"]) or bool(ctx["notes"]["issues"])
    ctx["commitments"] = commitments(engine.dataset.notes, m.customer_id, str(m.quarter.prev()), lang)
    ctx["next_plan"] = next_plan(ctx, m, lang, fmt)
    _review_rows(ctx, lang)
    return ctx


MEETING_GRACE_DAYS = 31  # a deck built this long after its quarter is for the meeting soon after


def meeting_date(settings: Settings, quarter: Quarter, today: date) -> date:
    """The cover's date: report.meeting_date (or --meeting-date), else the build date while the
    quarter is under way or just ended (up to MEETING_GRACE_DAYS after), else the quarter's last day:
    a 2023Q4 deck rebuilt a year later is dated 2023-12-31, never the day it was rebuilt."""
    if settings.report.meeting_date:
        return date.fromisoformat(settings.report.meeting_date)
    if quarter.start <= today <= quarter.end + timedelta(days=MEETING_GRACE_DAYS):
        return today
    return quarter.end


PHOTOS_PER_PAGE = 8  # the photo slide's grid: 4 x 2


def photo_pages(files: dict[str | None, list[Path]], ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """Photo slides: each activity's folder (in the activities' order) on its own page(s) titled
    with its name, then the rest (the folder's own files, and subfolders that are no activity of
    the quarter). Each page holds PHOTOS_PER_PAGE slots, None where there is no photo."""
    names = {a["activity_id"]: a["name"] for a in ctx["activities"]}
    groups: list[tuple[str | None, list[Path]]] = [(names[k], files[k]) for k in names if k in files]
    rest = [p for k, paths in files.items() if k not in names for p in paths]
    if rest:
        groups.append((None, rest))
    pages = []
    for activity, paths in groups:
        for start in range(0, len(paths), PHOTOS_PER_PAGE):
            chunk: list[bytes | None] = [prepared_photo(p) for p in paths[start : start + PHOTOS_PER_PAGE]]
            chunk += [None] * (PHOTOS_PER_PAGE - len(chunk))
            pages.append({"activity": activity, "photos": chunk})
    return pages


STATUS_LABEL = {
    "zh": {"done": "完成", "partly": "部分完成", "not_done": "未完成", None: "待确认"},
    "en": {"done": "Done", "partly": "Partly done", "not_done": "Not done", None: "To confirm"},
}
MIN_SPEND_SHARE = 0.01  # below 1 % of sales, without promoters or activities, spend gets no slide of its own
BENCHMARK_LISTED = 6  # categories on the benchmark slide: the largest opportunities first
MATERIAL_SHARE_GAP = 0.01  # a category's share must lag the peers' median by a point to be an opportunity
GAPS_LISTED = 8  # store and listing gaps on their slides


def commitments(notes: pd.DataFrame, customer_id: str, prev_quarter: str, lang: str) -> list[dict[str, Any]]:
    """Last quarter's plan notes with their review: status (None = not yet reviewed: 待确认) and result."""
    rows = notes[
        (notes["customer_id"] == customer_id) & (notes["quarter"] == prev_quarter) & (notes["section"] == "plan")
    ].sort_values("_row")
    out = []
    for _, r in rows.iterrows():
        status = None if pd.isna(r["status"]) else str(r["status"])
        out.append(
            {
                "text": str(r["text"]),
                "owner": None if pd.isna(r["owner"]) else str(r["owner"]),
                "due": None if pd.isna(r["due"]) else r["due"].date().isoformat(),
                "status": status,
                "status_label": STATUS_LABEL[lang][status],
                "result": None if pd.isna(r["result"]) else str(r["result"]),
            }
        )
    return out


def next_plan(ctx: dict[str, Any], m: CustomerMetrics, lang: str, fmt: Formatter | None = None) -> dict[str, Any]:
    """Next quarter on one page: its target and implied growth, its calendar, the activities
    planned in it, and the plan notes split into our commitments and our asks of the customer,
    with collecting the overdue added when it matters and no plan note covers it (`collection_ask`).
    `entries` is the plan slide's one list: the activities, then the commitments, then the asks."""
    nxt = m.quarter.next()
    # what is over by the meeting is not part of the plan (元旦 12/30-1/1 at a meeting on 8 January)
    meeting = date.fromisoformat(str((ctx.get("report") or {}).get("meeting_date") or nxt.start))
    cal = [
        {"name": e.name, "start": e.start.isoformat(), "end": e.end.isoformat(), "days": e.days, "kind": e.kind,
         "dates": span_label(e.start, e.end, lang)}
        for e in quarter_calendar(max(nxt.start, meeting), nxt.end, lang)
    ]  # fmt: skip
    words = PLAN_KIND[lang]
    actions = [
        {**p, "kind": "ask" if is_ask(p["text"]) else "commitment"}
        for p in ctx["notes"]["plans"]
        if str(p["text"]).strip()
    ]
    commitments = [a for a in actions if a["kind"] == "commitment"]
    asks = [a for a in actions if a["kind"] == "ask"]
    # only on a plan: with nothing planned the slide is the meeting's agenda, and the summary's
    # next-quarter line already asks for the overdue
    collect = collection_ask(m, actions, lang, fmt or Formatter(language=lang))
    if collect is not None and (actions or ctx["planned_activities"]):
        asks.append(collect)
    items = [
        {"kind": "activity", "kind_label": words["activity"], "text": a["name"], "owner": None,
         "when": span_label(date.fromisoformat(a["start_date"]), date.fromisoformat(a["end_date"]), lang),
         "budget": a["budget"]}
        for a in ctx["planned_activities"]
    ] + [
        {"kind": a["kind"], "kind_label": words[a["kind"]], "text": a["text"], "owner": a["owner"],
         "when": span_label(d, d, lang) if (d := _day(a["due"])) else "—", "budget": None}
        for a in commitments + asks
    ]  # fmt: skip
    return {
        "quarter": str(nxt),
        "target": m.outlook.target,
        "target_yoy": m.outlook.target_yoy,
        "target_qoq": m.outlook.target_qoq,
        "sales_ly": m.outlook.sales_ly,
        "calendar": cal,
        "activities": ctx["planned_activities"],
        "commitments": commitments,
        "asks": asks,
        "entries": items,
        "planned": bool(items),
    }


# Receivables more than 30 days overdue go on next quarter's plan as an ask of the customer when any
# is over 90 days or they are at least this share of the quarter's sales, unless a plan note asks
# already. An invoice a few days late (often one large invoice due at the quarter's end) is a
# phone call, not an item of the review, so it is neither the trigger nor in the amount asked.
COLLECT_SHARE = 0.05
LATE_BUCKETS = ("31-60", "61-90", "over_90")


def collection_ask(
    m: CustomerMetrics, actions: list[dict[str, Any]], lang: str, fmt: Formatter
) -> dict[str, Any] | None:
    """The plan's ask to settle what is over 30 days overdue, due at the end of next quarter's first
    month, owned by the account's sales rep; None when it is not worth an item."""
    late = sum(m.ar_aging.get(bucket) or 0.0 for bucket in LATE_BUCKETS)
    over_90 = m.ar_aging.get("over_90") or 0.0
    if late < 1 or not (over_90 >= 1 or (m.sales > 0 and late >= COLLECT_SHARE * m.sales)):
        return None
    if any(about_payment(str(a["text"])) for a in actions):
        return None
    second = m.quarter.next().months[1]
    return {
        "text": say(Msg("plan.collect", {"overdue": fig("money", late)}), lang, fmt),
        "owner": m.sales_rep,
        "due": (second - timedelta(days=1)).isoformat(),
        "kind": "ask",
        "amount": late,  # the summary and the brief ask for the same sum (`facts.collection`)
    }


def _day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


PLAN_KIND = {
    "zh": {"activity": "活动", "commitment": "我方承诺", "ask": "请客户支持"},
    "en": {"activity": "Activity", "commitment": "We commit", "ask": "We ask"},
}


def span_label(start: date, end: date, lang: str) -> str:
    """A short date range for a quarter's plan: zh "2月10日–2月17日", en "10–17 Feb" (no year:
    the slide names the quarter)."""
    if lang == "zh":
        return f"{start.month}月{start.day}日" + ("" if start == end else f"–{end.month}月{end.day}日")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    if start == end:
        return f"{start.day} {months[start.month - 1]}"
    if start.month == end.month and start.year == end.year:
        return f"{start.day}–{end.day} {months[end.month - 1]}"
    return f"{start.day} {months[start.month - 1]} – {end.day} {months[end.month - 1]}"


def _review_rows(ctx: dict[str, Any], lang: str) -> None:
    """Rows shaped for the review slides: labels, totals, and the few a slide has room for."""
    plan = ctx["investment_plan"]
    for row in plan:
        row["label"] = SUPPORT_TYPE[lang].get(row["type"], row["type"])
    planned, actual = sum(r["planned"] for r in plan), sum(r["actual"] for r in plan)
    ctx["investment_plan_total"] = (
        {"planned": planned, "actual": actual, "variance": actual - planned, "used": ratio(actual, planned)}
        if plan
        else None
    )
    # The slide leaves out categories neither side sells, and names an opportunity only where the
    # share lags by a point or more: "酒水 ▼0.1个百分点 ¥4,487" is noise, not a plan
    table_rows = [r for r in ctx["benchmark"] if r["share"] or r["peer_median_share"]]
    for r in table_rows:
        lag = (r["peer_median_share"] or 0.0) - (r["share"] or 0.0)
        r["material_opportunity"] = r["opportunity"] if r["opportunity"] and lag >= MATERIAL_SHARE_GAP else None
    ctx["benchmark_table"] = table_rows
    ctx["benchmark_shown"] = [r for r in table_rows if r["material_opportunity"]][:BENCHMARK_LISTED]
    ctx["benchmark_opportunity"] = sum(r["material_opportunity"] or 0.0 for r in table_rows)
    dist = ctx["distribution"]
    dist["store_gaps_shown"] = dist["store_gaps"][:GAPS_LISTED]
    dist["listing_gaps_shown"] = dist["listing_gaps"][:GAPS_LISTED]
    ctx["has"]["commitments"] = bool(ctx["commitments"])
    ctx["has"]["benchmark"] = bool(ctx["benchmark"])
    ctx["has"]["store_gaps"] = bool(dist["store_gaps"])
    ctx["has"]["investment_plan"] = bool(plan)


def _activities(ctx: dict[str, Any], engine: MetricsEngine, lang: str, charts: dict[str, Any]) -> None:
    table = engine.dataset.activities.set_index("activity_id")
    names = dict(zip(engine.sku_ids, engine.sku_names, strict=True))
    for a in ctx["activities"]:
        row = table.loc[a["activity_id"]] if a["activity_id"] in table.index else None
        description = None if row is None or pd.isna(row["description"]) else str(row["description"])
        a["description"] = description
        skus = a["skus"]
        a["sku_names"] = (
            ("、" if lang == "zh" else ", ").join(names.get(s, s) for s in skus)
            if skus
            else ("全部商品" if lang == "zh" else "All products")
        )
        key = f"activity_{a['activity_id']}"
        charts[key] = activity_chart(a["baseline_daily"], a["actual_daily"], lang)
        a["chart"] = charts[key]


def _notes(notes: pd.DataFrame, customer_id: str, quarter: str) -> dict[str, list[dict[str, Any]]]:
    rows = notes[(notes["customer_id"] == customer_id) & (notes["quarter"] == quarter)].sort_values("_row")
    out: dict[str, list[dict[str, Any]]] = {"highlights": [], "issues": [], "plans": []}
    key = {"highlight": "highlights", "issue": "issues", "plan": "plans"}
    for _, r in rows.iterrows():
        out[key[str(r["section"])]].append(
            {
                "text": str(r["text"]),
                "owner": None if pd.isna(r["owner"]) else str(r["owner"]),
                "due": None if pd.isna(r["due"]) else r["due"].date().isoformat(),
            }
        )
    return out
