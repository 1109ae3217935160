"""Decks already in the output folder survive every run: open in PowerPoint, re-runs without
--force, batch re-runs, and a write that fails half way (through `qbr build`, CliRunner)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qbr.cli import main
from tests.conftest import ROOT

SAMPLE = ROOT / "sample_data"


def _build(out: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["build", "--quarter", "2023Q4", "--data", str(SAMPLE), "--out", str(out), *args])


def _deck(out: Path, cid: str = "CNPC") -> Path:
    return out / "2023Q4" / f"{cid}_2023Q4_QBR.pptx"


def test_a_deck_open_in_powerpoint_is_left_alone(tmp_path: Path) -> None:
    deck = _deck(tmp_path)
    deck.parent.mkdir(parents=True)
    deck.write_bytes(b"the owner's edited deck")
    (deck.parent / f"~${deck.name}").write_bytes(b"lock")
    result = _build(tmp_path, "--customer", "CNPC")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "open in PowerPoint" in result.output
    assert deck.read_bytes() == b"the owner's edited deck"
    assert sorted(p.name for p in deck.parent.iterdir()) == sorted([deck.name, f"~${deck.name}"])


def test_a_rerun_without_force_keeps_the_earlier_deck(tmp_path: Path) -> None:
    deck = _deck(tmp_path)
    deck.parent.mkdir(parents=True)
    deck.write_bytes(b"the owner's edited deck")
    result = _build(tmp_path, "--customer", "CNPC")
    assert result.exit_code == 0, result.output
    kept = [p for p in deck.parent.iterdir() if p.name.startswith("CNPC_2023Q4_QBR.") and p != deck]
    assert len(kept) == 1 and kept[0].read_bytes() == b"the owner's edited deck"
    assert "kept the earlier deck" in result.output and deck.read_bytes()[:2] == b"PK"


def test_a_batch_rerun_keeps_earlier_decks_and_the_overview(tmp_path: Path) -> None:
    args = ("--all", "--customers", "CNPC,SP-002", "--jobs", "1")
    first = _build(tmp_path, *args)
    assert first.exit_code == 0, first.output
    folder = tmp_path / "2023Q4"
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix in (".pptx", ".xlsx")}
    assert len(before) == 6  # two accounts' decks and briefs, the overview and the portfolio
    second = _build(tmp_path, *args)
    assert second.exit_code == 0, second.output
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix in (".pptx", ".xlsx")}
    assert len(after) == 12
    for name, data in before.items():  # every earlier file survives byte for byte, under a new name
        stem = name.rsplit(".", 1)[0]
        assert [n for n, d in after.items() if n.startswith(stem + ".") and n != name and d == data], name
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_failed_write_leaves_the_previous_deck_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deck = _deck(tmp_path)
    deck.parent.mkdir(parents=True)
    deck.write_bytes(b"previous deck")
    real_replace = os.replace
    calls = {"n": 0}

    def failing_once(src: object, dst: object) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr("qbr.output.os.replace", failing_once)
    result = _build(tmp_path, "--customer", "CNPC")
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "No space left" in result.output
    assert deck.read_bytes() == b"previous deck"
    assert [p.name for p in deck.parent.iterdir()] == [deck.name]
