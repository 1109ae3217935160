"""`qbr metrics`: every figure of one customer's quarter, as a readable table or JSON.

Stage: command line. Input: --data folder, --customer, --quarter. Output: stdout only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from qbr.commands.options import data_option, format_option, quarter_option
from qbr.formatting import text_money, text_num, text_pct, text_table
from qbr.pipeline import load_data
from qbr.quarter import Quarter


def _signed(x: float | None) -> str:
    return text_pct(x, signed=True)


def _table(headers: list[str], rows: list[list[str]]) -> str:
    """Numbers right-aligned; the first column and names left."""
    left = {0} | {i for i, h in enumerate(headers) if h in ("name", "drivers")}
    return text_table(headers, rows, right=set(range(len(headers))) - left)


def render_text(d: dict[str, Any]) -> str:
    """The JSON view of the metrics as aligned plain-text sections."""
    from qbr.metrics.kpis import KPI  # importing qbr.metrics imports pandas: not at start-up

    c, k = d["customer"], d["kpi"]
    out: list[str] = []
    key = "key account" if c["key_account"] else "not a key account"
    out.append(f"{c['name']} ({c['customer_id']}, {c['channel']}) — {d['quarter']} — {key}")
    out.append(f"  {c['key_account_reason']}")
    rows = []
    for name, value in k.items():
        kind = KPI[name].kind if name in KPI else "count"
        if kind == "money":
            text = text_money(value)
        elif kind in ("growth", "ratio"):
            text = text_pct(value, signed=kind == "growth")
        elif kind == "days":
            text = text_num(value)
        else:
            text = "—" if value is None else f"{value:,}"
        rows.append([name, text])
    out += ["", _table(["kpi", "value"], rows)]
    out += ["", _table(["support type", "amount"], [[t, text_money(v)] for t, v in d["support_by_type"].items()])]
    out += ["", _table(["ar aging", "outstanding"], [[b, text_money(v)] for b, v in d["ar_aging"].items()])]
    out += [
        "",
        _table(
            ["month", "sales", "same month LY", "yoy"],
            [[m["month"], text_money(m["sales"]), text_money(m["sales_ly"]), _signed(m["yoy"])] for m in d["by_month"]],
        ),
    ]
    out += [
        "",
        _table(
            ["category", "sales", "prev", "LY", "qoq", "yoy"],
            [
                [
                    r["category"],
                    text_money(r["sales"]),
                    text_money(r["sales_prev"]),
                    text_money(r["sales_ly"]),
                    _signed(r["qoq"]),
                    _signed(r["yoy"]),
                ]
                for r in d["by_category"]
            ],
        ),
    ]
    for title, rows_ in (("top gainers vs LY", d["gainers"]), ("top decliners vs LY", d["decliners"])):
        if not rows_:
            continue
        out += [
            "",
            _table(
                [title, "name", "sales", "LY", "change"],
                [
                    [r["sku"], r["name"], text_money(r["sales"]), text_money(r["sales_ly"]), text_money(r["change_ly"])]
                    for r in rows_
                ],
            ),
        ]
    if d["activities"]:
        out += [
            "",
            _table(
                [
                    "activity",
                    "start",
                    "days",
                    "cost",
                    "baseline/day",
                    "actual/day",
                    "uplift",
                    "incremental",
                    "sales roi",
                    "profit roi",
                ],
                [
                    [
                        f"{a['activity_id']} {a['name']}",
                        a["start_date"],
                        str(a["days"]),
                        text_money(a["cost"]),
                        text_money(a["baseline_daily"]),
                        text_money(a["actual_daily"]),
                        _signed(a["uplift"]),
                        text_money(a["incremental_sales"]),
                        text_num(a["sales_roi"], 2),
                        text_num(a["profit_roi"], 2),
                    ]
                    for a in d["activities"]
                ],
            ),
        ]
    if d["alerts"]:
        out += [
            "",
            _table(
                ["alert week", "sales", "usual", "change", "limit", "drivers (cause)"],
                [
                    [
                        a["week_start"],
                        text_money(a["sales"]),
                        text_money(a["baseline"]),
                        _signed(a["change"]),
                        _signed(-a["limit"]),
                        ", ".join(f"{c['sku']} ({c['cause']})" for c in a["causes"]),
                    ]
                    for a in d["alerts"]
                ],
            ),
        ]
    s = d["stores"]
    out += [
        "",
        f"active stores: {s['active_stores']} (LY {s['active_stores_ly']}), "
        f"sales per store: {text_money(s['sales_per_store'])}",
    ]
    for title, rows_ in (("best stores", s["best"]), ("worst stores", s["worst"])):
        if rows_:
            out += [
                "",
                _table(
                    [title, "name", "sales", "yoy"],
                    [[r["store_id"], r["name"] or "", text_money(r["sales"]), _signed(r["yoy"])] for r in rows_],
                ),
            ]
    if d["open_invoices"]:
        headers = ["open invoice", "invoice date", "due date", "amount", "outstanding", "days past due"]
        out += [
            "",
            _table(
                headers,
                [
                    [
                        i["invoice_no"],
                        i["invoice_date"],
                        i["due_date"],
                        text_money(i["amount"]),
                        text_money(i["outstanding"]),
                        str(i["days_past_due"]),
                    ]
                    for i in d["open_invoices"]
                ],
            ),
        ]
    return "\n".join(out)


@click.command()
@data_option
@quarter_option
@click.option("--customer", "customer_id", required=True, help="customer_id as in the customers table.")
@format_option
def metrics(data_dir: Path, quarter: Quarter, customer_id: str, fmt: str) -> None:
    """Every metric of one customer for a quarter (definitions: docs/metrics.md)."""
    from qbr.metrics import compute_metrics, metrics_to_dict

    settings, dataset = load_data(data_dir)
    result = metrics_to_dict(compute_metrics(dataset, settings, customer_id.strip(), quarter))
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(result))
