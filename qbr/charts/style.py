"""One quiet chart style for every rendered chart: palette, font sizes, spines, grid, background.

Stage: charts. Input: the target box size in inches, the deck language, optionally the deck's
theme colours (hex strings) and a background colour. Output: a `Style` (colours and sizes) and
the matplotlib rcParams that apply it. No matplotlib import here: `rc_params` returns a plain
dict that `render.py` hands to `matplotlib.rc_context`.

Sizes: the figure is made at the box's real size in inches, so a 12 pt chart label reads like 12 pt
text on the slide. The base size grows with the box (small boxes 9 pt, full-slide charts 14 pt) so
labels stay readable at presentation distance without crowding a small box.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from qbr.formatting import Formatter

# Corporate blue / teal / grey, dark to light, so the first (most important) series is the
# strongest and series 2..n step back.
DEFAULT_PALETTE = ("#1F5A96", "#1B9AAA", "#8A939B", "#7FA7D1", "#8FD0C8", "#4D5560", "#C3CAD1")

TEXT = "#333B44"  # near-black: pure black looks harsh next to theme text
MUTED = "#6B7580"  # axis ticks, reference line labels
GRID = "#DDE1E6"
HIGHLIGHT = "#F2A541"  # alert weeks: an amber band behind the data, drawn light
REFERENCE = "#5F6B76"

_HEX = re.compile(r"^#?([0-9A-Fa-f]{6})$")


def normalise_colour(value: str) -> str:
    """ "1f5a96" or "#1F5A96" -> "#1F5A96"; anything else is a ValueError naming the value."""
    match = _HEX.match(value.strip())
    if not match:
        raise ValueError(f"colour {value!r} is not a hex RRGGBB colour")
    return "#" + match.group(1).upper()


def ink_on(fill: str | tuple[float, ...]) -> str:
    """Text colour readable on `fill` (hex or RGBA floats): white on dark fills, TEXT on light ones."""
    if isinstance(fill, str):
        hex_colour = normalise_colour(fill)
        red, green, blue = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    else:
        red, green, blue = fill[:3]
    # relative luminance weights (ITU-R BT.709); 0.6 keeps white on the palette's mid blues/teals
    return "white" if 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.6 else TEXT


def base_font_size(width_in: float, height_in: float) -> float:
    """Label size in points for a box: 6.5 pt + 1 pt per inch of the box's geometric mean size,
    kept within 9..14 pt (4x2.5 in -> 9.7 pt, 6x3.5 in -> 11.1 pt, full slide -> 14 pt)."""
    size = 6.5 + math.sqrt(max(width_in, 0.1) * max(height_in, 0.1))
    return round(min(max(size, 9.0), 14.0), 1)


@dataclass(frozen=True)
class Style:
    """Colours and sizes for one chart."""

    width_in: float
    height_in: float
    lang: str = "zh"
    palette: tuple[str, ...] = DEFAULT_PALETTE
    background: str | None = None  # None: transparent, the slide shows through
    fonts: tuple[str, ...] = ("DejaVu Sans",)
    font_size: float = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "font_size", base_font_size(self.width_in, self.height_in))

    def colour(self, index: int) -> str:
        return self.palette[index % len(self.palette)]

    @property
    def up_down(self) -> tuple[str, str]:
        """Colours for increases and decreases, the deck's convention (zh: red up, en: green up)."""
        up, down = Formatter(self.lang).colors
        return "#" + up, "#" + down

    @property
    def small(self) -> float:
        """Value labels and legend: a step below the axis labels."""
        return round(self.font_size * 0.9, 1)

    @property
    def title_size(self) -> float:
        return round(self.font_size * 1.15, 1)


def make_style(
    width_in: float,
    height_in: float,
    lang: str = "zh",
    palette: Sequence[str] | None = None,
    background: str | None = None,
    fonts: tuple[str, ...] = ("DejaVu Sans",),
) -> Style:
    """A Style for a box, with the deck's theme colours when given (empty list: the default)."""
    colours = tuple(normalise_colour(c) for c in palette) if palette else DEFAULT_PALETTE
    back = normalise_colour(background) if background else None
    return Style(width_in, height_in, lang, colours, back, fonts)


def rc_params(style: Style) -> dict[str, Any]:
    """matplotlib rcParams for the style: no top/right spines, light grid, no tick marks."""
    return {
        "font.family": list(style.fonts),
        "font.size": style.font_size,
        "text.color": TEXT,
        "axes.labelcolor": TEXT,
        "axes.edgecolor": GRID,
        "axes.linewidth": 0.8,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.axisbelow": True,  # grid lines behind the bars
        "axes.titlesize": style.title_size,
        "axes.titlelocation": "left",
        "axes.titleweight": "normal",
        "axes.unicode_minus": False,  # U+2212 is missing from some CJK fonts: use "-"
        "axes.facecolor": "none",
        "grid.color": GRID,
        "grid.linewidth": 0.6,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "xtick.labelcolor": TEXT,
        "ytick.labelcolor": TEXT,
        "xtick.major.size": 0,
        "ytick.major.size": 0,
        "xtick.major.pad": 4,
        "ytick.major.pad": 4,
        "legend.frameon": False,
        "legend.fontsize": style.small,
        "legend.handlelength": 1.2,
        "legend.borderaxespad": 0.2,
        "lines.linewidth": max(1.6, style.font_size / 6),
        "lines.markersize": max(4.0, style.font_size / 2.4),
        "patch.linewidth": 0,
        "hatch.linewidth": 0.5,
        "path.simplify": True,
        "figure.facecolor": style.background or "none",
        "savefig.facecolor": style.background or "none",
        "savefig.transparent": style.background is None,
    }
