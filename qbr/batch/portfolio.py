"""The owner's portfolio deck: every key account of the run on a few slides, for the owner only.

Stage: batch output (after the decks, beside the manifest and the overview). Input: the batch
plan (data, settings, the portfolio template) and one outcome per account. Output:
OUT/QUARTER/portfolio_QUARTER.pptx (portfolio_QUARTER_en.pptx in English), written atomically,
an earlier one kept aside like a deck. Figures come from `qbr.metrics.portfolio`; the words from
`qbr.commentary.phrases` ("portfolio.*").
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from qbr.commentary.render import Msg, fig, say
from qbr.formatting import Formatter
from qbr.labels import CHANNEL, SUPPORT_CALL
from qbr.metrics.common import ratio
from qbr.metrics.portfolio import Portfolio, outside_key, portfolio
from qbr.output import Written, safe_stem, write_deck

if TYPE_CHECKING:
    from qbr.batch.plan import BatchPlan, Outcome
    from qbr.config import KeyAccounts
    from qbr.metrics.accounts import Decision

PARETO_BARS = 15  # customers shown one by one on the Pareto chart; the rest are one bar
TABLE_ROWS = 20  # rows a slide's table holds; the overview workbook lists every account
OUTSIDE_ROWS = 10  # the largest customers outside the key accounts; `qbr accounts` lists them all
CALL_ORDER = ("cut", "collect", "recover", "grow", "review", "hold")  # the most urgent first: a table shows 14
AGAINST = {"zh": {"ly": "同比", "prev": "环比（无去年数据）"}, "en": {"ly": "vs LY", "prev": "vs LQ (no LY)"}}


def portfolio_path(out_dir: Path, quarter: str, lang: str) -> Path:
    return out_dir / safe_stem(quarter) / f"portfolio_{safe_stem(quarter)}{'' if lang == 'zh' else '_' + lang}.pptx"


def portfolio_of(plan: BatchPlan, outcomes: list[Outcome]) -> Portfolio:
    """The run's key accounts (those whose metrics worked) against all customers' sales in Q."""
    from qbr.metrics import engine_for

    engine = engine_for(plan.dataset, plan.settings)
    totals = engine.quarter_totals(plan.job.quarter)
    ids = [str(c) for c in engine.customer_ids]
    names = dict(zip(ids, (str(n) for n in engine.customers["name"]), strict=True))
    all_sales = {cid: float(s) for cid, s in zip(ids, totals.sales, strict=True)}
    accounts = [(o.customer_id, o.figures) for o in outcomes if o.figures is not None]
    return portfolio(all_sales, names, accounts)


def why_not_key(d: Decision, rules: KeyAccounts, lang: str, fmt: Formatter) -> str:
    """Why a customer is not a key account, in the deck's language: what to change in qbr.toml or
    the customers table to review it (the decision's own reason is the English of `qbr accounts`)."""
    zh = lang == "zh"
    channel = CHANNEL[lang].get(d.channel, d.channel)
    if d.override == "no":
        return "客户表 key_account 标为 no" if zh else "key_account = no in the customers table"
    if d.channel == "special":
        return "特殊渠道未纳入（key_accounts.special）" if zh else "special channel left out (key_accounts.special)"
    if d.rank_in_channel is None or d.cutoff is None or d.rank_in_channel > d.cutoff:
        return (
            f"{channel}第{d.rank_in_channel}名，规则取前{d.cutoff}名"
            if zh
            else f"#{d.rank_in_channel} in {channel}; the rule takes the top {d.cutoff}"
        )
    failed = []  # the criteria the rule found missed (`Decision.failed`), in the deck's words
    if "margin" in d.failed:
        m, floor = fmt.pct(d.gross_margin), fmt.pct(rules.min_margin)
        failed.append(f"毛利率{m}低于{floor}" if zh else f"margin {m} below {floor}")
    if "growth" in d.failed:
        g, floor = fmt.pct(d.yoy), fmt.pct(rules.min_growth)
        failed.append(f"同比{g}低于{floor}" if zh else f"growth {g} below {floor}")
    return ("；" if zh else "; ").join(failed) or d.reason


def portfolio_context(plan: BatchPlan, outcomes: list[Outcome]) -> dict[str, Any]:
    lang = plan.job.lang
    fmt = Formatter(language=lang, currency=plan.settings.report.currency)
    p = portfolio_of(plan, outcomes)
    by_id = {d.customer_id: d for d in plan.accounts}
    files = {o.customer_id: o for o in outcomes}
    calls = {c.customer_id: c for c in p.calls}
    rows: list[dict[str, Any]] = []
    for c in p.calls:
        d, f = by_id[c.customer_id], files[c.customer_id].figures or {}
        rows.append({
            "customer_id": c.customer_id, "name": c.name,
            "channel_label": CHANNEL[lang].get(d.channel, d.channel),
            "sales": c.sales, "yoy": c.yoy, "attainment": f.get("attainment"), "investment": f.get("investment"),
            "expense_ratio": f.get("expense_ratio"), "contribution": c.contribution,
            "contribution_margin": c.contribution_margin, "ar_overdue": f.get("ar_overdue"),
            "call": c.call, "call_label": SUPPORT_CALL[lang][c.call],
        })  # fmt: skip
    row_of = {r["customer_id"]: r for r in rows}
    falling = [{**row_of[x.customer_id], "loss": x.loss, "lost": -x.loss, "change": x.change, "against": x.against,
                "against_label": AGAINST[lang][x.against]} for x in p.falling]  # fmt: skip
    ordered_calls = sorted(rows, key=lambda r: (CALL_ORDER.index(r["call"]), -r["sales"]))
    count = {call: sum(c.call == call for c in calls.values()) for call in CALL_ORDER}
    known = [c.contribution for c in p.calls]
    total_contribution = None if any(c is None for c in known) else sum(c for c in known if c is not None)

    from qbr.metrics.accounts import key_accounts

    outside = [
        {"customer_id": d.customer_id, "name": d.name, "channel_label": CHANNEL[lang].get(d.channel, d.channel),
         "sales": d.sales, "yoy": d.yoy, "why": why_not_key(d, plan.settings.key_accounts, lang, fmt)}
        for d in outside_key(key_accounts(plan.dataset, plan.settings, plan.job.quarter))
    ]  # fmt: skip
    shown, rest = p.pareto[:PARETO_BARS], p.pareto[PARETO_BARS:]
    others = {"zh": "其他{n}家", "en": "{n} others"}[lang].format(n=len(rest))
    chart = {
        "kind": "column_line",
        "unit": "money",
        # ★ marks the key accounts among the largest customers (the chart ranks them all)
        "categories": [f"★{r.name}" if r.key_account else r.name for r in shown] + ([others] if rest else []),
        "series": [
            {"name": {"zh": "销售额", "en": "Sales"}[lang],
             "values": [r.sales for r in shown] + ([sum(r.sales for r in rest)] if rest else []),
             "number_format": "#,##0"},
            {"name": {"zh": "累计占比", "en": "Cumulative share"}[lang],
             "values": [r.cumulative_share for r in shown] + ([1.0] if rest else []),
             "number_format": "0%", "kind": "line", "unit": "pct", "axis": "secondary"},
        ],
    }  # fmt: skip
    titles = {
        "pareto": say(Msg("portfolio.pareto", {"n": fig("num", p.key_count),
                                                "count_share": fig("pct", p.key_count_share),
                                                "share": fig("pct", p.key_share)}), lang, fmt),
        "accounts": say(Msg("portfolio.accounts" if total_contribution is not None else "portfolio.accounts_unknown",
                            {"sales": fig("money", sum(r["sales"] for r in rows)),
                             "contribution": fig("money", total_contribution)}), lang, fmt),
        "falling": say(Msg("portfolio.falling", {"n": fig("num", len(falling)),
                                                  "first": fig("text", falling[0]["name"]),
                                                  "loss": fig("amoney", falling[0]["loss"])})
                       if falling else Msg("portfolio.falling_none"), lang, fmt),
        "calls": say(Msg("portfolio.calls", {k: fig("num", v) for k, v in count.items()}), lang, fmt),
        "outside": say(Msg("portfolio.outside", {"n": fig("num", len(outside)),
                                                  "first": fig("text", outside[0]["name"]),
                                                  "sales": fig("money", outside[0]["sales"])})
                       if outside else Msg("portfolio.outside_none"), lang, fmt),
    }  # fmt: skip
    return {
        "quarter": str(plan.job.quarter),
        "distributor": {"name": plan.settings.distributor.name},
        "report": {"date": plan.job.today.isoformat(), "language": lang},
        "portfolio": {
            "total_sales": p.total_sales, "customers_with_sales": p.customers_with_sales, "key_sales": p.key_sales,
            "key_share": p.key_share, "key_count": p.key_count, "key_count_share": p.key_count_share,
            "contribution": total_contribution,
            "contribution_margin": ratio(total_contribution, sum(r["sales"] for r in rows)),
        },
        "accounts": sorted(rows, key=lambda r: -r["sales"])[:TABLE_ROWS],
        "falling": falling[:TABLE_ROWS],
        "outside": outside[:OUTSIDE_ROWS],  # larger than the smallest key account, yet not one
        "outside_more": max(0, len(outside) - OUTSIDE_ROWS),
        "calls": ordered_calls[:TABLE_ROWS],
        "more": max(0, len(rows) - TABLE_ROWS),  # accounts left off the tables
        "titles": titles,
        "charts": {"pareto": chart},
    }  # fmt: skip


def write_portfolio(plan: BatchPlan, outcomes: list[Outcome]) -> Written | None:
    """Fill the portfolio template and write it; None when the run has no portfolio template."""
    from qbr.pipeline import fill_deck

    if plan.portfolio is None:
        return None
    context = portfolio_context(plan, outcomes)
    data = fill_deck(plan.portfolio.deck, context, plan.job.lang, plan.settings.report.currency)
    path = portfolio_path(plan.job.out_dir, str(plan.job.quarter), plan.job.lang)
    return write_deck(path, data, force=plan.job.force)
