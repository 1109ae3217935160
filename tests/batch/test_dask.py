"""`build --executor dask` on a local Dask cluster gives the decks, manifest and overview of a local run.

Decks are compared part by part: two runs of qbr differ only in zip member times and in the
creation time inside each embedded chart workbook (docProps/core.xml), so every other part must be
byte-identical.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from openpyxl import load_workbook

from qbr.cli import main
from tests.conftest import ROOT

pytest.importorskip("distributed")

SAMPLE = ROOT / "sample_data"
SPECIAL = ["CNPC", "SP-001", "SP-002", "SP-003"]  # the special channel's key accounts


def run(out: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main,
        ["build", "--quarter", "2023Q4", "--data", str(SAMPLE), "--channel", "special", "--out", str(out), *args],
    )


def parts(blob: bytes) -> dict[str, bytes]:
    """Every part of a zip package, embedded workbooks opened too, without their creation time."""
    found: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith(".xlsx"):
                for inner, inner_data in parts(data).items():
                    if inner != "docProps/core.xml":
                        found[f"{name}!{inner}"] = inner_data
            else:
                found[name] = data
    return found


def manifest_of(out: Path) -> dict[str, Any]:
    manifest = json.loads((out / "2023Q4" / "manifest.json").read_text(encoding="utf-8"))
    for key in ("started", "finished", "seconds", "jobs"):
        manifest.pop(key)
    for c in manifest["customers"]:
        c.pop("seconds")
        for d in c["decks"]:
            d.pop("sha256")  # of the whole file, zip times included
    return manifest


def overview_of(out: Path) -> list[list[Any]]:
    """Every cell of the overview but the time it was written."""
    book = load_workbook(out / "2023Q4" / "key_accounts_2023Q4.xlsx")
    rows = [[c.value for c in row] for ws in book.worksheets for row in ws.iter_rows()]
    return [r for r in rows if r[0] not in ("生成时间", "Generated")]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    here, cluster = tmp_path_factory.mktemp("local"), tmp_path_factory.mktemp("dask")
    first = run(here, "--jobs", "1")
    assert first.exit_code == 0, first.output
    second = run(cluster, "--executor", "dask", "--jobs", "2")
    assert second.exit_code == 0, second.output
    return here, cluster


def test_dask_decks_are_the_local_decks(runs: tuple[Path, Path]) -> None:
    here, cluster = runs
    for name in [f"{cid}_2023Q4_{kind}.pptx" for cid in SPECIAL for kind in ("QBR", "brief")]:
        local_parts = parts((here / "2023Q4" / name).read_bytes())
        dask_parts = parts((cluster / "2023Q4" / name).read_bytes())
        assert local_parts.keys() == dask_parts.keys()
        assert [n for n in local_parts if local_parts[n] != dask_parts[n]] == []


def test_dask_manifest_and_overview_are_the_local_ones(runs: tuple[Path, Path]) -> None:
    here, cluster = runs
    local_manifest, dask_manifest = manifest_of(here), manifest_of(cluster)
    assert sorted(c["customer_id"] for c in dask_manifest["customers"]) == sorted(SPECIAL)
    assert dask_manifest == local_manifest
    assert overview_of(cluster) == overview_of(here)


def test_the_shared_parquet_folder_is_removed(runs: tuple[Path, Path]) -> None:
    _, cluster = runs
    assert sorted(p.name for p in (cluster / "2023Q4").iterdir()) == sorted(
        [f"{c}_2023Q4_{kind}.pptx" for c in SPECIAL for kind in ("QBR", "brief")]
        + ["key_accounts_2023Q4.xlsx", "manifest.json", "portfolio_2023Q4.pptx"]
    )


def test_scheduler_without_the_dask_executor_is_a_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path, "--scheduler", "tcp://127.0.0.1:8786")
    assert result.exit_code == 2
    assert "--scheduler needs --executor dask" in result.output


def test_the_dask_executor_with_one_customer_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["build", "--quarter", "2023Q4", "--data", str(SAMPLE), "--customer", "CNPC", "--executor", "dask"],
    )
    assert result.exit_code == 2
    assert "--executor applies to a batch" in result.output
