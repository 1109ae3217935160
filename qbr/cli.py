"""The command line: parse arguments, call the pipeline, print results.

Only this module (and the command modules in `qbr.commands`) print. A `QbrError` becomes one
message on stderr and exit status 2; anything else is a bug and keeps its traceback. Heavy
libraries are imported inside commands so that `--help` stays instant.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from qbr import __version__
from qbr.commands.options import data_option
from qbr.errors import QbrError
from qbr.pipeline import load_data


class QbrGroup(click.Group):
    """Turns a QbrError anywhere below into one message and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QbrError as exc:
            click.echo(exc.format(), err=True)
            sys.exit(exc.exit_code)


@click.group(cls=QbrGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="qbr")
def main() -> None:
    """qbr: quarterly business review decks for a distributor's key customers.

    \b
    Typical use:
      qbr validate --data sample_data            check the ERP exports
      qbr accounts --quarter 2023Q4              which customers are key accounts, and why
      qbr metrics --customer CNPC --quarter 2023Q4 --format json
      qbr build --customer CNPC --quarter 2023Q4 write the review deck
    """


@main.command()
@data_option
def validate(data_dir: Path) -> None:
    """Check every table of a data folder and summarise it.

    Every problem is listed with its file, row (as Excel shows it) and column; the exit status
    is 2 when there is any.
    """
    from qbr.data.summary import summarise

    settings, dataset = load_data(data_dir)
    click.echo(summarise(dataset, settings))


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite files that already exist in FOLDER.")
def init(folder: Path, force: bool) -> None:
    """Start a new data folder: header workbook, commented qbr.toml, default template.

    The workbook `qbr_tables.xlsx` has one sheet per table with the exact column names qbr reads
    (and the Chinese headers it recognises), so you know what to export from the ERP.
    """
    from qbr.data.init import init_folder

    for path in init_folder(folder, force=force):
        click.echo(f"wrote {path}")


# command groups that live in their own modules
from qbr.commands.accounts import accounts  # noqa: E402
from qbr.commands.build import build  # noqa: E402
from qbr.commands.metrics import metrics  # noqa: E402
from qbr.commands.template import template  # noqa: E402
from qbr.commands.watch import watch  # noqa: E402

for _command in (build, metrics, accounts, template, watch):
    main.add_command(_command)
