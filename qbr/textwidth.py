"""Display width of text in a terminal or a spreadsheet column: Chinese characters take two.

Stage: presentation helpers shared by the commands and the exports.
"""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Columns a string takes: wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, cols: int, right: bool = False) -> str:
    """`text` padded with spaces to `cols` display columns (right-aligned when `right`)."""
    fill = " " * max(0, cols - width(text))
    return fill + text if right else text + fill
