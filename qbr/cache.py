"""The per-user cache of work that does not change between runs: where it lives, how it is written.

Kernel (used by the template and data stages). Input: the environment (`QBR_CACHE_DIR`) and what a
stage wants kept; output: a folder, fingerprints of what a cached result depends on, and atomic
writes that never fail a build.

Two things are kept (docs/performance.md): the compiled Jinja code of a template's tags
(`qbr.template.codecache`) and the validated tables of a data folder (`qbr.data.cache`). Each is
keyed on everything its result depends on, qbr's own source code included, so a stale entry is
never used: it is simply not found. The cache is only ever a shortcut; a missing, unreadable or
corrupt entry means the work is done again, and a folder that cannot be written is skipped.

`QBR_CACHE_DIR=/some/folder` moves the cache; `QBR_CACHE_DIR=off` (or empty) turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import qbr

OFF = {"", "0", "off", "no", "none", "false"}


def cache_dir() -> Path | None:
    """The cache folder (not created here), or None when the user turned the cache off."""
    given = os.environ.get("QBR_CACHE_DIR")
    if given is not None:
        return None if given.strip().lower() in OFF else Path(given).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("qbr", appauthor=False))


def source_fingerprint(modules: Iterable[Path], *extra: str) -> str:
    """A digest of qbr's version, the given source files' bytes and `extra`: what a cached result
    was made by. Reading a few source files costs well under a millisecond."""
    h = hashlib.blake2b(digest_size=16)
    h.update(qbr.__version__.encode())
    for path in sorted(modules):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for part in extra:
        h.update(b"\0")
        h.update(part.encode())
    return h.hexdigest()


def read_entry(name: str) -> bytes | None:
    """The bytes kept under `name`, or None (no cache, no such entry, unreadable)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def write_entry(name: str, data: bytes) -> bool:
    """Keep `data` under `name`, atomically (a reader sees the old entry or the new one, never half
    of one); False when it could not be written, which is never an error for the caller."""
    folder = cache_dir()
    if folder is None:
        return False
    tmp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, folder / name)
        return True
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False
