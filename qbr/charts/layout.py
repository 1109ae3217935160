"""Place the title, legend and plot inside the figure, in one measuring pass.

Stage: charts (after drawing, before saving). Input: a drawn Figure with one main Axes (plus a
twin for a secondary axis), an optional title and legend entries. Output: the axes moved so
that tick labels, value labels, notes and the legend all sit inside the box with a small pad.

Why not constrained layout: it measures every text twice per iteration and cost about 80 ms a
chart, a third of the render time. Here the axes' tight bounding box is measured once: on a
category chart the ticks do not depend on the axes size (fixed categories, a fixed tick count),
so the overflow measured at a first guess is the overflow at the final size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qbr.charts.labels import text_em
from qbr.charts.style import Style

PAD_PT = 4.0  # white space around the figure edge, points
GAP_PT = 4.0  # between title, legend and plot


def add_title(fig: Any, title: str, style: Style) -> Any:
    """The chart title, top-left of the figure (aligned with the legend below it)."""
    return fig.text(0, 1, title, ha="left", va="top", fontsize=style.title_size)


def add_legend(fig: Any, handles: Sequence[tuple[Any, str]], style: Style) -> Any:
    """A legend row (or rows) across the top; None for a single series (the title says it)."""
    if len(handles) < 2:
        return None
    widest = max(text_em(label) for _, label in handles) + 3  # + marker and spacing, in em
    width_pt = style.width_in * 72 - 2 * PAD_PT
    columns = max(1, min(len(handles), int(width_pt / (widest * style.small))))
    return fig.legend(
        [h for h, _ in handles],
        [label for _, label in handles],
        loc="upper left",
        ncols=columns,
        borderaxespad=0,
        borderpad=0,
        columnspacing=1.6,
    )


def arrange(fig: Any, axes: Sequence[Any], title: Any | None = None, legend: Any | None = None) -> None:
    """Stack title, legend and plot from the top and size the plot so its labels fit."""
    renderer = fig.canvas.get_renderer()
    scale = fig.dpi / 72
    width, height = fig.bbox.width, fig.bbox.height
    pad, gap = PAD_PT * scale, GAP_PT * scale
    top = height - pad  # pixels from the bottom, moving down as items are placed
    if title is not None:
        title.set_position((pad / width, top / height))
        top -= title.get_window_extent(renderer).height + gap
    if legend is not None:
        legend.set_bbox_to_anchor((pad / width, top / height), transform=fig.transFigure)
        top -= legend.get_window_extent(renderer).height + gap
    main = axes[0]
    # first guess, then measure how far labels stick out of the axes box on each side
    guess = [0.15, 0.15, 0.7, max(top / height - 0.3, 0.1)]
    for ax in axes:
        ax.set_position(guess)
    box = main.get_window_extent(renderer)
    tight = [ax.get_tightbbox(renderer) for ax in axes]
    left = box.x0 - min(t.x0 for t in tight)
    right = max(t.x1 for t in tight) - box.x1
    below = box.y0 - min(t.y0 for t in tight)
    above = max(t.y1 for t in tight) - box.y1
    x0, x1 = pad + left, width - pad - right
    y0, y1 = pad + below, top - above
    if x1 - x0 < width * 0.2 or y1 - y0 < height * 0.2:
        return  # labels larger than the box: keep the guess rather than a plot of nothing
    position = [x0 / width, y0 / height, (x1 - x0) / width, (y1 - y0) / height]
    for ax in axes:
        ax.set_position(position)
