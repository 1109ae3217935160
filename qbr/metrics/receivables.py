"""Accounts receivable of a customer at the quarter end E: outstanding, overdue, aging, DSO.

Stage: metrics. Input: the customer's receivables rows (one per invoice), a Quarter and the
quarter's sales. Output: `ReceivableKpis` and the list of invoices still open at E.

The position is as it stood on E: invoices dated after E do not exist yet, and a payment dated
after E has not reduced anything yet. paid_amount defaults to amount when paid_date is set.

A due date on a weekend or a Chinese public holiday is payable on the next working day (the
commercial convention, and how banks settle; swapped working weekends count as working days):
an invoice due Saturday 30 Dec 2023 is not late on Sunday 31 Dec, so neither the overdue figure
nor the aging counts it. Once an invoice is late, its days past due count from its due date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from qbr.metrics.calendar import next_working_day
from qbr.metrics.common import day_date, day_number, day_numbers, ratio

AGING_BUCKETS = ("not_due", "1-30", "31-60", "61-90", "over_90")


@dataclass(frozen=True)
class OpenInvoice:
    invoice_no: str
    invoice_date: date
    due_date: date
    amount: float
    paid_amount: float  # paid by E
    outstanding: float
    days_past_due: int  # E - due_date once overdue (payable_day(due_date) < E); else E - payable day (<= 0)
    paid_after: date | None = None  # paid after E, on or before the as-of date: "已回款 2024-01-10"
    paid_after_amount: float = 0.0


@dataclass(frozen=True)
class ReceivableKpis:
    ar_outstanding: float
    ar_overdue: float
    ar_aging: dict[str, float]
    dso: float | None
    collected: float
    collection_rate: float | None  # collected / invoiced in the quarter
    open_invoices: list[OpenInvoice]


def aging_bucket(days_past_due: int) -> str:
    """not_due (<= 0), 1-30, 31-60, 61-90, over_90 (> 90)."""
    if days_past_due <= 0:
        return "not_due"
    if days_past_due <= 30:
        return "1-30"
    if days_past_due <= 60:
        return "31-60"
    if days_past_due <= 90:
        return "61-90"
    return "over_90"


@lru_cache(maxsize=4096)
def payable_day(due: date) -> date:
    """The day a payment due on `due` must be made by: `due`, or the next working day after it."""
    return next_working_day(due)


def _payable_days(due_days: np.ndarray) -> np.ndarray:
    """payable_day of each due day number (due_date is a required column: never NaT)."""
    out = due_days.copy()
    for d in np.unique(due_days):
        out[due_days == d] = day_number(payable_day(day_date(int(d))))
    return out


def receivable_kpis(
    rows: pd.DataFrame, q_start: date, q_end: date, sales: float, days_in_quarter: int, as_of: date | None = None
) -> ReceivableKpis:
    """The position at E (`q_end`); an open invoice paid after E but by `as_of` says so."""
    e = day_number(q_end)
    known = day_number(as_of) if as_of is not None else e
    invoice_day = day_numbers(rows["invoice_date"])
    due_day = day_numbers(rows["due_date"])
    late_after = _payable_days(due_day)  # late only once the payable working day has passed
    paid_day = day_numbers(rows["paid_date"])
    has_paid_date = rows["paid_date"].notna().to_numpy()
    amount = rows["amount"].to_numpy(dtype="float64", na_value=np.nan)
    paid = rows["paid_amount"].to_numpy(dtype="float64", na_value=np.nan)
    # paid_amount defaults to amount when paid_date is set; no paid_date means nothing paid yet.
    paid = np.where(np.isnan(paid), np.where(has_paid_date, amount, 0.0), paid)
    paid_by_e = np.where(has_paid_date & (paid_day <= e), paid, 0.0)

    issued = invoice_day <= e
    later = has_paid_date & (paid_day > e) & (paid_day <= known)
    outstanding = amount - paid_by_e
    # late or not is judged on the payable day; how late is counted from the due date printed on
    # the invoice, as the buyer's finance team counts it (an invoice due Sunday 1 Oct and unpaid at
    # 31 Dec is 91 days overdue, not 85)
    past_due = np.where(late_after < e, e - due_day, np.minimum(e - late_after, 0))
    aging = {b: 0.0 for b in AGING_BUCKETS}
    open_invoices: list[OpenInvoice] = []
    for i in np.flatnonzero(issued):
        bucket = aging_bucket(int(past_due[i]))
        aging[bucket] += float(outstanding[i])
        # An invoice is open when something is left to the cent (credit balances count too).
        if round(float(outstanding[i]), 2) != 0:
            open_invoices.append(
                OpenInvoice(
                    invoice_no=str(rows["invoice_no"].iloc[i]),
                    invoice_date=day_date(int(invoice_day[i])),
                    due_date=day_date(int(due_day[i])),
                    amount=float(amount[i]),
                    paid_amount=float(paid_by_e[i]),
                    outstanding=float(outstanding[i]),
                    days_past_due=int(past_due[i]),
                    paid_after=day_date(int(paid_day[i])) if later[i] else None,
                    paid_after_amount=float(paid[i]) if later[i] else 0.0,
                )
            )
    open_invoices.sort(key=lambda inv: (-inv.days_past_due, inv.invoice_no))
    ar_outstanding = float(outstanding[issued].sum())
    ar_overdue = float(outstanding[issued & (late_after < e)].sum())
    in_q = has_paid_date & (paid_day >= day_number(q_start)) & (paid_day <= e)
    dso_ratio = ratio(ar_outstanding, sales)
    return ReceivableKpis(
        ar_outstanding=ar_outstanding,
        ar_overdue=ar_overdue,
        ar_aging=aging,
        dso=None if dso_ratio is None else dso_ratio * days_in_quarter,
        collected=float(paid[in_q].sum()),
        collection_rate=ratio(
            float(paid[in_q].sum()), float(amount[issued & (invoice_day >= day_number(q_start))].sum())
        ),
        open_invoices=open_invoices,
    )
