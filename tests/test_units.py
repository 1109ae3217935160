"""One unit per slide, value axes from zero, names fitted to their box (qbr.formatting), by hand."""

from __future__ import annotations

import pytest

from qbr.formatting import Formatter, axis_scale, chart_scale, em_width, fit_name, money_unit, number_format


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        # span 326.2 / 5 = 65.2 -> unit 100; 400 - 326.2 = 73.8 is over 8% of 400: no extra room
        (0.0, 326.2, (0.0, 400.0, 100.0, 0)),
        # span 3.26 / 5 = 0.652 -> unit 1; 4 - 3.26 = 0.74 > 0.32
        (0.0, 3.26, (0.0, 4.0, 1.0, 0)),
        # span 2.24 / 5 = 0.448 -> unit 0.5 (one decimal); 2.5 - 2.24 = 0.26 is over 8% of 2.5 = 0.2
        (0.0, 2.24, (0.0, 2.5, 0.5, 1)),
        # 25.8 / 5 = 5.16 -> unit 10; 30 - 25.8 = 4.2 > 2.4; the axis starts at 0, not near 23.8
        (23.8, 25.8, (0.0, 30.0, 10.0, 0)),
        # a bar at 400 exactly gets one more unit of room for its label
        (0.0, 400.0, (0.0, 500.0, 100.0, 0)),
        # negative bars: span (7.5 + 3.7) / 5 = 2.24 -> unit 5; -5 .. 10
        (-3.7, 7.5, (-5.0, 10.0, 5.0, 0)),
        # nothing to show: a plain 0..1 axis rather than a division by zero
        (0.0, 0.0, (0.0, 1.0, 0.2, 1)),
    ],
)
def test_axis_scale_starts_at_zero_with_a_round_unit(low: float, high: float, expected: tuple) -> None:
    assert axis_scale(low, high) == pytest.approx(expected)


def test_axis_labels_carry_only_the_decimals_the_unit_needs() -> None:
    assert number_format(0) == "#,##0" and number_format(1) == "#,##0.0" and number_format(1, percent=True) == "0.0%"


def test_one_unit_follows_the_largest_figure() -> None:
    assert money_unit([75_165.85, -3_682.55]) == "wan" and money_unit([3_682.55, 120.0]) == "yuan"
    assert money_unit([123_456_789.0, 5.0]) == "yi" and money_unit([None, float("nan")]) == "yuan"
    assert money_unit([75_165.85, 3_682.55], "en") == "K" and money_unit([2_791_000.0], "en") == "M"
    assert chart_scale([12_779.0, 22_385.0]) == (10_000.0, "万元")
    # English charts stay in K below 10M, as the deck's other charts do
    assert chart_scale([512.0, 880.0]) == (1.0, "元") and chart_scale([2_791_000.0], "en") == (1e3, "K")
    assert chart_scale([12_300_000.0], "en") == (1e6, "M")


def test_a_small_figure_in_a_larger_unit_keeps_a_digit() -> None:
    zh = Formatter("zh")
    # 3,683 / 10,000 = 0.37 -> 0.4; 368 / 10,000 = 0.037 -> 0.0 at one decimal, 0.04 at two;
    # 36 / 10,000 = 0.0036 still reads 0.00: it keeps its own unit
    assert zh.money(3_683, "wan") == "¥0.4万" and zh.money(368, "wan") == "¥0.04万" and zh.money(36, "wan") == "¥36"
    assert zh.delta(-3_683, "money", marked=False, unit="wan") == "▼¥0.4万"
    # figures that read as they are keep the usual decimals
    assert zh.money(75_165.85, "wan") == "¥7.5万"


def test_em_width_counts_chinese_as_one_em() -> None:
    # 3 CJK + a space 0.28 + "5" 0.62 + "L" 0.62
    assert em_width("金禾丰 5L") == pytest.approx(4.52)


def test_a_name_that_fits_is_never_cut() -> None:
    name = "金禾丰 5L 压榨一级花生油"  # 3 + 0.28 + 1.24 + 0.28 + 7 = 11.8 em
    assert fit_name(name, 11.8) == name


def test_the_size_that_tells_two_skus_apart_survives() -> None:
    # room 8 em: 谷满仓 3 + 0.28 + "10kg" (0.62 * 2 + 0.52 * 2 = 2.28) + 0.28 = 5.84 em before the last
    # word, whose middle goes: "东…" (1.52) fits in the 2.16 left, "东…米" (2.52) does not
    a, b = fit_name("谷满仓 10kg 东北长粒香大米", 8), fit_name("谷满仓 5kg 五常稻花香大米", 8)
    assert "10kg" in a and "5kg" in b and a != b
    assert a == "谷满仓 10kg 东…"
    # the middle of the product word goes, its end (花生油 vs 调和油) stays longest
    oil, blend = fit_name("金禾丰 5L 压榨一级花生油", 9), fit_name("金禾丰 5L 黄金比例食用调和油", 9)
    assert "5L" in oil and oil.endswith("生油") and blend.endswith("和油") and oil != blend


def test_a_shared_first_word_goes_first() -> None:
    stores = ["昆仑好客 杭州祥路加油站便利店", "昆仑好客 嘉兴南湖中环东路加油站便利店"]
    # 10 em: "杭州祥路加油站便利店" is exactly 10 CJK characters once the shared chain name goes
    assert fit_name(stores[0], 10, stores) == "杭州祥路加油站便利店"
    # with room for the whole name, nothing goes
    assert fit_name(stores[0], 20, stores) == stores[0]


def test_english_words_are_left_out_whole_never_cut() -> None:
    # "Golden 5L Pressed Peanut Oil": the middle words go whole, the brand, the size and the last word stay
    short = fit_name("Golden 5L Pressed Peanut Oil", 10)
    assert short == "Golden 5L … Oil"
    for word in short.split():
        assert word in ("Golden", "5L", "…", "Oil")


def test_a_list_loses_its_shared_words_alike() -> None:
    stores = ["昆仑好客 杭州祥路加油站便利店", "昆仑好客 嘉兴沪杭高速嘉兴服务区加油站便利店"]
    # room 17 em: the first (4 + 0.28 + 10 = 14.28 em) fits, the second (4 + 0.28 + 17 = 21.28) does
    # not; both lose "昆仑好客 " so the list reads alike, and 17 characters are left for the second
    assert [fit_name(s, 17, stores) for s in stores] == ["杭州祥路加油站便利店", "嘉兴沪杭高速嘉兴服务区加油站便利店"]


def test_the_fit_filter_measures_the_box_in_inches_at_its_font_size() -> None:
    from qbr.template.environment import make_environment

    env = make_environment()
    # 1.3 in at 10 pt = 9.36 em, 95% of it 8.89 em: "金禾丰 5L " takes 4.8, leaving 4.09 for the
    # last word: "压…生油" (3.52) fits, "压…花生油" (4.52) does not
    out = env.from_string("{{ '金禾丰 5L 压榨一级花生油' | fit(1.3, 10) }}").render()
    assert out == "金禾丰 5L 压…生油"
    assert env.from_string("{{ 'short' | fit(1.3, 10) }}").render() == "short"
