"""The review around the quarter: the year so far, next quarter's plan, and planned vs actual spend.

Stage: metrics (pure). Input: the engine, one customer's code and sales lines, the quarter under
review (with the days the data covers) and its activity results. Output: `YearView`,
`PlannedActivity` and `PlanVsActual` rows, plain values with None where a base is unknown.

Definitions (docs/metrics.md, "The year", "Next quarter", "Investment plan"):
- the year: each quarter of Q's year up to Q with the same quarter of last year and its target;
  year to date (YTD) sums them; the annual target is the sum of the year's four quarterly targets,
  unknown unless all four have a row. In a quarter under way Q counts its covered days and its
  pro-rated target, against the same days of last year.
- planned activities: the customer's activities starting in the next quarter; budget = the plans
  rows carrying the activity's id (any quarter), unknown when none does.
- planned vs actual: by support type, the plans rows of (customer, Q) against support dated in Q;
  `incremental_sales` = the incremental sales of Q's activities that a plan row of that type names
  (an activity named under several types counts once, under the type planned the most for it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from qbr.metrics.activities import ActivityResult
from qbr.metrics.common import day_number, growth, opt_float, ratio
from qbr.metrics.coverage import Windows
from qbr.metrics.engine import Lines, MetricsEngine
from qbr.metrics.sales import target_of
from qbr.quarter import Quarter


@dataclass(frozen=True)
class YearQuarter:
    quarter: str
    sales: float | None  # None when the quarter starts before the data
    sales_ly: float | None
    yoy: float | None
    target: float | None  # pro-rated in a quarter under way, as `kpi.target`
    attainment: float | None


@dataclass(frozen=True)
class YearView:
    year: int
    full_year: bool  # Q is the year's fourth quarter: the view is the whole year
    quarters: list[YearQuarter]  # Q1 .. Q of the year
    sales: float | None  # year to date; None when a quarter of it starts before the data
    sales_ly: float | None
    yoy: float | None
    target: float | None  # the YTD quarters' targets summed; None unless each has one
    attainment: float | None
    annual_target: float | None  # the four quarters' targets summed; None unless all four exist
    annual_attainment: float | None  # YTD sales / annual target


def _sales(engine: MetricsEngine, lines: Lines, first: date, last: date) -> float | None:
    if not engine.covers(first):
        return None
    return lines.amount_between(day_number(first), day_number(last))


def _sum(values: list[float | None]) -> float | None:
    return None if not values or any(v is None for v in values) else float(sum(v for v in values if v is not None))


def year_view(engine: MetricsEngine, code: int, lines: Lines, quarter: Quarter, w: Windows) -> YearView:
    """Q's year to date against last year and the annual target (see the module docstring)."""
    rows = []
    for n in range(1, quarter.q + 1):
        q = Quarter(quarter.year, n)
        now, ly = ((q.start, q.end), (q.last_year().start, q.last_year().end)) if q != quarter else (w.now, w.ly)
        sales, sales_ly = _sales(engine, lines, *now), _sales(engine, lines, *ly)
        full = target_of(engine, code, q)
        target = None if full is None else full * (w.fraction if q == quarter else 1.0)
        rows.append(YearQuarter(str(q), sales, sales_ly, growth(sales, sales_ly), target, ratio(sales, target)))
    sales, sales_ly = _sum([r.sales for r in rows]), _sum([r.sales_ly for r in rows])
    target = _sum([r.target for r in rows])
    annual = _sum([target_of(engine, code, Quarter(quarter.year, n)) for n in range(1, 5)])
    return YearView(
        year=quarter.year,
        full_year=quarter.q == 4 and w.fraction >= 1.0,  # a Q4 under way is the year to date
        quarters=rows,
        sales=sales,
        sales_ly=sales_ly,
        yoy=growth(sales, sales_ly),
        target=target,
        attainment=ratio(sales, target),
        annual_target=annual,
        annual_attainment=ratio(sales, annual),
    )


def next_quarter_sales_ly(engine: MetricsEngine, lines: Lines, quarter: Quarter) -> float | None:
    """Sales of the quarter one year before next quarter (the base of the target's implied growth)."""
    base = quarter.next().last_year()
    return _sales(engine, lines, base.start, base.end)


@dataclass(frozen=True)
class PlannedActivity:
    activity_id: str
    name: str
    type: str | None
    start_date: date
    end_date: date
    days: int
    budget: float | None  # the plans rows for this activity; None when none names it


def _budgets(plans: pd.DataFrame) -> dict[str, float]:
    linked = plans[plans["activity_id"].notna()]
    return {str(k): float(v) for k, v in linked.groupby("activity_id")["amount"].sum().items()}


def planned_activities(activities: pd.DataFrame, plans: pd.DataFrame, quarter: Quarter) -> list[PlannedActivity]:
    """The customer's activities starting in the quarter after `quarter`, by start date."""
    nxt = quarter.next()
    budgets = _budgets(plans)
    out = []
    for _, a in activities.iterrows():
        start, end = a["start_date"].date(), a["end_date"].date()
        if not nxt.contains(start):
            continue
        out.append(
            PlannedActivity(
                activity_id=str(a["activity_id"]),
                name=str(a["name"]),
                type=None if pd.isna(a["type"]) else str(a["type"]),
                start_date=start,
                end_date=end,
                days=(end - start).days + 1,
                budget=budgets.get(str(a["activity_id"])),
            )
        )
    return sorted(out, key=lambda p: (p.start_date, p.activity_id))


@dataclass(frozen=True)
class PlanVsActual:
    type: str  # support type
    planned: float  # 0.0 for a type spent without a plan
    actual: float  # support of this type dated in Q
    variance: float  # actual - planned
    used: float | None  # actual / planned; None when nothing was planned
    incremental_sales: float | None  # of Q's activities named by this type's plan rows; None when none measured


def plan_vs_actual(
    plans: pd.DataFrame, quarter: Quarter, support_by_type: dict[str, float], activities: list[ActivityResult]
) -> list[PlanVsActual]:
    """Planned against actual investment by type; empty when the quarter has no plan rows."""
    rows = plans[plans["quarter"].astype(str) == str(quarter)]
    if rows.empty:
        return []
    planned = {str(k): float(v) for k, v in rows.groupby("type")["amount"].sum().items()}
    lift = {a.activity_id: a.incremental_sales for a in activities}
    # an activity's sales count once, under the type that planned the most money for it: promotion
    # and free goods both planned for one activity must not both claim its uplift
    linked = rows[rows["activity_id"].notna()].groupby(["activity_id", "type"])["amount"].sum().reset_index()
    owner = {
        str(r["activity_id"]): str(r["type"])
        for _, r in linked.sort_values(["amount", "type"], ascending=[False, True])
        .drop_duplicates("activity_id")
        .iterrows()
    }
    out = []
    for kind in sorted(set(planned) | {k for k, v in support_by_type.items() if v}):
        p, actual = planned.get(kind, 0.0), float(support_by_type.get(kind, 0.0))
        ids = {i for i, t in owner.items() if t == kind}
        measured = [opt_float(lift[i]) for i in ids if i in lift and lift[i] is not None]
        out.append(
            PlanVsActual(
                type=kind,
                planned=p,
                actual=actual,
                variance=actual - p,
                used=ratio(actual, p),
                incremental_sales=float(sum(v for v in measured if v is not None)) if measured else None,
            )
        )
    return sorted(out, key=lambda r: (-r.planned, -r.actual, r.type))
