"""Executive summary bullets: 3-5 sentences chosen by rules with fixed priorities.

Stage: commentary. Input: the template context dict. Output: a list of `Msg`, worded by
`render.say`.

Candidates, each the first matching phrase of its kind (see `_positive`, `_risk` ...):
  positive     growth and target met > growth > target met
  risk         decline and below target > decline > below target > investment not covered by
               gross profit > the worst weekly alert > margin unknown
  sku          the biggest gainer and decliner vs last year (not when last year had no sales)
  activity     best and worst sales ROI (two or more scored activities), else the one activity
  stockout     the quarter's sales lost to stock-outs, when any (supply, not sell-through)
  receivables  overdue with part over 90 days > overdue
  ask          the first plan note that asks the customer (starts with 请/争取/ask/request/please),
               else the first plan, else "settle the overdue" when there is some
When more than five apply, keep by priority: positive, risk, stockout, ask, receivables, activity, sku.
When fewer than three apply, add the sales share/rank line, then the margin line.
Shown in story order: positive, risk, stockout, sku, activity, receivables, ask.
"""

from __future__ import annotations

from typing import Any

from . import facts as F
from . import titles
from .render import Msg, fig

Ctx = dict[str, Any]

KEEP_ORDER = ("positive", "risk", "stockout", "ask", "receivables", "activity", "sku")
SHOW_ORDER = ("positive", "risk", "stockout", "sku", "activity", "receivables", "ask")
MAX_BULLETS, MIN_BULLETS = 5, 3


def bullets(ctx: Ctx) -> list[Msg]:
    found = {kind: rule(ctx) for kind, rule in RULES.items()}
    kept = [kind for kind in KEEP_ORDER if found[kind] is not None][:MAX_BULLETS]
    out = [found[kind] for kind in SHOW_ORDER if kind in kept]
    for filler in (_share(ctx), _margin(ctx)):
        if len(out) >= MIN_BULLETS:
            break
        if filler is not None:
            out.append(filler)
    return [m for m in out if m is not None]


def _positive(ctx: Ctx) -> Msg | None:
    growth, target = F.growth_state(ctx), F.target_wording(ctx)
    figs = {
        "sales": fig("money", F.kpi(ctx, "sales")),
        "yoy": fig("apct", F.kpi(ctx, "yoy")),
        "attainment": fig("pct", F.kpi(ctx, "attainment")),
        "target": fig("money", F.kpi(ctx, "target")),
    }
    if growth == "up" and target == "above":
        return Msg("bullet.positive.growth_target", figs)
    if growth == "up":
        return Msg("bullet.positive.growth", figs)
    if target == "above":
        return Msg("bullet.positive.target", figs)
    return None


def _risk(ctx: Ctx) -> Msg | None:
    growth, target = F.growth_state(ctx), F.target_wording(ctx)
    figs = {
        "yoy": fig("apct", F.kpi(ctx, "yoy")),
        "attainment": fig("pct", F.kpi(ctx, "attainment")),
        "target": fig("money", F.kpi(ctx, "target")),
        "sales_ly": fig("money", F.kpi(ctx, "sales_ly")),
        "gp": fig("money", F.kpi(ctx, "gross_profit")),
        "investment": fig("money", F.kpi(ctx, "investment")),
    }
    if growth == "down" and target == "below":
        return Msg("bullet.risk.decline_below", figs)
    if growth == "down":
        return Msg("bullet.risk.decline", figs)
    if target == "below":
        return Msg("bullet.risk.below_target", figs)
    contribution = F.contribution(ctx)
    if (
        F.kpi(ctx, "gross_margin") is not None
        and contribution is not None
        and contribution <= 0
        and F.money_positive(F.kpi(ctx, "investment"))
    ):
        return Msg("bullet.risk.negative_contribution", figs)
    worst = F.worst_alert(ctx)
    if worst is not None:
        alert = titles.alerts({"alerts": [worst]})  # the one-week sentence with its driver
        return Msg(
            "bullet.risk.alert",
            {"week": fig("date", worst.get("week_start")), "change": fig("apct", worst.get("change"))},
            alert.then,
        )
    if F.money_positive(F.kpi(ctx, "sales")) and F.shows(ctx, "gross_margin") and F.kpi(ctx, "gross_margin") is None:
        return Msg("bullet.risk.margin_unknown")
    return None


def _sku(ctx: Ctx) -> Msg | None:
    if F.growth_state(ctx) in ("none", "no_ly"):
        return None
    figs, gainer, decliner = titles.mover_figures(ctx)
    if gainer and decliner:
        return Msg("bullet.sku.both", figs)
    if gainer:
        return Msg("bullet.sku.best", figs)
    if decliner:
        return Msg("bullet.sku.worst", figs)
    return None


def _activity(ctx: Ctx) -> Msg | None:
    scored = F.scored_activities(ctx)
    if len(scored) >= 2:
        best, worst = scored[0], scored[-1]
        return Msg(
            "bullet.activity.best_worst",
            {
                "best": fig("text", best.get("name")),
                "best_roi": fig("ratio", best.get("sales_roi")),
                "worst": fig("text", worst.get("name")),
                "worst_roi": fig("ratio", worst.get("sales_roi")),
            },
        )
    if not F.rows(ctx, "activities"):
        return None
    return Msg("bullet.activity.one", {"title": fig("msg", titles.activities(ctx))})


def _stockout(ctx: Ctx) -> Msg | None:
    lost = F.kpi(ctx, "stockout_lost_sales")
    if not F.money_positive(lost):
        return None
    return Msg("bullet.stockout", {"lost": fig("money", lost)})


def _receivables(ctx: Ctx) -> Msg | None:
    overdue = F.kpi(ctx, "ar_overdue")
    over_90 = F.number((ctx.get("ar_aging") or {}).get("over_90"))
    if not F.money_positive(overdue):
        return None
    figs = {"overdue": fig("money", overdue), "over_90": fig("money", over_90)}
    return Msg("bullet.ar.over_90" if F.money_positive(over_90) else "bullet.ar.overdue", figs)


def _ask(ctx: Ctx) -> Msg | None:
    chosen = next(iter(F.asks(ctx) or F.plans(ctx)), None)
    if chosen is not None:
        return Msg("bullet.ask.plan", {"plan": fig("text", str(chosen["text"]).strip())})
    late = F.collection(ctx)
    if late is not None:
        return Msg("bullet.ask.collect_late", {"overdue": fig("money", late)})
    overdue = F.kpi(ctx, "ar_overdue")
    if F.money_positive(overdue):
        return Msg("bullet.ask.collect", {"overdue": fig("money", overdue)})
    return None


def _share(ctx: Ctx) -> Msg | None:
    if F.kpi(ctx, "rank") is None or F.kpi(ctx, "share") is None:
        return None
    return Msg(
        "bullet.fill.share",
        {
            "sales": fig("money", F.kpi(ctx, "sales")),
            "share": fig("pct", F.kpi(ctx, "share")),
            "rank": fig("num", F.kpi(ctx, "rank")),
        },
    )


def _margin(ctx: Ctx) -> Msg | None:
    if F.kpi(ctx, "gross_margin") is None:
        return None
    return Msg(
        "bullet.fill.margin",
        {"gm": fig("pct", F.kpi(ctx, "gross_margin")), "gp": fig("money", F.kpi(ctx, "gross_profit"))},
    )


RULES = {
    "positive": _positive,
    "risk": _risk,
    "stockout": _stockout,
    "sku": _sku,
    "activity": _activity,
    "receivables": _receivables,
    "ask": _ask,
}
