"""LibreOffice for tests: convert decks to PDF (own profile, one call for many decks) and count pages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


def convert_to_pdf(decks: list[Path], outdir: Path) -> None:
    """One soffice run for all decks; each soffice needs its own profile (two sharing one fail)."""
    profile = outdir / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *[str(d) for d in decks],
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )


def pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=30).stdout
        return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    data = pdf.read_bytes()  # uncompressed page tree fallback
    return data.count(b"/Type /Page") - data.count(b"/Type /Pages")
