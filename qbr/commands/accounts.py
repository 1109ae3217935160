"""`qbr accounts`: the key-account decision of every customer for a quarter, with its reason.

Stage: command line. Input: --data folder, --quarter. Output: stdout only.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from qbr.commands.options import data_option, format_option, quarter_option
from qbr.formatting import text_money, text_table
from qbr.pipeline import load_data
from qbr.quarter import Quarter


@click.command()
@data_option
@quarter_option
@format_option
def accounts(data_dir: Path, quarter: Quarter, fmt: str) -> None:
    """Which customers are key accounts for a quarter, and why (rules: docs/metrics.md)."""
    from qbr.metrics.accounts import decision_to_dict, key_accounts
    from qbr.metrics.coverage import coverage

    settings, dataset = load_data(data_dir)
    coverage(dataset, quarter)  # a quarter outside the data is a mistake, not "no key accounts"
    decisions = key_accounts(dataset, settings, quarter)
    if fmt == "json":
        click.echo(json.dumps([decision_to_dict(d) for d in decisions], ensure_ascii=False, indent=2))
        return
    rows = [
        [d.customer_id, d.name, d.channel, "yes" if d.key_account else "no", text_money(d.sales), d.reason]
        for d in decisions
    ]
    click.echo(text_table(["customer_id", "name", "channel", "key", "sales", "reason"], rows, right={4}))
    chosen = sum(d.key_account for d in decisions)
    click.echo(f"\n{chosen} of {len(decisions)} customers are key accounts for {quarter}.")
