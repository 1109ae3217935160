"""Chart data sets: one per chart a QBR needs, as categories plus named series.

Stage: context (after metrics, before the deck). Input: a customer's `CustomerMetrics`, the
`MetricsEngine` (for the five-quarter history) and the report language. Output: a dict
`{NAME: {"kind", "unit", "scale", "categories", "series": [{"name", "values", "number_format"}]}}`
that fills native charts named `chart:NAME` and feeds the matplotlib renderer for the others.

Money in native charts is shown in 万元 (zh) or thousands (en): the values are divided here and
the chart titles in the templates say the unit, so "Edit Data" in PowerPoint shows the same
numbers as the bars. Rendered charts get yuan and scale their own axes. None is a gap, never 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qbr.formatting import CHART_SCALE, MONEY_SCALES, Formatter, chart_scale, chart_unit
from qbr.labels import AGING, SERIES, SUPPORT_TYPE, month_label, week_label
from qbr.metrics import CustomerMetrics
from qbr.metrics.breakdowns import other_change
from qbr.metrics.engine import MetricsEngine
from qbr.metrics.history import quarter_history
from qbr.metrics.investment import investment_by_kind

SCALED_FORMAT = "#,##0.0"
TOP_CATEGORIES = 8
TOP_SKUS = 10
TOP_STORES = 20


def _scaled(values: Sequence[float | None], lang: str) -> list[float | None]:
    scale = CHART_SCALE[lang]
    return [None if v is None else round(v / scale, 4) for v in values]


def _series(
    name: str, values: Sequence[float | None], number_format: str = SCALED_FORMAT, **extra: Any
) -> dict[str, Any]:
    return {"name": name, "values": values, "number_format": number_format, **extra}


def _money_chart(
    kind: str, categories: list[str], series: Sequence[tuple[str, Sequence[float | None]]], lang: str, **extra: Any
) -> dict[str, Any]:
    """A native-chart data set in 万元/K."""
    return {
        "kind": kind,
        "unit": "money",
        "scale": CHART_SCALE[lang],
        "categories": categories,
        "series": [_series(n, _scaled(v, lang)) for n, v in series],
        **extra,
    }


def sellout_by_month(m: CustomerMetrics, lang: str) -> dict[str, Any]:
    """Units the customer sold against units we delivered, by month (the sell-out slide).

    Without sell-out the slide is dropped; one empty slot keeps the chart fillable all the same.
    """
    s = SERIES[lang]
    months = m.sellout.by_month if m.sellout is not None else []
    return {
        "kind": "column",
        "unit": "count",
        "categories": [month_label(r.month, lang) for r in months] or ["—"],
        "series": [
            _series(s["sellout"], [r.sellout_qty for r in months] or [None], "#,##0"),
            _series(s["sellin"], [r.sellin_qty for r in months] or [None], "#,##0"),
        ],
    }


def build_charts(engine: MetricsEngine, m: CustomerMetrics, lang: str) -> dict[str, dict[str, Any]]:
    s = SERIES[lang]
    charts: dict[str, dict[str, Any]] = {}
    labels = {
        "zh": ("去年同期", "上季度", "目标", "本季度"),
        "en": ("Last year", "Last quarter", "Target", "This quarter"),
    }[lang]
    charts["sales_compare"] = _money_chart(
        "column", list(labels), [(s["sales"], [m.sales_ly, m.sales_prev, m.target, m.sales])], lang
    )

    history = quarter_history(engine, m.customer_id, m.quarter, days=m.coverage.days_to_date)
    quarters = [h.quarter.short_label(lang) for h in history]
    # a quarter under way is compared with the same days of the others, as the bars beside it
    charts["quarterly_sales"] = _money_chart(
        "column", quarters, [(s["sales"], [h.sales_to_date for h in history])], lang
    )

    # target pace: the quarter's target spread over its months by days, so a 31-day month carries more
    pace = None
    if m.target is not None:
        # the whole target over the quarter's days; a month still under way gets its days so far
        to = m.coverage.quarter_to
        pace = [
            (m.target_full or 0.0)
            * ((min(q_month.replace(day=_days_in_month(q_month)), to) - q_month).days + 1)
            / m.quarter.days
            for q_month in m.quarter.months[: len(m.by_month)]
        ]
    charts["monthly_sales"] = _money_chart(
        "column",
        [month_label(r.month, lang) for r in m.by_month],
        [
            (s["this_year"], [r.sales for r in m.by_month]),
            (s["sales_ly"], [r.sales_ly for r in m.by_month]),
            (s["target_pace"], pace if pace is not None else [None] * len(m.by_month)),
        ],
        lang,
    )

    cats = sorted(m.by_category, key=lambda r: (-r.sales, r.key))
    shown, rest = cats[:TOP_CATEGORIES], cats[TOP_CATEGORIES:]
    names = [r.key for r in shown] + ([s["others"]] if rest else [])
    values = [r.sales for r in shown] + ([sum(r.sales for r in rest)] if rest else [])
    # bar charts draw the first category at the bottom: reverse so the largest is on top
    charts["sales_by_category"] = _money_chart("bar", names[::-1], [(s["sales"], values[::-1])], lang)

    top = sorted(m.by_sku, key=lambda r: (-r.sales, r.key))[:TOP_SKUS]
    charts["top_skus"] = {
        "kind": "bar",
        "fit_names": True,
        "unit": "money",
        "categories": [r.name for r in top][::-1],
        "series": [
            _series(s["sales"], [r.sales for r in top][::-1], "#,##0"),
            _series(s["growth"], [r.yoy for r in top][::-1], "0.0%", kind="label", unit="pct"),
        ],
    }
    movers = [*m.gainers, *m.decliners]
    charts["sku_movers"] = {
        "kind": "bar",
        "fit_names": True,
        "unit": "money",
        "categories": [r.name for r in movers][::-1],
        "series": [_series(s["change"], [r.change_ly for r in movers][::-1], "#,##0")],
    }
    charts["growth_waterfall"] = growth_waterfall(m, lang)

    # a chart needs a category: with no investment it shows one empty slot rather than fail
    rows = investment_rows(m, lang) or [{"label": "—", "amount": None}]
    charts["investment_by_type"] = _money_chart(
        "bar", [r["label"] for r in rows][::-1], [(s["amount"], [r["amount"] for r in rows][::-1])], lang
    )

    charts["investment_vs_sales"] = {
        "kind": "column_line",
        "unit": "money",
        "categories": quarters,
        "series": [
            _series(s["investment"], [h.investment for h in history], "#,##0"),
            _series(
                s["expense_ratio"],
                [h.expense_ratio for h in history],
                "0.0%",
                kind="line",
                unit="pct",
                axis="secondary",
            ),
        ],
    }

    by_store: dict[str, int] = {}
    for a in m.promoter_assignments:
        key = a.store_id or "—"
        by_store[key] = by_store.get(key, 0) + a.days
    store_names = {r.store_id: r.name or r.store_id for r in m.stores.ranking}
    order = sorted(by_store, key=lambda k: (-by_store[k], k))
    charts["promoter_days"] = {
        "kind": "bar",
        "fit_names": True,
        "unit": "count",
        "categories": [engine.store_names.get(k, store_names.get(k, k)) for k in order][::-1],
        "series": [_series(s["promoter_days"], [float(by_store[k]) for k in order][::-1], "#,##0")],
    }

    ranking = m.stores.ranking[:TOP_STORES]
    charts["store_ranking"] = _money_chart(
        "bar",
        [r.name or r.store_id for r in ranking][::-1],
        [(s["sales"], [r.sales for r in ranking][::-1]), (s["sales_ly"], [r.sales_ly for r in ranking][::-1])],
        lang,
        fit_names=True,  # store names shortened to the room beside the bars, the store's own part kept
    )

    charts["sellout_by_month"] = sellout_by_month(m, lang)

    buckets = list(AGING[lang])
    charts["ar_aging"] = _money_chart(
        "column", [AGING[lang][b] for b in buckets], [(s["outstanding"], [m.ar_aging[b] for b in buckets])], lang
    )

    alert_weeks = {a.week_start for a in m.alerts}
    weekly = _money_chart(
        "line",
        [week_label(w.week_start, lang) for w in m.by_week],
        [
            (s["weekly"], [w.sales if w.complete else None for w in m.by_week]),
            # the level each week is judged against: a week far below it is an alert even when the
            # line alone looks flat (October after a strong September)
            (s["usual"], [w.baseline if w.complete else None for w in m.by_week]),
        ],
        lang,
    )
    weekly["series"][1]["style"] = "dashed"
    weekly["series"].append(
        _series(s["alert"], [1.0 if w.week_start in alert_weeks else None for w in m.by_week], "General", kind="band")
    )
    charts["weekly_sales"] = weekly

    charts["profit_bridge"] = profit_bridge(m, lang)
    return charts


def investment_rows(m: CustomerMetrics, lang: str) -> list[dict[str, Any]]:
    """What we invested, by kind: each support type with money, then promoters; largest first.

    Adds up to the investment figure, so the slide's table and chart reconcile with its headline.
    """
    return [
        {"type": r.kind, "label": kind_label(r.kind, lang), "amount": r.amount, "share": r.share}
        for r in investment_by_kind(m.support_by_type, m.promoter_cost, m.investment)
    ]


def kind_label(kind: str, lang: str) -> str:
    """A support type's word, or "promoters" for the promoters' cost."""
    return SERIES[lang]["promoter_cost"] if kind == "promoters" else SUPPORT_TYPE[lang][kind]


def activity_chart(baseline_daily: float, actual_daily: float, lang: str) -> dict[str, Any]:
    """Daily sales of an activity's SKUs before vs during it, in the unit of the larger of the two
    (the unit of the cards beside it: ¥1.3万 and a bar of 1.3, not 12,779)."""
    s = SERIES[lang]
    values = [baseline_daily, actual_daily]
    scale, unit_word = chart_scale(values, lang)
    unit = chart_unit(values, lang)
    return {
        "kind": "column",
        "unit": "money",
        "scale": scale,
        "unit_word": unit_word,
        "money_unit": unit,
        "categories": [s["baseline"], s["actual"]],
        "series": [
            _series(
                s["daily"],
                [None if v is None else round(v / scale, 4) for v in values],
                "#,##0" if unit == "yuan" else SCALED_FORMAT,
            )
        ],
    }


WATERFALL_MOVERS = 6
SLIVER = 0.01  # a step under 1% of the chart's tallest bar is too thin to see: it joins "others"
_WATERFALL_SERIES = {
    "zh": ("基数", "基数（零下）", "合计", "增加", "减少", "零下部分", "标签"),
    "en": ("Base", "Base below zero", "Total", "Up", "Down", "Below zero", "Labels"),
}


def waterfall_chart(
    steps: Sequence[tuple[str, float | None, bool]], lang: str, fmt: Formatter | None = None
) -> dict[str, Any]:
    """A native stacked-column waterfall of (name, value, is_total) steps.

    A total stands on zero; a change runs from the running total to the running total plus the
    change; a change of None is a gap (the running total carries over, the label reads "—"). The
    bars are stacked columns, the way PowerPoint users draw waterfalls: an invisible base lifts
    each step to where it starts, then the visible part in the "total", "up" or "down" series, and
    an invisible zero-height "labels" series on top whose point labels say the step ("279.1",
    "+7.5", "−0.4"). A step that crosses below zero is split at zero ("below zero" and an invisible
    base below zero), as stacked columns stack the negative values downwards from zero.

    Money shows in one unit for the chart, the scale of its largest figure (万元 / K); labels are
    `Formatter.money` in that unit, so they read as the tables beside the chart do.
    """
    fmt = fmt or Formatter(lang)
    levels: list[tuple[float, float, float | None]] = []  # (start, end, value) per step
    level: float | None = 0.0  # None after an unknown total: no step may stand on it
    for _, value, is_total in steps:
        if is_total:
            level = value
            levels.append((0.0, value or 0.0, value))
        elif value is None or level is None:
            levels.append((level or 0.0, level or 0.0, None))
        else:
            levels.append((level, level + value, value))
            level += value
    figures = [abs(x) for start, end, _ in levels for x in (start, end)]
    unit = chart_unit(figures, lang)
    scale, unit_word = chart_scale(figures, lang)
    names = _WATERFALL_SERIES[lang]
    columns: dict[str, list[float | None]] = {n: [] for n in names}
    labels: list[str | None] = []

    def put(name: str, value: float | None) -> None:
        columns[name].append(None if value is None or value == 0 else round(value / scale, 4))

    for (_, _, is_total), (start, end, value) in zip(steps, levels, strict=True):
        low, high = min(start, end), max(start, end)
        kind = "total" if is_total else ("up" if (value or 0) >= 0 else "down")
        if is_total:
            for n in names[:6]:
                put(n, value if n == names[2] else None)
        else:
            put(names[0], max(low, 0.0) if high > 0 else None)
            put(names[1], min(high, 0.0) if low < 0 else None)
            put(names[2], None)
            above = max(high, 0.0) - max(low, 0.0)
            put(names[3], above if kind == "up" and value is not None else None)
            put(names[4], above if kind == "down" and value is not None else None)
            put(names[5], min(low, 0.0) - min(high, 0.0) if value is not None else None)
        columns[names[6]].append(0.0)
        if value is None:
            labels.append("—")
        else:
            text = fmt.money(abs(value), unit).replace(fmt.symbol, "", 1)
            suffix = {name: suf for name, _, suf, _ in MONEY_SCALES[lang]}.get(unit, "")
            text = text.removesuffix(suffix) if suffix else text
            sign = "" if is_total else ("+" if value >= 0 else "−")
            labels.append(("-" if is_total and value < 0 else "") + sign + text)
    series = [_series(n, columns[n], SCALED_FORMAT) for n in names]
    series[-1]["labels"] = labels
    return {
        "kind": "waterfall",
        "unit": "money",
        "scale": scale,
        "unit_word": unit_word,
        "money_unit": unit,
        "categories": [name for name, _, _ in steps],
        "series": series,
        "steps": [value for _, value, _ in steps],
        "totals": [i for i, (_, _, is_total) in enumerate(steps) if is_total],
        "fit_names": True,
    }


def growth_waterfall(m: CustomerMetrics, lang: str, top: int = WATERFALL_MOVERS) -> dict[str, Any]:
    """Last year's sales, the biggest SKU changes, the rest as "others", this year's sales.

    The `top` SKUs with the largest change (gainers then decliners, each largest first) get a
    step, unless the step would be a sliver (under SLIVER of the tallest bar): those join "others",
    which is itself left out when it reads zero in the chart's unit.
    """
    label = {"zh": ("去年同期", "本季度", "其他单品"), "en": ("Last year", "This quarter", "Other SKUs")}[lang]
    tallest = max(abs(m.sales), abs(m.sales_ly or 0.0))
    movers = sorted([*m.gainers, *m.decliners], key=lambda r: -abs(r.change_ly or 0.0))
    shown = [r for r in movers[:top] if abs(r.change_ly or 0.0) >= SLIVER * tallest]
    gainers = [r for r in m.gainers if r in shown]
    decliners = [r for r in m.decliners if r in shown]
    other = other_change(m.sales, m.sales_ly, [*gainers, *decliners])
    steps: list[tuple[str, float | None, bool]] = [
        (label[0], m.sales_ly, True),
        *((r.name, r.change_ly, False) for r in gainers),
        *((r.name, r.change_ly, False) for r in decliners),
    ]
    fmt = Formatter(lang)
    unit = chart_unit([m.sales, m.sales_ly], lang)
    if other is None or any(ch.isdigit() and ch != "0" for ch in fmt.money(abs(other), unit)):
        steps.append((label[2], other, False))
    steps.append((label[1], m.sales, True))
    return waterfall_chart(steps, lang, fmt)


def profit_bridge(m: CustomerMetrics, lang: str) -> dict[str, Any]:
    """Sales → − cost → gross profit → − investment → contribution; gaps where a figure is unknown."""
    s = SERIES[lang]
    cost = None if m.gross_profit is None else -(m.sales - m.gross_profit)
    investment = None if m.investment is None else -m.investment
    steps: list[tuple[str, float | None, bool]] = [
        (s["sales"], m.sales, True),
        (s["cost"], cost, False),
        (s["gross_profit"], m.gross_profit, True),
        (s["investment"], investment, False),
        (s["contribution"], m.contribution, True),
    ]
    return waterfall_chart(steps, lang)


def _days_in_month(first_day: Any) -> int:
    import calendar

    return calendar.monthrange(first_day.year, first_day.month)[1]
