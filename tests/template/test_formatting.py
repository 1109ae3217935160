"""Figures as users read them, exact strings in Chinese and English."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from qbr.formatting import Formatter, strip_marks
from qbr.quarter import Quarter

ZH = Formatter()
EN = Formatter("en")


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (12345678, "¥1,234.6万", "¥12.3M"),
        (123456789, "¥1.23亿", "¥123M"),  # en: three significant digits
        (9876, "¥9,876", "¥9.88K"),
        (999, "¥999", "¥999"),
        (-12345678, "-¥1,234.6万", "-¥12.3M"),
        (99_999_999, "¥1.00亿", "¥100M"),
        (2_500_000_000, "¥25.00亿", "¥2.50B"),
        (0, "¥0", "¥0"),
        (None, "—", "—"),
        (float("nan"), "—", "—"),
    ],
)
def test_money(value, zh, en):
    assert ZH.money(value) == zh
    assert EN.money(value) == en


def test_money_units_decimals_and_currency():
    assert ZH.money(12345678, unit="yuan") == "¥12,345,678"
    assert ZH.money(12345678, unit="yi", decimals=3) == "¥0.123亿"
    assert Formatter("en", "USD").money(1_500_000) == "$1.50M"
    assert Formatter("en").money(1_500_000, decimals=1) == "¥1.5M"  # explicit decimals win


def test_zero_money_is_zero_yuan_in_any_columns_unit() -> None:
    # a table column in 万 or M: nothing owed reads ¥0, not "¥0.0万" or "¥0.00M"
    assert ZH.money(0.0, unit="wan") == "¥0" and EN.money(0, unit="M") == "¥0" and ZH.money(-0.0, unit="yi") == "¥0"
    assert ZH.money(4_000, unit="wan") == "¥0.4万"  # a small figure keeps the column's unit


def test_pct_num_delta():
    assert ZH.pct(0.1234) == "12.3%"
    assert ZH.pct(None) == "—"
    assert ZH.num(1234567.8) == "1,234,568"
    assert ZH.num(1234.56, 1) == "1,234.6"
    assert strip_marks(ZH.delta(0.052)) == "▲5.2%"
    assert ZH.delta(-0.031, marked=False) == "▼3.1%"
    assert ZH.delta(0.0001) == "0.0%"
    assert ZH.delta(0.012, kind="pp", marked=False) == "▲1.2个百分点"
    assert EN.delta(0.012, kind="pp", marked=False) == "▲1.2pp"
    assert ZH.delta(-12345678, kind="money", marked=False) == "▼¥1,234.6万"
    assert ZH.delta(None) == "—"


def test_delta_colours_follow_language_and_can_be_set():
    assert ZH.colors == ("C00000", "00A050")
    assert EN.colors == ("00A050", "C00000")
    assert Formatter(up_color="#0000FF").colors[0] == "0000FF"


def test_dates_and_quarters():
    assert ZH.date(date(2023, 10, 1)) == "2023年10月1日"
    assert EN.date(datetime(2023, 10, 1, 12)) == "1 Oct 2023"
    assert ZH.date("2023-10-01") == "2023年10月1日"
    assert ZH.date(None) == "—"
    assert ZH.quarter(Quarter(2023, 4)) == "2023年第四季度"
    assert EN.quarter("2023Q4") == "Q4 2023"
    assert ZH.quarter("2023Q4", short=True) == "23Q4"


def test_no_negative_zero_and_english_money_to_three_significant_digits() -> None:
    from qbr.formatting import Formatter

    en, zh = Formatter("en"), Formatter("zh")
    assert (en.pct(-0.00001), en.num(-0.2), zh.pct(-0.0004)) == ("0.0%", "0", "0.0%")
    # 2,791,208 / 2,530,000 = 110.3 %; shown as ¥2.79M and ¥2.53M: 2.79 / 2.53 = 110.3 % too
    assert (en.money(2_791_208), en.money(2_530_000)) == ("¥2.79M", "¥2.53M")
    assert (en.money(600_856), en.money(12_345), en.money(1_234)) == ("¥601K", "¥12.3K", "¥1.23K")
    assert zh.money(2_791_208) == "¥279.1万"  # zh keeps 万 to one decimal
