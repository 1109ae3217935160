"""`qbr metrics`: every figure of one customer's quarter, as a readable table or JSON.

Stage: command line. Input: --data folder, --customer, --quarter. Output: stdout only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from qbr.commands.options import data_option, format_option, quarter_option
from qbr.pipeline import load_data
from qbr.quarter import Quarter
from qbr.textwidth import pad, width


def _money(x: float | None) -> str:
    return "n/a" if x is None else f"{x:,.2f}"


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x:+.1%}"


def _share(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1%}"


def _num(x: float | int | None, digits: int = 1) -> str:
    return "n/a" if x is None else f"{x:,.{digits}f}"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    """Text columns left-aligned (the first, and names), numbers right-aligned."""
    widths = [max(width(h), *(width(r[i]) for r in rows)) if rows else width(h)
              for i, h in enumerate(headers)]
    left = {0} | {i for i, h in enumerate(headers) if h in ("name", "drivers")}

    def line(cells: list[str]) -> str:
        return "  ".join(pad(c, w, right=i not in left)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def render_text(d: dict[str, Any]) -> str:
    """The JSON view of the metrics as aligned plain-text sections."""
    c, k = d["customer"], d["kpi"]
    out: list[str] = []
    key = "key account" if c["key_account"] else "not a key account"
    out.append(f"{c['name']} ({c['customer_id']}, {c['channel']}) — {d['quarter']} — {key}")
    out.append(f"  {c['key_account_reason']}")
    money = ["sales", "sales_prev", "sales_ly", "target", "gross_profit", "support", "promoter_cost",
             "investment", "ar_outstanding", "ar_overdue", "collected"]
    pcts = ["qoq", "yoy", "attainment", "gross_margin", "expense_ratio", "share"]
    rows = []
    for name, value in k.items():
        if name in money:
            text = _money(value)
        elif name in pcts:
            text = _share(value) if name in ("attainment", "gross_margin", "expense_ratio", "share") \
                else _pct(value)
        elif name == "dso":
            text = _num(value)
        else:
            text = "n/a" if value is None else f"{value:,}"
        rows.append([name, text])
    out += ["", _table(["kpi", "value"], rows)]
    out += ["", _table(["support type", "amount"], [[t, _money(v)] for t, v in d["support_by_type"].items()])]
    out += ["", _table(["ar aging", "outstanding"], [[b, _money(v)] for b, v in d["ar_aging"].items()])]
    out += ["", _table(["month", "sales", "same month LY", "yoy"],
                       [[m["month"], _money(m["sales"]), _money(m["sales_ly"]), _pct(m["yoy"])]
                        for m in d["by_month"]])]
    out += ["", _table(["category", "sales", "prev", "LY", "qoq", "yoy"],
                       [[r["category"], _money(r["sales"]), _money(r["sales_prev"]), _money(r["sales_ly"]),
                         _pct(r["qoq"]), _pct(r["yoy"])] for r in d["by_category"]])]
    for title, rows_ in (("top gainers vs LY", d["gainers"]), ("top decliners vs LY", d["decliners"])):
        if not rows_:
            continue
        out += ["", _table([title, "name", "sales", "LY", "change"],
                           [[r["sku"], r["name"], _money(r["sales"]), _money(r["sales_ly"]),
                             _money(r["change_ly"])] for r in rows_])]
    if d["activities"]:
        out += ["", _table(["activity", "start", "days", "cost", "baseline/day", "actual/day", "uplift",
                            "incremental", "sales roi", "profit roi"],
                           [[f"{a['activity_id']} {a['name']}", a["start_date"], str(a["days"]),
                             _money(a["cost"]), _money(a["baseline_daily"]), _money(a["actual_daily"]),
                             _pct(a["uplift"]), _money(a["incremental_sales"]), _num(a["sales_roi"], 2),
                             _num(a["profit_roi"], 2)] for a in d["activities"]])]
    if d["alerts"]:
        out += ["", _table(["alert week", "sales", "week before", "change", "drivers"],
                           [[a["week_start"], _money(a["sales"]), _money(a["sales_prev_week"]),
                             _pct(a["change"]), ", ".join(a["drivers"])] for a in d["alerts"]])]
    s = d["stores"]
    out += ["", f"active stores: {s['active_stores']} (LY {s['active_stores_ly']}), "
                f"sales per store: {_money(s['sales_per_store'])}"]
    for title, rows_ in (("best stores", s["best"]), ("worst stores", s["worst"])):
        if rows_:
            out += ["", _table([title, "name", "sales", "yoy"],
                               [[r["store_id"], r["name"] or "", _money(r["sales"]), _pct(r["yoy"])]
                                for r in rows_])]
    if d["open_invoices"]:
        headers = ["open invoice", "invoice date", "due date", "amount", "outstanding", "days past due"]
        out += ["", _table(headers,
                           [[i["invoice_no"], i["invoice_date"], i["due_date"], _money(i["amount"]),
                             _money(i["outstanding"]), str(i["days_past_due"])] for i in d["open_invoices"]])]
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
