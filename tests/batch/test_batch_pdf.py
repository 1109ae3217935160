"""A batch's PDFs: many decks per LibreOffice process, a deck LibreOffice cannot convert fails alone.

The first tests replace LibreOffice with a stand-in that records its command lines and writes a PDF
for every deck whose name does not contain "BROKEN"; the last one runs the real LibreOffice.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pptx import Presentation

from qbr import pdf
from qbr.batch.pdfs import convert_built
from qbr.batch.plan import BUILT, FAILED, DeckFile, Outcome
from qbr.cli import main
from qbr.errors import QbrError
from tests.conftest import ROOT
from tests.libreoffice import needs_soffice, pdf_pages

SAMPLE = ROOT / "sample_data"
SPECIAL = ["CNPC", "SP-001", "SP-003", "SP-002"]  # the special channel's key accounts


@pytest.fixture
def fake_soffice(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []

    def run(cmd: list[str], **_kw: Any) -> subprocess.CompletedProcess[bytes]:
        calls.append(cmd)
        outdir = Path(cmd[cmd.index("--outdir") + 1])
        profiles = [c for c in cmd if c.startswith("-env:UserInstallation=")]
        assert len(profiles) == 1
        for deck in cmd[cmd.index("--outdir") + 2 :]:
            if "BROKEN" not in deck:
                (outdir / (Path(deck).stem + ".pdf")).write_bytes(b"%PDF-1.4 " + Path(deck).name.encode())
        return subprocess.CompletedProcess(cmd, 0, b"", b"")

    monkeypatch.setattr(pdf, "require_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf.subprocess, "run", run)
    return calls


def _decks(folder: Path, names: list[str]) -> list[Path]:
    paths = [folder / f"{n}_2023Q4_QBR.pptx" for n in names]
    for p in paths:
        p.write_bytes(b"deck")
    return paths


def test_many_decks_one_process_and_a_broken_one_fails_alone(tmp_path: Path, fake_soffice: list[list[str]]) -> None:
    decks = _decks(tmp_path, ["A", "BROKEN", "C"])
    made = pdf.export_pdfs(decks)
    assert len(fake_soffice) == 1
    assert made[decks[0]] == tmp_path / "A_2023Q4_QBR.pdf"
    assert (tmp_path / "C_2023Q4_QBR.pdf").read_bytes() == b"%PDF-1.4 C_2023Q4_QBR.pptx"
    assert isinstance(made[decks[1]], QbrError)
    assert not (tmp_path / "BROKEN_2023Q4_QBR.pdf").exists()


def test_a_single_deck_that_cannot_convert_raises(tmp_path: Path, fake_soffice: list[list[str]]) -> None:
    (deck,) = _decks(tmp_path, ["BROKEN"])
    with pytest.raises(QbrError, match="could not convert"):
        pdf.export_pdf(deck)


def _built(customer_id: str, path: Path) -> Outcome:
    return Outcome(customer_id, BUILT, files=[DeckFile("customer", path, "sha")])


def test_built_decks_are_split_into_at_most_jobs_processes(tmp_path: Path, fake_soffice: list[list[str]]) -> None:
    names = [f"K{i:02d}" for i in range(9)] + ["BROKEN"]
    outcomes = [_built(n, p) for n, p in zip(names, _decks(tmp_path, names), strict=True)]
    outcomes.append(Outcome("X", FAILED, error="no deck"))
    convert_built(outcomes, jobs=2)
    # 10 built decks, 2 jobs: two LibreOffice processes of 5 decks each; the failed deck is not sent
    assert sorted(len(c) - c.index("--outdir") - 2 for c in fake_soffice) == [5, 5]
    assert [o.files[0].pdf.name if o.files[0].pdf else None for o in outcomes[:2]] == [
        "K00_2023Q4_QBR.pdf", "K01_2023Q4_QBR.pdf"]  # fmt: skip
    broken = outcomes[9]
    assert broken.status == FAILED and broken.files[0].pdf is None and "could not convert" in (broken.error or "")
    assert outcomes[10].error == "no deck"


def test_three_decks_go_to_one_process_even_with_two_jobs(tmp_path: Path, fake_soffice: list[list[str]]) -> None:
    names = ["A", "B", "C"]
    outcomes = [_built(n, p) for n, p in zip(names, _decks(tmp_path, names), strict=True)]
    convert_built(outcomes, jobs=2)
    assert len(fake_soffice) == 1  # fewer than 4 decks per process would waste a 2 s start


@needs_soffice
def test_batch_pdf_converts_every_deck_in_one_libreoffice_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    starts: list[list[str]] = []
    real_run = subprocess.run

    def counting(cmd: list[str], **kw: Any) -> Any:
        starts.append(cmd)
        return real_run(cmd, **kw)

    monkeypatch.setattr(pdf.subprocess, "run", counting)
    args = ["build", "--quarter", "2023Q4", "--data", str(SAMPLE), "--channel", "special", "--jobs", "1"]
    result = CliRunner().invoke(main, [*args, "--pdf", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(starts) == 1  # 4 accounts' decks and briefs (8 files), one LibreOffice process
    manifest = json.loads((tmp_path / "2023Q4" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(c["customer_id"] for c in manifest["customers"]) == sorted(SPECIAL)
    for c in manifest["customers"]:
        assert [d["audience"] for d in c["decks"]] == ["customer", "owner"]
        for d in c["decks"]:
            deck, made = tmp_path / "2023Q4" / d["file"], tmp_path / "2023Q4" / d["pdf"]
            assert pdf_pages(made) == len(Presentation(str(deck)).slides)
