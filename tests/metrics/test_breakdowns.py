"""Sales by month, SKU and category, top movers vs last year, and stores."""

from __future__ import annotations

import pytest

from qbr.metrics import CustomerMetrics, compute_metrics
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings

Q4 = Quarter(2023, 4)

PRODUCTS = [
    {"sku": "S1", "name": "Cola", "category": "drinks"},
    {"sku": "S2", "name": "Juice", "category": "drinks"},
    {"sku": "S3", "name": "Chips", "category": "snacks"},
    {"sku": "S4", "name": "Nuts", "category": "snacks"},
    {"sku": "S5", "name": "Never sold", "category": "snacks"},
]
SALES = [
    # S1: Q 300 + 200 = 500; prev 400; ly 1000 -> change -500
    sale("2023-10-05", "A", "S1", 300.0, qty=3),
    sale("2023-11-05", "A", "S1", 200.0, qty=2),
    sale("2023-08-01", "A", "S1", 400.0),
    sale("2022-10-10", "A", "S1", 1000.0),
    # S2: Q 600; ly 200 -> change +400
    sale("2023-12-01", "A", "S2", 600.0, qty=6),
    sale("2022-12-15", "A", "S2", 200.0),
    # S3: Q 100; no ly -> change +100
    sale("2023-12-20", "A", "S3", 100.0),
    # S4: nothing in Q; prev 50; ly 300 -> change -300
    sale("2023-09-01", "A", "S4", 50.0),
    sale("2022-11-11", "A", "S4", 300.0),
    # the data starts 2022-01-01 (a zero line of another customer), so last year is inside the data
    sale("2022-01-01", "Z", "S1", 0.0),
]


def _metrics() -> CustomerMetrics:
    return compute_metrics(make_dataset(sales=SALES, products=PRODUCTS), settings(), "A", Q4)


def test_sales_by_month_compare_with_the_same_month_last_year() -> None:
    rows = [(r.month, r.sales, r.sales_ly) for r in _metrics().by_month]
    assert rows == [("2023-10", 300.0, 1000.0), ("2023-11", 200.0, 300.0), ("2023-12", 700.0, 200.0)]
    yoy = [r.yoy for r in _metrics().by_month]
    assert yoy == pytest.approx([-0.7, 200.0 / 300.0 - 1, 2.5], abs=1e-6)


def test_sales_by_sku_list_every_sku_bought_in_q_prev_or_ly_largest_first() -> None:
    rows = _metrics().by_sku
    assert [r.key for r in rows] == ["S2", "S1", "S3", "S4"]  # S5 never sold: not listed
    s1 = rows[1]
    assert (s1.name, s1.category, s1.qty) == ("Cola", "drinks", 5.0)
    assert (s1.sales, s1.sales_prev, s1.sales_ly) == (500.0, 400.0, 1000.0)
    assert s1.qoq == pytest.approx(0.25) and s1.yoy == pytest.approx(-0.5)
    assert s1.share == pytest.approx(500.0 / 1200.0)  # Q total 600 + 500 + 100
    assert rows[0].qoq is None  # S2 had nothing last quarter
    assert rows[3].sales == 0.0 and rows[3].share == 0.0


def test_sales_by_category_sum_their_skus() -> None:
    drinks, snacks = _metrics().by_category
    assert (drinks.key, drinks.sales, drinks.sales_prev, drinks.sales_ly) == ("drinks", 1100.0, 400.0, 1200.0)
    assert drinks.qoq == pytest.approx(1.75) and drinks.yoy == pytest.approx(1100.0 / 1200.0 - 1)
    assert (snacks.key, snacks.sales, snacks.sales_prev, snacks.sales_ly) == ("snacks", 100.0, 50.0, 300.0)
    assert snacks.yoy == pytest.approx(100.0 / 300.0 - 1)


def test_gainers_and_decliners_rank_skus_by_absolute_change_vs_last_year() -> None:
    m = _metrics()
    assert [(r.key, r.change_ly) for r in m.gainers] == [("S2", 400.0), ("S3", 100.0)]
    assert [(r.key, r.change_ly) for r in m.decliners] == [("S1", -500.0), ("S4", -300.0)]


def test_stores_count_active_stores_and_list_best_and_worst_without_repeats() -> None:
    sales = [sale("2023-10-05", "A", "S1", 100.0 * (8 - i), store_id=f"ST{i}") for i in range(1, 8)]
    sales += [
        sale("2023-10-06", "A", "S1", -50.0, qty=-1, store_id="ST8"),  # only a return: not active
        sale("2023-10-07", "A", "S1", 400.0),  # no store: delivered to the DC
        sale("2022-10-07", "A", "S1", 200.0, store_id="ST9"),  # active last year only
        sale("2022-01-01", "Z", "S1", 0.0),  # the data starts here, so last year is inside it
    ]
    stores = [{"store_id": "ST1", "customer_id": "A", "name": "Store One"}]
    s = compute_metrics(make_dataset(sales=sales, stores=stores), settings(), "A", Q4).stores
    # ST1..ST7 sold 700, 600, 500, 400, 300, 200, 100
    assert s.active_stores == 7 and s.active_stores_ly == 1
    assert s.sales_per_store == pytest.approx(2800.0 / 7)  # 400
    assert s.sales_without_store == pytest.approx(400.0)
    assert [r.store_id for r in s.best] == ["ST1", "ST2", "ST3", "ST4", "ST5"]
    assert s.best[0].name == "Store One" and s.best[1].name is None
    assert [r.store_id for r in s.worst] == ["ST7", "ST6"]
    # no active store sold last year, so no growth: the growing are the largest, none is falling
    assert [r.store_id for r in s.growing] == ["ST1", "ST2", "ST3", "ST4", "ST5"] and s.falling == []
    assert [r.store_id for r in s.ranking] == ["ST1", "ST2", "ST3", "ST4", "ST5", "ST6", "ST7"]


def test_growing_stores_grew_most_and_falling_fell_most_and_a_store_without_a_base_is_in_neither() -> None:
    sales = [
        sale("2023-10-05", "A", "S1", 1000.0, store_id="ST1"),  # ly 800: +25 %
        sale("2022-10-05", "A", "S1", 800.0, store_id="ST1"),
        sale("2023-10-05", "A", "S1", 900.0, store_id="ST2"),  # ly 1000: -10 %, the second largest
        sale("2022-10-05", "A", "S1", 1000.0, store_id="ST2"),
        sale("2023-10-05", "A", "S1", 100.0, store_id="ST3"),  # ly 50: +100 %, the smallest
        sale("2022-10-05", "A", "S1", 50.0, store_id="ST3"),
        sale("2023-10-05", "A", "S1", 500.0, store_id="ST4"),  # ly 1000: -50 %
        sale("2022-10-05", "A", "S1", 1000.0, store_id="ST4"),
        sale("2023-10-05", "A", "S1", 300.0, store_id="ST5"),  # opened this year: no growth figure
        sale("2022-01-01", "Z", "S1", 0.0),  # the data starts here, so last year is inside it
    ]
    s = compute_metrics(make_dataset(sales=sales), settings(), "A", Q4).stores
    assert [(r.store_id, r.yoy) for r in s.growing] == [("ST3", pytest.approx(1.0)), ("ST1", pytest.approx(0.25))]
    assert [(r.store_id, r.yoy) for r in s.falling] == [("ST4", pytest.approx(-0.5)), ("ST2", pytest.approx(-0.1))]
    assert s.best[1].store_id == "ST2"  # the spec's best is by size: the second largest, though it fell
    assert [r.store_id for r in s.ranking] == ["ST1", "ST2", "ST4", "ST5", "ST3"]  # by sales
    # like for like: ST1-ST4 sold in both years, ST5 is new: 2,500 against 2,850 = -12.28 %
    assert (s.same_stores, s.same_store_sales, s.same_store_sales_ly) == (4, 2500.0, 2850.0)
    assert s.same_store_yoy == pytest.approx(2500 / 2850 - 1)


def test_last_year_before_the_data_is_null_never_zero() -> None:
    # the same sales without the 2022-01-01 line: the data starts 2022-10-07, after 2022Q4 began
    sales = [s for s in SALES if s["customer_id"] != "Z"]
    m = compute_metrics(make_dataset(sales=sales, products=PRODUCTS), settings(), "A", Q4)
    assert m.sales_ly is None and m.yoy is None  # not 0 and -100 %
    assert m.sales_prev == pytest.approx(450.0)  # 2023Q3 is inside the data: 400 + 50
    assert all(r.sales_ly is None and r.yoy is None and r.change_ly is None for r in m.by_sku)
    assert all(r.sales_ly is None for r in m.by_category)
    # by month the base is a month: Oct 2022 starts before the data, Nov and Dec 2022 are inside it
    assert [r.sales_ly for r in m.by_month] == [None, 300.0, 200.0]
    assert m.gainers == [] and m.decliners == []  # no SKU is "new" or "lost" against unknown sales
    assert m.stores.active_stores_ly is None
    assert m.stores.same_stores is None and m.stores.same_store_yoy is None  # unknown, not 0 stores


def test_a_customer_without_store_ids_has_no_active_stores_and_null_sales_per_store() -> None:
    s = _metrics().stores
    assert s.active_stores == 0 and s.sales_per_store is None and s.best == []
