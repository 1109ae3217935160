"""The validated tables of a data folder, kept between runs while the folder does not change.

Stage 1 of the pipeline (around `load_dataset` + `validate`). Input: the data folder, its
Settings, and the function that loads and validates it; output: the same `Dataset`, from the
per-user cache (`qbr.cache`) when the folder's tables are byte for byte those it was made from.

An owner builds one customer's deck after another from the same exports (and the check between
reviews reads them every few days): reading and checking 100,000 sales lines is about 0.25 s of
each build, reading them back from the cache about 0.02 s. The entry is keyed on everything the
tables depend on: the bytes of every file the loader could read (its name too), the folder's path
(the tables remember where each came from, for error messages), the settings (column aliases)
and qbr's data code. A folder whose files changed in any byte simply misses; only data that passed
validation is kept, so every problem is found and reported exactly as without the cache.

Folders over MAX_BYTES of tables are read every time: their cache entry would cost as much disk
as the exports and, while written, as much memory again as the tables.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from qbr.cache import cache_dir, read_entry, source_fingerprint, write_entry
from qbr.config import Settings
from qbr.data.dataset import Dataset
from qbr.data.load import table_files

MAX_BYTES = 64 * 1024 * 1024  # about 1.5 million sales lines of CSV
CHUNK = 1 << 20


def cached_dataset(folder: Path, settings: Settings, load: Callable[[], Dataset]) -> Dataset:
    """`load()` (which raises for bad data), or what it returned for these exact files before."""
    files = _table_files(folder)
    if cache_dir() is None or sum(stat.st_size for _, stat in files) > MAX_BYTES:
        return load()  # nothing to look up: not even the files are read twice
    key = _key(folder, settings, files)
    entry = f"data-{hashlib.blake2b(str(folder.resolve()).encode(), digest_size=12).hexdigest()}.pickle"
    kept = read_entry(entry)
    if kept is not None:
        stored_key, _, body = kept.partition(b"\n")
        if stored_key == key:
            try:
                dataset = pickle.loads(body)
            except Exception:  # a damaged entry is only a miss
                dataset = None
            if isinstance(dataset, Dataset):
                return dataset
    dataset = load()
    if _stamps(_table_files(folder)) == _stamps(files):  # not kept if a file changed while it was read
        write_entry(entry, key + b"\n" + pickle.dumps(dataset, protocol=pickle.HIGHEST_PROTOCOL))
    return dataset


def _table_files(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """The files the loader reads (`qbr.data.load.table_files`), with their size and time."""
    try:
        return [(p, p.stat()) for p in table_files(folder)]
    except OSError:
        return []


def _stamps(files: list[tuple[Path, os.stat_result]]) -> list[tuple[str, int, int]]:
    return [(p.name, stat.st_size, stat.st_mtime_ns) for p, stat in files]


def _key(folder: Path, settings: Settings, files: list[tuple[Path, os.stat_result]]) -> bytes:
    """Hex digest of everything the validated tables depend on (no newline in it)."""
    code = sorted(Path(__file__).parent.glob("*.py"))  # the loader, parsers, schema, validation
    h = hashlib.blake2b(digest_size=20)
    h.update(source_fingerprint([*code, Path(__file__).parent.parent / "config.py"]).encode())
    h.update(f"{folder}\0{folder.resolve()}".encode())  # the tables name their files as given
    h.update(repr(settings).encode())
    for path, stat in files:
        h.update(f"\0{path.name}\0{stat.st_size}\0".encode())
        with path.open("rb") as f:
            while chunk := f.read(CHUNK):
                h.update(chunk)
    return h.hexdigest().encode()
