"""`qbr watch`: have any key accounts' sales fallen in the last few days, and which SKUs/stores caused it.

Stage: command line. Input: --data folder, --as-of, --days, --threshold, --format, --out. Output:
a coloured, aligned table on the terminal, or JSON / Markdown / xlsx on stdout or in --out. The
figures come from `qbr.watch.check`; Markdown and xlsx from `qbr.watch.export`.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qbr.commands.options import data_option
from qbr.errors import QbrError
from qbr.formatting import clip, pad, text_money, width
from qbr.pipeline import load_data

if TYPE_CHECKING:
    from qbr.watch.check import AccountWatch, Comparison, Driver, WatchResult

NAME_COLS = 30  # long Chinese names are clipped in the terminal so the numbers stay on one line


def _money(x: float | None) -> str:
    return text_money(x, decimals=0)


class _Table:
    """Aligned columns whose cells may be coloured: widths come from the plain text, colour after padding."""

    def __init__(self, headers: list[str], right: set[int]) -> None:
        self.headers = headers
        self.right = right
        self.rows: list[list[tuple[str, dict[str, object]]]] = []

    def add(self, cells: list[tuple[str, dict[str, object]] | str]) -> None:
        self.rows.append([c if isinstance(c, tuple) else (c, {}) for c in cells])

    def render(self, colour: bool, indent: str = "") -> list[str]:
        widths = [max([width(h), *(width(r[i][0]) for r in self.rows)]) for i, h in enumerate(self.headers)]

        def line(cells: list[tuple[str, dict[str, object]]]) -> str:
            # Trailing empty cells are dropped and the last cell is not padded: padding inside
            # colour codes would survive rstrip and leave trailing blanks once click strips them.
            shown = len(cells)
            while shown and not cells[shown - 1][0]:
                shown -= 1
            out = []
            for i, ((text, style), w) in enumerate(zip(cells[:shown], widths[:shown], strict=True)):
                right = i in self.right
                padded = text if i == shown - 1 and not right else pad(text, w, right=right)
                out.append(click.style(padded, **style) if colour and style else padded)  # type: ignore[arg-type]
            return indent + "  ".join(out)

        heads: list[tuple[str, dict[str, object]]] = [(h, {"bold": True}) for h in self.headers]
        return [line(heads), indent + "  ".join("-" * w for w in widths), *(line(r) for r in self.rows)]


def render_table(r: WatchResult, lang: str, colour: bool) -> str:
    """The terminal view: summary, one row per key account (flagged first), then each flag's drivers.

    Colours follow the decks' convention (zh: a fall is green, a rise red; en: the reverse), and a
    flag is bold so it stands out whatever the colours.
    """
    from qbr.formatting import Formatter
    from qbr.watch.export import flag_text, header, labels, notes_text, pct

    lab = labels(lang)
    # Formatter.colors is (up, down) as hex: red C00000 for up in zh, green for up in en.
    up, down = ("red", "green") if Formatter(language=lang).colors[0] == "C00000" else ("green", "red")

    def change(c: Comparison) -> tuple[str, dict[str, object]]:
        if c.growth is None:
            return "—", {}
        style: dict[str, object] = {"fg": down if c.growth < 0 else up}
        if c.fell:
            style["bold"] = True
        return pct(c.growth), style

    out = [click.style(line, bold=True) if colour and i == 0 else line for i, line in enumerate(header(r, lang))]
    table = _Table(
        [
            lab["customer_id"],
            lab["name"],
            lab["sales"],
            lab["before"],
            lab["change"],
            lab["growth_before"],
            lab["ly"],
            lab["growth_ly"],
            lab["flag"],
            lab["note"],
        ],
        right={2, 3, 4, 5, 6, 7},
    )
    for a in r.accounts:
        table.add(
            [
                a.customer_id,
                clip(a.name, NAME_COLS),
                _money(a.sales),
                _money(None if a.before.note == "not_in_data" else a.before.sales),
                _money(a.before.change),
                change(a.before),
                _money(None if a.ly.note == "not_in_data" else a.ly.sales),
                change(a.ly),
                (flag_text(a, lang), {"fg": down, "bold": True}) if a.flagged else "",
                (notes_text(a, lang), {"fg": "yellow"}),
            ]
        )
    out += ["", *table.render(colour)]
    for a in r.flagged:
        out += ["", _account_title(a, lang, colour, down)]
        for c in (a.before, a.ly):
            if c.fell:
                out += _drivers_table(c, lang, colour, down)
    return "\n".join(out)


def _account_title(a: AccountWatch, lang: str, colour: bool, down: str) -> str:
    from qbr.watch.export import flag_text

    text = f"{a.customer_id} {a.name}: {flag_text(a, lang)}"
    return click.style(text, fg=down, bold=True) if colour else text


def _drivers_table(c: Comparison, lang: str, colour: bool, down: str) -> list[str]:
    from qbr.watch.export import cause_label, driver_name, labels, pct, why

    lab = labels(lang)
    title = f"  {lab['basis_' + c.basis]} {pct(c.growth)} ({_money(c.change)})"
    table = _Table(
        [lab["kind"], lab["code"], lab["item"], lab["now"], lab["base"], lab["change"], lab["share"], lab["cause"]],
        right={3, 4, 5, 6},
    )
    drivers: list[Driver] = [*c.sku_drivers, *c.store_drivers]
    for d in drivers:
        table.add(
            [
                lab[d.kind],
                d.key,
                clip(driver_name(d, lang), NAME_COLS),
                _money(d.sales),
                _money(d.sales_base),
                (_money(d.change), {"fg": down}),
                "—" if d.share is None else f"{d.share:.1%}",
                cause_label(d, lang),
            ]
        )
    # why it fell and what to do, in the words of the deck's alerts slide
    return [title, *table.render(colour, indent="    "), *(f"    → {text}" for text in why(c, lang))]


def _write(path: Path, data: bytes) -> None:
    """Write atomically (a half-written file is never left behind) into an existing or new folder."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".~", suffix=path.suffix)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        if "tmp" in locals() and Path(tmp).exists():
            Path(tmp).unlink()
        raise QbrError.at(
            f"cannot be written ({exc.strerror or exc})",
            file=str(path),
            hint="close it if it is open in Excel, or pass another --out",
        ) from None


@click.command()
@data_option
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Last day of the period watched, e.g. 2023-11-26 (default: the last sales date).",
)
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=7,
    show_default=True,
    help="Length of the period: the DAYS days ending on --as-of, vs the DAYS days before.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1, max_open=True),
    default=None,
    help="Flag a fall of more than this fraction (default: qbr.toml's alerts.weekly_drop, 0.05).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "xlsx", "md"]),
    default="table",
    show_default=True,
    help="Terminal table, JSON, an xlsx workbook or a Markdown chat message.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of the terminal (xlsx default: watch_<as-of>.xlsx).",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Label language (default: qbr.toml's report.language).",
)
def watch(
    data_dir: Path,
    as_of: datetime | None,
    days: int,
    threshold: float | None,
    fmt: str,
    out: Path | None,
    lang: str | None,
) -> None:
    """Key accounts whose sales fell in the last DAYS days, and the SKUs/stores behind it.

    Compares the DAYS days ending on --as-of with the DAYS days before and with the same days a
    year earlier (364 days back, so weekdays line up). Key accounts are those of the quarter
    containing --as-of. Definitions: docs/watch.md.
    """
    from qbr.watch.check import result_to_dict, watch_dataset
    from qbr.watch.export import to_markdown, to_xlsx

    settings, dataset = load_data(data_dir)
    day: date | None = as_of.date() if as_of is not None else None
    result = watch_dataset(dataset, settings, day, days, threshold)
    lang = lang or settings.report.language
    if fmt == "xlsx":
        path = out or Path(f"watch_{result.as_of.isoformat()}.xlsx")
        _write(path, to_xlsx(result, lang))
        click.echo(f"wrote {path}")
        return
    if fmt == "json":
        text = json.dumps(result_to_dict(result), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "md":
        text = to_markdown(result, lang, settings.report.currency)
    else:
        text = render_table(result, lang, colour=out is None) + "\n"
    if out is None:
        click.echo(text, nl=False)
    else:
        _write(out, text.encode("utf-8"))
        click.echo(f"wrote {out}")
