"""Shared fixtures: paths to the hand-made data sets and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/mini (three customers, three SKUs, four sales lines)."""
    dest = tmp_path / "data"
    shutil.copytree(DATA / "mini", dest)
    return dest


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
