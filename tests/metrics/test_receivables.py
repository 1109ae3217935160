"""Receivables at the quarter end: partial and late payments, aging bucket edges, DSO, collected."""

from __future__ import annotations

from datetime import date

import pytest

from qbr.metrics import CustomerMetrics, compute_metrics
from qbr.metrics.receivables import aging_bucket, payable_day
from qbr.quarter import Quarter
from tests.helpers import make_dataset, sale, settings

Q4 = Quarter(2023, 4)  # E = 2023-12-31, 92 days


def _inv(
    no: str,
    due: str,
    amount: float,
    invoice_date: str = "2023-10-01",
    paid_date: str | None = None,
    paid_amount: float | None = None,
) -> dict:
    return {
        "customer_id": "A",
        "invoice_no": no,
        "invoice_date": invoice_date,
        "due_date": due,
        "amount": amount,
        "paid_date": paid_date,
        "paid_amount": paid_amount,
    }


INVOICES = [
    _inv("I1", "2023-12-31", 1000.0),  # due on E: 0 days past due -> not_due
    # due Saturday 12-30, payable Tuesday 2024-01-02 (Monday is New Year's Day): not due at E; 1500 left
    _inv("I2", "2023-12-30", 2000.0, paid_date="2023-11-15", paid_amount=500.0),
    _inv("I3", "2023-12-01", 300.0),  # 30 days -> 1-30
    _inv("I4", "2023-11-30", 400.0, paid_date="2024-01-05", paid_amount=400.0),  # 31 days; paid after E
    _inv("I5", "2023-11-01", 500.0),  # 60 days -> 31-60
    _inv("I6", "2023-10-31", 600.0),  # 61 days -> 61-90
    # due in the National Day holiday, payable Saturday 10-07 (a swapped working day): late at E, and
    # 90 days past its due date -> 61-90
    _inv("I7", "2023-10-02", 700.0),
    _inv("I8", "2023-09-28", 800.0, invoice_date="2023-08-01"),  # a Thursday: 94 days -> over_90
    _inv("I9", "2024-02-01", 5000.0, invoice_date="2024-01-02"),  # invoiced after E: not yet owed
    _inv("I10", "2023-12-20", 250.0, paid_date="2023-12-10"),  # paid_amount blank -> 250 paid
    _inv("I11", "2023-07-01", 100.0, invoice_date="2023-06-01", paid_date="2023-09-15"),  # paid before Q
    _inv("I12", "2023-10-01", 50.0, invoice_date="2023-09-01", paid_date="2023-10-01", paid_amount=50.0),
    _inv("I13", "2023-12-31", 80.0, paid_date="2023-12-31", paid_amount=80.0),  # paid on E
]


def _metrics(sales_amount: float = 9200.0, invoices: list[dict] = INVOICES) -> CustomerMetrics:
    # a zero line on 2023-12-31 of another customer: the data covers the whole quarter, so E = 12-31
    sales = [sale("2023-10-05", "A", "S1", sales_amount, cost=1.0), sale("2023-12-31", "Z", "S1", 0.0)]
    ds = make_dataset(sales=sales, receivables=invoices)
    return compute_metrics(ds, settings(), "A", Q4)


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-5, "not_due"),
        (0, "not_due"),
        (1, "1-30"),
        (30, "1-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "over_90"),
    ],
)
def test_aging_bucket_edges(days: int, bucket: str) -> None:
    assert aging_bucket(days) == bucket


def test_outstanding_at_quarter_end_ignores_later_invoices_and_later_payments() -> None:
    m = _metrics()
    # 1000 + 1500 + 300 + 400 + 500 + 600 + 700 + 800 = 5800 (I9 not issued; I10-I13 paid by E)
    assert m.ar_outstanding == pytest.approx(5800.0, abs=1e-6)
    # all but I1 (due on E) and I2 (payable after E): 5800 - 1000 - 1500
    assert m.ar_overdue == pytest.approx(3300.0, abs=1e-6)


def test_aging_splits_outstanding_by_days_past_due_at_quarter_end() -> None:
    assert _metrics().ar_aging == pytest.approx(
        {
            "not_due": 2500.0,  # I1 1000 + I2 1500
            "1-30": 300.0,  # I3
            "31-60": 900.0,  # I4 400 + I5 500
            "61-90": 1300.0,  # I6 600 + I7 700
            "over_90": 800.0,  # I8
        },
        abs=1e-6,
    )


@pytest.mark.parametrize(
    ("due", "payable"),
    [
        ("2023-12-29", "2023-12-29"),  # a Friday: a working day
        ("2023-12-30", "2024-01-02"),  # Saturday; Sunday; Monday 01-01 is New Year's Day
        ("2023-10-01", "2023-10-07"),  # National Day 09-29..10-06; Saturday 10-07 was a swapped working day
        ("2024-02-10", "2024-02-18"),  # Spring Festival 02-10..02-17; Sunday 02-18 was a working day
    ],
)
def test_a_due_date_on_a_day_off_is_payable_on_the_next_working_day(due: str, payable: str) -> None:
    assert payable_day(date.fromisoformat(due)) == date.fromisoformat(payable)


def test_an_invoice_due_on_saturday_is_not_overdue_on_sunday() -> None:
    m = _metrics(invoices=[_inv("S", "2023-12-30", 700.0)])  # E = Sunday 2023-12-31
    assert (m.ar_outstanding, m.ar_overdue, m.ar_aging["not_due"]) == (700.0, 0.0, 700.0)


def test_dso_is_outstanding_over_sales_times_days_in_quarter() -> None:
    assert _metrics().dso == pytest.approx(58.0, abs=1e-6)  # 5800 / 9200 x 92


def test_collected_sums_payments_dated_in_the_quarter_with_paid_amount_defaulting_to_amount() -> None:
    # I2 500 + I10 250 (defaulted) + I12 50 (on the first day) + I13 80 (on E); I4 after E, I11 before Q
    assert _metrics().collected == pytest.approx(880.0, abs=1e-6)


def test_open_invoices_list_what_is_left_at_quarter_end_oldest_due_first() -> None:
    inv = _metrics().open_invoices
    # days past due: I8 94, I7 90, I6 61, I5 60, I4 31, I3 30, I1 0, I2 -2 (12-31 - 2024-01-02)
    assert [i.invoice_no for i in inv] == ["I8", "I7", "I6", "I5", "I4", "I3", "I1", "I2"]
    i2 = next(i for i in inv if i.invoice_no == "I2")
    assert (i2.amount, i2.paid_amount, i2.outstanding, i2.days_past_due) == (2000.0, 500.0, 1500.0, -2)
    i4 = next(i for i in inv if i.invoice_no == "I4")
    assert (i4.paid_amount, i4.outstanding, i4.days_past_due) == (0.0, 400.0, 31)
    i7 = next(i for i in inv if i.invoice_no == "I7")
    assert i7.days_past_due == 90  # counted from its printed due date 10-02, though payable on 10-07


def test_dso_is_null_when_the_quarter_has_no_sales() -> None:
    m = _metrics(sales_amount=0.0)
    assert m.ar_outstanding == pytest.approx(5800.0)
    assert m.dso is None


def test_a_payment_after_the_quarter_shows_as_paid_and_the_collection_rate_divides_by_invoiced() -> None:
    m = _metrics()
    # the data's newest date is I4's payment on 2024-01-05: receivables are known to that day
    (i4,) = [i for i in m.open_invoices if i.invoice_no == "I4"]
    assert i4.outstanding == pytest.approx(400.0)  # still open at E, as the spec's position says
    assert (i4.paid_after, i4.paid_after_amount) == (date(2024, 1, 5), 400.0)
    assert all(i.paid_after is None for i in m.open_invoices if i.invoice_no != "I4")
    # collected in Q: I2 500 + I10 250 + I12 50 + I13 80 = 880; invoiced in Q (dated 10-01..12-31):
    # I1 1000 + I2 2000 + I3 300 + I4 400 + I5 500 + I6 600 + I7 700 + I10 250 + I13 80 = 5830
    assert m.collected == pytest.approx(880.0)
    assert m.collection_rate == pytest.approx(880.0 / 5830.0)


def test_as_of_before_the_payment_leaves_it_unpaid() -> None:
    from dataclasses import replace

    s = settings()
    s = replace(s, report=replace(s.report, as_of="2024-01-04"))
    sales = [sale("2023-10-05", "A", "S1", 9200.0, cost=1.0), sale("2023-12-31", "Z", "S1", 0.0)]
    m = compute_metrics(make_dataset(sales=sales, receivables=INVOICES), s, "A", Q4)
    assert all(i.paid_after is None for i in m.open_invoices)
