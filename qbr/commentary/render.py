"""Turn a chosen message into text: fill a phrase template with formatted figures.

Stage: commentary (last step). Input: a `Msg` (a phrase key from `phrases.py` plus the figures
it needs, each tagged with how to format it), the language and a `Formatter`. Output: plain text
(no colour marks: titles, bullets and notes are ordinary editable text in PowerPoint).

The rules modules decide *which* message and *which* figures; this module decides *how* a figure
reads (always through `Formatter`, so a number in a sentence equals the same figure on the slide);
`phrases.py` holds the words.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from typing import Any

from qbr.formatting import Formatter, money_unit, own_unit_below, strip_marks
from qbr.labels import AGING, month_label

from .phrases import PHRASES


@dataclass(frozen=True)
class Fig:
    """A value and how it reads in a sentence.

    kind: money (¥279.1万), amoney (money of the absolute value: the sign is in the words),
    pct (12.3%), apct (percentage of the absolute value), delta (▲12.3%), delta_money (▲¥7.5万),
    num (1,234), ratio (1.28), date, quarter, month ("2023-11" -> 11月 / Nov), aging (an ageing
    bucket's name from qbr.labels), text (as is), names (a list joined by 、 / ", "), msg (a nested `Msg`).
    """

    kind: str
    value: Any


@dataclass(frozen=True)
class Msg:
    """One phrase key of PHRASES[lang] and the figures its placeholders name.

    `then` are messages appended after this one, each starting with the phrase "sep" (a comma)
    unless its phrase starts with its own punctuation (see `_glue`).
    """

    key: str
    figs: dict[str, Fig] = field(default_factory=dict)
    then: tuple[Msg, ...] = ()


def fig(kind: str, value: Any) -> Fig:
    return Fig(kind, value)


def phrase(lang: str, key: str) -> str:
    """The template string of `key`; a missing key is a bug in the table, so it raises."""
    try:
        return PHRASES[lang][key]
    except KeyError:
        raise KeyError(
            f"commentary phrase {key!r} missing for language {lang!r} in qbr/commentary/phrases.py"
        ) from None


_MONEY_KINDS = ("money", "amoney", "delta_money")


def money_figures(msg: Msg, lang: str) -> list[Any]:
    """Every money figure the sentence of `msg` shows: its phrase's, its nested messages' and
    those of the messages that follow it (a figure the phrase does not name is not shown)."""
    shown = {name for _, name, _, _ in string.Formatter().parse(phrase(lang, msg.key)) if name}
    out: list[Any] = []
    for name, f in msg.figs.items():
        if name not in shown:
            continue
        if f.kind in _MONEY_KINDS:
            out.append(f.value)
        elif f.kind == "msg" and isinstance(f.value, Msg):
            out.extend(money_figures(f.value, lang))
    for part in msg.then:
        out.extend(money_figures(part, lang))
    return out


def say(msg: Msg, lang: str, fmt: Formatter, unit: str | None = None) -> str:
    """The sentence of `msg` in `lang`.

    One unit per sentence: its money figures all take the scale of the largest of them
    ("¥7.5万 … ¥0.4万", never "¥7.5万 … ¥3,683"), see `qbr.formatting.money_unit`; except a figure
    that would read under 0.1 of it, which keeps its own ("¥12.5万 … ¥100", not "¥0.01万";
    `qbr.formatting.own_unit_below`).
    """
    if unit is None:
        unit = money_unit(money_figures(msg, lang), fmt.language)
    values = {name: _value(f, lang, fmt, unit) for name, f in msg.figs.items()}
    text = phrase(lang, msg.key).format_map(values)
    if lang == "en":
        text = _singular(text)
    for part in msg.then:
        text = _glue(text, say(part, lang, fmt, unit), lang)
    return text


# English phrases count in the plural ("{n} actions"); a count of one takes the singular
_SINGULAR = {
    "actions": "action", "best-sellers": "best-seller", "channel best-sellers": "channel best-seller",
    "store gaps": "store gap", "categories": "category",
    "key accounts": "key account", "weeks": "week", "promoters": "promoter", "promoter-days": "promoter-day",
    "SKUs": "SKU", "stores": "store", "commitments": "commitment", "items": "item", "days": "day",
    "asks": "ask", "activities": "activity", "invoices": "invoice", "accounts": "account",
}  # fmt: skip
_ONE = re.compile(
    r"(?<![\d.,])\b1 (" + "|".join(re.escape(k) for k in sorted(_SINGULAR, key=len, reverse=True)) + r")\b"
)


def _singular(text: str) -> str:
    return _ONE.sub(lambda m: "1 " + _SINGULAR[m[1]], text)


def _glue(head: str, tail: str, lang: str) -> str:
    # A tail phrase that opens with punctuation or a space ("（…）", "; …") joins as it is; any
    # other is a new clause after the language's separator.
    if not tail or tail[0] in "，。；：（(;:,. ":
        return head + tail
    return head + phrase(lang, "sep") + tail


def _value(f: Fig, lang: str, fmt: Formatter, unit: str = "auto") -> str:
    v = f.value
    if f.kind == "msg":
        return say(v, lang, fmt, unit)
    if f.kind == "text":
        return "" if v is None else str(v)
    if f.kind == "names":
        return ("、" if lang == "zh" else ", ").join(str(x) for x in v or [])
    if f.kind in ("money", "amoney", "delta_money"):
        unit = own_unit_below(v, unit, fmt.language)
    if f.kind == "money":
        return fmt.money(v, unit)
    if f.kind == "amoney":
        return fmt.money(None if v is None else abs(v), unit)
    if f.kind == "pct":
        return fmt.pct(v)
    if f.kind == "apct":
        return fmt.pct(None if v is None else abs(v))
    if f.kind == "delta":
        return strip_marks(fmt.delta(v, marked=False))
    if f.kind == "delta_money":
        return strip_marks(fmt.delta(v, "money", marked=False, unit=unit))
    if f.kind == "aging":
        return AGING[lang].get(str(v), str(v))
    if f.kind == "num":
        return fmt.num(v)
    if f.kind == "ratio":
        return fmt.num(v, 2)
    if f.kind == "date":
        return fmt.date(v)
    if f.kind == "quarter":
        return fmt.quarter(v)
    if f.kind == "month":
        return month_label(v, lang)
    raise ValueError(f"unknown figure kind {f.kind!r}")
