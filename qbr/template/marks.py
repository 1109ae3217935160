"""Private-use marks that carry structure through Jinja's string output, and text cleaning.

Stage: template render. Jinja renders a paragraph to one string; the marks say where each
template run's output starts (RUN), where a value had a line break (BR) and which spans a
`delta` filter coloured (UP/DOWN ... END, defined in `qbr.formatting`). `qbr.template.text`
turns the marked string back into runs. Marks are characters of the Unicode private-use area, so
they cannot come from a user's data once `clean_value` has run.

`clean_value` is the gate every value passes (through Jinja's `finalize`, chart categories and
series names): XML 1.0 forbids most control characters and lxml refuses them, python-pptx would
show `\\x0b` as a visible `_x000B_`, so they are dropped, and line breaks become BR.
"""

from __future__ import annotations

import re

from qbr.formatting import DOWN, END, UP

RUN_OPEN = "\ue000"  # RUN_OPEN + run index + RUN_CLOSE starts a template run's output
RUN_CLOSE = "\ue001"
BR = "\ue002"  # a line break inside a value
COLOR_MARKS = UP + DOWN + END

_NEWLINES = re.compile(r"\r\n|[\r\n\x0b\x0c\u2028\u2029\x85]")
# Everything XML 1.0 forbids, plus the structural marks a value must not forge.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff" + RUN_OPEN + RUN_CLOSE + BR + "]")
_MARK_SPLIT = re.compile(f"{RUN_OPEN}(\\d+){RUN_CLOSE}")


def clean_value(text: str) -> str:
    """A value made safe for a text run: line breaks -> BR, forbidden characters removed."""
    if text.isprintable() and not any(ch in text for ch in (RUN_OPEN, RUN_CLOSE, BR)):
        return text  # the common case, fast
    return _NEWLINES.sub(BR, _FORBIDDEN.sub("", text))


def clean_plain(text: str) -> str:
    """Text for places without line breaks (chart categories, series names): breaks -> space."""
    return _FORBIDDEN.sub("", _NEWLINES.sub(" ", text)).translate({ord(c): None for c in COLOR_MARKS})


def run_mark(index: int) -> str:
    return f"{RUN_OPEN}{index}{RUN_CLOSE}"


def split_runs(rendered: str) -> list[tuple[int, str]]:
    """`"\\ue0000\\ue001Hi \\ue0001\\ue001Bob"` -> [(0, "Hi "), (1, "Bob")]; empty pieces kept."""
    parts = _MARK_SPLIT.split(rendered)
    # parts = [before-first-mark, idx, text, idx, text, ...]; text before any mark cannot occur
    # because every paragraph source starts with a mark.
    return [(int(parts[i]), parts[i + 1]) for i in range(1, len(parts) - 1, 2)]
