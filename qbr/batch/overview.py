"""The owner's portfolio overview: every key account of a quarter side by side, in one workbook.

Stage: batch output. Input: one `OverviewRow` per account (figures from its metrics, the reason
it is a key account, what happened to its deck). Output: OUT/QUARTER/key_accounts_QUARTER.xlsx,
sorted by sales with a totals row, formatted for Excel users (currency and percent formats, frozen
header, autofilter, column widths, Chinese headers for a zh report), written atomically; an
earlier workbook (which the owner may have annotated) is kept aside like a deck unless --force.

Totals: money columns are sums; ratios are recomputed from those sums (sales / target, gross
profit / sales, ...), never an average of ratios; a total is blank when any account's component
is unknown (an account without a target leaves the total target, and so attainment, unknown).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qbr.errors import QbrError
from qbr.formatting import width
from qbr.labels import CHANNEL
from qbr.metrics.common import growth, ratio
from qbr.output import Written, safe_stem, write_deck

if TYPE_CHECKING:
    from qbr.batch.plan import BatchPlan

MONEY_SUMS = ("sales", "sales_prev", "sales_ly", "target", "gross_profit", "investment", "ar_overdue")

# (key, zh header, en header, kind); kind: text, money or pct.
COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    ("customer_id", "客户编码", "Customer ID", "text"),
    ("name", "客户名称", "Customer", "text"),
    ("channel", "渠道", "Channel", "text"),
    ("sales", "销售额", "Sales", "money"),
    ("qoq", "环比", "QoQ", "pct"),
    ("yoy", "同比", "YoY", "pct"),
    ("target", "目标", "Target", "money"),
    ("attainment", "目标达成率", "Attainment", "pct"),
    ("gross_profit", "毛利", "Gross profit", "money"),
    ("gross_margin", "毛利率", "Gross margin", "pct"),
    ("investment", "费用投入", "Investment", "money"),
    ("expense_ratio", "费用率", "Expense ratio", "pct"),
    ("ar_overdue", "逾期应收", "AR overdue", "money"),
    ("reason", "入选原因", "Why a key account", "text"),
    ("deck", "报告文件", "Deck", "text"),
)
PCT_FORMAT = "0.0%"
MAX_WIDTH = 70


@dataclass(frozen=True)
class OverviewRow:
    customer_id: str
    name: str
    channel: str
    reason: str
    status: str  # built, failed or cancelled
    deck: str | None  # file name of the deck, when built
    error: str | None
    figures: Mapping[str, float | None]


def overview_path(out_dir: Path, quarter: str) -> Path:
    return out_dir / safe_stem(quarter) / f"key_accounts_{safe_stem(quarter)}.xlsx"


def portfolio_totals(rows: Sequence[OverviewRow]) -> dict[str, float | None]:
    """Sums of money (None if any account's is unknown) and ratios recomputed from the sums."""
    total: dict[str, float | None] = {}
    for name in MONEY_SUMS:
        values = [r.figures.get(name) for r in rows]
        total[name] = None if any(v is None for v in values) else float(sum(v for v in values if v is not None))
    total["qoq"] = growth(total["sales"], total["sales_prev"])
    total["yoy"] = growth(total["sales"], total["sales_ly"])
    total["attainment"] = ratio(total["sales"], total["target"])
    total["gross_margin"] = ratio(total["gross_profit"], total["sales"])
    total["expense_ratio"] = ratio(total["investment"], total["sales"])
    return total


def _deck_cell(row: OverviewRow, lang: str) -> str | None:
    if row.status == "built":
        return row.deck
    failed = "失败" if lang == "zh" else "failed"
    first = (row.error or "").splitlines()[0] if row.error else ""
    return f"{failed}: {first}" if first else failed


def overview_workbook(
    rows: Sequence[OverviewRow], *, quarter: str, lang: str, currency: str, about: Sequence[tuple[str, Any]] = ()
) -> bytes:
    """The workbook's bytes: sheet 1 the accounts (largest sales first) and a totals row; sheet 2
    what the figures are (quarter, data cut-off, how totals are formed)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    zh = lang == "zh"
    money_format = f"{currency}#,##0;-{currency}#,##0"
    ordered = sorted(rows, key=lambda r: (-(r.figures.get("sales") or 0.0), r.customer_id))
    wb = Workbook()
    ws = wb.active
    ws.title = f"核心客户 {quarter}" if zh else f"Key accounts {quarter}"
    headers = [zh_h if zh else en_h for _, zh_h, en_h, _ in COLUMNS]
    ws.append(headers)
    channels = CHANNEL.get(lang, CHANNEL["en"])
    for r in ordered:
        values: dict[str, Any] = {
            "customer_id": r.customer_id,
            "name": r.name,
            "channel": channels.get(r.channel, r.channel),
            "reason": r.reason,
            "deck": _deck_cell(r, lang),
            **r.figures,
        }
        ws.append([values.get(key) for key, *_ in COLUMNS])
    totals: dict[str, Any] = dict(portfolio_totals(ordered))
    totals["customer_id"] = f"合计（{len(ordered)}户）" if zh else f"Total ({len(ordered)} accounts)"
    ws.append([totals.get(key) for key, *_ in COLUMNS])

    last_data, total_row = len(ordered) + 1, len(ordered) + 2
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE4EE")
    for col, (_key, _, _, kind) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(col)
        head = ws.cell(row=1, column=col)
        head.font, head.fill = bold, header_fill
        head.alignment = Alignment(horizontal="center", vertical="center")
        for row in range(2, total_row + 1):
            cell = ws.cell(row=row, column=col)
            if kind == "money":
                cell.number_format = money_format
            elif kind == "pct":
                cell.number_format = PCT_FORMAT
        shown = [width(h) for h in (headers[col - 1],)]
        for row in range(2, total_row + 1):
            v = ws.cell(row=row, column=col).value
            if v is None:
                continue
            # Formatted width: ¥12,345,678 or -12.3%, so numbers never show as ####.
            text = f"{currency}{v:,.0f}" if kind == "money" else f"{v:.1%}" if kind == "pct" else str(v)
            shown.append(width(text))
        ws.column_dimensions[letter].width = min(MAX_WIDTH, max(shown) + 3)
    top = Side(style="thin")
    for col in range(1, len(COLUMNS) + 1):
        cell = ws.cell(row=total_row, column=col)
        cell.font, cell.border = bold, Border(top=top)
    ws.freeze_panes = "C2"  # header and the customer's id and name stay in view
    # The filter covers the accounts only: sorting or filtering keeps the totals row at the bottom.
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last_data}"
    ws.sheet_view.zoomScale = 90

    info = wb.create_sheet("说明" if zh else "About")
    info.append(["项目" if zh else "Item", "内容" if zh else "Value"])
    for label, value in about:
        info.append([label, value])
    info.append(
        [
            "合计行" if zh else "Totals row",
            "金额为各客户之和；比率由合计金额重新计算（非比率平均）；任一客户缺少该项时留空"
            if zh
            else "money: sums over the accounts; ratios: recomputed from those sums (never an "
            "average of ratios); blank when any account's component is unknown",
        ]
    )
    info.append(
        [
            "空白单元格" if zh else "Blank cells",
            "无法计算（如无目标、成本未知、去年同期无销售）"
            if zh
            else "not computable (no target, unknown cost, no sales a year before)",
        ]
    )
    info["A1"].font = info["B1"].font = bold
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_overview(path: Path, rows: Sequence[OverviewRow], plan: BatchPlan, *, force: bool) -> Written:
    """Write the workbook atomically, keeping an earlier one aside unless `force` (as for decks)."""
    lock = path.with_name("~$" + path.name)
    if lock.exists():  # write_deck would say PowerPoint; this one is open in Excel or WPS
        raise QbrError.at(
            "is open in Excel (its ~$ lock file is there)",
            file=str(path),
            hint="close it and run again; the decks of this run are already written",
        )
    zh = plan.job.lang == "zh"
    cutoff = plan.dataset.last_date
    about = [
        ("季度" if zh else "Quarter", str(plan.job.quarter)),
        ("数据截止" if zh else "Data cut-off", None if cutoff is None else cutoff.date().isoformat()),
        ("数据文件夹" if zh else "Data folder", str(plan.dataset.folder)),
        ("生成时间" if zh else "Generated", datetime.now().astimezone().isoformat(timespec="seconds")),
        ("模板" if zh else "Template", str(plan.template_path)),
    ]
    data = overview_workbook(
        rows, quarter=str(plan.job.quarter), lang=plan.job.lang, currency=plan.settings.report.currency, about=about
    )
    return write_deck(path, data, force=force)
