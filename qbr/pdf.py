"""PDF export of written decks through LibreOffice.

Stage: deck output (optional). Input: .pptx paths. Output: each .pdf beside its deck. Each
LibreOffice process gets its own profile (two processes sharing one fail silently) and a timeout.
Starting LibreOffice costs about 2 s, converting a deck a fraction of that: `export_pdfs` converts
many decks in one process (`soffice --convert-to pdf a.pptx b.pptx ...`), which batches use.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from qbr.errors import QbrError

TIMEOUT_S = 180


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The LibreOffice program, or a QbrError saying how to install it."""
    soffice = find_soffice()
    if soffice is None:
        raise QbrError(
            "--pdf needs LibreOffice, which is not installed",
            hint="Debian/Ubuntu: apt-get install libreoffice-impress-nogui fonts-noto-cjk; "
            "Windows/macOS: install LibreOffice from libreoffice.org",
        )
    return soffice


PER_DECK_TIMEOUT_S = 60  # added to TIMEOUT_S per further deck of one conversion


def export_pdf(deck: Path) -> Path:
    """The deck's PDF beside it; raises QbrError when LibreOffice cannot make it."""
    result = export_pdfs([deck])[deck]
    if isinstance(result, QbrError):
        raise result
    return result


def export_pdfs(decks: list[Path]) -> dict[Path, Path | QbrError]:
    """Each deck's PDF beside it, converted by one LibreOffice process; per deck the PDF, or the
    QbrError saying why it was not made (one deck LibreOffice cannot read does not stop the rest).

    Decks must have distinct file names (LibreOffice names each PDF after its deck's stem)."""
    soffice = require_soffice()
    if not decks:
        return {}
    timeout = TIMEOUT_S + PER_DECK_TIMEOUT_S * (len(decks) - 1)
    results: dict[Path, Path | QbrError] = {}
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as outdir:
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            outdir,
            *[str(d) for d in decks],
        ]
        timed_out = False
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            timed_out = True
        for deck in decks:
            made = Path(outdir) / (deck.stem + ".pdf")
            if made.is_file() and made.stat().st_size > 0 and not timed_out:
                target = deck.with_suffix(".pdf")
                shutil.move(str(made), target)
                results[deck] = target
            elif timed_out:
                results[deck] = QbrError.at(f"LibreOffice did not finish the PDF within {timeout} s", file=str(deck))
            else:
                results[deck] = QbrError.at("LibreOffice could not convert the deck to PDF", file=str(deck))
    return results
