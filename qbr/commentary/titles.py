"""Message titles: one sentence per slide of the default deck, chosen by rules on the figures.

Stage: commentary. Input: the template context dict. Output: a `Msg` per slide key (phrase key
plus figures), worded by `render.say`. Each function below is the rule table of one slide: the
first condition that holds picks the phrase, in the order written. Conditions never claim what
the data does not show: no growth word on a null YoY, no ROI on a zero cost, "no target set"
instead of 0 %.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qbr.metrics.outlook import KEEP_SHARE

from . import causes
from . import facts as F
from . import review as R
from .render import Fig, Msg, fig

Ctx = dict[str, Any]


def summary(ctx: Ctx) -> Msg:
    """Sales and growth, then target and overdue clauses when there is something to say."""
    growth = F.growth_state(ctx)
    sales = fig("money", F.kpi(ctx, "sales"))
    head = Msg(f"title.summary.{growth}", {"sales": sales, "yoy": fig("apct", F.kpi(ctx, "yoy"))})
    if growth == "none":
        return head
    clauses = []
    target = F.target_wording(ctx)
    if target != "none":  # no target: nothing to report here (the sales slide says so)
        clauses.append(Msg(f"title.summary.{target}", {"attainment": fig("pct", F.kpi(ctx, "attainment"))}))
    overdue = F.kpi(ctx, "ar_overdue")
    if F.money_positive(overdue):
        clauses.append(Msg("title.summary.overdue", {"overdue": fig("money", overdue)}))
    return Msg(head.key, head.figs, tuple(clauses))


def sales(ctx: Ctx) -> Msg:
    """title.sales.<growth>_<target>: growth up/down/flat/no_ly x target above/below/none."""
    growth = F.growth_state(ctx)
    if growth == "none":
        return Msg("title.sales.none")
    return Msg(
        f"title.sales.{growth}_{F.target_wording(ctx)}",
        {
            "sales": fig("money", F.kpi(ctx, "sales")),
            "yoy": fig("apct", F.kpi(ctx, "yoy")),
            "attainment": fig("pct", F.kpi(ctx, "attainment")),
        },
    )


def monthly(ctx: Ctx) -> Msg:
    months = [
        m for m in F.months(ctx) if F.money_positive(F.number(m.get("sales"))) or F.number(m.get("yoy")) is not None
    ]
    if not months:
        return Msg("title.monthly.none")
    with_yoy = [m for m in months if F.sign(F.number(m.get("yoy"))) is not None]
    ups = [m for m in with_yoy if F.sign(F.number(m["yoy"])) == "up"]
    downs = [m for m in with_yoy if F.sign(F.number(m["yoy"])) == "down"]
    best = max(ups, key=lambda m: F.number(m["yoy"]) or 0.0) if ups else None
    worst = min(downs, key=lambda m: F.number(m["yoy"]) or 0.0) if downs else None
    if best and worst:
        # lead with the month that tells the quarter's story: the best in a growing quarter
        key = "title.monthly.mixed_down" if F.growth_state(ctx) == "down" else "title.monthly.mixed_up"
        return Msg(
            key,
            {
                "best": fig("month", best["month"]),
                "best_yoy": fig("apct", best["yoy"]),
                "worst": fig("month", worst["month"]),
                "worst_yoy": fig("apct", worst["yoy"]),
            },
        )
    if best:
        key = "title.monthly.all_up" if len(ups) == len(months) else "title.monthly.best"
        return Msg(key, {"month": fig("month", best["month"]), "yoy": fig("apct", best["yoy"])})
    if worst:
        key = "title.monthly.all_down" if len(downs) == len(months) else "title.monthly.worst"
        return Msg(key, {"month": fig("month", worst["month"]), "yoy": fig("apct", worst["yoy"])})
    if with_yoy:
        return Msg("title.monthly.flat")
    peak = F.top_by_sales(months)
    if peak is None:
        return Msg("title.monthly.none")
    return Msg("title.monthly.no_ly", {"month": fig("month", peak["month"]), "sales": fig("money", peak["sales"])})


def skus(ctx: Ctx) -> Msg:
    category = F.top_by_sales(F.rows(ctx, "by_category"))
    sku = F.top_by_sales(F.rows(ctx, "by_sku"))
    if category is None or sku is None:
        return Msg("title.skus.none")
    return Msg(
        "title.skus.lead",
        {
            "category": fig("text", category.get("category")),
            "category_share": fig("pct", category.get("share")),
            "sku": fig("text", F.name_of(sku, "name", "sku")),
            "sku_share": fig("pct", sku.get("share")),
        },
    )


def mover_figures(ctx: Ctx) -> tuple[dict[str, Fig], dict[str, Any] | None, dict[str, Any] | None]:
    """The biggest SKU gainer and decliner vs last year and their figures (title and summary share them)."""
    gainer, decliner = F.top_gainer(ctx), F.top_decliner(ctx)
    figs: dict[str, Fig] = {}
    if gainer:
        figs |= {"gainer": fig("text", F.name_of(gainer, "name", "sku")), "gain": fig("amoney", gainer["change_ly"])}
    if decliner:
        figs |= {
            "decliner": fig("text", F.name_of(decliner, "name", "sku")),
            "loss": fig("amoney", decliner["change_ly"]),
        }
    return figs, gainer, decliner


def movers(ctx: Ctx) -> Msg:
    # Without last year's sales every SKU "gains" its whole sales: that is not growth.
    if F.growth_state(ctx) in ("none", "no_ly"):
        return Msg("title.movers.no_ly")
    figs, gainer, decliner = mover_figures(ctx)
    if gainer and decliner:
        return Msg("title.movers.both", figs)
    if gainer:
        return Msg("title.movers.gainers_only", figs)
    if decliner:
        return Msg("title.movers.decliners_only", figs)
    return Msg("title.movers.unchanged")


def stores(ctx: Ctx) -> Msg:
    s = ctx.get("stores") or {}
    active = int(F.number(s.get("active_stores")) or 0)
    active_ly = int(F.number(s.get("active_stores_ly")) or 0)
    if active == 0:
        return Msg("title.stores.none")
    figs = {
        "active": fig("num", active),
        "active_ly": fig("num", active_ly),
        "per_store": fig("money", s.get("sales_per_store")),
    }
    if active_ly == 0:
        key = "title.stores.new"
    elif active > active_ly:
        key = "title.stores.more"
    elif active < active_ly:
        key = "title.stores.fewer"
    else:
        key = "title.stores.same"
    lfl = F.number(s.get("same_store_yoy"))
    if key in ("title.stores.more", "title.stores.fewer") and lfl is not None:
        # the store count changed: growth from the stores open in both years is what the buyer
        # asks for (the total's growth partly is the new stores')
        figs |= {"same": fig("num", s.get("same_stores")), "lfl": fig("pct", abs(lfl))}
        key += "_lfl_up" if lfl >= 0 else "_lfl_down"
    return Msg(key, figs)


def support(ctx: Ctx) -> Msg:
    investment = F.kpi(ctx, "investment")
    support_total = F.kpi(ctx, "support")
    if investment is None or not F.money_positive(investment):
        return Msg("title.support.none")
    figs = {"investment": fig("money", investment), "ratio": fig("pct", F.kpi(ctx, "expense_ratio"))}
    if F.kpi(ctx, "expense_ratio") is None:
        return Msg("title.support.no_sales", figs)
    if not F.money_positive(support_total):
        return Msg("title.support.promoters_only", figs)
    by_type = ctx.get("support_by_type") or {}
    top_type, amount = max(by_type.items(), key=lambda kv: F.number(kv[1]) or 0.0, default=(None, None))
    if top_type is None or not F.money_positive(F.number(amount)):
        return Msg("title.support.promoters_only", figs)  # no split by type: the totals still stand
    # a share of the investment, as in the slide's table (which lists promoters beside the types)
    share = (F.number(amount) or 0.0) / investment
    return Msg("title.support.spend", figs | {"top_type": _type_word(top_type), "top_share": fig("pct", share)})


def _type_word(code: str) -> Fig:
    # the sentence form of a support type comes from the phrase table (type.display ...)
    return Fig("msg", Msg(f"type.{code}"))


def promoters(ctx: Ctx) -> Msg:
    n = int(F.kpi(ctx, "promoters") or 0)
    if n == 0:
        return Msg("title.promoters.none")
    return Msg(
        "title.promoters.one" if n == 1 else "title.promoters.some",
        {
            "n": fig("num", n),
            "days": fig("num", F.kpi(ctx, "promoter_days")),
            "cost": fig("money", F.kpi(ctx, "promoter_cost")),
        },
    )


def activity(a: dict[str, Any]) -> Msg:
    """The title of one activity's slide (a dict of `activities`)."""
    cost = F.number(a.get("cost")) or 0.0
    paid = F.money_positive(cost)
    uplift = F.number(a.get("uplift"))
    figs = {
        "name": fig("text", a.get("name") or a.get("activity_id")),
        "cost": fig("money", cost),
        "uplift": fig("apct", uplift),
        "incremental": fig("money", a.get("incremental_sales")),
        "roi": fig("ratio", a.get("sales_roi")),
        "actual": fig("money", a.get("actual_daily")),
        "profit_roi": fig("ratio", a.get("profit_roi")),
    }
    direction = F.sign(uplift)
    if a.get("not_measured") in ("too_short", "no_base_data"):
        key = f"title.activity.{a['not_measured']}"
    elif direction is None:
        key = "title.activity.no_baseline"
    elif direction == "flat":
        key = "title.activity.flat" if paid else "title.activity.flat_free"
    elif direction == "down":
        key = "title.activity.down" if paid else "title.activity.down_free"
    elif not paid or F.number(a.get("sales_roi")) is None:
        key = "title.activity.free"
    elif (F.number(a.get("sales_roi")) or 0.0) < 1:
        key = "title.activity.return_low"
    elif (profit_roi := F.number(a.get("profit_roi"))) is not None and profit_roi < 1:
        # sales came back, but the gross profit they carry did not pay for the activity: say so
        key = "title.activity.return_unprofitable"
    else:
        key = "title.activity.return"
    suffix = () if a.get("complete", True) else (Msg("title.activity.incomplete"),)
    drops = causes.groups(a.get("drops") or [])
    if drops:
        # a fall on its SKUs during the activity (a stock-out most often) is named on its slide
        shorts = tuple(causes.short(g) for g in drops)
        text = Msg(
            "text",
            {"text": fig("msg", shorts[0])},
            tuple(Msg("cause.more", {"text": fig("msg", m)}) for m in shorts[1:]),
        )
        suffix = (*suffix, Msg("title.activity.drop", {"text": fig("msg", text)}))
    return Msg(key, figs, suffix)


def activities(ctx: Ctx) -> Msg:
    """A one-line verdict on the quarter's activities: the best return's title, or "none"."""
    acts = F.rows(ctx, "activities")
    if not acts:
        return Msg("title.activities.none")
    scored = F.scored_activities(ctx)
    best = scored[0] if scored else max(acts, key=lambda a: F.number(a.get("incremental_sales")) or 0.0)
    return activity(best)


def profit(ctx: Ctx) -> Msg:
    if not F.money_positive(F.kpi(ctx, "sales")):
        return Msg("title.profit.none")
    gm = F.kpi(ctx, "gross_margin")
    if gm is None:
        return Msg("title.profit.unknown")
    investment = F.kpi(ctx, "investment")
    figs = {
        "gm": fig("pct", gm),
        "gp": fig("money", F.kpi(ctx, "gross_profit")),
        "investment": fig("money", investment),
    }
    if not F.money_positive(investment):
        return Msg("title.profit.no_investment", figs)
    contribution = F.contribution(ctx)
    return Msg(
        "title.profit.positive" if contribution is not None and contribution > 0 else "title.profit.negative", figs
    )


def afford(ctx: Ctx) -> Msg:
    """The owner's brief: the one investment figure to commit next quarter, and what it leaves us."""
    o = ctx.get("outlook") or {}
    recommended = F.number(o.get("recommended_investment"))
    if recommended is None:
        if F.kpi(ctx, "gross_margin") is None:
            return Msg("title.afford.unknown")
        if F.number(o.get("sales_basis")) is None or F.number(o.get("investment_at_ratio")) is None:
            return Msg("title.afford.no_basis")
        return Msg("title.afford.none")  # a margin at or below zero: no spend can pay
    at_ratio = F.number(o.get("investment_at_ratio"))
    figs = {
        "recommended": fig("money", recommended),
        "contribution": fig("money", F.number(o.get("contribution_at_recommended"))),
        "er": fig("pct", F.kpi(ctx, "expense_ratio")),
    }
    # below the ceiling the recommendation is today's intensity; above it, it was cut to keep a profit
    kept = at_ratio is not None and abs(at_ratio - recommended) < 0.005
    break_even = F.number(o.get("break_even_investment"))
    if kept and not F.money_positive(recommended) and break_even is not None and F.money_positive(break_even):
        # nothing spent this quarter: "commit at most ¥0" reads as a placeholder; say what spend the
        # account could carry if the buyer asks for some (half the break-even ceiling, as when cutting)
        return Msg("title.afford.first", {"ceiling": fig("money", break_even * KEEP_SHARE)})
    return Msg("title.afford.keep" if kept else "title.afford.cut", figs)


def receivables(ctx: Ctx) -> Msg:
    outstanding, overdue = F.kpi(ctx, "ar_outstanding"), F.kpi(ctx, "ar_overdue")
    over_90 = F.number((ctx.get("ar_aging") or {}).get("over_90"))
    figs = {
        "outstanding": fig("money", outstanding),
        "overdue": fig("money", overdue),
        "over_90": fig("money", over_90),
    }
    if F.money_positive(overdue):
        return Msg("title.receivables.overdue_90" if F.money_positive(over_90) else "title.receivables.overdue", figs)
    if F.money_positive(outstanding):
        return Msg("title.receivables.current", figs)
    return Msg("title.receivables.none")


def alerts(ctx: Ctx) -> Msg:
    alert_rows = F.rows(ctx, "alerts")
    worst = F.worst_alert(ctx)
    if worst is None:
        return Msg("title.alerts.none")
    figs = {
        "n": fig("num", len(alert_rows)),
        "week": fig("date", worst.get("week_start")),
        "change": fig("apct", worst.get("change")),
        "lost": fig("money", worst.get("lost_sales")),
    }
    if len(alert_rows) == 1 and (F.number(worst.get("change")) or 0.0) >= 0:
        # a stock-out is an alert even in a week that did not fall: say what it cost
        lost = sum(F.number(d.get("lost_sales")) or 0.0 for d in worst.get("driver_details") or [])
        return Msg("title.alerts.stockout_only", {**figs, "lost": fig("money", lost)})
    drivers = worst.get("driver_details") or []
    found = causes.groups(drivers)
    then = (causes.title_clause(found[0], drivers),) if found else ()
    return Msg("title.alerts.one" if len(alert_rows) == 1 else "title.alerts.many", figs, then)


def plan(ctx: Ctx) -> Msg:
    items, asks = F.plans(ctx), F.asks(ctx)
    nxt = ctx.get("next_plan") or {}
    planned = [a for a in nxt.get("activities") or [] if isinstance(a, dict)]
    if isinstance(nxt.get("entries"), list):  # the slide's own list (with the generated collection ask)
        entries = [e for e in nxt["entries"] if isinstance(e, dict)]
        planned = [e for e in entries if e.get("kind") == "activity"]
        items = [e for e in entries if e.get("kind") != "activity"]
        asks = [e for e in entries if e.get("kind") == "ask"]
    figs = {
        "quarter": fig("quarter", ctx.get("next_quarter")),
        "n": fig("num", len(items) + len(planned)),
        "asks": fig("num", len(asks)),
        "target": fig("money", nxt.get("target")),
    }
    if not items and not planned:
        if not nxt:
            return Msg("title.plan.none", figs)  # a context without next quarter's calendar (older JSON)
        # nothing entered yet: the slide is the meeting's agenda, the target and the calendar to agree on
        return Msg("title.plan.agenda" if nxt.get("target") is not None else "title.plan.agenda_no_target", figs)
    if not items:
        return Msg("title.plan.some", figs)
    return Msg("title.plan.asks" if asks else "title.plan.some", figs)


# slide key -> rule; the order is the default deck's.
TITLES: dict[str, Callable[[Ctx], Msg]] = {
    "summary": summary,
    "sales": sales,
    "monthly": monthly,
    "skus": skus,
    "movers": movers,
    "stores": stores,
    "support": support,
    "promoters": promoters,
    "activity": activities,
    "profit": profit,
    "afford": afford,
    "receivables": receivables,
    "alerts": alerts,
    "plan": plan,
    "commitments": R.commitments_title,
    "year": R.year_title,
    "benchmark": R.benchmark_title,
    "distribution": R.distribution_title,
    "investment_plan": R.investment_plan_title,
}
