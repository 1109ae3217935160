"""A batch's PDFs: every built deck converted by a few LibreOffice processes, not one per deck.

Stage: batch (after the decks, before the manifest). Input: the run's outcomes and its --jobs.
Output: each built deck's `pdf`, or the deck marked failed with the reason its PDF was not made.

LibreOffice takes about 2 s to start and a fraction of that per deck once running, so the built
decks are split into at most --jobs groups, each converted by one `soffice --convert-to pdf`
process with its own profile, the groups at the same time.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from qbr.batch.plan import BUILT, FAILED, Outcome
from qbr.errors import QbrError
from qbr.pdf import export_pdfs

MIN_DECKS_PER_PROCESS = 4  # fewer than this per process and a second start costs more than it saves


def convert_built(outcomes: list[Outcome], jobs: int) -> None:
    """Set `pdf` on every file of every built account (the customer's deck and the owner's brief),
    or mark the account failed with the reason (in place)."""
    built = [(o, f) for o in outcomes if o.status == BUILT for f in o.files]
    if not built:
        return
    processes = max(1, min(jobs, len(built) // MIN_DECKS_PER_PROCESS))
    groups = [built[i::processes] for i in range(processes)]
    with ThreadPoolExecutor(processes) as pool:  # each thread waits on its own soffice process
        results = list(pool.map(lambda group: export_pdfs([f.path for _, f in group]), groups))
    for group, made in zip(groups, results, strict=True):
        for o, f in group:
            pdf = made[f.path]
            if isinstance(pdf, QbrError):
                o.status, o.error = FAILED, pdf.format().replace("Error: ", "", 1)
            else:
                f.pdf = pdf
