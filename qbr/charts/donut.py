"""Donut: shares of one total (e.g. customer support by type), with the total in the hole.

Stage: charts. Input: a ChartSpec of kind "donut" (first series, one value per category) on a
matplotlib Axes. Output: wedges with their share printed on wedges big enough to hold it, the
total in the centre; legend handles (category, value) for `render.py` to place.
Missing (None) and non-positive values have no share of a whole: they are left out of the ring
and listed in the legend as "—" so nothing disappears silently.
"""

from __future__ import annotations

import math
from typing import Any

from qbr.charts.axes import value_label
from qbr.charts.labels import fit_label
from qbr.charts.spec import ChartSpec
from qbr.charts.style import MUTED, Style, ink_on

RING = 0.36  # ring width as a share of the radius
MIN_LABELLED_SHARE = 0.05  # smaller wedges are too thin to hold their percentage


def draw_donut(ax: Any, spec: ChartSpec, style: Style) -> list[tuple[Any, str]]:
    """Draw the ring; return (wedge, legend text) pairs in category order."""
    ax.set_axis_off()
    ax.set_aspect("equal")
    if not spec.series:
        return []
    series = spec.series[0]
    kept = [(i, v) for i, v in enumerate(series.values) if v is not None and v > 0]
    total = sum(v for _, v in kept)
    colours = [style.colour(i) for i, _ in kept]
    wedges, *_ = ax.pie(
        [v for _, v in kept],
        colors=colours,
        startangle=90,
        counterclock=False,
        wedgeprops={"width": RING, "linewidth": 1.2, "edgecolor": style.background or "white"},
    )
    for wedge, (_, value) in zip(wedges, kept, strict=True):
        share = value / total
        if share >= MIN_LABELLED_SHARE:
            angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
            radius = 1 - RING / 2
            ax.text(
                radius * math.cos(angle),
                radius * math.sin(angle),
                f"{share * 100:.0f}%",
                ha="center",
                va="center",
                fontsize=style.small,
                color=ink_on(wedge.get_facecolor()),
            )
    ax.text(
        0, 0.08, value_label(total, series.unit, style.lang), ha="center", va="center", fontsize=style.title_size * 1.1
    )
    ax.text(0, -0.18, series.name, ha="center", va="center", fontsize=style.small, color=MUTED)
    by_index = dict(zip((i for i, _ in kept), wedges, strict=True))
    handles = []
    for index, category in enumerate(spec.categories):
        name = fit_label(category, 12, 1)
        label = value_label(series.values[index], series.unit, style.lang)
        handles.append((by_index.get(index), f"{name}  {label}"))
    return handles
