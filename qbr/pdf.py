"""PDF export of a written deck through LibreOffice.

Stage: deck output (optional). Input: a .pptx path. Output: the .pdf beside it. Each conversion
gets its own LibreOffice profile (two processes sharing one fail silently) and a timeout.
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


def export_pdf(deck: Path) -> Path:
    soffice = require_soffice()
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as outdir:
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            outdir,
            str(deck),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise QbrError.at(f"LibreOffice did not finish the PDF within {TIMEOUT_S} s", file=str(deck)) from None
        made = Path(outdir) / (deck.stem + ".pdf")
        if not made.is_file() or made.stat().st_size == 0:
            raise QbrError.at("LibreOffice could not convert the deck to PDF", file=str(deck))
        target = deck.with_suffix(".pdf")
        shutil.move(str(made), target)
    return target
