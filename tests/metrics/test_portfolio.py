"""The owner's portfolio: Pareto shares, falling accounts and next quarter's support call."""

from __future__ import annotations

import pytest

from qbr.metrics.portfolio import outside_key, pareto, portfolio


def test_pareto_ranks_customers_with_sales_and_accumulates_their_share() -> None:
    rows = pareto({"A": 50.0, "B": 30.0, "C": 0.0, "D": 20.0, "E": -5.0}, {"A": "Alpha"}, {"A", "D"})
    # total of positive sales 100: A 50 %, A+B 80 %, A+B+D 100 %; C (none) and E (returns) are left out
    assert [(r.customer_id, r.cumulative_share, r.key_account) for r in rows] == [
        ("A", pytest.approx(0.5), True), ("B", pytest.approx(0.8), False), ("D", pytest.approx(1.0), True)]  # fmt: skip
    assert rows[0].name == "Alpha" and rows[1].name == "B"


def _figures(
    sales: float, sales_ly: float | None, gp: float | None, inv: float | None, sales_prev: float | None = None
) -> dict[str, float | None]:
    return {"sales": sales, "sales_ly": sales_ly, "sales_prev": sales_prev, "gross_profit": gp, "investment": inv}


def test_key_share_falling_accounts_and_support_calls() -> None:
    all_sales = {"G": 400.0, "R": 200.0, "C": 100.0, "H": 100.0, "U": 100.0, "X": 100.0}
    accounts = [
        ("G", _figures(400.0, 300.0, 100.0, 20.0)),  # +33 %, contribution 80 (20 % of sales)
        ("R", _figures(200.0, 250.0, 40.0, 10.0)),  # -20 %, contribution 30: win it back
        ("C", _figures(100.0, 90.0, 10.0, 15.0)),  # contribution -5: we pay to serve it
        ("H", _figures(100.0, 98.0, 12.0, 2.0)),  # +2 %, contribution 10 % < the portfolio's: hold
        ("U", _figures(100.0, 120.0, None, 5.0)),  # cost unknown: review
    ]
    p = portfolio(all_sales, {}, accounts)
    # 5 key accounts of 6 customers with sales; their sales 900 of 1000
    assert (p.key_count, p.customers_with_sales) == (5, 6)
    assert p.key_share == pytest.approx(0.9) and p.key_count_share == pytest.approx(5 / 6)
    # known contributions 80 + 30 - 5 + 10 = 115 over their sales 800
    assert p.contribution_margin == pytest.approx(115 / 800)
    assert {c.customer_id: c.call for c in p.calls} == {"G": "grow", "R": "recover", "C": "cut", "H": "hold",
                                                       "U": "review"}  # fmt: skip
    # falling: R lost 50, U lost 20 -> largest loss first
    assert [(x.customer_id, x.against, x.loss) for x in p.falling] == [("R", "ly", -50.0), ("U", "ly", -20.0)]
    assert p.falling[0].change == pytest.approx(-0.2)  # 200 / 250 - 1
    assert p.key_sales == pytest.approx(900.0)


def test_a_portfolio_without_known_contribution_has_no_margin_and_no_grow_call() -> None:
    p = portfolio({"A": 10.0}, {}, [("A", _figures(10.0, 5.0, None, None))])
    assert p.contribution_margin is None and p.calls[0].call == "review"


def test_a_new_account_without_last_year_falls_against_last_quarter() -> None:
    accounts = [
        ("N", _figures(60.0, None, 12.0, 1.0, sales_prev=90.0)),  # no LY: 60 / 90 - 1 = -33.3 %, lost 30
        ("M", _figures(80.0, 0.0, 16.0, 1.0, sales_prev=50.0)),  # no LY base, up on LQ: not falling
        ("K", _figures(100.0, 110.0, 20.0, 1.0, sales_prev=200.0)),  # LY exists: judged on LY (-10, -9.1 %)
        ("P", _figures(100.0, 90.0, 20.0, 1.0, sales_prev=300.0)),  # up on LY, even though down on LQ
    ]
    p = portfolio({"N": 60.0, "M": 80.0, "K": 100.0, "P": 100.0}, {}, accounts)
    assert [(x.customer_id, x.against, x.loss) for x in p.falling] == [("N", "prev", -30.0), ("K", "ly", -10.0)]
    assert p.falling[0].change == pytest.approx(-1 / 3)


def test_an_account_owing_more_than_a_quarter_of_its_sales_overdue_is_collected_before_growing() -> None:
    # growing (+33 %) and earning (contribution 80 of 400, 20 %), but 120 of 400 = 30 % overdue
    figures = {**_figures(400.0, 300.0, 100.0, 20.0), "ar_overdue": 120.0}
    # the same account at 100 overdue (25 %, not above): grow
    under = {**_figures(400.0, 300.0, 100.0, 20.0), "ar_overdue": 100.0}
    p = portfolio({"G": 400.0, "H": 400.0}, {}, [("G", figures), ("H", under)])
    assert {c.customer_id: c.call for c in p.calls} == {"G": "collect", "H": "grow"}


def test_outside_the_key_accounts_are_those_that_outsell_the_smallest_one() -> None:
    from types import SimpleNamespace

    def d(cid: str, sales: float, key: bool) -> SimpleNamespace:
        return SimpleNamespace(customer_id=cid, sales=sales, key_account=key)

    decisions = [d("K1", 500.0, True), d("K2", 80.0, True), d("A", 300.0, False), d("B", 80.0, False),
                 d("C", 90.0, False), d("D", 90.0, False), d("Z", 0.0, False)]  # fmt: skip
    # the smallest key account sold 80: A, C and D sold more (B only as much), largest first, ties by id
    assert [x.customer_id for x in outside_key(decisions)] == ["A", "C", "D"]  # type: ignore[arg-type]
    assert outside_key([d("A", 10.0, False)]) == []  # type: ignore[list-item]  # no key account: nothing to compare
