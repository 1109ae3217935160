"""Shared fixtures: paths to the hand-made data sets and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
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


@pytest.fixture(autouse=True, scope="session")
def _qbr_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """qbr's cache (`qbr.cache`) in a folder of this test run, never the user's own; shared by the
    tests, as by a user's runs, so that they build with it as users do."""
    folder = tmp_path_factory.mktemp("qbr-cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("QBR_CACHE_DIR", str(folder))
    yield folder
    patch.undo()
