"""Run a batch plan: every key account's deck of a quarter, then the manifest and the overview.

Stage: batch. Input: a `BatchPlan` (`qbr.batch.plan`). Output: a `BatchResult` with one `Outcome`
per account (built or failed, and why), the manifest and the portfolio overview.

`run_batch` steps (after `plan_batch`'s 1-3):
  4. decks: per account `qbr.pipeline.account_decks` and the writes, in worker processes that
     received the loaded data and parsed template once (fork inherits the parent's; spawn
     unpickles the data and parses the same template bytes once per worker); a failing account
     is recorded with its reason and the others go on; with --pdf, the built decks are then
     converted a group per LibreOffice process (`qbr.batch.pdfs`);
  5. overview: OUT/QUARTER/key_accounts_QUARTER.xlsx, an earlier one kept aside like a deck;
  6. portfolio: OUT/QUARTER/portfolio_QUARTER.pptx, the owner's view of all the run's accounts
     (when the owner's briefs are built);
  7. manifest: compared with the previous run's, written atomically to OUT/QUARTER/manifest.json.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from qbr.batch.manifest import Change, build_manifest, figures_of, manifest_path, read_manifest, write_manifest
from qbr.batch.manifest import changes as figure_changes
from qbr.batch.overview import OverviewRow, overview_path, write_overview
from qbr.batch.pdfs import convert_built
from qbr.batch.plan import BUILT, CANCELLED, FAILED, BatchPlan, DeckFile, DeckJob, Outcome
from qbr.batch.portfolio import write_portfolio
from qbr.config import Settings
from qbr.data.dataset import Dataset
from qbr.errors import QbrError
from qbr.metrics.accounts import Decision
from qbr.pipeline import DeckTemplate, parse_template


@dataclass
class BatchResult:
    plan: BatchPlan
    outcomes: list[Outcome]  # in plan order (largest sales first)
    started: datetime
    finished: datetime
    manifest: Path | None = None
    previous_run: str | None = None  # started time of the previous manifest, if there was one
    previous_problem: str | None = None  # why the previous manifest could not be read
    changes: list[Change] = field(default_factory=list)
    overview: Path | None = None
    overview_kept: Path | None = None
    portfolio: Path | None = None  # the owner's portfolio deck
    portfolio_kept: Path | None = None
    output_problems: list[str] = field(default_factory=list)  # manifest/overview not written, and why

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status != BUILT]


# --- step 4: decks, in this process or in workers -------------------------------------------


@dataclass
class _WorkerState:
    settings: Settings
    dataset: Dataset
    decks: dict[str, DeckTemplate]  # per audience
    job: DeckJob


# The loaded data and parsed template of this process. Set in the parent before the pool starts,
# so that forked workers inherit it; spawned workers build it in `_init_worker`. An exception
# here means the worker could not set up, and every deck it is given fails with that reason.
_STATE: _WorkerState | BaseException | None = None


@dataclass(frozen=True)
class _SpawnPayload:
    settings: Settings
    dataset: Dataset  # pickles in milliseconds, and is exactly the data the parent validated
    templates: dict[str, tuple[bytes, str]]  # per audience: the bytes the parent hashed, and its name
    job: DeckJob


def _init_worker(payload: _SpawnPayload | None) -> None:
    """Runs once per worker process: Ctrl-C is the parent's to handle; spawn rebuilds the state."""
    global _STATE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if payload is None:
        return  # forked: the parent's state is already here
    try:
        from qbr.pipeline import import_build_stack

        import_build_stack()
        decks = {audience: parse_template(blob, name) for audience, (blob, name) in payload.templates.items()}
        _STATE = _WorkerState(payload.settings, payload.dataset, decks, payload.job)
    except BaseException as exc:  # reported per deck, not as a broken pool with no reason
        _STATE = exc


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, QbrError):
        return exc.format().replace("Error: ", "", 1)
    return f"{type(exc).__name__}: {exc}"


def build_one(customer_id: str) -> Outcome:
    """One account's deck from this process's state; never raises for a deck that fails."""
    from qbr.metrics import customer_metrics, engine_for
    from qbr.output import deck_path, write_deck
    from qbr.pipeline import account_decks, require_sales

    start = time.perf_counter()
    out = Outcome(customer_id, FAILED)
    state = _STATE
    try:
        if state is None:
            raise RuntimeError("batch worker has no data (run_batch sets it up)")
        if isinstance(state, BaseException):
            raise state
        job = state.job
        engine = engine_for(state.dataset, state.settings)
        metrics = customer_metrics(engine, customer_id, job.quarter)
        out.figures = figures_of(metrics)
        require_sales(engine, metrics)
        decks = account_decks(engine, state.settings, state.decks, metrics, job.lang, job.today)
        for audience, data in decks.items():
            path = deck_path(job.out_dir, customer_id, str(job.quarter), audience=audience, lang=job.lang)
            written = write_deck(path, data, force=job.force)
            out.files.append(
                DeckFile(audience, written.path, hashlib.sha256(data).hexdigest(), written.kept, written.replaced)
            )
        if job.pdf:
            from qbr.pdf import export_pdf

            for f in out.files:
                f.pdf = export_pdf(f.path)
        out.status = BUILT
    except Exception as exc:  # one bad account never stops the rest: record why and go on
        out.error = _error_text(exc)
        if not isinstance(exc, QbrError):
            out.detail = "".join(traceback.format_exception(exc))
    out.seconds = time.perf_counter() - start
    return out


def _mp_context() -> multiprocessing.context.BaseContext:
    """fork where it is safe (Linux): workers start instantly and share the parent's loaded data
    copy-on-write; spawn elsewhere (macOS and Windows, where fork is unsafe or missing).
    QBR_START_METHOD=spawn forces spawn, so tests can check that path on Linux."""
    method = os.environ.get("QBR_START_METHOD") or ("fork" if sys.platform.startswith("linux") else "spawn")
    return multiprocessing.get_context(method)


# A chart with Latin and Chinese text: drawing it finds and loads the fonts, fills matplotlib's text
# caches and imports its drawing modules, all of which every forked worker then inherits.
_WARM_CHART = {
    "kind": "column",
    "title": "销售额 Sales",
    "categories": ["一", "2"],
    "series": [{"name": "s", "values": [1.0, 2.0]}],
}


def _warm_up(lang: str, pictures: bool) -> None:
    """Import the rendering stack, and draw one small chart when a template has picture charts,
    before forking, so that each worker does not pay the first deck's extra cost (about 0.2 s of
    imports, font search and caches). The default templates' charts are all native."""
    from qbr.pipeline import import_build_stack

    import_build_stack()
    if not pictures:
        return
    from qbr.charts import render_chart

    with contextlib.suppress(Exception):  # only a head start: a chart that fails is reported with its deck
        render_chart(_WARM_CHART, 914_400, 685_800, lang=lang)


def _run_decks(
    plan: BatchPlan, on_done: Callable[[Outcome], None], on_started: Callable[[], None]
) -> dict[str, Outcome]:
    global _STATE
    ids = [d.customer_id for d in plan.accounts]
    outcomes: dict[str, Outcome] = {}
    previous = _STATE
    # PDFs are made after the decks, many per LibreOffice process (`qbr.batch.pdfs`), not per deck
    job = replace(plan.job, pdf=False)
    _STATE = _WorkerState(plan.settings, plan.dataset, plan.decks, job)
    try:
        if plan.jobs == 1:
            on_started()
            for cid in ids:  # no pool: nothing to start, and a debugger sees every frame
                outcomes[cid] = build_one(cid)
                on_done(outcomes[cid])
            return outcomes
        ctx = _mp_context()
        payload = None
        if ctx.get_start_method() == "fork":
            _warm_up(plan.job.lang, any(deck.template.picture_charts for deck in plan.decks.values()))
            # Objects the workers inherit are left out of the garbage collector's passes: a pass
            # writes to every object it visits, which would copy the parent's pages into each worker.
            gc.freeze()
        else:
            templates = {audience: (t.blob, str(t.path)) for audience, t in plan.templates.items()}
            payload = _SpawnPayload(plan.settings, plan.dataset, templates, job)
        pool = ProcessPoolExecutor(plan.jobs, mp_context=ctx, initializer=_init_worker, initargs=(payload,))
        try:
            futures: dict[Future[Outcome], str] = {pool.submit(build_one, cid): cid for cid in ids}
            # With fork every worker exists once the first job is submitted; only now may the
            # caller start threads (a progress display), which a fork must not copy mid-lock.
            on_started()
            for future in as_completed(futures):
                cid = futures[future]
                try:
                    outcomes[cid] = future.result()
                except Exception as exc:  # the worker died (killed, out of memory): the deck failed
                    outcomes[cid] = Outcome(cid, FAILED, error=_error_text(exc))
                on_done(outcomes[cid])
        except BaseException:
            # Ctrl-C: decks already written stay (each is atomic); nothing new is started.
            pool.shutdown(wait=True, cancel_futures=True)
            for cid in ids:
                outcomes.setdefault(cid, Outcome(cid, CANCELLED, error="run interrupted"))
            raise
        pool.shutdown(wait=True)
        return outcomes
    finally:
        gc.unfreeze()  # a no-op unless frozen above
        _STATE = previous


def run_batch(
    plan: BatchPlan,
    on_done: Callable[[Outcome], None] | None = None,
    on_started: Callable[[], None] | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> BatchResult:
    """Steps 4-7 of the module docstring. `on_started` is called once the workers exist, `on_done`
    as each deck finishes (both for a progress display). `executor` "dask" builds the decks on a
    Dask cluster (`qbr.batch.executors`; `scheduler` its address, or a local cluster)."""
    started = datetime.now().astimezone()
    done, ready = on_done or (lambda _o: None), on_started or (lambda: None)
    if executor == "dask":  # 4
        from qbr.batch.executors import run_decks

        by_id = run_decks(plan, replace(plan.job, pdf=False), done, ready, scheduler)
    else:
        by_id = _run_decks(plan, done, ready)
    if plan.job.pdf:
        convert_built([by_id[d.customer_id] for d in plan.accounts], plan.jobs)
    finished = datetime.now().astimezone()
    outcomes = [by_id[d.customer_id] for d in plan.accounts]
    result = BatchResult(plan, outcomes, started, finished)

    # The decks are written by now: an output beside them that cannot be written is reported
    # (exit status 1) rather than raised, so the summary of the decks is still shown.
    rows = [
        OverviewRow(
            d.customer_id, d.name, d.channel, d.reason, o.status, o.path.name if o.path else None, o.error,
            _row_figures(d, o),
        )
        for d, o in zip(plan.accounts, outcomes, strict=True)
    ]  # fmt: skip
    try:  # 5
        written = write_overview(
            overview_path(plan.job.out_dir, str(plan.job.quarter)), rows, plan, force=plan.job.force
        )
        result.overview, result.overview_kept = written.path, written.kept
    except QbrError as exc:
        result.output_problems.append(_error_text(exc))
    try:  # 6
        portfolio = write_portfolio(plan, outcomes)
        if portfolio is not None:
            result.portfolio, result.portfolio_kept = portfolio.path, portfolio.kept
    except QbrError as exc:
        result.output_problems.append(_error_text(exc))

    path = manifest_path(plan.job.out_dir, str(plan.job.quarter))  # 7: last, so it lists what was written
    previous, result.previous_problem = read_manifest(path)
    manifest = build_manifest(plan, outcomes, started, finished, path.parent, result.portfolio)
    if previous is not None:
        result.previous_run = str(previous.get("started", "")) or None
        result.changes = figure_changes(previous, manifest)
    try:
        result.manifest = write_manifest(path, manifest)
    except QbrError as exc:
        result.output_problems.append(_error_text(exc))
    return result


def _row_figures(d: Decision, o: Outcome) -> dict[str, float | None]:
    """The deck's figures; when its metrics failed, the few the key-account decision knows."""
    if o.figures is not None:
        return o.figures
    return {"sales": d.sales, "sales_ly": d.sales_ly, "yoy": d.yoy, "gross_margin": d.gross_margin}
