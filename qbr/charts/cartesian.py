"""Bars and lines on category axes: column, bar (horizontal), line, column_line, stacked.

Stage: charts. Input: a ChartSpec, a matplotlib Axes and the Style. Output: the data drawn with
its gaps, highlight bands, reference line, value labels and category labels; the legend handles
are returned for `render.py` to place (it owns the figure layout).

Gaps: a None value draws nothing (no bar, a break in the line, no stacked segment) and is never a
zero; isolated points between gaps keep a marker so they stay visible.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from qbr.charts.axes import tick_formatter, value_label
from qbr.charts.labels import fit_label, fit_labels, text_em
from qbr.charts.spec import ChartSpec, Series
from qbr.charts.style import HIGHLIGHT, MUTED, REFERENCE, Style

GROUP = 0.78  # share of a category slot the bars of one category fill
MAX_MARKED_POINTS = 26  # beyond this, markers only on isolated points


def _nan(values: tuple[float | None, ...]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _isolated(values: tuple[float | None, ...]) -> list[int]:
    """Indexes of points with no neighbour on either side: a line cannot show them."""
    n = len(values)
    return [
        i
        for i, v in enumerate(values)
        if v is not None and (i == 0 or values[i - 1] is None) and (i == n - 1 or values[i + 1] is None)
    ]


class CategoryChart:
    """Draws one category chart; the geometry estimates live here so label decisions agree."""

    def __init__(self, ax: Any, spec: ChartSpec, style: Style) -> None:
        self.ax, self.spec, self.style = ax, spec, style
        self.horizontal = spec.kind == "bar"
        self.stacked = spec.kind == "stacked"
        self.n = max(len(spec.categories), 1)
        self.bars = [s for s in spec.drawn if s.kind in ("column", "bar")]
        self.lines = [s for s in spec.drawn if s.kind == "line"]
        self.notes = [s for s in spec.series if s.kind == "label"]
        self.handles: list[tuple[Any, str]] = []
        # Plot area estimate in points, before layout: the figure minus typical label margins.
        self.plot_w = style.width_in * 72 * (0.62 if self.horizontal else 0.86)
        self.plot_h = style.height_in * 72 * 0.72

    # -- geometry -----------------------------------------------------------------------------
    def bar_slot(self) -> float:
        """Thickness of one bar in points."""
        per_group = 1 if self.stacked else max(len(self.bars), 1)
        length = self.plot_h if self.horizontal else self.plot_w
        return length * GROUP / self.n / per_group

    def labels_fit(self, texts: list[str]) -> bool:
        """Value labels only when every one fits beside (horizontal) or above (vertical) its bar."""
        size = self.style.small
        if self.horizontal:
            return self.bar_slot() >= size * 1.05
        widest = max((text_em(t) for t in texts), default=0.0) * size
        return widest <= self.bar_slot() * 1.1 + 2 and self.n * max(len(self.bars), 1) <= 24

    # -- drawing ------------------------------------------------------------------------------
    def draw(self) -> list[tuple[Any, str]]:
        """Bars and lines of every series, then the axes; returns legend handles."""
        self.highlight()
        if self.stacked:
            self._stacked()
        else:
            self._grouped()
        for index, series in enumerate(self.lines):
            self._line(series, len(self.bars) + index)
        if self.spec.highlight and self.spec.highlight_label:
            from matplotlib.patches import Patch

            self.handles.append((Patch(color=HIGHLIGHT, alpha=0.22, lw=0), self.spec.highlight_label))
        return self.finish()

    def finish(self) -> list[tuple[Any, str]]:
        """Reference line, category labels, value ticks and grid (shared with the waterfall)."""
        ax = self.ax
        self._reference()
        self._category_axis()
        value_axis = ax.xaxis if self.horizontal else ax.yaxis
        value_axis.set_major_formatter(tick_formatter(self.spec.unit, self.style.lang))
        self._locator(value_axis, self.spec.unit)
        ax.grid(False)
        ax.grid(True, axis="x" if self.horizontal else "y")
        if self.horizontal:
            ax.spines["bottom"].set_visible(False)
            ax.margins(x=0.02, y=0.01)
        else:
            ax.margins(x=0.01, y=0.10)
            # a value axis of sales starts at zero, lines included: from 15万 a dip to 14万 looked
            # like a collapse (what goes below zero keeps matplotlib's own range)
            drawn = [v for series in self.spec.drawn for v in series.values if v is not None]
            if drawn and min(drawn) >= 0 and self.spec.unit in ("money", "count"):
                ax.set_ylim(bottom=0)
        return self.handles

    def _locator(self, axis: Any, unit: str) -> None:
        from matplotlib.ticker import MaxNLocator

        length = self.plot_w if self.horizontal else self.plot_h
        bins = max(2, min(6, int(length / (self.style.font_size * 4))))
        # steps: 1/2/2.5/5 x 10^n only, so ticks read 0, 50万, 100万 (never 150万 steps); at least
        # three labelled ticks, so a short axis is not just "0" and "20万" under a line at 30万
        axis.set_major_locator(
            MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10], integer=unit == "count", min_n_ticks=3)
        )

    def highlight(self) -> None:
        for index in self.spec.highlight:
            span = self.ax.axhspan if self.horizontal else self.ax.axvspan
            span(index - 0.5, index + 0.5, color=HIGHLIGHT, alpha=0.22, lw=0, zorder=0)

    def _bar(
        self,
        positions: Sequence[float],
        values: Sequence[float],
        width: float,
        bottoms: list[float] | None,
        colour: str,
    ) -> Any:
        if self.horizontal:
            return self.ax.barh(positions, values, width, left=bottoms, color=colour, zorder=2)
        return self.ax.bar(positions, values, width, bottom=bottoms, color=colour, zorder=2)

    def _grouped(self) -> None:
        count = len(self.bars)
        if not count:
            return
        width = GROUP / count
        labels = [value_label(v, s.unit, self.style.lang) for s in self.bars for v in s.values if v is not None]
        show = self.labels_fit(labels)
        for number, series in enumerate(self.bars):
            offset = (number - (count - 1) / 2) * width
            kept = [i for i, v in enumerate(series.values) if v is not None]
            values = [series.values[i] or 0.0 for i in kept]
            container = self._bar([i + offset for i in kept], values, width * 0.92, None, self.style.colour(number))
            self.handles.append((container, series.name))
            if show:
                texts = [value_label(v, series.unit, self.style.lang) for v in values]
                labels_drawn = self.ax.bar_label(container, texts, padding=2, fontsize=self.style.small, color=MUTED)
                if self.spec.reference is not None:
                    self._halo(labels_drawn)  # the dashed target line may cross a label
                self.mark_missing([i + offset for i, v in enumerate(series.values) if v is None])
        if show and self.horizontal:
            self._headroom(labels)
        if self.notes and self.horizontal:
            self._notes(self.notes[0])

    def _halo(self, texts: list[Any]) -> None:
        from matplotlib import patheffects

        halo = [patheffects.withStroke(linewidth=3, foreground=self.style.background or "white")]
        for text in texts:
            text.set_path_effects(halo)
            text.set_zorder(5)

    def mark_missing(self, positions: list[float]) -> None:
        """A "—" on the baseline where a bar has no value, so a gap does not read as a zero bar."""
        for position in positions:
            xy, offset = ((0, position), (3, 0)) if self.horizontal else ((position, 0), (0, 2))
            self.ax.annotate(
                "—",
                xy,
                xytext=offset,
                textcoords="offset points",
                color=MUTED,
                fontsize=self.style.small,
                ha="left" if self.horizontal else "center",
                va="center" if self.horizontal else "bottom",
            )

    def _headroom(self, labels: list[str]) -> None:
        """Widen the value axis so the longest value label fits right of the longest bar."""
        widest = max((text_em(t) for t in labels), default=0.0) * self.style.small + 6
        share = min(widest / max(self.plot_w, 1.0), 0.45)
        low, high = self.ax.get_xlim()
        self.ax.set_xlim(low, high + (high - low) * share / (1 - share))

    def _notes(self, series: Series) -> None:
        """A "label" series (e.g. growth) as a column of signed, coloured figures right of the plot."""
        up, down = self.style.up_down
        transform = self.ax.get_yaxis_transform()  # x in axes fraction, y in data
        for index, value in enumerate(series.values):
            colour = MUTED if value is None or value == 0 else (up if value > 0 else down)
            self.ax.text(
                1.02,
                index,
                value_label(value, series.unit, self.style.lang, signed=True),
                transform=transform,
                ha="left",
                va="center",
                fontsize=self.style.small,
                color=colour,
                clip_on=False,
            )
        self.ax.text(
            1.02,
            -0.5 - 0.1,
            series.name,
            transform=transform,
            ha="left",
            va="bottom",
            fontsize=self.style.small,
            color=MUTED,
            clip_on=False,
        )

    def _stacked(self) -> None:
        n = len(self.spec.categories)
        up, down = np.zeros(n), np.zeros(n)
        for number, series in enumerate(self.bars):
            kept = [i for i, v in enumerate(series.values) if v is not None]
            values = [series.values[i] or 0.0 for i in kept]
            bottoms = [up[i] if v >= 0 else down[i] for i, v in zip(kept, values, strict=True)]
            container = self._bar(kept, values, GROUP * 0.8, bottoms, self.style.colour(number))
            self.handles.append((container, series.name))
            for i, v in zip(kept, values, strict=True):
                if v >= 0:
                    up[i] += v
                else:
                    down[i] += v
        # one total per stack, above it, when the totals fit
        present = [i for i in range(n) if any(s.values[i] is not None for s in self.bars)]
        totals = [value_label(up[i] + down[i], self.spec.unit, self.style.lang) for i in present]
        if present and self.labels_fit(totals):
            for i, text in zip(present, totals, strict=True):
                xy, offset = ((up[i], i), (3, 0)) if self.horizontal else ((i, up[i]), (0, 2))
                self.ax.annotate(
                    text,
                    xy,
                    xytext=offset,
                    textcoords="offset points",
                    fontsize=self.style.small,
                    color=MUTED,
                    ha="left" if self.horizontal else "center",
                    va="center" if self.horizontal else "bottom",
                )

    def _line(self, series: Series, colour_index: int) -> None:
        ax = self.ax
        if series.secondary:
            ax = self._secondary(series.unit)
        values = _nan(series.values)
        positions = np.arange(len(values))
        if series.dashed:  # a level to read the other lines against: muted, under them, no markers
            (line,) = ax.plot(positions, values, color=REFERENCE, lw=1.1, ls=(0, (4, 3)), zorder=2.5)
            self.handles.append((line, series.name))
            return
        few = len(values) <= MAX_MARKED_POINTS
        markevery = None if few else _isolated(series.values)
        (line,) = ax.plot(
            positions,
            values,
            color=self.style.colour(colour_index),
            marker="o",
            markevery=markevery,
            zorder=3,
            solid_capstyle="round",
            markersize=None if few else 3,
        )
        self.handles.append((line, series.name))

    def _secondary(self, unit: str) -> Any:
        if not hasattr(self, "_twin"):
            twin = self.ax.twinx()
            twin.grid(False)
            twin.spines["right"].set_visible(False)
            twin.yaxis.set_major_formatter(tick_formatter(unit, self.style.lang))
            self._locator(twin.yaxis, unit)
            twin.margins(y=0.10)
            self._twin = twin
        return self._twin

    def _reference(self) -> None:
        """Dashed target line; its label sits outside the plot, where no bar or value label is."""
        ref = self.spec.reference
        if ref is None:
            return
        ax, size = self.ax, self.style.small
        label = fit_label(ref.label, 7, 2)
        # zorder 2.5: over the bars, under value labels (text is drawn at 3)
        if self.horizontal:
            ax.axvline(ref.value, color=REFERENCE, lw=1.1, ls=(0, (4, 3)), zorder=2.5)
            ax.annotate(
                label,
                (ref.value, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=size,
                color=REFERENCE,
            )
        else:
            ax.axhline(ref.value, color=REFERENCE, lw=1.1, ls=(0, (4, 3)), zorder=2.5)
            ax.annotate(
                label,
                (1.0, ref.value),
                xycoords=("axes fraction", "data"),
                xytext=(4, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=size,
                color=REFERENCE,
            )

    def _category_axis(self) -> None:
        ax, size = self.ax, self.style.font_size
        categories = list(self.spec.categories)
        positions = list(range(len(categories)))
        if self.horizontal:
            # labels get about a third of the figure; two lines when the bars are thick enough
            lines = 2 if self.plot_h / self.n >= size * 2.6 else 1
            texts = fit_labels(categories, self.style.width_in * 72 * 0.3 / size, lines)
            ax.set_yticks(positions, texts)
            ax.set_ylim(len(categories) - 0.5, -0.5)  # first category on top, as it is read
            return
        slot_em = self.plot_w / self.n / size
        step = 1
        if slot_em < 2.2:  # too many categories for one label each: label every `step`-th
            step = math.ceil(2.6 / slot_em)
        texts = fit_labels(categories, slot_em * step * 0.92, 2)
        ax.set_xticks(positions, [t if i % step == 0 else "" for i, t in enumerate(texts)])
        ax.set_xlim(-0.5, len(categories) - 0.5)
