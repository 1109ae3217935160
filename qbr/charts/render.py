"""Rendered (matplotlib) charts as PNG bytes, sized for the slide shape they fill.

Stage: charts. Input: a chart dict (format in `qbr.charts.spec`), the target shape's size in EMU,
the deck language and optionally its theme colours. Output: PNG bytes, identical for identical
input (fixed backend, no timestamps or software tag, no randomness).

`render_chart`:
  1. check the dict (`spec.parse_chart`);
  2. size: the figure is the shape's real size in inches, so chart text in points matches slide
     text; resolution 200 dpi, lowered for wide shapes so no PNG is wider than 2400 px;
  3. fonts: a Latin face plus a CJK face (`fonts.chart_fonts`, searched once per process);
  4. draw with the object API (Figure + FigureCanvasAgg: no pyplot, no global figure state)
     under the style's rcParams (`style.rc_params`), one drawing module per kind;
  5. lay out (`layout.arrange`: labels and legend inside the box) and save the PNG.

matplotlib is imported inside the functions (about 0.4 s), so commands that draw nothing stay fast.
"""

from __future__ import annotations

import contextlib
import io
import warnings
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from qbr.charts.fonts import chart_fonts
from qbr.charts.spec import ChartSpec, parse_chart
from qbr.charts.style import MUTED, Style, make_style, rc_params

EMU_PER_INCH = 914_400
DPI = 200
MAX_WIDTH_PX = 2400

EngineRenderer = Callable[[str, Any, int, int], bytes]


def chart_pixels(width_emu: int, height_emu: int) -> tuple[int, int, float]:
    """(width px, height px, dpi) for a shape: 6 x 4 in -> (1200, 800, 200);
    a 13.33 in full-slide chart -> 2400 px wide at 180 dpi."""
    if width_emu <= 0 or height_emu <= 0:
        raise ValueError(f"chart size must be positive, got {width_emu} x {height_emu} EMU")
    width_in, height_in = width_emu / EMU_PER_INCH, height_emu / EMU_PER_INCH
    dpi = min(DPI, MAX_WIDTH_PX / width_in)
    return round(width_in * dpi), round(height_in * dpi), dpi


@contextlib.contextmanager
def _quiet_missing_glyphs(has_cjk: bool) -> Iterator[None]:
    """Without a CJK font, `fonts` already warned once: drop the per-character glyph warnings."""
    if has_cjk:
        yield
        return
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from font")
        yield


def _has_values(spec: ChartSpec) -> bool:
    return any(v is not None for s in spec.series for v in s.values)


def _draw(fig: Any, spec: ChartSpec, style: Style) -> None:
    """Draw the chart of `spec`'s kind, then place title, legend and plot (`layout.arrange`)."""
    from qbr.charts.layout import add_legend, add_title, arrange

    ax = fig.add_subplot()
    title = add_title(fig, spec.title, style) if spec.title else None
    handles: list[tuple[Any, str]] = []
    if not _has_values(spec):
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            "暂无数据" if style.lang == "zh" else "No data",
            ha="center",
            va="center",
            color=MUTED,
            transform=ax.transAxes,
        )
    elif spec.kind == "donut":
        from matplotlib.patches import Patch

        from qbr.charts.donut import draw_donut

        pairs = draw_donut(ax, spec, style)
        # categories left out of the ring still get a legend row, with an invisible swatch
        ax.legend(
            [h if h is not None else Patch(color="none") for h, _ in pairs],
            [label for _, label in pairs],
            loc="center left",
            bbox_to_anchor=(1.0, 0.5),
            fontsize=style.small,
        )
    elif spec.kind == "waterfall":
        from qbr.charts.cartesian import CategoryChart
        from qbr.charts.waterfall import draw_waterfall

        chart = CategoryChart(ax, spec, style)
        chart.highlight()
        draw_waterfall(ax, spec, style, chart.labels_fit(_waterfall_texts(spec, style)))
        chart.finish()
    else:
        from qbr.charts.cartesian import CategoryChart

        handles = CategoryChart(ax, spec, style).draw()
    arrange(fig, fig.axes, title, add_legend(fig, handles, style))


def _waterfall_texts(spec: ChartSpec, style: Style) -> list[str]:
    from qbr.charts.axes import value_label

    return [value_label(v, spec.unit, style.lang, signed=True) for v in spec.series[0].values]


_DRAWING_MODULES = (
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "matplotlib.patches",
    "matplotlib.patheffects",
    "matplotlib.legend",
    "matplotlib.ticker",
)


def _import_matplotlib() -> None:
    """Import the matplotlib modules the charts draw with, skipping their help texts.

    For every Artist class it defines, matplotlib writes a `set()` docstring that lists each
    settable property (`matplotlib.artist.kwdoc`, introspecting every setter): about 0.13 s of
    CPU, a third of its import, for help() texts no deck shows. The function is swapped for an
    empty text while those modules load, then put back. Drawing never reads a docstring, so the
    pictures are the same bytes (the deck comparison of scripts/compare_decks.py).
    """
    import importlib
    import sys

    if all(name in sys.modules for name in _DRAWING_MODULES):
        return
    import matplotlib.artist

    kwdoc = matplotlib.artist.kwdoc
    matplotlib.artist.kwdoc = lambda artist: ""
    try:
        for name in _DRAWING_MODULES:
            importlib.import_module(name)
    finally:
        matplotlib.artist.kwdoc = kwdoc


@contextlib.contextmanager
def chart_figure(
    data: Mapping[str, Any],
    width_emu: int,
    height_emu: int,
    *,
    lang: str = "zh",
    palette: Sequence[str] | None = None,
    background: str | None = None,
) -> Iterator[Any]:
    """The drawn matplotlib Figure, inside the chart style's rcParams (which saving also needs).

    `render_chart` saves it; tests inspect its artists (bars, lines) instead of pixels.
    """
    spec = parse_chart(data)
    width_px, height_px, dpi = chart_pixels(width_emu, height_emu)
    fonts = chart_fonts()
    style = make_style(width_emu / EMU_PER_INCH, height_emu / EMU_PER_INCH, lang, palette, background, fonts)

    import matplotlib

    matplotlib.use("Agg", force=False)  # no display needed; a no-op when a backend is already set
    _import_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rc: Any = rc_params(style)  # matplotlib types its keys as a Literal of every rcParam name
    with matplotlib.rc_context(rc), _quiet_missing_glyphs(len(fonts) > 1):
        # +0.01 px: Agg truncates width*dpi, and 1199.9999 must not become 1199
        fig = Figure(figsize=((width_px + 0.01) / dpi, (height_px + 0.01) / dpi), dpi=dpi)
        FigureCanvasAgg(fig)
        _draw(fig, spec, style)
        yield fig


def render_chart(
    data: Mapping[str, Any],
    width_emu: int,
    height_emu: int,
    *,
    lang: str = "zh",
    palette: Sequence[str] | None = None,
    background: str | None = None,
) -> bytes:
    """The chart as PNG bytes for a shape of `width_emu` x `height_emu` (see the module docstring).

    `palette`: the deck's theme colours as hex strings (default: corporate blue/teal/grey);
    `background`: a hex colour, or None for a transparent PNG that shows the slide through.
    """
    out = io.BytesIO()
    with chart_figure(data, width_emu, height_emu, lang=lang, palette=palette, background=background) as fig:
        # Z_RLE suits charts' flat colours: same size as zlib's default strategy in about half the
        # encoding time (a third of the whole render). No Software tag, no time: same bytes each run.
        fig.savefig(
            out,
            format="png",
            dpi=fig.dpi,
            metadata={"Software": None},
            pil_kwargs={"compress_level": 6, "compress_type": zlib.Z_RLE},
        )
    return out.getvalue()


def render_for_engine(
    lang: str = "zh", palette: Sequence[str] | None = None, background: str | None = None
) -> EngineRenderer:
    """The template engine's hook for `chart:NAME` shapes that are not native charts:
    `(name, data, width_emu, height_emu) -> PNG bytes`. A bad data set names its chart."""

    def render(name: str, data: Any, width_emu: int, height_emu: int) -> bytes:
        try:
            return render_chart(data, width_emu, height_emu, lang=lang, palette=palette, background=background)
        except ValueError as exc:
            raise ValueError(f"chart {name!r}: {exc}") from exc

    return render
