"""Rendered charts: PNG size, determinism, Chinese glyphs, number formats, gaps, waterfall geometry,
and the one warning when no CJK font exists. Expected values are worked out by hand in comments."""

from __future__ import annotations

import hashlib
import math
import struct
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from qbr.charts import MissingCjkFontWarning, fonts, render_chart, render_for_engine
from qbr.charts.axes import tick_labels, value_label
from qbr.charts.labels import fit_label
from qbr.charts.render import chart_figure, chart_pixels
from qbr.charts.waterfall import Step, waterfall_steps

EMU = 914_400  # per inch
ROOT = Path(__file__).resolve().parents[2]

SKU_CHART = {
    "kind": "bar",
    "unit": "money",
    "title": "前十大单品销售额",
    "categories": ["金禾 5L 一级压榨花生油", "福满园 东北大米 10kg", "香满楼 特级生抽 500ml"],
    "series": [
        {"name": "本季销售额", "values": [4.2e6, None, 1.5e6]},
        {"name": "同比增长", "kind": "label", "unit": "pct", "values": [0.12, -0.05, None]},
    ],
}


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk (bytes 16..24), no image library needed."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@pytest.fixture
def fresh_font_search() -> Iterator[None]:
    """Run the cached font search again in this test, and again after it for the next tests."""
    fonts.chart_fonts.cache_clear()
    yield
    fonts.chart_fonts.cache_clear()


# -- size and determinism --------------------------------------------------------------------------
def test_png_has_the_shape_aspect_ratio_at_200_dpi() -> None:
    png = render_chart(
        {"kind": "column", "categories": ["A", "B"], "series": [{"name": "x", "values": [1, 2]}]},
        6 * EMU,
        4 * EMU,
        lang="en",
    )
    assert png_size(png) == (1200, 800)  # 6 in x 200 dpi, 4 in x 200 dpi


def test_full_slide_chart_is_capped_at_2400_px_wide() -> None:
    # 13.333 in wide: 200 dpi would give 2667 px, so dpi = 2400 / 13.333 = 180; 7.5 in x 180 = 1350 px
    width, height, dpi = chart_pixels(12_192_000, 6_858_000)
    assert (width, height) == (2400, 1350)
    assert dpi == pytest.approx(180.0)
    png = render_chart(
        {"kind": "line", "categories": ["1月", "2月"], "series": [{"name": "销售", "values": [1, 2]}]},
        12_192_000,
        6_858_000,
    )
    assert png_size(png) == (2400, 1350)


def test_same_data_gives_the_same_bytes_twice_and_in_another_process() -> None:
    first = render_chart(SKU_CHART, 6 * EMU, 5 * EMU)
    assert render_chart(SKU_CHART, 6 * EMU, 5 * EMU) == first
    code = (
        "import hashlib, json, sys; from qbr.charts import render_chart; "
        "png = render_chart(json.loads(sys.argv[1]), 6 * 914400, 5 * 914400); "
        "print(hashlib.sha256(png).hexdigest())"
    )
    import json

    other = subprocess.run(
        [sys.executable, "-c", code, json.dumps(SKU_CHART)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert other.stdout.strip() == hashlib.sha256(first).hexdigest()


def test_importing_the_package_does_not_import_matplotlib() -> None:
    code = "import sys, qbr.charts; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- Chinese ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["bar", "column", "donut", "waterfall"])
def test_chinese_labels_render_without_missing_glyph_warnings(kind: str) -> None:
    data = {
        "kind": kind,
        "unit": "money",
        "title": "销售额 (元)",
        "categories": ["去年同期", "食用油", "大米", "本季"],
        "series": [{"name": "销售额（万元）", "values": [1.0e7, 2.0e6, -5.0e5, None]}],
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" becomes an exception
        png = render_chart(data, 6 * EMU, 4 * EMU, lang="zh")
    assert png_size(png) == (1200, 800)


def test_without_any_cjk_font_one_warning_says_how_to_install_one(
    monkeypatch: pytest.MonkeyPatch, fresh_font_search: None
) -> None:
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # would show every glyph warning, were any let through
        render_chart(SKU_CHART, 6 * EMU, 4 * EMU)
        render_chart(SKU_CHART, 6 * EMU, 4 * EMU)
    assert [w.category for w in caught] == [MissingCjkFontWarning]
    message = str(caught[0].message)
    assert "pip install pylopdf-fonts-zh-cn" in message
    assert "apt-get install fonts-noto-cjk" in message


def test_the_font_search_finds_a_simplified_chinese_face(fresh_font_search: None) -> None:
    family = fonts.chart_fonts()
    assert len(family) == 2
    assert family[0] in fonts.CJK_FAMILIES


def test_a_bare_machine_draws_chinese_with_the_pypi_font_package(
    monkeypatch: pytest.MonkeyPatch, fresh_font_search: None
) -> None:
    pytest.importorskip("pylopdf_fonts_zh_cn")
    monkeypatch.setattr(fonts, "_system_font", lambda: None)  # as if no CJK font were installed
    assert fonts.chart_fonts()[0] == "Noto Sans SC"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        render_chart(SKU_CHART, 6 * EMU, 4 * EMU)


# -- numbers ---------------------------------------------------------------------------------------
def test_zh_money_labels_use_wan_and_yi() -> None:
    assert value_label(12_000_000, "money", "zh") == "1,200万"  # 12,000,000 / 10,000
    assert value_label(250_000_000, "money", "zh") == "2.5亿"  # 250,000,000 / 100,000,000
    assert value_label(12_345_678, "money", "zh") == "1,235万"  # 1,234.5678万, 4 digits: no decimals
    assert value_label(45_000, "money", "zh") == "4.5万"
    assert value_label(9_876, "money", "zh") == "9,876"  # under 1万: plain
    assert value_label(99_999_999, "money", "zh") == "1亿"  # would round to 10,000万: next scale
    assert value_label(None, "money", "zh") == "—"


def test_en_money_labels_use_k_m_b() -> None:
    assert value_label(12_000_000, "money", "en") == "12M"
    assert value_label(250_000, "money", "en") == "250K"
    assert value_label(1_500_000, "money", "en") == "1.5M"
    assert value_label(3_200_000_000, "money", "en") == "3.2B"
    assert value_label(640, "money", "en") == "640"


def test_pct_and_count_labels() -> None:
    assert value_label(0.1234, "pct") == "12.3%"
    assert value_label(0.1234, "pct", signed=True) == "+12.3%"
    assert value_label(-0.05, "pct", signed=True) == "-5.0%"
    assert value_label(1234, "count") == "1,234"


def test_axis_ticks_share_one_scale_and_trim_zeros() -> None:
    # max 1.5亿 picks 亿 for every tick: 5e7 -> 0.5亿, 1e8 -> 1亿 (not 5,000万 next to 1亿)
    assert tick_labels([0, 5e7, 1e8, 1.5e8], "money", "zh") == ["0", "0.5亿", "1亿", "1.5亿"]
    assert tick_labels([0, 4e6, 8e6, 1.2e7], "money", "zh") == ["0", "400万", "800万", "1,200万"]
    assert tick_labels([-2e6, 0, 2e6], "money", "zh") == ["-200万", "0", "200万"]
    assert tick_labels([0, 5e5, 1e6], "money", "en") == ["0", "0.5M", "1M"]
    assert tick_labels([0, 0.025, 0.05], "pct") == ["0%", "2.5%", "5%"]
    assert tick_labels([0, 500, 1000], "count", "zh") == ["0", "500", "1,000"]


def test_long_sku_names_wrap_then_end_in_an_ellipsis() -> None:
    # "金禾 5L " is 2 + 0.3 + 0.55 + 0.7 = 3.55 em; the 7 Han characters after it are 7 em
    assert fit_label("金禾 5L 一级压榨花生油", 12) == "金禾 5L 一级压榨花生油"  # 10.85 em fits
    assert fit_label("金禾 5L 一级压榨花生油", 7) == "金禾 5L\n一级压榨花生油"
    assert fit_label("金禾 5L 一级压榨花生油", 6) == "金禾 5L\n一级压榨花…"  # 5 chars + "…" on line 2
    # one line: room 6 - 0.55 ("…") = 5.45 em; "金禾 5L 一" is 4.85 em but "级" makes 5.85, and the
    # last space (at 3.55 em, over 40% of the line) is the cleaner cut
    assert fit_label("金禾 5L 一级压榨花生油", 6, max_lines=1) == "金禾 5L…"


# -- gaps ------------------------------------------------------------------------------------------
def test_none_is_a_break_in_a_line_not_a_zero() -> None:
    data = {
        "kind": "line",
        "categories": ["W1", "W2", "W3", "W4"],
        "series": [{"name": "本年", "values": [10.0, None, 30.0, 40.0]}],
    }
    with chart_figure(data, 6 * EMU, 3 * EMU) as fig:
        (line,) = fig.axes[0].get_lines()
        y = line.get_ydata()
    assert y[0] == 10.0 and math.isnan(y[1]) and list(y[2:]) == [30.0, 40.0]


def test_none_is_a_missing_bar_not_a_zero_bar() -> None:
    data = {
        "kind": "column",
        "unit": "money",
        "categories": ["Q1", "Q2", "Q3", "Q4"],
        "series": [{"name": "销售额", "values": [2e7, None, 2.5e7, 0.0]}],
    }
    with chart_figure(data, 6 * EMU, 4 * EMU) as fig:
        bars = fig.axes[0].containers[0]
        heights = [patch.get_height() for patch in bars]
        centres = [patch.get_x() + patch.get_width() / 2 for patch in bars]
    assert heights == [2e7, 2.5e7, 0.0]  # Q2 has no bar; Q4's real zero keeps its (flat) bar
    assert centres == pytest.approx([0.0, 2.0, 3.0])


# -- waterfall -------------------------------------------------------------------------------------
def test_waterfall_steps_by_hand() -> None:
    # start 100; +30 -> 130; -20 -> 110; gap stays 110; closing total None = running 110
    steps = waterfall_steps([100, 30, -20, None, None], totals=[0, 4])
    assert steps == [
        Step("total", 0.0, 100.0, 100.0, 100.0),
        Step("up", 100.0, 30.0, 130.0, 30.0),
        Step("down", 110.0, 20.0, 110.0, -20.0),  # from 130 down to 110: bottom 110, height 20
        Step("gap", 110.0, 0.0, 110.0, None),
        Step("total", 0.0, 110.0, 110.0, 110.0),
    ]


def test_waterfall_closing_total_given_in_the_data_is_drawn_as_given() -> None:
    steps = waterfall_steps([50, -60, -5], totals=[0, 2])
    # 50 - 60 = -10, then the given total -5 (not -10): a negative total hangs below zero
    assert [(s.kind, s.bottom, s.height, s.level) for s in steps] == [
        ("total", 0.0, 50.0, 50.0),
        ("down", -10.0, 60.0, -10.0),
        ("total", -5.0, 5.0, -5.0),
    ]


def test_waterfall_value_axis_starts_at_zero_even_when_changes_are_small() -> None:
    # levels 2,590 -> 2,730 -> 2,790: the totals must not be cut off below, or the changes look big
    data = {
        "kind": "waterfall",
        "unit": "money",
        "categories": ["去年", "食用油", "大米", "本季"],
        "series": [{"name": "销售额", "values": [2590.0, 140.0, 60.0, None]}],
    }
    with chart_figure(data, 6 * EMU, 4 * EMU) as fig:
        assert fig.axes[0].get_ylim()[0] <= 0


def test_waterfall_bars_are_drawn_where_the_steps_say() -> None:
    data = {
        "kind": "waterfall",
        "unit": "money",
        "categories": ["去年", "食用油", "大米", "本季"],
        "series": [{"name": "销售额", "values": [100.0, 30.0, -20.0, None]}],
    }
    with chart_figure(data, 6 * EMU, 4 * EMU) as fig:
        bars = [p for p in fig.axes[0].patches if p.get_width() < 1]
    assert [(b.get_y(), b.get_height()) for b in bars] == [(0, 100), (100, 30), (110, 20), (0, 110)]


# -- engine hook -----------------------------------------------------------------------------------
def test_engine_hook_renders_and_names_the_chart_in_errors() -> None:
    render = render_for_engine("en", ["#112233", "445566"])
    png = render(
        "sales", {"kind": "column", "categories": ["a"], "series": [{"name": "x", "values": [1]}]}, 3 * EMU, 2 * EMU
    )
    assert png_size(png) == (600, 400)
    with pytest.raises(ValueError, match=r"chart 'sales': series 1 has 2 values for 1 categories"):
        render(
            "sales",
            {"kind": "column", "categories": ["a"], "series": [{"name": "x", "values": [1, 2]}]},
            3 * EMU,
            2 * EMU,
        )


def test_a_series_style_is_solid_or_dashed_and_nothing_else() -> None:
    from qbr.charts.spec import parse_chart

    series = [{"name": "s", "values": [1.0, 2.0]}, {"name": "u", "values": [2.0, 2.0], "style": "dashed"}]
    data = {"kind": "line", "unit": "money", "categories": ["a", "b"], "series": series}
    spec = parse_chart(data)
    assert [s.dashed for s in spec.series] == [False, True]
    series[1]["style"] = "dotted"
    with pytest.raises(ValueError, match="series 2 style"):
        parse_chart(data)


def test_a_band_series_is_drawn_as_the_highlight_and_named_in_the_legend() -> None:
    from qbr.charts.spec import parse_chart

    data = {
        "kind": "line",
        "unit": "money",
        "categories": ["10/2", "10/9", "10/16", "10/23"],
        "series": [
            {"name": "周销售额", "values": [20.0, 21.0, 15.0, 20.0]},
            {"name": "预警周", "kind": "band", "values": [None, None, 1.0, 0.0]},
        ],
        "highlight": [0],
    }
    spec = parse_chart(data)
    # the band's third week joins the given highlight; its 0 and None weeks are not shaded
    assert spec.highlight == (0, 2) and spec.highlight_label == "预警周"
    assert [s.name for s in spec.series] == ["周销售额"]
    with chart_figure(data, 6 * EMU, 3 * EMU) as fig:
        (line,) = fig.axes[0].get_lines()
        spans = [p for p in fig.axes[0].patches if p.get_width() == pytest.approx(1.0)]
        legend = [t.get_text() for t in fig.legends[0].get_texts()] if fig.legends else []
    assert list(line.get_ydata()) == [20.0, 21.0, 15.0, 20.0]
    assert sorted(p.get_x() for p in spans) == [-0.5, 1.5]  # one slot wide around weeks 0 and 2
    assert legend == ["周销售额", "预警周"]


def test_a_native_charts_scale_is_undone_so_the_picture_shows_yuan() -> None:
    from qbr.charts.spec import parse_chart

    # a native chart's 万元: 86.3 x 10,000 = 863,000 yuan; the growth line in % is not money
    data = {
        "kind": "column",
        "unit": "money",
        "scale": 10_000,
        "categories": ["10月"],
        "series": [{"name": "销售额", "values": [86.3]}, {"name": "同比", "unit": "pct", "values": [0.14]}],
    }
    spec = parse_chart(data)
    assert spec.series[0].values == (pytest.approx(863_000.0),) and spec.series[1].values == (0.14,)
    with pytest.raises(ValueError, match="chart scale"):
        parse_chart({**data, "scale": 0})
