"""Customer ids that are hostile as file names stay inside the output folder, end to end."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from click.testing import CliRunner

from qbr.cli import main
from tests.conftest import DATA

HOSTILE = ["../../evil", "a/b\\c", "CON", "NUL.txt", "店🙂铺", "x" * 200, "C:drive", " .. "]
WINDOWS_FORBIDDEN = set('<>:"/\\|?*')


def _folder(tmp: Path) -> Path:
    folder = tmp / "data"
    shutil.copytree(DATA / "mini", folder)
    with (folder / "customers.csv").open("a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        for i, cid in enumerate(HOSTILE):
            writer.writerow([cid, f"客户/{i}", "special", "", "", ""])
    with (folder / "sales.csv").open("a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        for cid in HOSTILE:
            writer.writerow(["2023-11-01", cid, "P001", "1", "100", "", ""])
    return folder


def test_every_deck_of_hostile_ids_lands_inside_out_with_a_portable_name(tmp_path: Path) -> None:
    folder, out = _folder(tmp_path), tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--all",
            "--quarter",
            "2023Q4",
            "--data",
            str(folder),
            "--out",
            str(out),
            "--channel",
            "special",
            "--jobs",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("*") if p.is_file() and "data" not in p.relative_to(tmp_path).parts]
    decks = [p for p in written if p.suffix == ".pptx" and not p.name.startswith("portfolio_")]
    assert len(decks) == 2 * (len(HOSTILE) + 1)  # a deck and a brief each, and CNPC's
    for path in written:
        assert out.resolve() in path.resolve().parents, path
        assert not (set(path.name) & WINDOWS_FORBIDDEN), path.name
        assert path.name.split(".")[0].split("_")[0].upper() not in {"CON", "NUL"}
        assert len(path.name.encode("utf-8")) <= 255
    assert not (tmp_path / "evil").exists() and not (tmp_path.parent / "evil").exists()
