"""Deck output: file names safe everywhere, nothing outside OUT, atomic writes, earlier decks kept."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from qbr.errors import QbrError
from qbr.output import deck_path, safe_stem, write_deck


@pytest.mark.parametrize(
    "customer_id",
    [
        "../../etc/passwd",
        "a/b\\c",
        "C:evil",
        "CON",
        "nul",
        "LPT1.txt",
        "  .. ",
        "店🙂铺",
        "x" * 200,
        "tab\there",
        'a:b*c?d"e<f>g|h',
    ],
)
def test_deck_path_stays_inside_out_with_a_portable_name(tmp_path: Path, customer_id: str) -> None:
    path = deck_path(tmp_path, customer_id, "2023Q4")
    assert tmp_path.resolve() in path.resolve().parents
    assert path.parent == tmp_path / "2023Q4"
    name = path.name
    assert not any(ch in name for ch in '<>:"/\\|?*\t')
    assert name.split(".")[0].split("_")[0].upper() not in {"CON", "NUL", "LPT1"}
    assert len(name.encode("utf-8")) <= 200
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"ok")  # the name is one this file system accepts


def test_safe_stem_keeps_ordinary_ids_unchanged() -> None:
    assert safe_stem("CNPC") == "CNPC" and safe_stem("KA-001") == "KA-001" and safe_stem("中石油") == "中石油"
    assert safe_stem("CON") == "_CON" and safe_stem("a/b") == "a_b"


def test_existing_deck_is_renamed_with_a_timestamp(tmp_path: Path) -> None:
    path = tmp_path / "d.pptx"
    path.write_bytes(b"old")
    w = write_deck(path, b"new", now=datetime(2024, 1, 8, 9, 30, 0))
    assert path.read_bytes() == b"new"
    assert w.kept == tmp_path / "d.20240108-093000.pptx" and w.kept.read_bytes() == b"old"
    again = write_deck(path, b"newer", now=datetime(2024, 1, 8, 9, 30, 0))  # same second: no clash
    assert again.kept == tmp_path / "d.20240108-093000-2.pptx" and again.kept.read_bytes() == b"new"


def test_failed_write_leaves_the_previous_deck_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "d.pptx"
    path.write_bytes(b"old")

    def full_disk(fd: int) -> None:  # a full disk shows when the data is flushed to it
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(QbrError, match="cannot write the deck"):
        write_deck(path, b"new" * 1000)
    monkeypatch.undo()
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["d.pptx"]


def test_read_only_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # CI runs as root, which ignores permission bits: simulate the refusal a user would get
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("qbr.output.tempfile.mkstemp", refuse)
    with pytest.raises(QbrError, match="cannot write here: Permission denied"):
        write_deck(tmp_path / "d.pptx", b"x")


def test_a_written_deck_follows_the_users_umask(tmp_path: Path) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        path = write_deck(tmp_path / "d.pptx", b"deck").path
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # 0666 & ~022, not mkstemp's 0600
