"""Options and helpers shared by the CLI commands.

Stage: command line. `load_checked` is the load -> validate front of every command that reads data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from qbr.errors import QbrError
from qbr.quarter import Quarter

if TYPE_CHECKING:
    from qbr.config import Settings
    from qbr.dataset import Dataset


class QuarterType(click.ParamType):
    """`--quarter 2023Q4` (also 2023-Q4, 2023q4) as a Quarter; anything else exits 2."""

    name = "quarter"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Quarter:
        if isinstance(value, Quarter):
            return value
        parsed = Quarter.try_parse(value)
        if parsed is None:
            self.fail(f'"{value}" is not a quarter: write it like 2023Q4 (2023-Q4 and 2023q4 work too)',
                      param, ctx)
        return parsed


QUARTER = QuarterType()

data_option = click.option(
    "--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("sample_data"),
    show_default=True, help="Folder holding the tables (CSV, xlsx or parquet) and qbr.toml.",
)
quarter_option = click.option("--quarter", "quarter", type=QUARTER, required=True,
                              help="Quarter to report, e.g. 2023Q4.")
format_option = click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
                             show_default=True, help="Readable table or JSON.")


def load_checked(data_dir: Path) -> tuple[Settings, Dataset]:
    """Settings and the validated data set of a folder; raises QbrError on any bad input."""
    from qbr.config import load_settings
    from qbr.load import load_dataset
    from qbr.validate import validate

    if not data_dir.is_dir():
        raise QbrError.at("no such data folder", file=str(data_dir),
                          hint="pass --data with the folder holding customers, products and sales")
    settings = load_settings(data_dir)
    dataset = load_dataset(data_dir, settings)
    validate(dataset)
    return settings, dataset
