"""`qbr template ...`: fill, check and document PowerPoint templates.

Stage: command line. `render` fills any template from a JSON context with the same filters and
named-shape rules as the deck builder; `check` lists every tag, directive and named shape per
slide and flags names a context does not provide; `vars` prints the data dictionary.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from qbr.errors import Location, Problem, QbrError

_LANG = click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of money, dates and deltas.",
)
_CURRENCY = click.option("--currency", default="CNY", show_default=True, help="Currency code or symbol.")


def _read_context(path: Path) -> dict[str, Any]:
    """The JSON context; `chart_images` values given as paths are read (relative to the JSON)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise QbrError.at(f"cannot read the context: {exc.strerror}", file=str(path)) from None
    except json.JSONDecodeError as exc:
        raise QbrError.at(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", file=str(path)
        ) from None
    if not isinstance(data, dict):
        raise QbrError.at("the context must be a JSON object {...}", file=str(path))
    images = data.get("chart_images")
    if isinstance(images, dict):
        resolved = {}
        for name, value in images.items():
            if isinstance(value, str):
                image = path.parent / value
                try:
                    resolved[name] = image.read_bytes()
                except OSError as exc:
                    raise QbrError.at(
                        f'chart_images.{name}: cannot read "{value}": {exc.strerror}', file=str(path)
                    ) from None
            else:
                resolved[name] = value
        data["chart_images"] = resolved
    return data


@click.group("template")
def template() -> None:
    """Fill, check and document PowerPoint templates (Jinja tags inside .pptx files)."""


@template.command("render")
@click.argument("template_path", metavar="TEMPLATE", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--data-json",
    "data_json",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help='JSON object with the values the tags use (charts under "charts").',
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the filled deck (written atomically).",
)
@_LANG
@_CURRENCY
def render_cmd(template_path: Path, data_json: Path, out: Path, lang: str, currency: str) -> None:
    """Fill TEMPLATE from a JSON context and write the deck to --out."""
    from qbr.output import write_deck
    from qbr.pipeline import fill_deck, load_template

    context = _read_context(data_json)
    write_deck(out, fill_deck(load_template(template_path), context, lang, currency), force=True)
    click.echo(f"wrote {out}")


@template.command("check")
@click.argument("template_path", metavar="TEMPLATE", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--data-json",
    "data_json",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also flag names this JSON context does not provide.",
)
def check_cmd(template_path: Path, data_json: Path | None) -> None:
    """List every tag, directive and named shape per slide; flag names a context lacks.

    Exit status 2 when the template has a mistake or the context lacks a name it uses.
    """
    from qbr.template import Template

    parsed = Template.load(template_path)
    context = _read_context(data_json) if data_json else None
    names = parsed.undeclared()
    problems: list[Problem] = []
    for info in parsed.info:
        if not (info.tags or info.directives or info.named):
            continue
        click.echo(f"slide {info.number}:")
        for directive in info.directives:
            click.echo(f"  directive  {directive}")
        for shape, tag in info.tags:
            click.echo(f"  {shape or '?':<20} {tag}")
        for named in info.named:
            click.echo(f"  named      {named}")
        click.echo(f"  uses       {', '.join(sorted(names[info.number])) or '-'}")
        if context is None:
            continue
        where = Location(file=str(template_path), slide=info.number)
        for name in sorted(names[info.number] - set(context)):
            problems.append(Problem(where, f"the context has no {name!r}"))
        for named in info.named:
            key = named.split(":", 1)[1].strip()
            if (
                named.startswith("chart:")
                and "." not in key
                and key not in (context.get("charts") or {})
                and key not in (context.get("chart_images") or {})
            ):
                problems.append(
                    Problem(
                        Location(file=str(template_path), slide=info.number, shape=named),
                        f"{named} has no data in charts or chart_images",
                    )
                )
    if problems:
        raise QbrError(problems=problems)


@template.command("vars")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("sample_data"),
    show_default=True,
    help="Data folder whose first key account gives the examples.",
)
@click.option("--quarter", default=None, help="Quarter of the examples (default: the data's last).")
@click.option(
    "--audience",
    type=click.Choice(["customer", "owner"]),
    default="customer",
    show_default=True,
    help="customer: what the customer's deck may use (no internal figure); owner: the brief's, everything.",
)
def vars_cmd(data_dir: Path, quarter: str | None, audience: str) -> None:
    """Print the data dictionary: filters and the variables an audience's deck context provides."""
    from qbr.context.variables import register
    from qbr.template.vars import filters, variables

    register(lambda: _example_context(data_dir, quarter, audience), audience)
    click.echo("Filters (use as {{ value | name }}):")
    for name, description, example in filters():
        click.echo(f"  {name:<10} {description}\n  {'':<10} e.g. {example}")
    click.echo("\nVariables:")
    for var in variables():
        click.echo(f"  {var.name:<28} {var.description}")
        if var.example:
            click.echo(f"  {'':<28} e.g. {var.example}")


def _example_context(data_dir: Path, quarter: str | None, audience: str) -> dict[str, Any] | None:
    """The context of the data's largest key account, or None when there is no data to show."""
    from datetime import date

    from qbr.context.build import build_context
    from qbr.metrics import customer_metrics, engine_for
    from qbr.metrics.accounts import key_accounts
    from qbr.pipeline import load_data
    from qbr.quarter import Quarter

    if not data_dir.is_dir():
        return None
    try:
        settings, dataset = load_data(data_dir)
    except QbrError:
        return None
    if dataset.last_date is None:
        return None
    q = Quarter.parse(quarter) if quarter else Quarter.of(dataset.last_date.date())
    chosen = [d for d in key_accounts(dataset, settings, q) if d.key_account]
    if not chosen:
        return None
    engine = engine_for(dataset, settings)
    best = max(chosen, key=lambda d: d.sales)
    metrics = customer_metrics(engine, best.customer_id, q)
    return build_context(engine, metrics, settings, settings.report.language, date.today(), audience)
