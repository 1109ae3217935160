"""Read the figures the rules need from a template context, and classify them into states.

Stage: commentary (first step). Input: the template context dict (from `qbr.context.build.build_context`
or a JSON context for `qbr template render`); any key may be missing, which reads as "no data".
Output: plain values and state words ("up", "below", ...) the rules in `titles.py`, `summary.py`
and `notes.py` branch on. Nothing here formats or words anything.

A state is decided on the figure *as it will read*: a YoY of +0.04% shows as "0.0%", so it is
"flat", never "up 0.0%".
"""

from __future__ import annotations

import math
import re
from typing import Any

CENT = 0.005  # money below half a cent reads as zero

# Words in a plan note that mark it as an ask of the customer (any language the notes are in).
ASK_MARKERS = ("请", "争取", "ask", "request", "please")


def number(value: Any) -> float | None:
    """The value as a float; None for missing (None, NaN, text)."""
    if value is None or isinstance(value, bool | str):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else x


def kpi(ctx: dict[str, Any], name: str) -> float | None:
    return number((ctx.get("kpi") or {}).get(name))


def shows(ctx: dict[str, Any], name: str) -> bool:
    """Whether the context carries the figure at all. The customer's context leaves our internal
    figures out (`qbr.context.audience`): absent there means "not for this reader", not "unknown"."""
    return name in (ctx.get("kpi") or {})


def money_positive(x: float | None) -> bool:
    return x is not None and x >= CENT


def sign(ratio: float | None) -> str | None:
    """ "up", "down" or "flat" as a percentage with one decimal reads; None when missing."""
    if ratio is None:
        return None
    if round(abs(ratio) * 100, 1) == 0:
        return "flat"
    return "up" if ratio > 0 else "down"


def growth_state(ctx: dict[str, Any]) -> str:
    """none (no sales), no_ly (YoY null: nothing to compare with), up, down or flat."""
    sales = kpi(ctx, "sales")
    if sales is None or sales < CENT:
        return "none"
    return sign(kpi(ctx, "yoy")) or "no_ly"


def target_state(ctx: dict[str, Any]) -> str:
    """none (no positive target), above (attainment reads 100.0% or more) or below."""
    attainment = kpi(ctx, "attainment")
    target = kpi(ctx, "target")
    if attainment is None or target is None or target <= 0:
        return "none"
    return "above" if round(attainment, 3) >= 1 else "below"


NEAR_TARGET = 0.95  # from here to 100 % a title states the attainment without "only" or "but"


def target_wording(ctx: dict[str, Any]) -> str:
    """How a sentence may speak of the target: as target_state, except that an attainment of 95 % to
    99.9 % is worded like one that met it ("目标达成99.8%"): "仅完成目标的99.8%" reads as a rebuke
    the figure does not deserve, and the figure itself says it fell short.
    """
    state = target_state(ctx)
    attainment = kpi(ctx, "attainment")
    if state == "below" and attainment is not None and round(attainment, 3) >= NEAR_TARGET:
        return "above"
    return state


def contribution(ctx: dict[str, Any]) -> float | None:
    """Gross profit minus investment, as metrics computed it (kpi.contribution)."""
    return kpi(ctx, "contribution")


def rows(ctx: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = ctx.get(name)
    return list(value) if isinstance(value, list) else []


def top_gainer(ctx: dict[str, Any]) -> dict[str, Any] | None:
    """The SKU whose sales rose most against last year in money (gainers are sorted that way)."""
    return next((r for r in rows(ctx, "gainers") if money_positive(number(r.get("change_ly")))), None)


def top_decliner(ctx: dict[str, Any]) -> dict[str, Any] | None:
    return next((r for r in rows(ctx, "decliners") if money_positive(-(number(r.get("change_ly")) or 0))), None)


def top_by_sales(items: list[dict[str, Any]]) -> dict[str, Any] | None:
    ranked = [r for r in items if money_positive(number(r.get("sales")))]
    return max(ranked, key=lambda r: number(r["sales"]) or 0.0) if ranked else None


def months(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in rows(ctx, "by_month") if m.get("month")]


def worst_alert(ctx: dict[str, Any]) -> dict[str, Any] | None:
    """The alert week that fell most (a stock-out alert without a change counts as no fall)."""
    alerts = rows(ctx, "alerts")
    return min(alerts, key=lambda a: number(a.get("change")) or 0.0) if alerts else None


def first_driver(alert: dict[str, Any]) -> dict[str, Any] | None:
    details = alert.get("driver_details") or []
    return details[0] if details else None


def plans(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in ((ctx.get("notes") or {}).get("plans") or []) if str(p.get("text") or "").strip()]


_ABOUT_PAYMENT = re.compile(
    r"回款|付款|逾期|对账|结清|欠款|账期|payment|overdue|settle|collect|reconcil", re.IGNORECASE
)


def about_payment(text: str) -> bool:
    """Whether a plan note speaks of paying or collecting ("请客户财务…支付逾期款项")."""
    return bool(_ABOUT_PAYMENT.search(text))


def is_ask(text: str) -> bool:
    return text.strip().lower().startswith(ASK_MARKERS)


def collection(ctx: dict[str, Any]) -> float | None:
    """What the plan asks the customer to settle (more than 30 days overdue), when it asks: the
    summary, the notes and the brief then ask for the same sum, not for all that is overdue."""
    asked = ((ctx.get("next_plan") or {}).get("asks")) or []
    return next((number(a.get("amount")) for a in asked if isinstance(a, dict) and a.get("amount") is not None), None)


def asks(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """Plan notes that ask something of the customer ("请客户…", "Ask the buyer to …")."""
    return [p for p in plans(ctx) if is_ask(str(p["text"]))]


def scored_activities(ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """Activities with a sales ROI (a cost was booked), best return first."""
    acts = [a for a in rows(ctx, "activities") if number(a.get("sales_roi")) is not None]
    return sorted(acts, key=lambda a: -(number(a["sales_roi"]) or 0.0))


def name_of(row: dict[str, Any] | None, *keys: str) -> str:
    for key in keys:
        if row and row.get(key):
            return str(row[key])
    return "—"
