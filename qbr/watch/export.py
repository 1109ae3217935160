"""The weekly watch for sending on: labels per language, Markdown for a chat message, an xlsx workbook.

Stage: presentation. Input: a `qbr.watch.check.WatchResult` and the report language ("zh" or "en").
Output: strings (labels, Markdown) or xlsx bytes; nothing is printed or written here (the `watch`
command does that). The terminal table lives in `qbr.commands.watch`; it uses the same labels and
cell texts so the three views read alike.
"""

from __future__ import annotations

import io
from dataclasses import asdict
from datetime import date

from qbr.commentary import causes
from qbr.commentary.render import say
from qbr.formatting import Formatter, text_pct, width
from qbr.labels import CHANNEL
from qbr.watch.check import NO_SALES, NOT_IN_DATA, AccountWatch, Comparison, Driver, Period, WatchResult

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "title": "核心客户周度监控",
        "as_of": "截至",
        "last_days": "近{days}天",
        "before": "上期",
        "ly": "去年同期",
        "ly_shift": "前移364天，星期对齐",
        "summary": "{quarter} 核心客户 {n} 个，下滑超过 {threshold} 的 {flagged} 个",
        "customer_id": "客户编码",
        "name": "客户名称",
        "channel": "渠道",
        "sales": "本期销售额",
        "change": "变化额",
        "growth_before": "环比",
        "growth_ly": "同比",
        "flag": "预警",
        "note": "说明",
        "fell_before": "环比下滑",
        "fell_ly": "同比下滑",
        "no_sales_before": "上期无销售",
        "no_sales_ly": "去年同期无销售",
        "not_in_data_before": "上期不在数据范围内",
        "not_in_data_ly": "去年同期不在数据范围内",
        "basis_before": "环比",
        "basis_ly": "同比",
        "sku": "商品",
        "store": "门店",
        "no_store": "（无门店）",
        "basis": "对比",
        "kind": "类型",
        "code": "编码",
        "item": "名称",
        "now": "本期",
        "base": "对比期",
        "share": "占下滑",
        "drivers": "下滑原因",
        "cause": "原因",
        "lost_sales": "估计少卖",
        "why": "原因与行动",
        "cause_order_timing": "订单延后",
        "cause_stockout": "断货",
        "cause_store": "门店骤降",
        "cause_activity_end": "活动后回落",
        "cause_holiday": "节日",
        "cause_decline": "动销下滑",
        "cause_sellout_drop": "终端下滑",
        "cause_destocking": "客户消化库存",
        "cause_other": "待查",
        "accounts": "核心客户",
        "none_flagged": "没有核心客户下滑超过 {threshold}",
        "others": "其余 {n} 个未下滑超过 {threshold}",
        "sep": "：",
        "list": "；",
    },
    "en": {
        "title": "Key account watch",
        "as_of": "as of",
        "last_days": "last {days} days",
        "before": "Before",
        "ly": "Last year",
        "ly_shift": "364 days earlier, same weekdays",
        "summary": "{quarter}: {n} key accounts, {flagged} fell by more than {threshold}",
        "customer_id": "Customer",
        "name": "Name",
        "channel": "Channel",
        "sales": "Sales",
        "change": "Change",
        "growth_before": "vs before",
        "growth_ly": "vs LY",
        "flag": "Flag",
        "note": "Note",
        "fell_before": "down vs before",
        "fell_ly": "down vs LY",
        "no_sales_before": "no sales in the period before",
        "no_sales_ly": "no sales in the same period last year",
        "not_in_data_before": "period before not in the data",
        "not_in_data_ly": "same period last year not in the data",
        "basis_before": "vs before",
        "basis_ly": "vs LY",
        "sku": "SKU",
        "store": "Store",
        "no_store": "(no store)",
        "basis": "Compared with",
        "kind": "Kind",
        "code": "Code",
        "item": "Name",
        "now": "Now",
        "base": "Base",
        "share": "Share of fall",
        "drivers": "Drivers",
        "cause": "Cause",
        "lost_sales": "Lost sales",
        "why": "Why and what to do",
        "cause_order_timing": "late order",
        "cause_stockout": "out of stock",
        "cause_store": "store collapsed",
        "cause_activity_end": "after activity",
        "cause_holiday": "holiday",
        "cause_decline": "sell-through",
        "cause_sellout_drop": "sell-out fell",
        "cause_destocking": "destocking",
        "cause_other": "unclear",
        "accounts": "Accounts",
        "none_flagged": "No key account fell by more than {threshold}",
        "others": "{n} others did not fall by more than {threshold}",
        "sep": ": ",
        "list": "; ",
    },
}


def labels(lang: str) -> dict[str, str]:
    return LABELS["zh" if lang == "zh" else "en"]


def span_text(p: Period) -> str:
    """ "2023-11-20 ~ 2023-11-26"."""
    return f"{p.start.isoformat()} ~ {p.end.isoformat()}"


def short_span(p: Period) -> str:
    """ "11/20-11/26" for column headers (with the year when the period is not this year's)."""

    def d(x: date) -> str:
        return f"{x.month}/{x.day}"

    return f"{d(p.start)}-{d(p.end)}"


def note_text(c: Comparison, lang: str) -> str | None:
    """ "上期无销售" / "no sales in the period before" etc., or None."""
    if c.note in (NO_SALES, NOT_IN_DATA):
        return labels(lang)[f"{c.note}_{c.basis}"]
    return None


def flag_text(a: AccountWatch, lang: str) -> str:
    lab = labels(lang)
    return ", ".join(lab[f"fell_{c.basis}"] for c in (a.before, a.ly) if c.fell)


def notes_text(a: AccountWatch, lang: str) -> str:
    return labels(lang)["list"].join(t for t in (note_text(a.before, lang), note_text(a.ly, lang)) if t)


def driver_name(d: Driver, lang: str) -> str:
    """The SKU's or store's name; lines without store_id read "(no store)"."""
    if d.kind == "store" and not d.key:
        return labels(lang)["no_store"]
    return d.name


def cause_label(d: Driver, lang: str) -> str:
    """ "断货" / "out of stock": a driver's cause in a table cell."""
    return labels(lang).get(f"cause_{d.cause}", d.cause)


def why(c: Comparison, lang: str, currency: str = "¥") -> list[str]:
    """Why a flagged comparison fell and what to do: one sentence per cause, as on the deck's alerts slide."""
    fmt = Formatter(language="zh" if lang == "zh" else "en", currency=currency)
    lang = "zh" if lang == "zh" else "en"
    return [say(causes.sentence(g), lang, fmt) for g in causes.groups([asdict(d) for d in c.sku_drivers])]


def flagged_comparison(a: AccountWatch) -> Comparison:
    """The comparison whose drivers explain a flagged account: the period before when it fell (what
    the team can act on this week), else last year."""
    return a.before if a.before.fell else a.ly


def pct(x: float | None) -> str:
    return text_pct(x, signed=True)


def header(r: WatchResult, lang: str) -> list[str]:
    """The lines above any view: title, periods, counts."""
    lab = labels(lang)
    days = lab["last_days"].format(days=r.days)
    n = r.before.days // r.days  # the baseline's periods (alerts.baseline_weeks)
    if lang == "zh":
        head = f"{lab['title']} — {lab['as_of']} {r.as_of.isoformat()}，{days}（{span_text(r.period)}）"
        mean = f"（{n}期均值）" if n > 1 else ""
        periods = f"{lab['before']} {span_text(r.before)}{mean}；{lab['ly']} {span_text(r.ly)}（{lab['ly_shift']}）"
    else:
        head = f"{lab['title']} — {lab['as_of']} {r.as_of.isoformat()}, {days} ({span_text(r.period)})"
        mean = f" (mean of {n} periods)" if n > 1 else ""
        periods = f"{lab['before']} {span_text(r.before)}{mean}; {lab['ly']} {span_text(r.ly)} ({lab['ly_shift']})"
    summary = lab["summary"].format(
        quarter=r.quarter, n=len(r.accounts), flagged=len(r.flagged), threshold=f"{r.threshold:.1%}"
    )
    return [head, periods, summary]


# -- Markdown ------------------------------------------------------------------------------------


def to_markdown(r: WatchResult, lang: str, currency: str = "¥") -> str:
    """A short message for WeChat/DingTalk: the flagged accounts with their top drivers.

    Chat apps render little Markdown (DingTalk: bold and lists; WeChat: none), so there are no
    tables: a numbered line per flagged account and one indented line per driver kind, which
    reads well whether the Markdown is rendered or not. Money uses 万/K units to stay short.
    """
    lab = labels(lang)
    fmt = Formatter(language="zh" if lang == "zh" else "en", currency=currency)
    sep = lab["sep"]
    days = lab["last_days"].format(days=r.days)
    lines = [
        f"**{lab['title']}｜{lab['as_of']} {r.as_of.isoformat()}（{days}）**"
        if lang == "zh"
        else f"**{lab['title']} | {lab['as_of']} {r.as_of.isoformat()} ({days})**"
    ]
    lines.append(
        lab["summary"].format(
            quarter=r.quarter,
            n=len(r.accounts),
            flagged=len(r.flagged),
            threshold=f"{r.threshold:.0%}" if r.threshold * 100 % 1 == 0 else f"{r.threshold:.1%}",
        )
    )
    if not r.flagged:
        lines.append(lab["none_flagged"].format(threshold=f"{r.threshold:.1%}"))
    for i, a in enumerate(r.flagged, start=1):
        parts = [
            f"{lab['growth_before']} {_md_change(a.before, fmt, lang)}",
            f"{lab['growth_ly']} {_md_change(a.ly, fmt, lang)}",
        ]
        lines.append(
            f"{i}. **{a.name}**（{a.customer_id}）{fmt.money(a.sales)}，" + "，".join(parts)
            if lang == "zh"
            else f"{i}. **{a.name}** ({a.customer_id}) {fmt.money(a.sales)}, " + ", ".join(parts)
        )
        # The period before is what the team can act on this week; LY drivers only when it did not fall.
        basis = flagged_comparison(a)
        for kind, drivers in (("sku", basis.sku_drivers), ("store", basis.store_drivers)):
            if not drivers:
                continue
            items = lab["list"].join(
                f"{d.key} {driver_name(d, lang)} {fmt.money(d.sales_base)}→{fmt.money(d.sales)}"
                + (f"（{lab['share']}{d.share:.0%}）" if lang == "zh" and d.share is not None else "")
                + (f" ({d.share:.0%} of the fall)" if lang != "zh" and d.share is not None else "")
                for d in drivers
            )
            lines.append(f"   - {lab[kind]}{sep}{items}")
        lines += [f"   - {lab['cause']}{sep}{text}" for text in why(basis, lang, currency)]
    rest = len(r.accounts) - len(r.flagged)
    if r.flagged and rest:
        lines.append(lab["others"].format(n=rest, threshold=f"{r.threshold:.1%}"))
    return "\n".join(lines) + "\n"


def _md_change(c: Comparison, fmt: Formatter, lang: str) -> str:
    note = note_text(c, lang)
    if note:
        return f"—（{note}）" if lang == "zh" else f"— ({note})"
    text = fmt.delta(c.growth, marked=False)
    if c.change is not None and c.fell:
        money = fmt.delta(c.change, kind="money", marked=False)
        text += f"（{money}）" if lang == "zh" else f" ({money})"
    return text


# -- xlsx ----------------------------------------------------------------------------------------

MONEY_FORMAT = "#,##0;[Red]-#,##0"
PCT_FORMAT = "+0.0%;[Red]-0.0%;0.0%"


def to_xlsx(r: WatchResult, lang: str) -> bytes:
    """A workbook a clerk can forward: one sheet of accounts, one of drivers.

    Headers carry the periods' dates so the file explains itself once forwarded; frozen header
    row (and id/name columns), filters, money as whole yuan (the cells keep the cents), ratios as
    %, nulls as empty cells with the reason in the note column.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    lab = labels(lang)
    lang = "zh" if lang == "zh" else "en"
    wb = Workbook()
    ws = wb.active
    ws.title = lab["accounts"]
    now_h = f"{lab['sales']} {short_span(r.period)}"
    before_h = f"{lab['before']} {short_span(r.before)}"
    ly_h = f"{lab['ly']} {r.ly.start.year} {short_span(r.ly)}"
    head = [
        lab["customer_id"],
        lab["name"],
        lab["channel"],
        now_h,
        before_h,
        f"{lab['growth_before']}{lab['change']}",
        lab["growth_before"],
        ly_h,
        f"{lab['growth_ly']}{lab['change']}",
        lab["growth_ly"],
        lab["flag"],
        lab["note"],
        lab["why"],
    ]
    formats = [
        None,
        None,
        None,
        MONEY_FORMAT,
        MONEY_FORMAT,
        MONEY_FORMAT,
        PCT_FORMAT,
        MONEY_FORMAT,
        MONEY_FORMAT,
        PCT_FORMAT,
        None,
        None,
        None,
    ]
    rows: list[list[object]] = []
    for a in r.accounts:
        rows.append(
            [
                a.customer_id,
                a.name,
                CHANNEL[lang].get(a.channel, a.channel),
                _cents(a.sales),
                None if a.before.note == NOT_IN_DATA else _cents(a.before.sales),
                _cents(a.before.change),
                a.before.growth,
                None if a.ly.note == NOT_IN_DATA else _cents(a.ly.sales),
                _cents(a.ly.change),
                a.ly.growth,
                flag_text(a, lang) or None,
                notes_text(a, lang) or None,
                lab["list"].join(why(flagged_comparison(a), lang)) if a.flagged else None,
            ]
        )
    flagged_rows = [i for i, a in enumerate(r.accounts) if a.flagged]
    _fill_sheet(ws, head, formats, rows, freeze="C2")
    alert = PatternFill("solid", fgColor="FCE4E4")
    for i in flagged_rows:
        ws.cell(row=i + 2, column=11).fill = alert
        ws.cell(row=i + 2, column=11).font = Font(bold=True, color="C00000")

    ds = wb.create_sheet(lab["drivers"])
    head = [
        lab["customer_id"],
        lab["name"],
        lab["basis"],
        lab["kind"],
        lab["code"],
        lab["item"],
        lab["now"],
        lab["base"],
        lab["change"],
        lab["share"],
        lab["cause"],
        lab["lost_sales"],
    ]
    formats = [None, None, None, None, None, None, MONEY_FORMAT, MONEY_FORMAT, MONEY_FORMAT, "0.0%", None, MONEY_FORMAT]
    rows = [
        [
            a.customer_id,
            a.name,
            lab[f"basis_{c.basis}"],
            lab[d.kind],
            d.key or None,
            driver_name(d, lang),
            _cents(d.sales),
            _cents(d.sales_base),
            _cents(d.change),
            d.share,
            cause_label(d, lang),
            _cents(d.lost_sales),
        ]
        for a in r.flagged
        for c in (a.before, a.ly)
        for d in (*c.sku_drivers, *c.store_drivers)
    ]
    _fill_sheet(ds, head, formats, rows, freeze="C2")
    for sheet in (ws, ds):
        for cell in sheet[1]:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wb.properties.title = f"{lab['title']} {r.as_of.isoformat()}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _cents(x: float | None) -> float | None:
    return None if x is None else round(x, 2)


def _fill_sheet(ws: object, head: list[str], formats: list[str | None], rows: list[list[object]], freeze: str) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws.append(head)  # type: ignore[attr-defined]
    for row in rows:
        ws.append(row)  # type: ignore[attr-defined]
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E79")
    for cell in ws[1]:  # type: ignore[index]
        cell.font = bold
        cell.fill = fill
    for col, fmt in enumerate(formats, start=1):
        letter = get_column_letter(col)
        cells = [str(v) for v in (row[col - 1] for row in rows) if v is not None]
        numeric = fmt is not None
        # Display width (Chinese characters take two columns); numbers get room for separators.
        widest = max([width(head[col - 1]) + 2, *((14 if numeric else width(c) + 2) for c in cells)])
        ws.column_dimensions[letter].width = min(widest, 50)  # type: ignore[attr-defined]
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):  # type: ignore[attr-defined]
                cell.number_format = fmt
    ws.row_dimensions[1].height = 32  # type: ignore[attr-defined]
    ws.freeze_panes = freeze  # type: ignore[attr-defined]
    ws.auto_filter.ref = ws.dimensions  # type: ignore[attr-defined]
