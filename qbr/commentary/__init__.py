"""Headlines and talking points: what the owner would say about each slide, in zh or en.

Stage: commentary (after the template context, before rendering). Input: the template context
dict (`qbr.context.build.build_context`, or a JSON context for `qbr template render`), the language and
the `Formatter` the deck uses. Output: plain text (no colour marks), so everything stays editable
in PowerPoint:

    {"titles": {slide key: str}, "activity_titles": {activity_id: str},
     "summary": [str, ...], "notes": {slide key: str}, "activity_notes": {activity_id: str}}

Slide keys follow the default deck: summary, sales, monthly, skus, movers, stores, support,
promoters, activity (the quarter's best-return activity, or "no activities"), profit,
receivables, alerts, plan.

Modules, one job each:
  facts.py    read figures from the context and classify them (up/down/flat, above/below target)
  titles.py   the rule table of each slide's message title
  summary.py  the executive summary bullets and their priorities
  notes.py    speaker notes: figures, the buyer's likely questions with answers, our ask
  phrases.py  the words: a table of template strings per language (edit tone or add a language here)
  render.py   fills a phrase with figures formatted by `Formatter`
docs/commentary.md explains the rules and how to change the wording.
"""

from __future__ import annotations

from typing import Any

from qbr.formatting import Formatter

from . import brief as _brief
from . import notes as _notes
from . import summary as _summary
from . import titles as _titles
from .phrases import PHRASES
from .render import Fig, Msg, fig, say

__all__ = ["PHRASES", "SLIDE_KEYS", "activity_notes", "activity_title", "commentary"]

SLIDE_KEYS = tuple(_titles.TITLES)
# Slides about our own economics: in the owner's brief, never in the customer's deck.
OWNER_ONLY = ("profit", "afford")
# What the customer's deck says instead of what we ask of them, or of how our spend paid off.
_CUSTOMER_BULLET = {
    "bullet.ask.plan": "bullet.next.plan",
    "bullet.ask.collect": "bullet.next.collect",
    "bullet.ask.collect_late": "bullet.next.collect_late",
}
_CUSTOMER_ACTIVITY = {
    "title.activity.return_low": "title.activity.achieved",
    "title.activity.down": "title.activity.down_free",
    "title.activity.flat": "title.activity.flat_free",
}


def commentary(ctx: dict[str, Any], lang: str, fmt: Formatter, audience: str = "owner") -> dict[str, Any]:
    """Titles, summary bullets and speaker notes for one customer's deck (see the module docstring).

    `audience` "customer": read from the customer's context (which holds no internal figure), no
    slide in OWNER_ONLY, and speaker notes as presenter cues without our asks. "owner": everything,
    plus the brief's asks, push-backs and what went wrong (`brief`).
    """
    if lang not in PHRASES:
        raise ValueError(f"no commentary phrases for language {lang!r}; add them to qbr/commentary/phrases.py")
    customer = audience == "customer"
    words = _for_customer if customer else (lambda m: m)
    activities = [a for a in ctx.get("activities") or [] if isinstance(a, dict)]
    bullets = [words(m) for m in _summary.bullets(ctx)]
    said: dict[str, Any] = {
        "titles": {
            key: say(words(rule(ctx)), lang, fmt)
            for key, rule in _titles.TITLES.items()
            if not (customer and key in OWNER_ONLY)
        },
        "activity_titles": {str(a.get("activity_id")): activity_title(a, lang, fmt, audience) for a in activities},
        "summary": [say(m, lang, fmt) for m in bullets],
        "notes": {
            key: _notes.text(rule(ctx), lang, fmt, asks=not customer)
            for key, rule in _notes.NOTES.items()
            if not (customer and key in OWNER_ONLY)
        },
        "activity_notes": {
            str(a.get("activity_id")): activity_notes(a, lang, fmt, asks=not customer) for a in activities
        },
    }
    coverage = ctx.get("coverage") or {}
    if coverage.get("complete") is False:  # the quarter under way: comparisons are on the same days
        said["titles"] = {key: say(Msg("title.to_date", {"date": fig("date", coverage.get("to")),
                                                         "text": fig("text", text)}), lang, fmt)
                          for key, text in said["titles"].items()}  # fmt: skip
    if not customer:
        said["brief"] = _brief.brief(ctx, lang, fmt)
    return said


def _for_customer(msg: Msg) -> Msg:
    """The customer's wording of a message, nested messages included: what we will work on rather
    than what we ask, what an activity achieved rather than whether it paid for our spend."""
    key = _CUSTOMER_BULLET.get(msg.key, _CUSTOMER_ACTIVITY.get(msg.key, msg.key))
    figs = {name: Fig("msg", _for_customer(f.value)) if f.kind == "msg" and isinstance(f.value, Msg) else f
            for name, f in msg.figs.items()}  # fmt: skip
    return Msg(key, figs, tuple(_for_customer(m) for m in msg.then))


def activity_title(activity: dict[str, Any], lang: str, fmt: Formatter, audience: str = "owner") -> str:
    """The message title of one activity's slide: for the customer, what it achieved, never
    whether it paid for our spend."""
    msg = _titles.activity(activity)
    return say(_for_customer(msg) if audience == "customer" else msg, lang, fmt)


def activity_notes(activity: dict[str, Any], lang: str, fmt: Formatter, asks: bool = True) -> str:
    """The speaker notes of one activity's slide."""
    return _notes.text(_notes.activity(activity), lang, fmt, asks=asks)
