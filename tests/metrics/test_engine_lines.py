"""The metrics engine's sales lines (`qbr.metrics.engine.MetricsEngine.all_lines`): sorted by
customer then day, costs resolved, and lines of a customer missing from the customers table left
out (validation reports them) rather than counted towards another customer."""

from __future__ import annotations

import numpy as np

from qbr.metrics.engine import MetricsEngine
from tests.helpers import make_dataset, sale, settings


def test_lines_are_sorted_by_customer_then_day_and_an_unknown_customer_is_left_out() -> None:
    ds = make_dataset(
        sales=[
            sale("2023-10-05", "B", "P2", 50.0, qty=5, store_id="S2"),
            sale("2023-10-02", "A", "P1", 10.0, qty=1, cost=4.0),
            sale("2023-10-03", "GHOST", "P1", 999.0, qty=9),
            sale("2023-10-01", "B", "P1", 20.0, qty=2, store_id="S1"),
        ],
        customers=[
            {"customer_id": "A", "name": "A", "channel": "modern"},
            {"customer_id": "B", "name": "B", "channel": "modern"},
        ],
        products=[
            {"sku": "P1", "name": "one", "category": "food", "unit_cost": 3.0},
            {"sku": "P2", "name": "two", "category": "food", "unit_cost": 7.0},
        ],
    )
    engine = MetricsEngine(ds, settings())
    lines = engine.all_lines
    # A's line, then B's two by day (10-01 before 10-05); GHOST's 999 is nowhere
    assert lines.amount.tolist() == [10.0, 20.0, 50.0]
    assert lines.qty.tolist() == [1.0, 2.0, 5.0]
    # A's cost is given (4); B's are qty x unit_cost: 2 x 3 = 6 and 5 x 7 = 35
    assert lines.cost.tolist() == [4.0, 6.0, 35.0]
    assert lines.sku.tolist() == [0, 0, 1]  # positions in the products table
    assert np.diff(lines.day).tolist()[1] == 4  # B's lines four days apart
    # stores are numbered in file order (S2 first); A's line has none (-1)
    assert engine.store_ids == ["S2", "S1"] and lines.store.tolist() == [-1, 1, 0]
    # int32: five million lines take 80 MB less than in int64
    assert lines.store.dtype == np.int32 and lines.sku.dtype == np.int32 and lines.day.dtype == np.int32


def test_the_sort_key_of_int32_codes_does_not_overflow() -> None:
    from qbr.metrics.engine import _by_customer_then_day

    # customer 100,000 x a span of 30,000 days = 3e9, beyond int32: the key is made in int64
    cust = np.array([100_000, 0, 100_000, 0], dtype=np.int32)
    day = np.array([30_000, 29_999, 1, 1], dtype=np.int32)
    # customer 0's days 1 then 29,999 (rows 3, 1), then customer 100,000's days 1 then 30,000 (2, 0)
    assert _by_customer_then_day(cust, day).tolist() == [3, 1, 2, 0]
