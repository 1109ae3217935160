"""qbr: quarterly business review decks for a distributor's key customers."""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"


def template_dir() -> Path:
    """The folder holding the default templates.

    An installed wheel carries them inside the package (`qbr/templates`); a source checkout keeps
    them at the top of the repository, where owners find and restyle them.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "templates"
    return packaged if packaged.is_dir() else here.parent / "templates"
