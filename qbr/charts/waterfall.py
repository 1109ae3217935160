"""Growth-contribution waterfall: last year's total, + gainers, − decliners, this year's total.

Stage: charts. Input: a ChartSpec of kind "waterfall": one series whose values are totals at the
`totals` indexes (default first and last) and changes everywhere else. Output: bars drawn on a
matplotlib Axes. `waterfall_steps` is pure so the geometry can be tested
without pixels.

Rules: a change of None is a gap (an empty slot, the running total carries over); a total of None
is the running total at that point (so the closing bar can be left for the chart to compute).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qbr.charts.axes import value_label
from qbr.charts.spec import ChartSpec
from qbr.charts.style import GRID, MUTED, Style


@dataclass(frozen=True)
class Step:
    """One waterfall bar: drawn from `bottom` up by `height` (never negative); `level` is the
    running total after the step."""

    kind: str  # "total", "up", "down" or "gap"
    bottom: float
    height: float
    level: float
    value: float | None  # the data value (computed for a None total)


def waterfall_steps(values: Sequence[float | None], totals: Sequence[int]) -> list[Step]:
    """Bars for a waterfall. [100, 30, -20, None, None] with totals (0, 4) ->
    total 0..100, up 100..130, down 110..130, gap at 110, total 0..110."""
    level = 0.0
    steps = []
    total_set = set(totals)
    for index, value in enumerate(values):
        if index in total_set:
            level = level if value is None else value
            steps.append(Step("total", min(0.0, level), abs(level), level, level))
        elif value is None:
            steps.append(Step("gap", level, 0.0, level, None))
        elif value >= 0:
            steps.append(Step("up", level, value, level + value, value))
            level += value
        else:
            steps.append(Step("down", level + value, -value, level + value, value))
            level += value
    return steps


def draw_waterfall(ax: Any, spec: ChartSpec, style: Style, show_labels: bool) -> None:
    """Draw the waterfall of `spec`'s first series on `ax`."""
    if not spec.series:
        return
    # The value axis always starts at 0: a total bar cut off below would overstate every change
    # next to it, and a finance reader takes bar lengths at face value.
    steps = waterfall_steps(spec.series[0].values, spec.totals)
    up, down = style.up_down
    colours = {"total": style.colour(0), "up": up, "down": down}
    width = 0.62
    for index, step in enumerate(steps):
        if step.kind == "gap":
            if show_labels:  # "—" at the running total: no data here, not a zero change
                ax.annotate(
                    "—",
                    (index, step.level),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=style.small,
                    color=MUTED,
                )
            continue
        top = step.bottom + step.height
        ax.bar(index, step.height, width, bottom=step.bottom, color=colours[step.kind], zorder=2)
        if show_labels:
            text = value_label(step.value, spec.unit, style.lang, signed=step.kind != "total")
            ax.annotate(
                text,
                (index, top),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=style.small,
                color=colours[step.kind] if step.kind != "total" else None,
            )
    # thin connectors from each bar's end to the next bar's start: the eye follows the running total
    for index in range(len(steps) - 1):
        level = steps[index].level
        ax.plot([index + width / 2, index + 1 - width / 2], [level, level], color=GRID, lw=0.9, zorder=1)
