"""The validated tables of a data folder kept between runs (`qbr.data.cache`): a hit gives exactly
what loading gives, and any change of a byte, of the settings or of the folder misses."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import qbr.data.cache as data_cache
from qbr.data import load as load_module
from qbr.errors import QbrError
from qbr.pipeline import load_data


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("data-*.pickle"))


def _no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("the tables were read again instead of coming from the cache")

    monkeypatch.setattr(load_module, "load_dataset", refuse)


def test_a_second_load_of_the_same_files_comes_from_the_cache_and_equals_a_fresh_load(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QBR_CACHE_DIR", str(tmp_path / "cache"))
    load_data(mini)
    assert len(_entries(tmp_path / "cache")) == 1
    with monkeypatch.context() as m:
        _no_loading(m)
        _, cached = load_data(mini)
    monkeypatch.setenv("QBR_CACHE_DIR", "off")
    _, fresh = load_data(mini)
    assert cached.tables.keys() == fresh.tables.keys()
    for name, table in fresh.tables.items():
        pd.testing.assert_frame_equal(cached.tables[name], table)
    assert cached.sources == fresh.sources
    # the fixture's first sales line, as the file gives it
    assert cached.sales["amount"].iloc[0] == 1234.50


def test_one_changed_byte_is_read_again(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QBR_CACHE_DIR", str(tmp_path / "cache"))
    load_data(mini)
    sales = mini / "sales.csv"
    sales.write_text(sales.read_text(encoding="utf-8").replace("1234.50", "1234.60"), encoding="utf-8")
    _, dataset = load_data(mini)
    assert dataset.sales["amount"].iloc[0] == 1234.60


def test_a_changed_setting_is_read_again(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QBR_CACHE_DIR", str(tmp_path / "cache"))
    # two amount columns in the export; qbr.toml says which one is the amount
    sales = mini / "sales.csv"
    lines = sales.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace(",amount,", ",amt_net,") + ",amt_gross"
    lines[1:] = [f"{line},{v}" for v, line in zip((7, 8, 9, -10), lines[1:], strict=True)]  # the return: -10
    sales.write_text("\n".join(lines) + "\n", encoding="utf-8")
    toml = mini / "qbr.toml"
    toml.write_text('[columns]\namt_net = "amount"\n', encoding="utf-8")
    assert load_data(mini)[1].sales["amount"].iloc[0] == 1234.50
    toml.write_text('[columns]\namt_gross = "amount"\n', encoding="utf-8")  # only the settings change
    assert load_data(mini)[1].sales["amount"].iloc[0] == 7


def test_bad_data_is_never_kept_and_fails_the_same_way_twice(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QBR_CACHE_DIR", str(tmp_path / "cache"))
    sales = mini / "sales.csv"
    sales.write_text(sales.read_text(encoding="utf-8").replace("1234.50", "12x4"), encoding="utf-8")
    messages = []
    for _ in range(2):
        with pytest.raises(QbrError) as caught:
            load_data(mini)
        messages.append(caught.value.format())
    assert messages[0] == messages[1]
    assert "sales.csv" in messages[0] and "row 2" in messages[0]  # header is row 1
    assert _entries(tmp_path / "cache") == []


def test_a_damaged_entry_is_a_miss(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QBR_CACHE_DIR", str(tmp_path / "cache"))
    load_data(mini)
    [entry] = _entries(tmp_path / "cache")
    key, _, body = entry.read_bytes().partition(b"\n")
    entry.write_bytes(key + b"\n" + body[: len(body) // 2])  # cut in half, as by a full disk
    _, dataset = load_data(mini)
    assert dataset.sales["amount"].iloc[0] == 1234.50
    assert entry.read_bytes().partition(b"\n")[2] != body[: len(body) // 2]  # and written again whole


def test_the_cache_turned_off_writes_nothing(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QBR_CACHE_DIR", "off")
    monkeypatch.setenv("HOME", str(tmp_path))  # the default folder would be under it
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_data(mini)
    assert not any(tmp_path.rglob("data-*.pickle"))


def test_a_folder_over_the_size_limit_is_read_every_time(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QBR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(data_cache, "MAX_BYTES", 100)  # the mini folder's tables are about 1 KB
    load_data(mini)
    assert _entries(tmp_path / "cache") == []


def test_a_cache_folder_that_cannot_be_written_does_not_fail_the_load(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("QBR_CACHE_DIR", str(blocker / "cache"))
    _, dataset = load_data(mini)
    assert dataset.sales["amount"].iloc[0] == 1234.50
