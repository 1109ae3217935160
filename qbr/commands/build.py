"""`qbr build`: write the review deck of one customer for one quarter.

Stage: command line. Parses options, calls `qbr.pipeline.build_deck`, reports what was written.
"""

from __future__ import annotations

from pathlib import Path

import click

from qbr.commands.options import data_option, quarter_option
from qbr.quarter import Quarter


@click.command()
@click.option("--customer", "customer_id", required=True, help="customer_id of the account, e.g. CNPC.")
@quarter_option
@data_option
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Template .pptx (default: qbr.toml's report.template, else the built-in one).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: qbr.toml's report.output, else out).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Report language (default: qbr.toml's report.language, else zh).")
@click.option("--pdf", is_flag=True, help="Also write a PDF through LibreOffice.")
@click.option("--force", is_flag=True, help="Overwrite an existing deck instead of keeping it aside.")
def build(customer_id: str, quarter: Quarter, data_dir: Path, template: Path | None, out_dir: Path | None,
          lang: str | None, pdf: bool, force: bool) -> None:
    """Write the review deck of one customer for one quarter.

    The deck goes to OUT/QUARTER/CUSTOMER_QUARTER_QBR.pptx. A deck already there is never silently
    replaced: it is renamed with a timestamp (or overwritten with --force).
    """
    from qbr.pipeline import BuildRequest, build_deck

    result = build_deck(BuildRequest(data_dir, customer_id, quarter, template, out_dir, lang, force, pdf))
    w = result.written
    if w.kept is not None:
        click.echo(f"kept the earlier deck as {w.kept}")
    elif w.replaced:
        click.echo("replaced the earlier deck (--force)")
    click.echo(f"wrote {w.path}")
    if result.pdf:
        click.echo(f"wrote {result.pdf}")
    click.echo(f"done in {sum(result.timings.values()):.1f} s", err=True)
