"""Options and helpers shared by the CLI commands.

Stage: command line. Loading and validating data is `qbr.pipeline.load_data`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from qbr.quarter import Quarter


class QuarterType(click.ParamType):
    """`--quarter 2023Q4` (also 2023-Q4, 2023q4) as a Quarter; anything else exits 2."""

    name = "quarter"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Quarter:
        if isinstance(value, Quarter):
            return value
        parsed = Quarter.try_parse(value)
        if parsed is None:
            self.fail(f'"{value}" is not a quarter: write it like 2023Q4 (2023-Q4 and 2023q4 work too)', param, ctx)
        return parsed


QUARTER = QuarterType()

data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("sample_data"),
    show_default=True,
    help="Folder holding the tables (CSV, xlsx or parquet) and qbr.toml.",
)
quarter_option = click.option(
    "--quarter", "quarter", type=QUARTER, required=True, help="Quarter to report, e.g. 2023Q4."
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Readable table or JSON.",
)
