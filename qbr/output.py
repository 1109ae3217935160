"""Where decks go and how they get there: safe file names, atomic writes, earlier decks kept.

Stage: deck output. Input: the output folder, a customer id, a quarter and the deck's bytes.
Output: the written path and what happened to a deck already at that path. Nothing is ever
written outside the output folder; a deck the owner may have edited is never silently replaced.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from qbr.errors import QbrError

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM = 80


def safe_stem(text: str) -> str:
    """A file-name part that is valid on Windows, macOS and Linux and cannot leave its folder."""
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub("_", text).strip().strip(".")
    text = text.replace("..", "_")
    if not text:
        text = "_"
    if text.split(".")[0].upper() in _RESERVED:
        text = "_" + text
    if len(text.encode("utf-8")) > MAX_STEM * 2:
        while len(text.encode("utf-8")) > MAX_STEM * 2:
            text = text[:-1]
    return text


# What each audience's file is called: the customer's deck, the owner's brief.
DECK_KINDS = {"customer": "QBR", "owner": "brief"}


def deck_path(
    out_dir: Path,
    customer_id: str,
    quarter: str,
    suffix: str = ".pptx",
    *,
    audience: str = "customer",
    lang: str = "zh",
) -> Path:
    """OUT/2023Q4/CNPC_2023Q4_QBR.pptx (customer, zh), ..._QBR_en.pptx, ..._brief.pptx, ..._brief_en.pptx;
    checked to stay inside OUT. Each language and audience has its own name, so none replaces another."""
    folder = out_dir / safe_stem(quarter)
    tail = DECK_KINDS[audience] + ("" if lang == "zh" else f"_{safe_stem(lang)}")
    path = folder / f"{safe_stem(customer_id)}_{safe_stem(quarter)}_{tail}{suffix}"
    if out_dir.resolve() not in path.resolve().parents:
        raise QbrError.at("would be written outside the output folder", file=str(path))
    return path


def _umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it: put it straight back
    os.umask(mask)
    return mask


@dataclass(frozen=True)
class Written:
    path: Path
    kept: Path | None  # where an earlier deck at `path` was moved, if there was one
    replaced: bool  # an earlier deck was overwritten (only with force)


def write_deck(path: Path, data: bytes, *, force: bool = False, now: datetime | None = None) -> Written:
    """Write atomically. An existing deck is renamed with a timestamp unless `force`."""
    lock = path.with_name("~$" + path.name)
    if lock.exists():
        raise QbrError.at(
            "is open in PowerPoint (its ~$ lock file is there)",
            file=str(path),
            hint="close it in PowerPoint and run again",
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise QbrError.at(f"cannot write here: {exc.strerror}", file=str(path.parent)) from None
    kept = None
    replaced = False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); a deck is an ordinary file, readable as the user's
        # umask allows (0644 under the usual 022), like one saved from PowerPoint
        os.chmod(tmp, 0o666 & ~_umask())
        if path.exists():
            if force:
                replaced = True
            else:
                stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
                kept = path.with_name(f"{path.stem}.{stamp}{path.suffix}")
                n = 1
                while kept.exists():
                    n += 1
                    kept = path.with_name(f"{path.stem}.{stamp}-{n}{path.suffix}")
                os.replace(path, kept)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if kept is not None and not path.exists():
            os.replace(kept, path)  # put the earlier deck back where the owner left it
        raise QbrError.at(
            f"cannot write the deck: {exc.strerror}",
            file=str(path),
            hint="check free disk space and that the folder is writable",
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Written(path, kept, replaced)
