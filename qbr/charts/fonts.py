"""Find a font that draws Chinese, once per process, and tell the user when there is none.

Stage: charts (setup). Input: the fonts matplotlib knows, a few well-known font files, and the
`pylopdf_fonts_zh_cn` package (a qbr dependency that ships Noto Sans SC, OFL). Output:
`chart_fonts()`, the `font.family` list for every rendered chart: the CJK face, then a Latin face
that matplotlib falls back to per glyph.

The CJK face comes first, unlike the usual "Latin, then CJK" advice: every face accepted here
(YaHei, PingFang, Noto/Source Han, WenQuanYi) carries its own Latin and digits, so mixed labels
such as "金禾 5L" keep one design and baseline, and a Chinese glyph does not first miss in the
Latin face: measured 1.45 s -> 1.06 s CPU for the 8 charts of a deck. The Latin face still
catches any glyph the CJK face lacks.

matplotlib's default fonts have no Chinese: each character becomes a box plus one
"Glyph ... missing" warning. When no CJK font exists anywhere, `chart_fonts()` emits ONE
`MissingCjkFontWarning` with the install commands (instead of hundreds of glyph warnings, which
`render.py` silences in that case) and charts are still drawn, with boxes for Chinese.
"""

from __future__ import annotations

import functools
import os
import warnings
from dataclasses import dataclass

# Simplified-Chinese families in order of preference: the ones PowerPoint users have first
# (Windows, macOS), then the Linux ones. The "SC" face matters: JP/KR faces of the same
# collection draw some characters with non-mainland glyph forms.
CJK_FAMILIES = (
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "Noto Sans SC",
)

# Files that matplotlib's font cache may not list (installed after the cache was built, or in a
# folder fontconfig does not scan). Missing paths are simply skipped.
KNOWN_FONT_FILES = (
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/msyh.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "/Library/Fonts/PingFang.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/opt/homebrew/share/fonts/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/source-han-sans/SourceHanSansSC-Regular.otf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)

# Latin faces: the fallback for glyphs the CJK face lacks, and the only face when there is no CJK one.
# DejaVu Sans ships with matplotlib, so one always exists.
LATIN_FAMILIES = ("Arial", "Helvetica Neue", "Helvetica", "Liberation Sans", "DejaVu Sans")

INSTALL_HINT = (
    "no font with Chinese characters was found, so charts will show boxes instead of Chinese; "
    "install one with `pip install pylopdf-fonts-zh-cn` (Noto Sans SC) or "
    "`apt-get install fonts-noto-cjk`, or install Microsoft YaHei / Noto Sans CJK SC"
)


class MissingCjkFontWarning(UserWarning):
    """No CJK-capable font was found: Chinese text in rendered charts will be boxes."""


@dataclass(frozen=True)
class CjkFont:
    """A font that draws Chinese: the family name matplotlib knows it by and its file."""

    family: str
    path: str
    source: str  # "system", "file" or "package": where it was found, for diagnostics


def _known_families() -> dict[str, str]:
    """Family name -> file for every font matplotlib currently knows."""
    from matplotlib import font_manager

    return {entry.name: entry.fname for entry in reversed(font_manager.fontManager.ttflist)}


def _register(path: str) -> list[str]:
    """Add a font file to matplotlib; return the family names it brought (one per TTC face)."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    already = [entry.name for entry in manager.ttflist if entry.fname == path]
    if already:
        return already
    try:
        manager.addfont(path)
    except (OSError, RuntimeError, ValueError):
        return []  # unreadable or not a font: try the next candidate
    return [entry.name for entry in manager.ttflist if entry.fname == path]


def _best_family(names: list[str]) -> str | None:
    """The preferred simplified-Chinese face among a file's faces."""
    for family in CJK_FAMILIES:
        if family in names:
            return family
    # An unknown collection: prefer a mainland face by its usual suffixes.
    for name in names:
        if name.endswith((" SC", " CN", " GB")) or "YaHei" in name:
            return name
    return None


def _system_font() -> CjkFont | None:
    families = _known_families()
    for family in CJK_FAMILIES:
        if family in families:
            return CjkFont(family, families[family], "system")
    for path in KNOWN_FONT_FILES:
        if os.path.isfile(path):
            best = _best_family(_register(path))
            if best:
                return CjkFont(best, path, "file")
    return None


def _package_font() -> CjkFont | None:
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = str(pylopdf_fonts_zh_cn.sans_path())
    if not os.path.isfile(path):
        return None
    family = _best_family(_register(path))
    return CjkFont(family, path, "package") if family else None


def find_cjk_font() -> CjkFont | None:
    """The first CJK font found: system families, known files, then the PyPI package."""
    return _system_font() or _package_font()


def _latin_family() -> str:
    families = _known_families()
    return next((name for name in LATIN_FAMILIES if name in families), "DejaVu Sans")


@functools.cache
def chart_fonts() -> tuple[str, ...]:
    """`font.family` for charts: (CJK, Latin), or (Latin,) after warning once that CJK is missing.

    Cached: the search and the registration run once per process (call `chart_fonts.cache_clear()`
    to search again, e.g. in tests).
    """
    font = find_cjk_font()
    latin = _latin_family()
    if font is None:
        # stacklevel 2 points at whoever asked for fonts; the cache makes this the only warning.
        warnings.warn(INSTALL_HINT, MissingCjkFontWarning, stacklevel=2)
        return (latin,)
    _register(font.path)  # families found by name are known already; a no-op then
    return (font.family, latin)


def has_cjk_font() -> bool:
    """Whether rendered charts can draw Chinese (runs the cached search)."""
    return len(chart_fonts()) > 1
