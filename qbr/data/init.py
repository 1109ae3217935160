"""`qbr init DIR`: everything a new user needs to know what to export from the ERP.

Stage: command helper. Input: a folder. Output: `qbr_tables.xlsx` (one sheet per table with the
exact headers qbr reads, plus a README sheet describing every column and its Chinese header),
a commented `qbr.toml`, and a copy of the default template when one ships with qbr. Existing
files are never overwritten without `force`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from qbr import template_dir
from qbr.data.schema import TABLES
from qbr.errors import QbrError

WORKBOOK = "qbr_tables.xlsx"

KIND_WORDS = {
    "text": "text 文本",
    "id": "code 编码",
    "money": "money 金额 (¥1,234.50 ok)",
    "number": "number 数字",
    "date": "date 日期 (2023-10-01)",
    "quarter": "quarter 季度 (2023Q4)",
    "channel": "modern/traditional/special/fresh",
    "support_type": "display/promotion/free_goods/rebate/listing/posm/other",
    "section": "highlight/issue/plan",
    "yesno": "yes/no/blank",
    "status": "done/partly/not_done/blank",
}

CONFIG_TEXT = """\
# qbr settings. Every key is optional; the values shown are the defaults.

[distributor]
name = ""                 # shown on the cover, e.g. "星河商贸有限公司"

[report]
language = "zh"           # zh or en: labels, number words (万/亿 vs K/M), dates
currency = "¥"
# template = "templates/qbr_zh.pptx"        # the deck for the customer
# brief_template = "templates/brief_zh.pptx"  # the owner's brief (内部版)
output = "out"
# as_of = "2024-01-15"    # receivables as known on this day (default: the data's newest date)

[key_accounts]            # which customers get a review deck (核心客户)
modern_top = 5            # modern channel: top N by quarter sales
traditional_top_pct = 10  # traditional: top N% by sales (rounded up)
fresh_top = 30            # fresh supermarkets: top N
special = "all"           # special channel (CNPC, post office, hospitals, schools): all with sales
min_margin = 0.05         # profit criterion: gross margin at least this (where cost is known)
min_growth = -0.20        # potential criterion: YoY growth at least this (where last year exists)

[alerts]
weekly_drop = 0.05        # flag a week whose sales fell by more than this vs its baseline
baseline_weeks = 4        # baseline = mean of this many weeks before (1 = the week before)
noise_k = 3               # and by more than noise_k x the account's usual wobble (0 = off)

[columns]
# Your ERP's headers, when they differ from qbr's:  "ERP header" = "canonical column"
# "销售额" = "amount"
# "客户代码" = "customer_id"
"""


def init_folder(folder: Path, force: bool = False) -> list[Path]:
    """Write the starter files into `folder`; returns the paths written."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    folder.mkdir(parents=True, exist_ok=True)
    template = template_dir() / "qbr_zh.pptx"
    targets = [folder / WORKBOOK, folder / "qbr.toml"]
    if template.is_file():
        targets.append(folder / "templates" / template.name)
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise QbrError.at(
            "already exists", file=str(existing[0]), hint="use --force to overwrite, or choose an empty folder"
        )

    wb = openpyxl.Workbook()
    readme = wb.active
    readme.title = "README"
    readme.append(["table 表", "column 列", "required 必填", "Chinese header 中文表头", "kind 类型", "meaning 说明"])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for table in TABLES.values():
        ws = wb.create_sheet(table.name)
        ws.append(table.column_names)
        for i, col in enumerate(table.columns, start=1):
            cell = ws.cell(row=1, column=i)
            cell.font = bold
            if col.required:
                cell.fill = fill
            cell.comment = Comment(
                f"{col.zh} · {KIND_WORDS[col.kind]}"
                + (" · required 必填" if col.required else "")
                + (f"\n{col.doc}" if col.doc else ""),
                "qbr",
            )
            ws.column_dimensions[cell.column_letter].width = max(12, len(col.name) + 4)
            readme.append(
                [
                    f"{table.name} ({table.zh})" + ("" if table.required else " optional"),
                    col.name,
                    "yes" if col.required else "",
                    col.zh,
                    KIND_WORDS[col.kind],
                    col.doc,
                ]
            )
        ws.freeze_panes = "A2"
    for cell in readme[1]:
        cell.font = bold
    for letter, width in zip("ABCDEF", (22, 16, 12, 22, 40, 50), strict=True):
        readme.column_dimensions[letter].width = width
    readme.freeze_panes = "A2"
    wb.save(targets[0])
    targets[1].write_text(CONFIG_TEXT, encoding="utf-8")
    if template.is_file():
        targets[2].parent.mkdir(exist_ok=True)
        shutil.copyfile(template, targets[2])
    return targets
