"""The owner's brief: the asks to make, the push-backs to expect, and what went wrong.

Stage: commentary. Input: the owner's (full) template context. Output: plain sentences for the
brief's slides: at most three asks, three push-backs (the buyer's question and the figure that
answers it) and five things that went wrong, each picked by priority from the same rules the
slides' notes use, so the brief and the deck never disagree.
"""

from __future__ import annotations

from typing import Any

from qbr.formatting import Formatter

from . import facts as F
from . import notes as N
from . import summary as S
from . import titles as T
from .render import Msg, fig, say

Ctx = dict[str, Any]
LISTED = 3
WRONG_LISTED = 5
# Where the money is first: what the account owes us, what it earns us, then volume.
ASK_SLIDES = ("receivables", "profit", "sales", "support", "promoters", "stores")
PUSHBACK_SLIDES = ("profit", "support", "sales", "receivables", "promoters", "monthly")
OUR_HOMEWORK = ("ask.profit_unknown",)  # what we must do before the meeting is no ask of the buyer


def _plan_asks(ctx: Ctx) -> list[Msg]:
    return [Msg("text", {"text": fig("text", str(p["text"]).strip())}) for p in F.asks(ctx)]


def asks(ctx: Ctx) -> list[Msg]:
    """Plan notes that ask the customer for something, then each slide's ask in money order."""
    found = _plan_asks(ctx)
    # a plan note that already asks for the money makes the receivables slide's ask a second copy
    paying = any(F.about_payment(str(p["text"])) for p in F.asks(ctx))
    for key in ASK_SLIDES:
        ask = N.NOTES[key](ctx).ask
        if ask is not None and ask.key not in OUR_HOMEWORK and not (paying and key == "receivables"):
            found.append(ask)
    for a in F.scored_activities(ctx)[-1:]:  # the weakest activity: rework or stop it
        ask = N.activity(a).ask
        if ask is not None:
            found.append(ask)
    unique: list[Msg] = []
    for m in found:
        if m not in unique:
            unique.append(m)
    return unique[:LISTED]


def pushbacks(ctx: Ctx) -> list[tuple[Msg, Msg]]:
    """The buyer's likely questions, the most expensive first, each with the answer's figures."""
    found: list[tuple[Msg, Msg]] = []
    for key in PUSHBACK_SLIDES:
        found.extend(N.NOTES[key](ctx).qa[:1])
    return found[:LISTED]


def wrong(ctx: Ctx) -> list[Msg]:
    """What went wrong this quarter: the main risk, activities that lost money, the SKU that fell
    most, the worst weekly alert, and the issues the team wrote down."""
    found: list[Msg] = []
    risk = S.RULES["risk"](ctx)
    if risk is not None:
        found.append(risk)
    for a in F.rows(ctx, "activities"):
        profit_roi = F.number(a.get("profit_roi"))
        if profit_roi is not None and profit_roi < 1:
            found.append(T.activity(a))
    _figs, _gainer, decliner = T.mover_figures(ctx)
    if decliner:
        found.append(Msg("bullet.sku.worst", _figs))
    worst = F.worst_alert(ctx)
    if worst is not None and (risk is None or risk.key != "bullet.risk.alert"):
        found.append(T.alerts({"alerts": [worst]}))
    found += [
        Msg("text", {"text": fig("text", str(n["text"]).strip())})
        for n in ((ctx.get("notes") or {}).get("issues") or [])
        if str(n.get("text") or "").strip()
    ]
    return found[:WRONG_LISTED]


def brief(ctx: Ctx, lang: str, fmt: Formatter) -> dict[str, Any]:
    """{"asks": [str], "pushbacks": [{"q", "a"}], "wrong": [str]} in the report language."""
    return {
        "asks": [say(m, lang, fmt) for m in asks(ctx)],
        "pushbacks": [{"q": say(q, lang, fmt), "a": say(a, lang, fmt)} for q, a in pushbacks(ctx)],
        "wrong": [say(m, lang, fmt) for m in wrong(ctx)],
    }
