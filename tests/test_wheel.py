"""A wheel built from the repository works on its own: templates inside, a deck from any folder."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # no build isolation: the build uses this environment's setuptools instead of downloading one
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("qbr-*.whl")
    return found


def test_the_wheel_holds_the_default_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"qbr/templates/qbr_zh.pptx", "qbr/templates/qbr_en.pptx"} <= names
    assert "qbr/py.typed" in names
    # every stage package made it in, not only the top level
    for stage in ("data", "metrics", "context", "commentary", "charts", "template", "batch", "watch", "commands"):
        assert f"qbr/{stage}/__init__.py" in names


def test_an_installed_wheel_builds_a_deck_from_an_empty_folder(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    # qbr's dependencies come from this environment (a plain path entry, so its editable qbr does
    # not come along): the fresh venv's own site-packages, holding the wheel's qbr, comes first
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    work = tmp_path / "empty"
    work.mkdir()
    done = subprocess.run(
        [
            str(python),
            "-m",
            "qbr",
            "build",
            "--data",
            str(ROOT / "sample_data"),
            "--customer",
            "CNPC",
            "--quarter",
            "2023Q4",
        ],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    where = subprocess.run(
        [str(python), "-c", "import qbr; print(qbr.__file__)"], cwd=work, capture_output=True, text=True
    ).stdout
    assert str(venv) in where  # the deck came from the installed wheel, not from the checkout
    assert (work / "out" / "2023Q4" / "CNPC_2023Q4_QBR.pptx").stat().st_size > 100_000
