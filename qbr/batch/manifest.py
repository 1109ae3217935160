"""The run manifest: what a batch run built, from what, and what changed since the run before.

Stage: batch output. Input: the batch plan (template, data, settings) and one outcome per account.
Output: OUT/QUARTER/manifest.json, written atomically; and, read back on the next run, the list of
accounts whose headline figures changed.

The manifest describes the latest run into its folder (a run narrowed with --customers describes
those accounts only); paths in it are relative to the manifest's folder when they lie inside it,
so the folder can be moved or shared as a whole.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qbr import __version__
from qbr.output import write_deck

if TYPE_CHECKING:
    from qbr.batch.plan import BatchPlan, Outcome
    from qbr.metrics import CustomerMetrics

MANIFEST_NAME = "manifest.json"
FORMAT = 2  # 2: decks per audience (the customer's deck and the owner's brief)

# Per account: the headline figures (what "changed since last run" compares) and the components
# the portfolio overview needs to recompute its totals' ratios from sums.
HEADLINE = ("sales", "yoy", "attainment", "gross_margin", "expense_ratio", "ar_overdue")
FIGURES = (
    "sales",
    "sales_prev",
    "sales_ly",
    "qoq",
    "yoy",
    "target",
    "attainment",
    "gross_profit",
    "gross_margin",
    "investment",
    "expense_ratio",
    "contribution",
    "ar_overdue",
)
# Money is compared to the cent, ratios to a hundredth of a percentage point: a difference
# below what a deck shows is not a change worth telling the owner about.
_TOLERANCE = {
    "sales": 0.005,
    "ar_overdue": 0.005,
    "yoy": 5e-5,
    "attainment": 5e-5,
    "gross_margin": 5e-5,
    "expense_ratio": 5e-5,
}


def manifest_path(out_dir: Path, quarter: str) -> Path:
    from qbr.output import safe_stem

    return out_dir / safe_stem(quarter) / MANIFEST_NAME


def figures_of(m: CustomerMetrics) -> dict[str, float | None]:
    """The figures the manifest and the overview keep, as plain floats (None = unknown)."""
    out: dict[str, float | None] = {}
    for name in FIGURES:
        value = getattr(m, name)
        out[name] = None if value is None or not math.isfinite(value) else float(value)
    return out


def _rel(path: Path | None, folder: Path) -> str | None:
    if path is None:
        return None
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return str(path)


def build_manifest(
    plan: BatchPlan,
    outcomes: list[Outcome],
    started: datetime,
    finished: datetime,
    folder: Path,
    portfolio: Path | None = None,
) -> dict[str, Any]:
    """The manifest as JSON-ready data (see docs/batch.md for each field)."""
    settings = plan.settings
    cutoff = plan.dataset.last_date
    req = plan.request
    customers = []
    for d, o in zip(plan.accounts, outcomes, strict=True):
        customers.append(
            {
                "customer_id": d.customer_id,
                "name": d.name,
                "channel": d.channel,
                "status": o.status,
                "decks": [
                    {
                        "audience": f.audience,
                        "file": _rel(f.path, folder),
                        "sha256": f.sha256,
                        "kept_earlier": _rel(f.kept, folder),
                        "replaced_earlier": f.replaced,
                        "pdf": _rel(f.pdf, folder),
                    }
                    for f in o.files
                ],
                "error": o.error,
                "traceback": o.detail,
                "seconds": round(o.seconds, 3),
                "reason": d.reason,
                "figures": o.figures,
            }
        )
    return {
        "format": FORMAT,
        "qbr_version": __version__,
        "quarter": str(plan.job.quarter),
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "seconds": round((finished - started).total_seconds(), 3),
        "jobs": plan.jobs,
        "templates": {audience: {"file": str(t.path), "sha256": t.sha256} for audience, t in plan.templates.items()},
        "data": {
            "folder": str(Path(plan.dataset.folder).resolve()),
            "cutoff": None if cutoff is None else cutoff.date().isoformat(),
        },
        "settings": {
            "config": None if settings.path is None else str(settings.path.resolve()),
            "language": plan.job.lang,
            "currency": settings.report.currency,
            "key_accounts": asdict(settings.key_accounts),
            "alerts": asdict(settings.alerts),
        },
        "selection": {"customers": list(req.customers) or None, "channel": req.channel, "force": req.force},
        "portfolio": _rel(portfolio, folder),
        "summary": {
            "accounts": len(outcomes),
            "built": sum(o.status == "built" for o in outcomes),
            "failed": sum(o.status != "built" for o in outcomes),
        },
        "customers": customers,
    }


def read_manifest(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    """(the previous manifest, None), (None, None) when there is none, or (None, why it is unusable).

    An unreadable manifest never stops a run: it only means nothing can be compared."""
    if not path.is_file():
        return None, None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"{path}: {exc}"
    if not isinstance(data, dict) or not isinstance(data.get("customers"), list):
        return None, f"{path}: not a qbr manifest"
    return data, None


@dataclass(frozen=True)
class Change:
    customer_id: str
    figure: str
    before: float | None
    after: float | None


def _differs(name: str, a: Any, b: Any) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    try:
        return abs(float(a) - float(b)) > _TOLERANCE.get(name, 1e-9)
    except (TypeError, ValueError):
        return a != b


def changes(previous: dict[str, Any], current: dict[str, Any]) -> list[Change]:
    """Headline figures that differ for accounts in both manifests with figures in both.

    Accounts new to this run, or whose figures are unknown in either run (a failed metric),
    are not "changes": there is nothing to compare."""
    before = {c.get("customer_id"): c.get("figures") for c in previous.get("customers", []) if isinstance(c, dict)}
    out: list[Change] = []
    for entry in current["customers"]:
        old, new = before.get(entry["customer_id"]), entry["figures"]
        if not isinstance(old, dict) or new is None:
            continue
        for name in HEADLINE:
            if _differs(name, old.get(name), new.get(name)):
                out.append(Change(entry["customer_id"], name, old.get(name), new.get(name)))
    return out


def write_manifest(path: Path, manifest: dict[str, Any]) -> Path:
    """Atomically replace the manifest: it is qbr's own record, not a file the owner edits."""
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    return write_deck(path, text.encode("utf-8"), force=True).path
