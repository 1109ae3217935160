"""Speaker notes per slide: the figures behind the title, the buyer's likely questions with the
figure that answers each, and what the owner should ask for.

Stage: commentary. Input: the template context dict. Output: `Notes` per slide key (and per
activity), turned into plain text with line breaks by `text()`:

    数据：销售额¥279.1万；去年同期¥221.9万；…
    客户可能问：为什么比上季度下降14.4%？
    回答：上季度¥326.2万，本季度¥279.1万；…
    我方诉求：…

Each `_<slide>` function is the rule table of one slide: which figures, which questions (at most
two, in the order written, each only when its condition holds) and which ask.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from qbr.formatting import Formatter

from . import causes, titles
from . import facts as F
from . import review as R
from . import summary as S
from .render import Fig, Msg, fig, phrase, say

Ctx = dict[str, Any]
AFTER_FLAT = 0.05  # the two weeks after within ±5 % of before: "back to the level before it"
MAX_QUESTIONS = 2
LISTED = 3  # rows of a list (categories, SKUs, stores) quoted in the figures line


@dataclass
class Notes:
    figures: list[Msg] = field(default_factory=list)  # "label value" items (see `item`)
    qa: list[tuple[Msg, Msg]] = field(default_factory=list)
    ask: Msg | None = None


def text(notes: Notes, lang: str, fmt: Formatter, asks: bool = True) -> str:
    """The notes as lines; without `asks` (the customer's deck) they are presenter cues only: the
    figures and the buyer's questions answered from them, never what we want from the buyer."""
    lines = []
    if notes.figures:
        items = phrase(lang, "notes.item_sep").join(say(m, lang, fmt) for m in notes.figures)
        lines.append(say(Msg("notes.figures", {"items": Fig("text", items)}), lang, fmt))
    q_key, a_key = ("notes.q", "notes.a") if asks else ("notes.cue_q", "notes.cue_a")
    for q, a in notes.qa[:MAX_QUESTIONS]:
        lines.append(say(Msg(q_key, {"q": fig("msg", q)}), lang, fmt))
        lines.append(say(Msg(a_key, {"a": fig("msg", a)}), lang, fmt))
    if asks and notes.ask is not None:
        lines.append(say(Msg("notes.ask", {"ask": fig("msg", notes.ask)}), lang, fmt))
    return "\n".join(lines)


def label(name: str) -> Fig:
    return fig("msg", Msg(f"label.{name}"))


def item(name: Fig, value: Fig) -> Msg:
    """One "label value" item of the figures line."""
    return Msg("notes.item", {"label": name, "value": value})


def _kpis(ctx: Ctx, *pairs: tuple[str, str]) -> list[Msg]:
    """Items for kpi names with their figure kinds; missing figures are left out."""
    return [item(label(name), fig(kind, F.kpi(ctx, name))) for name, kind in pairs if F.kpi(ctx, name) is not None]


def _summary(ctx: Ctx) -> Notes:
    n = Notes(
        _kpis(
            ctx,
            ("sales", "money"),
            ("yoy", "delta"),
            ("attainment", "pct"),
            ("gross_margin", "pct"),
            ("investment", "money"),
            ("ar_overdue", "money"),
        )
    )
    risk = S.RULES["risk"](ctx) or S.RULES["receivables"](ctx)
    if risk is not None:
        n.qa.append((Msg("q.summary"), risk))
    n.ask = _ask(ctx)
    return n


def _sales(ctx: Ctx) -> Notes:
    n = Notes(
        _kpis(
            ctx,
            ("sales", "money"),
            ("sales_ly", "money"),
            ("sales_prev", "money"),
            ("target", "money"),
            ("attainment", "pct"),
            ("yoy", "delta"),
            ("qoq", "delta"),
        )
    )
    k = {name: fig("money", F.kpi(ctx, name)) for name in ("sales", "sales_ly", "sales_prev", "target")}
    k |= {
        "attainment": fig("pct", F.kpi(ctx, "attainment")),
        "yoy": fig("delta", F.kpi(ctx, "yoy")),
        "qoq": fig("apct", F.kpi(ctx, "qoq")),
    }
    growth, target = F.growth_state(ctx), F.target_state(ctx)
    gainer, decliner = F.top_gainer(ctx), F.top_decliner(ctx)
    why_down = _decliner_clause(decliner)
    if target == "below":
        n.qa.append((Msg("q.sales_below"), Msg("a.sales_below", k, why_down)))
    if growth == "up" and gainer:
        n.qa.append(
            (
                Msg("q.growth"),
                Msg(
                    "a.gainer",
                    {
                        "sku": fig("text", F.name_of(gainer, "name", "sku")),
                        "gain": fig("delta_money", gainer["change_ly"]),
                    },
                ),
            )
        )
    elif growth == "down" and target != "below":
        n.qa.append((Msg("q.decline"), Msg("a.decline", k, why_down)))
    if F.sign(F.kpi(ctx, "qoq")) == "down":
        answer = "a.qoq_down" if F.kpi(ctx, "yoy") is not None else "a.qoq_down_no_ly"
        n.qa.append((Msg("q.qoq_down", k), Msg(answer, k)))
    ask = {"below": "ask.sales_below", "above": "ask.sales_above", "none": "ask.sales_no_target"}[target]
    if ask == "ask.sales_below" and (ctx.get("customer") or {}).get("channel") == "traditional":
        ask = "ask.sales_below_wholesale"  # a wholesaler has no shelf or promotion slot to give
    n.ask = Msg(ask)
    return n


def _decliner_clause(decliner: dict[str, Any] | None) -> tuple[Msg, ...]:
    if decliner is None:
        return ()
    return (
        Msg(
            "a.decliner",
            {"sku": fig("text", F.name_of(decliner, "name", "sku")), "loss": fig("delta_money", decliner["change_ly"])},
        ),
    )


def _monthly(ctx: Ctx) -> Notes:
    months = F.months(ctx)
    n = Notes(
        [
            item(fig("month", m["month"]), fig("msg", _with_yoy(fig("money", m.get("sales")), m.get("yoy"))))
            for m in months
        ]
    )
    with_yoy = [m for m in months if F.number(m.get("yoy")) is not None]
    weak = (
        min(with_yoy, key=lambda m: F.number(m["yoy"]) or 0.0)
        if with_yoy
        else min(months, key=lambda m: F.number(m.get("sales")) or 0.0)
        if months
        else None
    )
    if weak is not None and len(months) > 1:
        m = {
            "month": fig("month", weak["month"]),
            "sales": fig("money", weak.get("sales")),
            "sales_ly": fig("money", weak.get("sales_ly")),
            "yoy": fig("delta", weak.get("yoy")),
        }
        if F.sign(F.number(weak.get("yoy"))) == "up":
            # every month grew: the buyer asks whether it lasts, the last month answers
            last = months[-1]
            m = {"month": fig("month", last["month"]), "yoy": fig("delta", last.get("yoy"))}
            n.qa.append((Msg("q.monthly_last"), Msg("a.monthly_last", m)))
        else:
            n.qa.append((Msg("q.monthly_weak", m), Msg("a.monthly_weak", m)))
    n.ask = Msg("ask.monthly") if months else None
    return n


def _with_yoy(value: Fig, yoy: Any) -> Msg:
    if F.number(yoy) is None:
        return Msg("text", {"text": value})
    return Msg("notes.with_yoy", {"value": value, "yoy": fig("delta", yoy)})


def _skus(ctx: Ctx) -> Notes:
    cats = sorted(F.rows(ctx, "by_category"), key=lambda r: -(F.number(r.get("sales")) or 0.0))[:LISTED]
    top = sorted(F.rows(ctx, "by_sku"), key=lambda r: -(F.number(r.get("sales")) or 0.0))[:LISTED]
    n = Notes(
        [item(fig("text", c.get("category")), fig("pct", c.get("share"))) for c in cats]
        + [item(fig("text", F.name_of(s, "name", "sku")), fig("money", s.get("sales"))) for s in top]
    )
    title = titles.skus(ctx)
    if title.key == "title.skus.lead":
        n.qa.append((Msg("q.skus_depend"), Msg("a.skus_depend", title.figs)))
        n.ask = Msg("ask.skus")
    return n


def _movers(ctx: Ctx) -> Notes:
    n = Notes()
    if F.growth_state(ctx) in ("none", "no_ly"):
        return n
    for r in F.rows(ctx, "gainers")[:LISTED] + F.rows(ctx, "decliners")[:LISTED]:
        n.figures.append(item(fig("text", F.name_of(r, "name", "sku")), fig("delta_money", r.get("change_ly"))))
    movers = [
        (abs(F.number(r["change_ly"]) or 0.0), kind, r)
        for kind, r in (("gainer", F.top_gainer(ctx)), ("decliner", F.top_decliner(ctx)))
        if r
    ]
    # the bigger move in money is the one the buyer raises first, and the one our ask is about
    for _, kind, r in sorted(movers, key=lambda t: -t[0]):
        figs = _sku_figs(r)
        n.qa.append((Msg(f"q.{kind}", figs), Msg(f"a.{kind}_detail", figs)))
    if movers:
        _, kind, r = max(movers, key=lambda t: t[0])
        n.ask = Msg(f"ask.movers_{kind}", _sku_figs(r))
    return n


def _sku_figs(r: dict[str, Any]) -> dict[str, Fig]:
    return {
        "sku": fig("text", F.name_of(r, "name", "sku")),
        "sales": fig("money", r.get("sales")),
        "sales_ly": fig("money", r.get("sales_ly")),
        "gain": fig("amoney", r.get("change_ly")),
        "loss": fig("amoney", r.get("change_ly")),
        "share": fig("pct", r.get("share")),
    }


def _stores(ctx: Ctx) -> Notes:
    s = ctx.get("stores") or {}
    n = Notes()
    if not F.number(s.get("active_stores")):
        return n
    n.figures = [
        item(label("active_stores"), fig("num", s.get("active_stores"))),
        item(label("active_stores_ly"), fig("num", s.get("active_stores_ly"))),
        item(label("per_store"), fig("money", s.get("sales_per_store"))),
    ]
    best, worst = (s.get("best") or [None])[0], (s.get("worst") or [None])[0]
    for which, row in (("best", best), ("worst", worst)):
        if row:
            n.figures.append(
                item(
                    label(which),
                    fig("msg", item(fig("text", F.name_of(row, "name", "store_id")), fig("money", row.get("sales")))),
                )
            )
    if worst:
        w = {
            "store": fig("text", F.name_of(worst, "name", "store_id")),
            "sales": fig("money", worst.get("sales")),
            "yoy": fig("delta", worst.get("yoy")),
            "per_store": fig("money", s.get("sales_per_store")),
        }
        n.qa.append((Msg("q.stores_weak", w), Msg("a.stores_weak", w)))
    if best:
        n.ask = Msg("ask.stores", {"store": fig("text", F.name_of(best, "name", "store_id"))})
    return n


def _support(ctx: Ctx) -> Notes:
    if not F.money_positive(F.kpi(ctx, "investment")):
        return Notes(ask=Msg("ask.support_none"))  # a line of zeros says nothing the title does not
    n = Notes(
        _kpis(ctx, ("investment", "money"), ("support", "money"), ("promoter_cost", "money"), ("expense_ratio", "pct"))
    )
    for code, amount in (ctx.get("support_by_type") or {}).items():
        if F.money_positive(F.number(amount)):
            n.figures.append(item(fig("msg", Msg(f"type.{code}")), fig("money", amount)))
    scored = F.scored_activities(ctx)
    if scored:
        a = scored[0]
        answer = Msg(
            "a.support_activity",
            {
                "name": fig("text", a.get("name")),
                "roi": fig("ratio", a.get("sales_roi")),
                "incremental": fig("money", a.get("incremental_sales")),
            },
        )
        n.qa.append((Msg("q.support_return"), answer))
    elif F.kpi(ctx, "expense_ratio") is not None and F.money_positive(F.kpi(ctx, "investment")):
        # what was spent and how it is checked: never our margin, which the buyer would use against us
        figs = {"ratio": fig("pct", F.kpi(ctx, "expense_ratio")), "investment": fig("money", F.kpi(ctx, "investment"))}
        n.qa.append((Msg("q.support_return"), Msg("a.support_ratio", figs)))
    n.ask = Msg("ask.support")
    return n


def _promoters(ctx: Ctx) -> Notes:
    if not F.kpi(ctx, "promoters"):
        return Notes()
    # cost per promoter-day, not sales per promoter-day: the account's sales are not the promoters' doing
    days, cost = F.kpi(ctx, "promoter_days"), F.kpi(ctx, "promoter_cost")
    per_day = F.kpi(ctx, "promoter_cost_per_day")  # the owner's figure: not in the customer's context
    n = Notes(_kpis(ctx, ("promoters", "num"), ("promoter_days", "num"), ("promoter_cost", "money")))
    figs = {"days": fig("num", days), "cost": fig("money", cost), "per_day": fig("money", per_day)}
    if per_day is not None:
        n.figures.append(item(label("per_promoter_day"), fig("money", per_day)))
    answer = "a.promoters_worth" if per_day is not None else "a.promoters_worth_total"
    n.qa.append((Msg("q.promoters_worth"), Msg(answer, figs)))
    n.ask = Msg("ask.promoters")
    return n


def activity(a: dict[str, Any]) -> Notes:
    """The notes of one activity's slide."""
    period = Msg(
        "notes.period",
        {
            "start": fig("date", a.get("start_date")),
            "end": fig("date", a.get("end_date")),
            "days": fig("num", a.get("days")),
        },
    )
    n = Notes(
        [
            item(label("period"), fig("msg", period)),
            item(label("cost"), fig("money", a.get("cost"))),
            *(
                [item(label("activity_promoters"), fig("money", a.get("promoter_cost")))]
                if F.money_positive(F.number(a.get("promoter_cost")))
                else []
            ),
            *([item(label("stockout_days"), fig("num", a.get("stockout_days")))] if a.get("stockout_days") else []),
            item(label("baseline"), fig("money", a.get("baseline_daily"))),
            item(label("actual"), fig("money", a.get("actual_daily"))),
            item(label("uplift"), fig("delta", a.get("uplift"))),
            item(label("incremental"), fig("money", a.get("incremental_sales"))),
            item(label("sales_roi"), fig("ratio", a.get("sales_roi"))),
            *(
                [item(label("after_uplift"), fig("delta", a.get("after_uplift")))]
                if a.get("after_uplift") is not None
                else []
            ),
        ]
    )
    if "profit_roi" in a:  # the owner's figure: the customer's context leaves it out
        n.figures.append(item(label("profit_roi"), fig("ratio", a.get("profit_roi"))))
    figs = {
        "baseline": fig("money", a.get("baseline_daily")),
        "actual": fig("money", a.get("actual_daily")),
        "uplift": fig("delta", a.get("uplift")),
        "roi": fig("ratio", a.get("sales_roi")),
        "profit_roi": fig("ratio", a.get("profit_roi")),
    }
    uplift, roi, profit_roi = (F.number(a.get(k)) for k in ("uplift", "sales_roi", "profit_roi"))
    if uplift is not None:
        n.qa.append((Msg("q.activity_baseline"), Msg("a.activity_baseline", figs)))
    after = F.number(a.get("after_uplift"))
    if after is not None:
        # pull-forward or a lasting effect: the two weeks after against the 28 days before
        state = "flat" if abs(after) < AFTER_FLAT else ("down" if after < 0 else "up")
        after_figs = {"after": fig("money", a.get("after_daily")), "after_uplift": fig("apct", after)}
        n.qa.append((Msg("q.activity_after"), Msg(f"a.activity_after_{state}", after_figs)))
    if profit_roi is not None:
        answer = "a.activity_profit_ok" if profit_roi >= 1 else "a.activity_profit_low"
        n.qa.append((Msg("q.activity_profit"), Msg(answer, figs)))
    said = [causes.sentence(g) for g in causes.groups(a.get("drops") or [])]
    if said:
        why = Msg(
            "text", {"text": fig("msg", said[0])}, tuple(Msg("cause.more", {"text": fig("msg", m)}) for m in said[1:])
        )
        n.qa.insert(0, (Msg("q.activity_drop"), why))
    if not F.money_positive(F.number(a.get("cost"))):
        n.ask = Msg("ask.activity_free")
    elif uplift is None:
        n.ask = Msg("ask.activity_track")
    elif (
        (F.number(a.get("incremental_sales")) or 0.0) <= 0
        or (roi is not None and roi < 1)
        or (profit_roi is not None and profit_roi < 1)
    ):
        n.ask = Msg("ask.activity_rework")
    else:
        n.ask = Msg("ask.activity_repeat")
    return n


def _activities(ctx: Ctx) -> Notes:
    """Notes for the activity section as a whole: those of the activity its title names."""
    acts = F.rows(ctx, "activities")
    if not acts:
        return Notes()
    scored = F.scored_activities(ctx)
    best = scored[0] if scored else max(acts, key=lambda a: F.number(a.get("incremental_sales")) or 0.0)
    return activity(best)


def _profit(ctx: Ctx) -> Notes:
    contribution = F.contribution(ctx)
    sales = F.kpi(ctx, "sales")
    cm = F.kpi(ctx, "contribution_margin")
    n = Notes(
        _kpis(ctx, ("sales", "money"), ("gross_profit", "money"), ("gross_margin", "pct"), ("investment", "money"))
    )
    if contribution is not None:
        n.figures += [
            item(label("contribution"), fig("money", contribution)),
            item(label("contribution_margin"), fig("pct", cm)),
        ]
    if F.kpi(ctx, "gross_margin") is None:
        n.ask = Msg("ask.profit_unknown") if F.money_positive(sales) else None
        return n
    # Never quote our margin to a buyer asking for a price cut: answer with what we put in, and
    # tell the owner (not the buyer) what one point of price would cost us.
    one_point = sales * 0.01 if sales is not None else None
    share = (
        one_point / contribution if one_point is not None and contribution is not None and contribution > 0 else None
    )
    figs = {
        "investment": fig("money", F.kpi(ctx, "investment")),
        "er": fig("pct", F.kpi(ctx, "expense_ratio")),
        "dso": fig("num", F.kpi(ctx, "dso")),
        "one_point": fig("money", one_point),
        "share": fig("pct", share),
    }
    # with no investment, "we put in ¥0" is no argument: the credit we extend is
    no_spend = not F.money_positive(F.kpi(ctx, "investment")) and F.kpi(ctx, "dso") is not None
    cost = (Msg("a.profit_price_cost", figs),) if share is not None else ()
    answer = Msg("a.profit_price_dso" if no_spend else "a.profit_price", figs, cost)
    n.qa.append((Msg("q.profit_price"), answer))
    n.ask = Msg("ask.profit_hold" if contribution is not None and contribution > 0 else "ask.profit_renegotiate")
    return n


def _receivables(ctx: Ctx) -> Notes:
    n = Notes(_kpis(ctx, ("ar_outstanding", "money"), ("ar_overdue", "money"), ("dso", "num"), ("collected", "money")))
    aging = ctx.get("ar_aging") or {}
    # bucket names come from qbr.labels (the same words as the ageing chart), shown as text
    n.figures += [
        item(fig("aging", bucket), fig("money", amount))
        for bucket, amount in aging.items()
        if F.money_positive(F.number(amount))
    ]
    overdue = F.kpi(ctx, "ar_overdue")
    if not F.money_positive(overdue):
        n.ask = Msg("ask.ar_keep") if F.money_positive(F.kpi(ctx, "ar_outstanding")) else None
        return n
    invoices = [
        i
        for i in F.rows(ctx, "open_invoices")
        if (F.number(i.get("days_past_due")) or 0) > 0 and F.money_positive(F.number(i.get("outstanding")))
    ]
    if invoices:
        # name the largest invoice among the oldest (over 90 days when there are any): it is
        # where the money is and the hardest to argue with
        old = [i for i in invoices if (F.number(i["days_past_due"]) or 0) > 90] or invoices
        big = max(old, key=lambda i: F.number(i["outstanding"]) or 0.0)
        over_90 = F.number(aging.get("over_90"))
        n.qa.append(
            (
                Msg("q.ar_why"),
                Msg(
                    "a.ar_biggest" if F.money_positive(over_90) else "a.ar_biggest_recent",
                    {
                        "over_90": fig("money", over_90),
                        "invoice": fig("text", big.get("invoice_no")),
                        "days": fig("num", big.get("days_past_due")),
                        "amount": fig("money", big.get("outstanding")),
                    },
                ),
            )
        )
    late = F.collection(ctx)
    n.ask = (
        Msg("ask.ar_collect_late", {"overdue": fig("money", late)})
        if late is not None
        else Msg("ask.ar_collect", {"overdue": fig("money", overdue)})
    )
    return n


def _alerts(ctx: Ctx) -> Notes:
    alerts = F.rows(ctx, "alerts")
    n = Notes([item(fig("date", a.get("week_start")), fig("delta", a.get("change"))) for a in alerts])
    if F.money_positive(F.kpi(ctx, "stockout_lost_sales")):
        n.figures.append(item(label("stockout_lost_sales"), fig("money", F.kpi(ctx, "stockout_lost_sales"))))
    worst = F.worst_alert(ctx)
    if worst is None:
        return n
    driver = F.first_driver(worst)
    said = causes.alert_sentences(worst.get("driver_details") or [])
    if driver:
        # the figures of the biggest driver, then why each group fell and what we do about it
        answer = Msg(
            "a.alert_cause",
            {
                "driver": fig("text", F.name_of(driver, "name", "sku")),
                "before": fig("money", driver.get("sales_base")),
                "after": fig("money", driver.get("sales")),
            },
            tuple(Msg("cause.more", {"text": fig("msg", m)}) for m in said),
        )
        n.qa.append((Msg("q.alert_cause", {"week": fig("date", worst.get("week_start"))}), answer))
    first = causes.groups(worst.get("driver_details") or [])
    n.ask = Msg("ask.alerts_decline" if first and first[0].cause == "decline" else "ask.alerts")
    return n


def _plan(ctx: Ctx) -> Notes:
    n = Notes()
    nxt = ctx.get("next_plan") or {}
    if nxt.get("target") is not None:
        n.figures.append(item(label("next_target"), fig("money", nxt.get("target"))))
        if nxt.get("target_yoy") is not None:
            n.figures.append(item(label("yoy"), fig("delta", nxt.get("target_yoy"))))
    for e in (nxt.get("calendar") or [])[:6]:
        n.figures.append(
            Msg("notes.calendar", {"name": fig("text", e.get("name")), "start": fig("date", e.get("start"))})
        )
    for p in F.plans(ctx):
        n.figures.append(
            Msg(
                "notes.plan_item",
                {
                    "text": fig("text", str(p["text"]).strip()),
                    "owner": fig("text", p.get("owner") or "—"),
                    "due": fig("date", p.get("due")),
                },
            )
        )
    n.ask = _ask(ctx)
    return n


def _ask(ctx: Ctx) -> Msg:
    """The quarter's ask: the plan note the summary picked, else collecting the overdue, else a default."""
    ask = S.RULES["ask"](ctx)
    if ask is None:
        return Msg("ask.summary_default")
    if ask.key == "bullet.ask.plan":
        return Msg("text", {"text": ask.figs["plan"]})
    return Msg("ask.ar_collect_late" if ask.key == "bullet.ask.collect_late" else "ask.ar_collect", ask.figs)


NOTES: dict[str, Callable[[Ctx], Notes]] = {
    "summary": _summary,
    "sales": _sales,
    "monthly": _monthly,
    "skus": _skus,
    "movers": _movers,
    "stores": _stores,
    "support": _support,
    "promoters": _promoters,
    "activity": _activities,
    "profit": _profit,
    "receivables": _receivables,
    "alerts": _alerts,
    "plan": _plan,
    "commitments": lambda ctx: Notes(R.commitments_notes(ctx)),
    "year": lambda ctx: Notes(R.year_notes(ctx)),
    "benchmark": lambda ctx: Notes(R.benchmark_notes(ctx)),
    "distribution": lambda ctx: Notes(R.distribution_notes(ctx)),
    "investment_plan": lambda ctx: Notes(R.investment_plan_notes(ctx)),
}
