"""Plan a batch: everything that can stop the whole run, decided before any deck is written.

Stage: batch (orchestration, beside `qbr.pipeline.build_deck`). Input: a `BatchRequest` (data
folder, quarter, which accounts, template, output folder, language, jobs, flags). Output: a
`BatchPlan` that `qbr.batch.run.run_batch` carries out, and the `Outcome` record of one deck.

`plan_batch` steps:
  1. settings and data: load and validate once (bad data is a QbrError: exit 2, nothing written);
  2. accounts: the key accounts of the quarter by the `accounts` rules, narrowed by --customers
     and --channel, largest sales first (the longest decks start first, so workers finish together);
  3. template: read its bytes once (for the manifest's sha256) and parse them once.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from qbr import template_dir
from qbr.config import Settings
from qbr.data.dataset import Dataset
from qbr.data.schema import CHANNELS
from qbr.errors import QbrError
from qbr.metrics.accounts import Decision, key_accounts
from qbr.metrics.coverage import coverage
from qbr.pipeline import (
    AUDIENCE_CHOICES,
    DeckTemplate,
    import_build_stack,
    load_data,
    parse_template,
    read_template,
    resolve_template,
    with_as_of,
    with_meeting_date,
)
from qbr.quarter import Quarter

BUILT = "built"
FAILED = "failed"
CANCELLED = "cancelled"


@dataclass(frozen=True)
class BatchRequest:
    data_dir: Path
    quarter: Quarter
    customers: tuple[str, ...] = ()  # narrow to these key accounts (empty = all)
    channel: str | None = None  # narrow to this channel's key accounts
    template: Path | None = None
    out_dir: Path | None = None
    lang: str | None = None
    force: bool = False
    pdf: bool = False
    jobs: int | None = None  # None = the CPUs this process may use
    today: date | None = None
    audience: str = "both"  # customer, owner or both: which decks each account gets
    brief_template: Path | None = None
    as_of: date | None = None  # receivables known to this day
    meeting_date: date | None = None  # the covers' date (else report.meeting_date, else the default)


@dataclass(frozen=True)
class TemplateFile:
    """One audience's template: where it came from, its bytes (hashed for the manifest) and parsed."""

    path: Path
    blob: bytes
    sha256: str
    deck: DeckTemplate


@dataclass(frozen=True)
class DeckJob:
    """What every deck of the run shares; small and picklable, sent to each worker once."""

    quarter: Quarter
    out_dir: Path
    lang: str
    force: bool
    pdf: bool
    today: date


@dataclass
class BatchPlan:
    request: BatchRequest
    settings: Settings
    dataset: Dataset
    accounts: list[Decision]
    job: DeckJob
    templates: dict[str, TemplateFile]  # per audience, the customer's first
    jobs: int
    portfolio: TemplateFile | None = None  # the owner's portfolio deck, when the owner's decks are built

    @property
    def template_path(self) -> Path:
        """The first audience's template (the customer's deck, unless only the brief is built)."""
        return next(iter(self.templates.values())).path

    @property
    def decks(self) -> dict[str, DeckTemplate]:
        return {audience: t.deck for audience, t in self.templates.items()}


@dataclass
class DeckFile:
    """One file written for an account: the customer's deck or the owner's brief."""

    audience: str
    path: Path
    sha256: str
    kept: Path | None = None  # where an earlier deck was moved
    replaced: bool = False  # an earlier deck was overwritten (--force)
    pdf: Path | None = None


@dataclass
class Outcome:
    """What happened to one account's decks."""

    customer_id: str
    status: str  # built, failed or cancelled
    files: list[DeckFile] = field(default_factory=list)  # the customer's deck first
    error: str | None = None  # a QbrError's message, or "Type: message" of an unexpected exception
    detail: str | None = None  # the traceback of an unexpected exception (kept in the manifest)
    figures: dict[str, float | None] | None = None  # None when the metrics themselves failed
    seconds: float = 0.0

    def _first(self) -> DeckFile | None:
        return self.files[0] if self.files else None

    @property
    def path(self) -> Path | None:
        """The first file written (the customer's deck), for one-line summaries."""
        first = self._first()
        return first.path if first else None


def default_jobs() -> int:
    """The CPUs this process may run on (respects taskset/cgroups affinity where the OS tells)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def select_accounts(
    decisions: Sequence[Decision], quarter: Quarter, customers: Sequence[str] = (), channel: str | None = None
) -> list[Decision]:
    """The key accounts to build, largest sales first; a named customer that is unknown, not a key
    account or outside --channel is a QbrError, since silently skipping it would look like success."""
    if channel is not None and channel not in CHANNELS:
        raise QbrError(f'unknown channel "{channel}"', hint="channels are " + ", ".join(CHANNELS))
    by_id = {d.customer_id: d for d in decisions}
    problems: list[str] = []
    for cid in customers:
        d = by_id.get(cid)
        if d is None:
            problems.append(f'"{cid}" is not in the customers table')
        elif not d.key_account:
            problems.append(f"{cid} is not a key account for {quarter} ({d.reason})")
        elif channel is not None and d.channel != channel:
            problems.append(f"{cid} is in the {d.channel} channel, not {channel}")
    if problems:
        raise QbrError(
            "--customers: " + "; ".join(problems),
            hint=f"`qbr accounts --quarter {quarter}` lists the key accounts and why; "
            "build any one customer's deck with --customer ID",
        )
    chosen = [
        d
        for d in decisions
        if d.key_account and (not customers or d.customer_id in customers) and (channel is None or d.channel == channel)
    ]
    if not chosen:
        where = f" in the {channel} channel" if channel else ""
        raise QbrError(
            f"no key accounts{where} for {quarter}, so there is no deck to build",
            hint=f"`qbr accounts --quarter {quarter}` shows each customer's decision",
        )
    return sorted(chosen, key=lambda d: (-d.sales, d.customer_id))


def plan_batch(req: BatchRequest) -> BatchPlan:
    """Steps 1-3 of the module docstring; raises QbrError for anything that stops the whole run."""
    if req.pdf:  # otherwise every deck would be written and then fail for the same reason
        from qbr.pdf import require_soffice

        require_soffice()
    import_build_stack()  # the imports without collector passes over them (workers inherit them)
    settings, dataset = load_data(req.data_dir)  # 1
    settings = with_meeting_date(with_as_of(settings, req.as_of), req.meeting_date)
    lang = req.lang or settings.report.language
    dataset = dataset.in_language(lang)  # names as the decks' language shows them
    coverage(dataset, req.quarter)  # a quarter outside the data stops here: no deck, manifest or overview
    accounts = select_accounts(
        key_accounts(dataset, settings, req.quarter),
        req.quarter,  # 2
        tuple(dict.fromkeys(req.customers)),
        req.channel,
    )
    templates = {}  # 3
    for audience, given in (("customer", req.template), ("owner", req.brief_template)):
        if audience not in AUDIENCE_CHOICES[req.audience]:
            continue
        templates[audience] = _template_file(resolve_template(given, settings, lang, audience))
    portfolio = _template_file(template_dir() / f"portfolio_{lang}.pptx") if "owner" in templates else None
    job = DeckJob(
        req.quarter, req.out_dir or Path(settings.report.output), lang, req.force, req.pdf, req.today or date.today()
    )
    jobs = max(1, min(req.jobs or default_jobs(), len(accounts)))
    return BatchPlan(req, settings, dataset, accounts, job, templates, jobs, portfolio)


def _template_file(path: Path) -> TemplateFile:
    # parsed from the bytes that are hashed: the manifest's sha256 is the template every deck used
    blob = read_template(path)
    return TemplateFile(path, blob, hashlib.sha256(blob).hexdigest(), parse_template(blob, str(path)))
