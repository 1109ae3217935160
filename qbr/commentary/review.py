"""Titles and speaker notes of the review slides: last quarter's commitments, the year, the channel
benchmark, distribution gaps and planned vs actual investment.

Stage: commentary. Input: the template context dict (`commitments`, `year`, `benchmark`,
`distribution`, `investment_plan`). Output: `Msg` titles and `Notes`, registered in titles.TITLES
and notes.NOTES under the slide keys commitments, year, benchmark, distribution, investment_plan.
The customer's context has no peer name, so nothing here can name another customer; the owner's
notes name the best peer.
"""

from __future__ import annotations

from typing import Any

from . import facts as F
from .render import Fig, Msg, fig

Ctx = dict[str, Any]


def _item(key: str, value: Fig) -> Msg:
    return Msg("notes.item", {"label": fig("msg", Msg(f"label.{key}")), "value": value})


# -- titles ----------------------------------------------------------------------------------------


def commitments_title(ctx: Ctx) -> Msg:
    rows = [r for r in ctx.get("commitments") or [] if isinstance(r, dict)]
    done = sum(1 for r in rows if r.get("status") == "done")
    open_ = sum(1 for r in rows if r.get("status") is None)
    figs = {
        "quarter": fig("quarter", ctx.get("prev_quarter")),
        "n": fig("num", len(rows)),
        "done": fig("num", done),
        "open": fig("num", open_),
    }
    if not rows:
        return Msg("title.commitments.none", figs)
    if open_ == len(rows):
        return Msg("title.commitments.unreviewed", figs)
    return Msg("title.commitments.open" if open_ else "title.commitments.reviewed", figs)


def year_title(ctx: Ctx) -> Msg:
    y = ctx.get("year") or {}
    figs = {
        "year": fig("text", y.get("year")),
        "sales": fig("money", y.get("sales")),
        "yoy": fig("apct", y.get("yoy")),
        "attainment": fig("pct", y.get("annual_attainment")),
    }
    span = "full" if y.get("full_year") else "ytd"
    yoy = F.number(y.get("yoy"))
    if y.get("sales") is None:
        return Msg(f"title.year.{span}.unknown", figs)
    trend = "no_ly" if yoy is None else ("up" if yoy >= 0 else "down")
    tail = (Msg("title.year.target", figs),) if y.get("annual_attainment") is not None else ()
    return Msg(f"title.year.{span}.{trend}", figs, tail)


def benchmark_title(ctx: Ctx) -> Msg:
    rows = [r for r in ctx.get("benchmark") or [] if isinstance(r, dict)]
    gaps = [r for r in ctx.get("benchmark_shown") or [] if F.number(r.get("material_opportunity"))]
    if not rows:
        return Msg("title.benchmark.no_peers")
    if not gaps:
        behind = any(
            (F.number(r.get("share")) or 0.0) < (F.number(r.get("peer_median_share")) or 0.0)
            for r in ctx.get("benchmark_table") or rows
        )
        # a lag under a point is no opportunity, but "not below the median" would not be true
        return Msg("title.benchmark.close" if behind else "title.benchmark.level")
    top = gaps[0]
    return Msg(
        "title.benchmark.gap",
        {
            "category": fig("text", top.get("category")),
            "amount": fig("money", ctx.get("benchmark_opportunity")),
            "n": fig("num", len(gaps)),
        },
    )


def distribution_title(ctx: Ctx) -> Msg:
    d = ctx.get("distribution") or {}
    stores, listing = int(d.get("store_gap_count") or 0), len(d.get("listing_gaps") or [])
    figs = {
        "n": fig("num", stores),
        "amount": fig("money", d.get("store_gap_sales")),
        "m": fig("num", listing),
    }
    shown = len(d.get("listing_gaps_shown") or [])
    # the table lists the first few: the title says so, or "14 not listed" sits above 8 rows
    more = (Msg("title.distribution.listed", {"shown": fig("num", shown)}),) if 0 < shown < listing else ()
    if stores and listing:
        return Msg("title.distribution.both", figs, more)
    if stores:
        return Msg("title.distribution.stores", figs)
    if listing:
        return Msg("title.distribution.listing", figs, more)
    return Msg("title.distribution.none", figs)


def investment_plan_title(ctx: Ctx) -> Msg:
    total = ctx.get("investment_plan_total")
    if not isinstance(total, dict):
        return Msg("title.investment_plan.none")
    figs = {
        "planned": fig("money", total.get("planned")),
        "actual": fig("money", total.get("actual")),
        "used": fig("pct", total.get("used")),
    }
    used = F.number(total.get("used"))
    return Msg("title.investment_plan.over" if used is not None and used > 1 else "title.investment_plan.within", figs)


# -- speaker notes (figures only: the slides are the answer) ---------------------------------------


def commitments_notes(ctx: Ctx) -> list[Msg]:
    return [
        Msg(
            "notes.commitment",
            {
                "text": fig("text", str(r.get("text") or "").strip()),
                "status": fig("text", r.get("status_label") or "—"),
                "result": fig("text", r.get("result") or "—"),
            },
        )
        for r in ctx.get("commitments") or []
        if isinstance(r, dict)
    ]


def year_notes(ctx: Ctx) -> list[Msg]:
    y = ctx.get("year") or {}
    out = [_item("sales", fig("money", y.get("sales")))]
    if y.get("sales_ly") is not None:
        out += [_item("sales_ly", fig("money", y.get("sales_ly"))), _item("yoy", fig("delta", y.get("yoy")))]
    if y.get("annual_target") is not None:
        out += [
            _item("annual_target", fig("money", y.get("annual_target"))),
            _item("attainment", fig("pct", y.get("annual_attainment"))),
        ]
    return out


def benchmark_notes(ctx: Ctx) -> list[Msg]:
    """The shown categories; the best peer's name only where the context has it (the owner's)."""
    out = []
    for r in ctx.get("benchmark_shown") or []:
        figs = {
            "category": fig("text", r.get("category")),
            "share": fig("pct", r.get("share")),
            "median": fig("pct", r.get("peer_median_share")),
            "amount": fig("money", r.get("opportunity")),
        }
        best = (
            (
                Msg(
                    "notes.best_peer",
                    {"peer": fig("text", r.get("best_peer")), "share": fig("pct", r.get("best_peer_share"))},
                ),
            )
            if r.get("best_peer")
            else ()
        )
        out.append(Msg("notes.benchmark", figs, best))
    return out


def distribution_notes(ctx: Ctx) -> list[Msg]:
    d = ctx.get("distribution") or {}
    out = []
    if d.get("store_gap_count"):
        out.append(_item("store_gaps", fig("num", d.get("store_gap_count"))))
        out.append(_item("store_gap_sales", fig("money", d.get("store_gap_sales"))))
    for g in (d.get("listing_gaps") or [])[:3]:
        out.append(Msg("notes.listing_gap", {"name": fig("text", g.get("name")), "peers": fig("num", g.get("peers")),
                                             "of": fig("num", g.get("peer_count"))}))  # fmt: skip
    return out


def investment_plan_notes(ctx: Ctx) -> list[Msg]:
    return [
        Msg(
            "notes.plan_vs_actual",
            {
                "type": fig("msg", Msg(f"type.{r.get('type')}")),
                "planned": fig("money", r.get("planned")),
                "actual": fig("money", r.get("actual")),
            },
        )
        for r in ctx.get("investment_plan") or []
        if isinstance(r, dict)
    ]
