"""Compiled Jinja code of template tags, kept between runs.

Stage: template compile. Input: a tag's source, as `QbrSandbox.compile` and `.compile_expression`
receive it; output: the Python code object Jinja makes of it, from this process's store, from the
per-user cache (`qbr.cache`), or compiled now and kept.

Compiling is most of a template's parse: the customer deck and the brief hold about 300 tags, each
lexed, parsed, turned into Python source and compiled, about 0.25 s of a build. The code of a tag
depends only on its source and on what compiles it: Jinja's and Python's versions and qbr's
environment (its node transforms in `qbr.template.environment`, its filter, test and global
names). All of these make the fingerprint that names the cache entry, as Jinja's own bytecode
cache does it (marshal). A source that does not compile raises exactly as before: only code that
compiled is ever kept, so errors and their messages do not depend on the cache.
"""

from __future__ import annotations

import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any

from qbr.cache import cache_dir, read_entry, source_fingerprint, write_entry

# Entries kept in one cache file: about 15 templates' worth of tags, about 5 MB, read in about
# 20 ms. Tags used by this process are kept first, so an owner's edited templates push out old ones.
MAX_ENTRIES = 5000

Key = tuple[Any, ...]


class CodeCache:
    """The compiled tags of one environment fingerprint: what this process used, and the file."""

    def __init__(self, entry: str) -> None:
        self.entry = entry
        self._kept: dict[Key, CodeType] | None = None  # the file's entries, read on first need
        self._used: dict[Key, CodeType] = {}
        self.compiled = 0  # tags compiled (not found) by this process: for tests and benchmarks

    def get(self, key: Key) -> CodeType | None:
        code = self._used.get(key)
        if code is None:
            if self._kept is None:
                self._kept = _read(self.entry)
            code = self._kept.get(key)
            if code is not None:
                self._used[key] = code
        return code

    def put(self, key: Key, code: CodeType) -> None:
        self._used[key] = code
        self.compiled += 1

    def flush(self) -> None:
        """Write the file if this process compiled anything new; never raises."""
        if not self.compiled or cache_dir() is None:
            return
        merged = dict(self._used)
        for key, code in _read(self.entry).items():  # read again: another run may have added some
            if len(merged) >= MAX_ENTRIES:
                break
            merged.setdefault(key, code)
        if write_entry(self.entry, marshal.dumps(merged)):
            self._kept, self.compiled = merged, 0


def _read(entry: str) -> dict[Key, CodeType]:
    data = read_entry(entry)
    if data is None:
        return {}
    try:
        kept = marshal.loads(data)
    except (EOFError, ValueError, TypeError):  # a truncated or foreign file: start again
        return {}
    if not isinstance(kept, dict):
        return {}
    return {k: v for k, v in kept.items() if isinstance(k, tuple) and isinstance(v, CodeType)}


_CACHES: dict[tuple[Any, ...], CodeCache] = {}


def for_environment(filters: Any, tests: Any, globals_: Any) -> CodeCache:
    """The cache of an environment with these filter, test and global names (one per process)."""
    names = (tuple(sorted(filters)), tuple(sorted(tests)), tuple(sorted(globals_)))
    cache = _CACHES.get(names)
    if cache is None:
        import jinja2

        from qbr.template import environment

        fingerprint = source_fingerprint(
            [Path(environment.__file__), Path(__file__)],
            jinja2.__version__,
            sys.version,
            repr(names),
        )
        cache = _CACHES[names] = CodeCache(f"jinja-{fingerprint}.marshal")
    return cache


def flush() -> None:
    """Write what this process compiled (called once a template is parsed)."""
    for cache in _CACHES.values():
        cache.flush()
