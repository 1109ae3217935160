"""Compile qbr's sources to bytecode before a benchmark starts its fresh processes.

An installed qbr never compiles its sources at run time: `pip install` writes the `.pyc` files
(and an editable install writes them on first import). A machine with PYTHONDONTWRITEBYTECODE=1
set, as some containers and CI images have, would compile qbr's ~90 modules in every process
instead: 0.12 s of each build that no user pays. Writing the `.pyc` files once here (compileall
writes them whatever that variable says; imports then read them) measures what a user runs.
"""

from __future__ import annotations

import compileall
from pathlib import Path


def ensure_bytecode(root: Path) -> None:
    """Write the `__pycache__` files of the qbr package under `root` that are missing or stale."""
    compileall.compile_dir(root / "qbr", quiet=1)
