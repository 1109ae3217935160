"""Where qbr's cache lives and how it is written (`qbr.cache`)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from qbr.cache import cache_dir, read_entry, write_entry


@pytest.mark.parametrize("value", ["off", "OFF", "", "0", "none"])
def test_the_cache_can_be_turned_off(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QBR_CACHE_DIR", value)
    assert cache_dir() is None
    assert write_entry("x", b"1") is False and read_entry("x") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CACHE_HOME is the Linux convention")
def test_by_default_the_cache_is_the_users_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QBR_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "qbr"


def test_an_entry_is_written_whole_and_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QBR_CACHE_DIR", str(tmp_path / "deep" / "cache"))
    assert write_entry("a.bin", b"first") and write_entry("a.bin", b"second")
    assert read_entry("a.bin") == b"second"
    assert sorted(p.name for p in (tmp_path / "deep" / "cache").iterdir()) == ["a.bin"]  # no temp file left


def test_a_folder_that_cannot_be_made_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("QBR_CACHE_DIR", str(tmp_path / "file" / "cache"))
    assert write_entry("a.bin", b"1") is False
    assert read_entry("a.bin") is None
