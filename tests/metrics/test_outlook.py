"""Next quarter's affordable investment: basis, intensity, break-even ceiling and the one recommendation."""

from __future__ import annotations

import pytest

from qbr.metrics.outlook import outlook
from qbr.quarter import Quarter

Q4 = Quarter(2023, 4)


def test_the_basis_is_next_quarters_target_and_today_s_intensity_is_recommended_when_it_pays() -> None:
    o = outlook(Q4, target=3_000_000.0, sales=2_791_208.06, gross_margin=0.215, expense_ratio=0.079)
    assert (o.quarter, o.basis, o.sales_basis) == (Quarter(2024, 1), "target", 3_000_000.0)
    assert o.investment_at_ratio == pytest.approx(237_000.0)  # 3,000,000 x 7.9%
    assert o.break_even_investment == pytest.approx(645_000.0)  # 3,000,000 x 21.5%
    assert o.recommended_investment == pytest.approx(237_000.0)  # below the ceiling: keep the intensity
    assert o.contribution_at_recommended == pytest.approx(408_000.0)  # 645,000 - 237,000


def test_without_a_target_the_basis_is_this_quarters_sales() -> None:
    o = outlook(Q4, target=None, sales=100_000.0, gross_margin=0.2, expense_ratio=0.1)
    assert (o.basis, o.sales_basis, o.investment_at_ratio, o.break_even_investment) == (
        "sales",
        100_000.0,
        pytest.approx(10_000.0),
        pytest.approx(20_000.0),
    )


def test_an_intensity_beyond_the_break_even_is_cut_to_half_the_gross_profit() -> None:
    # spent 25% of sales on an account with a 15% margin: carrying on would lose money
    o = outlook(Q4, target=None, sales=200_000.0, gross_margin=0.15, expense_ratio=0.25)
    assert o.break_even_investment == pytest.approx(30_000.0)  # 200,000 x 15%
    assert o.recommended_investment == pytest.approx(15_000.0)  # half of 30,000
    assert o.contribution_at_recommended == pytest.approx(15_000.0)


@pytest.mark.parametrize(
    ("sales", "gross_margin", "expense_ratio"),
    [
        (100_000.0, None, 0.1),  # cost unknown: no ceiling
        (100_000.0, 0.2, None),  # no intensity
        (0.0, 0.2, 0.1),  # no sales and no target: no basis
        (100_000.0, -0.05, 0.1),  # a negative margin: no spend can pay
    ],
)
def test_no_recommendation_when_a_figure_behind_it_is_unknown_or_nothing_can_pay(
    sales: float, gross_margin: float | None, expense_ratio: float | None
) -> None:
    o = outlook(Q4, target=None, sales=sales, gross_margin=gross_margin, expense_ratio=expense_ratio)
    assert o.recommended_investment is None and o.contribution_at_recommended is None
