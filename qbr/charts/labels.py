"""Category labels that fit: long Chinese SKU names wrapped onto two lines or cut with "…".

Stage: charts. Input: category strings and the room for one label, measured in em (the width of
one Chinese character at the label's font size). Output: the label to draw, possibly with one
line break and an ellipsis. Pure Python; widths are estimated per character class rather than
measured, which is exact for CJK (every Han character is 1 em) and close enough for Latin text.
"""

from __future__ import annotations

import unicodedata

ELLIPSIS = "…"


def char_em(char: str) -> float:
    """Estimated advance of one character in em: CJK/fullwidth 1, digits/Latin about 0.55."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    if char == " ":
        return 0.3
    if char in "il.,:;'|!":
        return 0.3
    if char.isupper() or char in "mwMW%@":
        return 0.7
    return 0.55


def text_em(text: str) -> float:
    """Estimated width of a single line of text, in em."""
    return sum(char_em(ch) for ch in text)


def _take(text: str, width: float) -> tuple[str, str]:
    """Split `text` into the longest head no wider than `width` em and the rest.

    Breaks at a space when one keeps 40% of the line, so "季度目标 2,600万" splits between words
    and the number stays whole; Chinese may break between any two characters.
    """
    used = 0.0
    space, used_at_space = -1, 0.0
    for index, char in enumerate(text):
        if char == " ":
            space, used_at_space = index, used
        used += char_em(char)
        if used > width:
            # a space that keeps at least 40% of the line: break there, numbers and words stay whole
            if space > 0 and used_at_space >= width * 0.4:
                return text[:space], text[space + 1 :]
            return text[:index], text[index:]
    return text, ""


def _cut(text: str, width: float) -> str:
    """`text` shortened to `width` em, ending in "…" when anything was dropped."""
    if text_em(text) <= width:
        return text
    head, _ = _take(text, max(width - char_em(ELLIPSIS), 1.0))
    return head.rstrip() + ELLIPSIS


def fit_label(text: str, width_em: float, max_lines: int = 2) -> str:
    """`text` wrapped to at most `max_lines` lines of `width_em`, the last one cut with "…".

    fit_label("金禾 5L 一级压榨花生油", 8) -> "金禾 5L 一级压榨\\n花生油";
    fit_label("金禾 5L 一级压榨花生油", 6) -> "金禾 5L\\n一级压榨花…". A label that fits is returned unchanged.
    """
    text = " ".join(text.split())  # line breaks and runs of spaces from data: one space
    width_em = max(width_em, 2.0)  # never less than "X…"
    if text_em(text) <= width_em:
        return text
    lines: list[str] = []
    rest = text
    while rest and len(lines) < max_lines - 1:
        head, rest = _take(rest, width_em)
        if not head:  # a single character wider than the room: give up wrapping
            break
        lines.append(head)
    if rest:
        lines.append(_cut(rest, width_em))
    return "\n".join(lines)


def fit_labels(texts: list[str], width_em: float, max_lines: int = 2) -> list[str]:
    """`fit_label` for every category."""
    return [fit_label(text, width_em, max_lines) for text in texts]
