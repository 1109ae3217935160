"""Build a customer's review deck: the pipeline from data folder to written .pptx.

Stage: orchestration. Input: a `BuildRequest` (data folder, customer, quarter, template, output
folder, language, flags). Output: a `BuildResult` (where the deck went, what happened to an
earlier one, the PDF, timings).

`build_deck` steps:
  0. imports: everything a build uses, once per process, with the garbage collector off
     (`import_build_stack`);
  1. settings and data: `qbr.toml`, load every table, validate across tables (`load_data`);
  2. metrics: the engine (shared precompute) and the customer's figures;
  3. template: parse it once (its tags are checked before any figure is rendered);
  4. context: chart data, labels and notes around the metrics;
  5. deck: fill the template; charts PowerPoint cannot draw come from `qbr.charts`; text that
     would overflow its box is shrunk (`qbr.template.fit`);
  6. output: write atomically under OUT/QUARTER/, keep an earlier deck, export a PDF if asked.

Each customer gets two files from one build: the deck for the customer (an allow-list of the
context, `qbr.context.audience`) and the owner's brief (everything, with the asks and push-backs).
Every deck qbr writes goes through the same functions: batch generation runs steps 1 and 3 once
and 2, `account_decks` (4, 5) and 6 per account; `qbr template render` runs `fill_deck` (5) on a
JSON context.
"""

from __future__ import annotations

import gc
import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qbr import template_dir
from qbr.config import Settings
from qbr.errors import QbrError
from qbr.output import Written, deck_path, write_deck
from qbr.quarter import Quarter

if TYPE_CHECKING:
    from qbr.data.dataset import Dataset
    from qbr.metrics import CustomerMetrics
    from qbr.metrics.engine import MetricsEngine
    from qbr.template import Template


CUSTOMER, OWNER = "customer", "owner"
AUDIENCE_CHOICES = {"customer": (CUSTOMER,), "owner": (OWNER,), "both": (CUSTOMER, OWNER)}


@dataclass(frozen=True)
class BuildRequest:
    data_dir: Path
    customer_id: str
    quarter: Quarter
    template: Path | None = None  # the customer's deck
    out_dir: Path | None = None
    lang: str | None = None
    force: bool = False
    pdf: bool = False
    today: date | None = None
    audience: str = "both"  # customer, owner or both
    brief_template: Path | None = None  # the owner's brief
    as_of: date | None = None  # receivables known to this day (else report.as_of, else the data's newest)
    meeting_date: date | None = None  # the cover's date (else report.meeting_date, else the default)


@dataclass
class BuildResult:
    written: list[Written]  # the customer's deck first, then the owner's brief
    pdfs: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


_STACK_IMPORTED = False


def import_build_stack() -> None:
    """Import every module a build uses, once per process, with the garbage collector off, then
    freeze what exists out of its passes (`gc.freeze`).

    Importing pandas, python-pptx, jinja2 and qbr leaves about 100,000 objects that live as long
    as the process; with the collector on, its passes over them (three full passes during the
    imports and the build) took 0.1 s, a tenth of a build. Frozen objects are still freed when
    nothing refers to them. Batch workers forked after the parent ran this inherit it; spawned
    ones run it before their first deck.
    """
    global _STACK_IMPORTED
    if _STACK_IMPORTED:
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        import pptx.chart.xlsx  # noqa: F401  (xlsxwriter: each native chart's workbook)

        import qbr.context.build
        import qbr.data.cache
        import qbr.data.validate
        import qbr.metrics
        import qbr.template
        import qbr.template.fit
        import qbr.template.properties  # noqa: F401
    finally:
        _STACK_IMPORTED = True
        gc.freeze()
        if enabled:
            gc.enable()


def build_deck(req: BuildRequest) -> BuildResult:
    """Steps in the module docstring; raises QbrError for any bad input, writing nothing."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    import_build_stack()  # 0
    from qbr.metrics import customer_metrics, engine_for

    lap("imports")

    if req.pdf:  # known before anything is written: no deck without the PDF that was asked for
        from qbr.pdf import require_soffice

        require_soffice()
    settings, dataset = load_data(req.data_dir)  # 1
    settings = with_meeting_date(with_as_of(settings, req.as_of), req.meeting_date)
    lang = req.lang or settings.report.language
    dataset = dataset.in_language(lang)  # names as the deck's language shows them
    lap("load")
    engine = engine_for(dataset, settings)  # 2
    metrics = customer_metrics(engine, req.customer_id, req.quarter)
    require_sales(engine, metrics)
    lap("metrics")
    templates = {  # 3
        audience: load_template(resolve_template(given, settings, lang, audience))
        for audience, given in ((CUSTOMER, req.template), (OWNER, req.brief_template))
        if audience in AUDIENCE_CHOICES[req.audience]
    }
    lap("template")
    decks = account_decks(engine, settings, templates, metrics, lang, req.today or date.today())  # 4, 5
    lap("render")
    out_dir = req.out_dir or Path(settings.report.output)
    written = [  # 6
        write_deck(
            deck_path(out_dir, req.customer_id, str(req.quarter), audience=audience, lang=lang), data, force=req.force
        )
        for audience, data in decks.items()
    ]
    pdfs = []
    if req.pdf:
        from qbr.pdf import export_pdf

        pdfs = [export_pdf(w.path) for w in written]
    lap("write")
    return BuildResult(written, pdfs, timings)


def load_data(data_dir: Path) -> tuple[Settings, Dataset]:
    """Settings and the validated data set of a folder; raises QbrError on any bad input.

    The front of every command that reads data (pandas is imported here, not at start-up).
    """
    from qbr.config import load_settings
    from qbr.data.cache import cached_dataset
    from qbr.data.load import load_dataset
    from qbr.data.validate import validate

    if not data_dir.is_dir():
        raise QbrError.at(
            "no such data folder",
            file=str(data_dir),
            hint="pass --data with the folder holding customers, products and sales",
        )
    settings = load_settings(data_dir)

    def load() -> Dataset:
        dataset = load_dataset(data_dir, settings)
        validate(dataset)
        return dataset

    return settings, cached_dataset(data_dir, settings, load)


def with_as_of(settings: Settings, as_of: date | None) -> Settings:
    """--as-of over qbr.toml's report.as_of."""
    from dataclasses import replace

    return settings if as_of is None else replace(settings, report=replace(settings.report, as_of=as_of.isoformat()))


def with_meeting_date(settings: Settings, meeting_date: date | None) -> Settings:
    """--meeting-date over qbr.toml's report.meeting_date."""
    from dataclasses import replace

    if meeting_date is None:
        return settings
    return replace(settings, report=replace(settings.report, meeting_date=meeting_date.isoformat()))


def resolve_template(template: Path | None, settings: Settings, lang: str, audience: str = CUSTOMER) -> Path:
    """--template (--brief-template), else qbr.toml's report.template (report.brief_template), else
    the default template of the language and audience."""
    if template is not None:
        return template
    configured_name = settings.report.brief_template if audience == OWNER else settings.report.template
    if configured_name:
        configured = Path(configured_name)
        if not configured.is_absolute() and not configured.exists() and settings.path is not None:
            beside = settings.path.parent / configured
            if beside.exists():
                return beside
        return configured
    return template_dir() / f"{'brief' if audience == OWNER else 'qbr'}_{lang}.pptx"


@dataclass(frozen=True)
class DeckTemplate:
    """A parsed template and its theme colours (for rendered charts), loaded once per run."""

    template: Template
    palette: list[str]


def load_template(path: Path) -> DeckTemplate:
    return parse_template(read_template(path), str(path))


def read_template(path: Path) -> bytes:
    """The template's bytes; a missing file is a user's mistake."""
    if not path.is_file():
        raise QbrError.at(
            "template not found",
            file=str(path),
            hint="pass --template (--brief-template) with a .pptx, or set report.template (report.brief_template) "
            "in qbr.toml",
        )
    return path.read_bytes()


def parse_template(blob: bytes, name: str) -> DeckTemplate:
    """Parse a template from its bytes (batch hashes the same bytes for its manifest)."""
    from qbr.template import Template

    return DeckTemplate(Template.from_bytes(blob, name), theme_colours(blob))


def theme_colours(template_blob: bytes) -> list[str]:
    """accent1..accent6 of the template's theme, so rendered charts match the deck's colours."""
    try:
        with zipfile.ZipFile(io.BytesIO(template_blob)) as z:
            name = next((n for n in z.namelist() if re.fullmatch(r"ppt/theme/theme\d+\.xml", n)), None)
            xml = z.read(name).decode("utf-8") if name else ""
    except (zipfile.BadZipFile, KeyError):
        return []
    found = dict(re.findall(r'<a:(accent[1-6])>\s*<a:srgbClr val="([0-9A-Fa-f]{6})"', xml))
    return [found[f"accent{i}"] for i in range(1, 7) if f"accent{i}" in found]


def require_sales(engine: MetricsEngine, metrics: CustomerMetrics) -> None:
    """A customer with no sales line in the quarter has nothing to review: one clear error naming
    it and its last sale, before any template is filled (not a chart that "contains no categories")."""
    from qbr.metrics.common import day_date, day_number

    code = engine.code(metrics.customer_id)
    lines = engine.lines(code)
    q = metrics.quarter
    now = lines.span(day_number(q.start), day_number(q.end))
    if now.stop > now.start:
        return
    before = lines.day[: now.start]
    last = (
        f"its last sale was on {day_date(int(before.max())).isoformat()}" if before.size else "it has no sales before"
    )
    raise QbrError(
        f'customer "{metrics.customer_id}" has no sales in {q} ({last}), so there is no quarter to review',
        hint="build a quarter in which it bought, or check that the sales export includes it",
    )


def account_decks(
    engine: MetricsEngine,
    settings: Settings,
    templates: dict[str, DeckTemplate],
    metrics: CustomerMetrics,
    lang: str,
    today: date,
) -> dict[str, bytes]:
    """Steps 4 and 5 for one customer's metrics: per audience (customer, owner) its context and its
    template filled with it. The customer's context is an allow-list (`qbr.context.audience`)."""
    from qbr.context.build import base_context, for_audience

    base = base_context(engine, metrics, settings, lang, today)
    currency = settings.report.currency
    return {
        audience: fill_deck(deck, for_audience(base, audience, lang, currency), lang, currency)
        for audience, deck in templates.items()
    }


def fill_deck(deck: DeckTemplate, context: dict[str, Any], lang: str, currency: str) -> bytes:
    """Step 5: the template filled with a context, charts PowerPoint cannot draw rendered as
    pictures in the template's colours, and text that would overflow its box shrunk."""
    from qbr.formatting import Formatter
    from qbr.template.fit import fit_text
    from qbr.template.properties import stamp_properties

    formatter = Formatter(language=lang, currency=currency)
    title = deck_title(context, formatter)
    author = _field(context, "distributor", "name")
    # the build date, not the clock: the same data and day give the same file, whichever worker
    # (local or Dask) built it
    made = _build_day(context)

    def finish(prs: Any) -> None:
        fit_text(prs)
        stamp_properties(prs, title, author, made)

    render_chart = None
    if deck.template.picture_charts:  # matplotlib (0.3 s with its fonts) only for a template that draws pictures
        from qbr.charts import render_for_engine

        render_chart = render_for_engine(lang, deck.palette or None)
    return deck.template.render(context, formatter=formatter, render_chart=render_chart, finish=finish)


DECK_KIND = {
    "zh": {CUSTOMER: "季度业务回顾", OWNER: "客户会谈准备（内部版）"},
    "en": {CUSTOMER: "Quarterly Business Review", OWNER: "Meeting brief (internal)"},
}


def _build_day(context: dict[str, Any]) -> datetime:
    """report.date (the build date) at midnight; today for a hand-written context without it."""
    report = context.get("report")
    day = report.get("date") if isinstance(report, dict) else None
    try:
        return datetime.combine(date.fromisoformat(str(day)), datetime.min.time())
    except ValueError:
        return datetime.combine(date.today(), datetime.min.time())


def _field(context: dict[str, Any], key: str, field: str) -> str:
    """context[key][field] as text, "" when a hand-written JSON context has no such dict."""
    value = context.get(key)
    return str(value.get(field) or "") if isinstance(value, dict) else ""


def deck_title(context: dict[str, Any], formatter: Any) -> str:
    """The title in the file's properties: customer, quarter and what the deck is, as on its cover."""
    name = _field(context, "customer", "name")
    kind = DECK_KIND.get(formatter.language, DECK_KIND["en"]).get(str(context.get("audience") or CUSTOMER), "")
    quarter = formatter.quarter(context["quarter"]) if context.get("quarter") else ""
    return " ".join(part for part in (name, quarter, kind) if part)
