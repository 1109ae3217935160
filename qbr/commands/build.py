"""`qbr build`: one customer's review deck, or every key account's in one run.

Stage: command line. Parses options, calls `qbr.pipeline.build_deck` (--customer) or
`qbr.batch.plan.plan_batch` + `qbr.batch.run.run_batch` (--all, --customers, --channel), shows progress and reports
what was written. Exit status: 0 all decks built; 1 some decks (or the manifest/overview) failed;
2 bad input that stops everything (data, template, options).
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qbr.commands.options import data_option, quarter_option
from qbr.data.schema import CHANNELS
from qbr.formatting import text_money, text_pct, text_table
from qbr.quarter import Quarter

if TYPE_CHECKING:
    from qbr.batch.manifest import Change
    from qbr.batch.plan import BatchPlan, Outcome
    from qbr.batch.run import BatchResult


@click.command()
@click.option("--customer", "customer_id", default=None, help="customer_id of one account, e.g. CNPC.")
@click.option("--all", "all_accounts", is_flag=True, help="Every key account of the quarter (see `qbr accounts`).")
@click.option(
    "--customers", default=None, metavar="ID,ID,...", help="Only these key accounts, comma-separated (implies a batch)."
)
@click.option(
    "--channel",
    type=click.Choice(CHANNELS),
    default=None,
    help="Only the key accounts of this channel (implies a batch).",
)
@quarter_option
@data_option
@click.option(
    "--template",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Template .pptx (default: qbr.toml's report.template, else the built-in one).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: qbr.toml's report.output, else out).",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Report language (default: qbr.toml's report.language, else zh).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Decks built at the same time in a batch (default: the number of CPUs).",
)
@click.option(
    "--audience",
    type=click.Choice(["customer", "owner", "both"]),
    default="both",
    show_default=True,
    help="customer: the deck for the customer; owner: the owner's brief (内部版); both.",
)
@click.option(
    "--brief-template",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Template of the owner's brief (default: qbr.toml's report.brief_template, else the built-in one).",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    help="Where a batch builds its decks: worker processes here (local), or a Dask cluster (needs qbr[dask]).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="tcp://HOST:8786",
    help="With --executor dask: the Dask scheduler to use (default: a local cluster of --jobs workers).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Receivables as known on this day, e.g. a payment after the quarter shows as paid "
    "(default: qbr.toml's report.as_of, else the data's newest date).",
)
@click.option(
    "--meeting-date",
    "meeting_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The date on the cover, e.g. 2024-01-18 (default: qbr.toml's report.meeting_date, else the "
    "build date while the quarter is under way or just ended (up to 31 days after), else the quarter's last day).",
)
@click.option("--pdf", is_flag=True, help="Also write a PDF through LibreOffice.")
@click.option("--force", is_flag=True, help="Overwrite existing decks instead of keeping them aside.")
def build(
    customer_id: str | None,
    all_accounts: bool,
    customers: str | None,
    channel: str | None,
    quarter: Quarter,
    data_dir: Path,
    template: Path | None,
    out_dir: Path | None,
    lang: str | None,
    jobs: int | None,
    audience: str,
    brief_template: Path | None,
    executor: str,
    scheduler: str | None,
    as_of: datetime | None,
    meeting_date: datetime | None,
    pdf: bool,
    force: bool,
) -> None:
    """Write the review deck of one customer (--customer), or of every key account (--all).

    Each customer gets two files: the deck for the customer, OUT/QUARTER/CUSTOMER_QUARTER_QBR.pptx
    (_QBR_en.pptx in English), which never shows our margins, and the owner's brief
    CUSTOMER_QUARTER_brief.pptx (_brief_en.pptx) with the account's economics, the asks and the
    likely push-backs (--audience chooses). A deck already there is never silently replaced: it is
    renamed with a timestamp (or overwritten with --force).

    \b
    A batch (--all, narrowed by --customers and/or --channel) loads the data and the template once,
    builds the decks in parallel (--jobs), goes on when one account fails, and writes beside the
    decks manifest.json (what was built from what, and why a deck failed) and
    key_accounts_QUARTER.xlsx (the portfolio overview). Exit status 1 when any deck failed.
    """
    batch = all_accounts or customers is not None or channel is not None
    if customer_id is not None and batch:
        raise click.UsageError(
            "--customer builds one deck; for several use --customers ID,ID (key accounts), "
            "--channel or --all, without --customer"
        )
    if customer_id is None and not batch:
        raise click.UsageError(
            "say which decks: --customer ID for one, or --all for every key account "
            "(narrow with --customers ID,ID or --channel)"
        )
    if scheduler is not None and executor != "dask":
        raise click.UsageError("--scheduler needs --executor dask")
    if customer_id is not None:
        if jobs is not None:
            raise click.UsageError("--jobs applies to a batch (--all, --customers, --channel)")
        if executor != "local":
            raise click.UsageError("--executor applies to a batch (--all, --customers, --channel)")
        _build_single(
            customer_id, quarter, data_dir, template, out_dir, lang, pdf, force, audience, brief_template,
            as_of.date() if as_of else None, meeting_date.date() if meeting_date else None,
        )  # fmt: skip
        return
    ids = tuple(c.strip() for c in (customers or "").split(",") if c.strip())
    if customers is not None and not ids:
        raise click.UsageError("--customers needs customer ids, e.g. --customers CNPC,KA-001")
    _build_batch(
        ids,
        channel,
        quarter,
        data_dir,
        template,
        out_dir,
        lang,
        jobs,
        pdf,
        force,
        audience,
        brief_template,
        executor,
        scheduler,
        as_of.date() if as_of else None,
        meeting_date.date() if meeting_date else None,
    )


def _build_single(
    customer_id: str,
    quarter: Quarter,
    data_dir: Path,
    template: Path | None,
    out_dir: Path | None,
    lang: str | None,
    pdf: bool,
    force: bool,
    audience: str,
    brief_template: Path | None,
    as_of: date | None = None,
    meeting_date: date | None = None,
) -> None:
    from qbr.pipeline import BuildRequest, build_deck

    req = BuildRequest(
        data_dir, customer_id, quarter, template, out_dir, lang, force, pdf, None, audience, brief_template, as_of,
        meeting_date=meeting_date,
    )  # fmt: skip
    result = build_deck(req)
    for w in result.written:
        if w.kept is not None:
            click.echo(f"kept the earlier deck as {w.kept}")
        elif w.replaced:
            click.echo(f"replaced the earlier {w.path.name} (--force)")
        click.echo(f"wrote {w.path}")
    for pdf_path in result.pdfs:
        click.echo(f"wrote {pdf_path}")
    click.echo(f"done in {sum(result.timings.values()):.1f} s", err=True)


def _build_batch(
    ids: tuple[str, ...],
    channel: str | None,
    quarter: Quarter,
    data_dir: Path,
    template: Path | None,
    out_dir: Path | None,
    lang: str | None,
    jobs: int | None,
    pdf: bool,
    force: bool,
    audience: str,
    brief_template: Path | None,
    executor: str = "local",
    scheduler: str | None = None,
    as_of: date | None = None,
    meeting_date: date | None = None,
) -> None:
    from qbr.batch.plan import BatchRequest, plan_batch

    req = BatchRequest(
        data_dir,
        quarter,
        ids,
        channel,
        template,
        out_dir,
        lang,
        force,
        pdf,
        jobs,
        None,
        audience,
        brief_template,
        as_of,
        meeting_date=meeting_date,
    )
    plan = plan_batch(req)
    n = len(plan.accounts)
    click.echo(
        f"{n} key account{'s' if n != 1 else ''} for {quarter}, {plan.jobs} job{'s' if plan.jobs != 1 else ''}, "
        f"template {plan.template_path}",
        err=True,
    )
    result = _run_with_progress(plan, executor, scheduler)
    click.echo(summary_table(result))
    for o in result.failed:
        click.echo(f"\n{o.customer_id} failed: {o.error}")
    _report_changes(result)
    if result.manifest:
        click.echo(f"\nwrote {result.manifest}")
    if result.overview_kept:
        click.echo(f"kept the earlier overview as {result.overview_kept}")
    if result.overview:
        click.echo(f"wrote {result.overview}")
    if result.portfolio_kept:
        click.echo(f"kept the earlier portfolio as {result.portfolio_kept}")
    if result.portfolio:
        click.echo(f"wrote {result.portfolio}")
    for problem in result.output_problems:
        click.echo(f"Error: {problem}", err=True)
    kept = sum(f.kept is not None for o in result.outcomes for f in o.files)  # decks and briefs alike
    if kept:
        click.echo(
            f"kept {kept} earlier deck{'s' if kept != 1 else ''} with a timestamp in the name "
            "(--force overwrites instead)"
        )
    built = n - len(result.failed)
    seconds = (result.finished - result.started).total_seconds()
    click.echo(f"{built} of {n} decks built in {seconds:.1f} s", err=True)
    if result.failed or result.output_problems:
        sys.exit(1)


def _run_with_progress(plan: BatchPlan, executor: str = "local", scheduler: str | None = None) -> BatchResult:
    """A live bar (done/total, failures, time left) on a terminal; one line per deck otherwise,
    so that logs of scheduled runs say which deck finished when."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from qbr.batch.run import run_batch

    total = len(plan.accounts)
    console = Console(stderr=True)
    if not console.is_terminal:
        done = 0

        def log(o: Outcome) -> None:
            nonlocal done
            done += 1
            tail = f"  {o.error.splitlines()[0]}" if o.error else ""
            click.echo(f"[{done}/{total}] {o.customer_id} {o.status} {o.seconds:.1f} s{tail}", err=True)

        return run_batch(plan, log, executor=executor, scheduler=scheduler)
    columns = (
        TextColumn("decks"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("failed {task.fields[failed]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    progress = Progress(*columns, console=console)
    task = progress.add_task("decks", total=total, failed=0)
    failed = 0

    def advance(o: Outcome) -> None:
        nonlocal failed
        failed += o.status != "built"
        progress.update(task, advance=1, failed=failed)

    # The display (and its refresh thread) starts only once the workers are forked.
    try:
        return run_batch(plan, advance, progress.start, executor, scheduler)
    finally:
        progress.stop()


def summary_table(result: BatchResult) -> str:
    """customer, status, file, sales, YoY, attainment, time: one line per account, largest first."""
    currency = result.plan.settings.report.currency
    headers = ["customer", "status", "file", "sales", "YoY", "attainment", "time"]
    rows = []
    for o in result.outcomes:
        f = o.figures or {}
        rows.append(
            [
                o.customer_id,
                o.status,
                o.path.name if o.path else "-",
                text_money(f.get("sales"), currency, 0),
                text_pct(f.get("yoy"), signed=True),
                text_pct(f.get("attainment")),
                f"{o.seconds:.1f} s",
            ]
        )
    return text_table(headers, rows, right={3, 4, 5, 6})


def _figure(name: str, x: float | None, currency: str) -> str:
    from qbr.metrics.kpis import KPI  # importing qbr.metrics imports pandas: not at start-up

    kind = KPI[name].kind
    if kind == "money":
        return text_money(x, currency, 0)
    return text_pct(x, signed=kind == "growth")


def _report_changes(result: BatchResult) -> None:
    if result.previous_problem:
        click.echo(f"\nnot compared with the previous run: {result.previous_problem}", err=True)
    if result.previous_run is None:
        return
    if not result.changes:
        click.echo(f"\nno headline figure changed since the last run ({result.previous_run})")
        return
    currency = result.plan.settings.report.currency
    by_customer: dict[str, list[Change]] = {}
    for c in result.changes:
        by_customer.setdefault(c.customer_id, []).append(c)
    click.echo(f"\nchanged since the last run ({result.previous_run}):")
    for cid, items in by_customer.items():
        parts = [
            f"{c.figure} {_figure(c.figure, c.before, currency)} -> {_figure(c.figure, c.after, currency)}"
            for c in items
        ]
        click.echo(f"  {cid}: " + "; ".join(parts))
