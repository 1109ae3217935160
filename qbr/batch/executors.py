"""Batch decks on Dask's distributed scheduler: many machines instead of one machine's workers.

Stage: batch (step 4 of `qbr.batch.run`, `--executor dask`). Input: a `BatchPlan` and a scheduler
address (or none: a local cluster of --jobs worker processes is started). Output: one `Outcome`
per account, as the local executor gives.

  1. share the data: the validated tables are written once as Parquet to
     OUT/QUARTER/.qbr-data-RUN/ (the output folder is where every worker writes its decks, so it
     is on storage all of them see); tasks carry the folder's path, never pickled frames;
  2. one task per account: on its first task a worker process reads the Parquet tables and parses
     the template once (cached for the run), then builds the deck exactly as a local worker does
     (`qbr.batch.run.build_one`), so decks, manifest and overview are those of a local run;
  3. the shared folder is removed when the run ends.

Dask is an optional extra: `pip install "qbr[dask]"`.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qbr.batch import run as local
from qbr.batch.plan import FAILED, BatchPlan, DeckJob, Outcome
from qbr.config import Settings
from qbr.data.dataset import Dataset
from qbr.errors import Location, QbrError


@dataclass(frozen=True)
class SharedRun:
    """What each task needs besides its customer: small, pickled with every task."""

    data_dir: Path  # the Parquet tables
    folder: Path  # the data folder the tables came from (manifest and messages name it)
    sources: dict[str, Location]
    settings: Settings
    templates: dict[str, tuple[bytes, str]]  # per audience: the template's bytes and its name
    job: DeckJob
    run_id: str


_WORKER_RUNS: dict[str, Any] = {}  # run_id -> the worker state built from it, once per process


def _state_for(run: SharedRun) -> Any:
    state = _WORKER_RUNS.get(run.run_id)
    if state is None:
        import pandas as pd

        from qbr.pipeline import parse_template

        tables = {p.stem: pd.read_parquet(p) for p in sorted(run.data_dir.glob("*.parquet"))}
        dataset = Dataset(folder=run.folder, tables=tables, sources=run.sources)
        decks = {audience: parse_template(blob, name) for audience, (blob, name) in run.templates.items()}
        _WORKER_RUNS.clear()  # one run's data at a time in a worker
        state = _WORKER_RUNS[run.run_id] = local._WorkerState(run.settings, dataset, decks, run.job)
    return state


def build_task(customer_id: str, run: SharedRun) -> Outcome:
    """One account's deck on a Dask worker; never raises for a deck that fails."""
    try:
        local._STATE = _state_for(run)
    except Exception as exc:  # the worker cannot read the shared data: every deck says why
        return Outcome(customer_id, FAILED, error=local._error_text(exc))
    return local.build_one(customer_id)


def run_decks(
    plan: BatchPlan,
    job: DeckJob,
    on_done: Callable[[Outcome], None],
    on_started: Callable[[], None],
    scheduler: str | None,
) -> dict[str, Outcome]:
    """Every account's deck through a Dask cluster (`scheduler`, or a local one of plan.jobs)."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise QbrError(
            "--executor dask needs Dask, which is not installed",
            hint='pip install "qbr[dask]"',
        ) from None
    out = job.out_dir / str(job.quarter)
    run_id = uuid.uuid4().hex[:12]
    shared = out / f".qbr-data-{run_id}"
    shared.mkdir(parents=True, exist_ok=True)
    cluster = None
    try:
        for name, frame in plan.dataset.tables.items():  # 1
            frame.to_parquet(shared / f"{name}.parquet")
        run = SharedRun(
            shared.resolve(),
            plan.dataset.folder,
            dict(plan.dataset.sources),
            plan.settings,
            {audience: (t.blob, str(t.path)) for audience, t in plan.templates.items()},
            job,
            run_id,
        )
        if scheduler is None:
            cluster = LocalCluster(n_workers=plan.jobs, threads_per_worker=1, dashboard_address=None)
        try:
            client = Client(scheduler or cluster)
        except OSError as exc:
            raise QbrError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
        with client:
            ids = [d.customer_id for d in plan.accounts]
            futures = {
                client.submit(build_task, cid, run, key=f"qbr-deck-{cid}-{run_id}", pure=False): cid for cid in ids
            }  # 2
            on_started()
            outcomes: dict[str, Outcome] = {}
            for future in as_completed(futures):
                cid = futures[future]
                try:
                    outcomes[cid] = future.result()
                except Exception as exc:  # the worker died or lost the task: the deck failed
                    outcomes[cid] = Outcome(cid, FAILED, error=local._error_text(exc))
                on_done(outcomes[cid])
        return outcomes
    finally:
        if cluster is not None:
            cluster.close()
        shutil.rmtree(shared, ignore_errors=True)  # 3
