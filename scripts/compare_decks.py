"""Do two folders of decks show the same thing? For checking that a speed change changed no deck.

Input: two output folders (e.g. `build --all` before and after a change). Output: one line per
deck that differs, naming the zip entries (slides, charts, pictures, embedded workbooks' sheets)
whose bytes differ, and exit status 1 if any does. Zip entry dates and the embedded workbooks'
creation time (docProps/core.xml) are not content and are ignored; everything else is compared
byte for byte, embedded workbooks entry by entry.

    python scripts/compare_decks.py OUT_BEFORE OUT_AFTER
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

_IGNORED_IN_WORKBOOKS = {"docProps/core.xml"}


def entries(blob: bytes, prefix: str = "") -> dict[str, bytes]:
    """Every zip entry's bytes by name; an embedded workbook's entries as `WORKBOOK!ENTRY`."""
    found: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith(".xlsx"):
                found.update(entries(data, f"{prefix}{name}!"))
            elif not (prefix and name in _IGNORED_IN_WORKBOOKS):
                found[prefix + name] = data
    return found


def differences(before: bytes, after: bytes) -> list[str]:
    a, b = entries(before), entries(after)
    return sorted(n for n in a.keys() | b.keys() if a.get(n) != b.get(n))


def main(argv: list[str]) -> int:
    before_dir, after_dir = Path(argv[0]), Path(argv[1])
    decks = sorted(p.relative_to(before_dir) for p in before_dir.rglob("*.pptx"))
    after_decks = sorted(p.relative_to(after_dir) for p in after_dir.rglob("*.pptx"))
    bad = 0
    for missing in sorted(set(decks) ^ set(after_decks)):
        print(f"{missing}: only in one folder")
        bad += 1
    for rel in decks:
        if rel not in after_decks:
            continue
        diff = differences((before_dir / rel).read_bytes(), (after_dir / rel).read_bytes())
        if diff:
            bad += 1
            print(f"{rel}: {', '.join(diff[:8])}{' ...' if len(diff) > 8 else ''}")
    print(f"{len(decks)} decks compared, {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
