"""Why a week fell, in the owner's words, and what to do about it.

Stage: commentary. Input: the driver rows of a weekly alert or a watch comparison (dicts with the
metrics JSON keys: name, sku/key, cause, lost_sales, store_id, detail). Output: `Msg`s: one
sentence per cause ("花生油、大米各门店同时断货，估计少卖¥2.4万——供货问题，不是动销：查库存与配送"),
a short label for tables ("断货：花生油") and the clause of a slide title. Drivers of the same
cause share one sentence, in the order the drivers come (largest fall first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .render import Msg, fig

CAUSES = ("order_timing", "stockout", "sellout_drop", "destocking", "store", "activity_end", "holiday", "decline",
          "other")  # fmt: skip
# causes that are not the customer's sell-through: the owner checks his own side first
SUPPLY_SIDE = ("stockout", "order_timing")


@dataclass(frozen=True)
class CauseGroup:
    cause: str
    names: list[str]
    lost_sales: float | None  # summed over the group's stock-outs; None when none
    store: str | None  # the store (cause store)
    detail: str | None  # the activity's or holiday's name
    share: float | None = None  # of the week's fall, summed over the group; None when a driver has none


def _is_sku(driver: dict[str, Any]) -> bool:
    """A driver row of an SKU, not of a store (`qbr.metrics.changes.Driver.kind`)."""
    return driver.get("kind", "sku") == "sku"


def groups(drivers: list[dict[str, Any]]) -> list[CauseGroup]:
    """The drivers' causes, each with its SKUs, in the order of the first driver of each cause."""
    order: list[str] = []
    by: dict[str, list[dict[str, Any]]] = {}
    for d in drivers:
        if not _is_sku(d):
            continue
        cause = str(d.get("cause")) if d.get("cause") in CAUSES else "other"
        if cause not in by:
            order.append(cause)
            by[cause] = []
        by[cause].append(d)
    out: list[CauseGroup] = []
    for cause in order:
        rows = by[cause]
        lost = [float(r["lost_sales"]) for r in rows if r.get("lost_sales") is not None]
        shares = [float(r["share"]) if r.get("share") is not None else None for r in rows]
        out.append(
            CauseGroup(
                cause,
                [str(r.get("name") or r.get("key") or r.get("sku") or "—") for r in rows],
                sum(lost) if lost else None,
                next((str(r.get("detail") or r["store_id"]) for r in rows if r.get("store_id")), None),
                next((str(r["detail"]) for r in rows if r.get("detail")), None),
                None if None in shares else sum(v or 0.0 for v in shares),
            )
        )
    return out


def _figs(g: CauseGroup) -> dict[str, Any]:
    return {
        "skus": fig("names", g.names),
        "lost": fig("money", g.lost_sales),
        "store": fig("text", g.store or "—"),
        "detail": fig("text", g.detail or "—"),
    }


def sentence(g: CauseGroup) -> Msg:
    """What happened and the action it calls for."""
    return Msg(f"cause.{g.cause}", _figs(g))


def short(g: CauseGroup) -> Msg:
    """ "断货：花生油、大米" for a table cell."""
    return Msg(f"cause_short.{g.cause}", _figs(g))


# "主要因X" only when X's cause explains at least a third of the week's fall (CNPC's stock-out of
# peanut oil, 48 % of its worst week, is the main reason; three SKUs at 25 % together are not)
MAIN_CAUSE_SHARE = 1 / 3


def title_clause(g: CauseGroup, drivers: list[dict[str, Any]] | None = None) -> Msg:
    """The clause after a slide title's figures: "，主要因花生油断货".

    When the drivers of that cause explain less than a third of the week's fall (a fall across the
    range, e.g. after a holiday week in the usual level), no cause is the main one: the clause says
    the fall was spread and how much the largest single SKU of `drivers` explains.
    """
    skus = [d for d in drivers or [] if _is_sku(d)]
    if g.share is not None and g.share < MAIN_CAUSE_SHARE and skus:
        top = max(skus, key=lambda d: float(d.get("share") or 0.0))
        name = str(top.get("name") or top.get("key") or top.get("sku") or "—")
        return Msg("title.alerts.driver.spread", {"sku": fig("names", [name]), "share": fig("pct", top.get("share"))})
    first = CauseGroup(g.cause, g.names[:1], g.lost_sales, g.store, g.detail)
    return Msg(f"title.alerts.driver.{g.cause}", _figs(first))


def alert_sentences(drivers: list[dict[str, Any]], week: Any = None) -> list[Msg]:
    """One sentence per cause of an alert; the first opens with its week when given."""
    msgs = [sentence(g) for g in groups(drivers)]
    if msgs and week is not None:
        msgs[0] = Msg("cause.in_week", {"week": fig("date", week), "text": fig("msg", msgs[0])})
    return msgs
