"""Cross-table checks on a loaded Dataset: keys, references, date order, signs.

Stage 2 of the pipeline. Input: a Dataset whose cells all parsed (load has already reported
unparseable and blank cells). Output: nothing, or one QbrError listing every problem with its
file, Excel row and column. These are the mistakes that would otherwise give wrong figures
silently: a sales line for a customer the customers table does not know never reaches a deck.
"""

from __future__ import annotations

import pandas as pd

from qbr.data.arrow_csv import release_unused_memory
from qbr.data.dataset import Dataset
from qbr.data.schema import TABLES
from qbr.errors import Location, ProblemList

LISTED = 5  # problems of one kind listed one by one before summing up


def validate(ds: Dataset) -> None:
    problems = ProblemList()
    for table, key in [
        ("customers", ["customer_id"]),
        ("products", ["sku"]),
        ("targets", ["customer_id", "quarter"]),
        ("activities", ["activity_id"]),
        ("receivables", ["invoice_no"]),
        ("stores", ["store_id"]),
        # one reading per store, SKU and day; rows without a store_id are the customer as a whole
        # and may repeat (a portal export without its store column), so they are summed instead
        ("sellout", ["date", "customer_id", "store_id", "sku"]),
    ]:
        _duplicates(ds, table, key, problems)

    customers = set(ds.customers["customer_id"].dropna())
    # every table that names a customer, read from the schema: a new table is checked without
    # being added to a second list
    for table in (name for name, spec in TABLES.items() if name != "customers" and "customer_id" in spec.column_names):
        _references(ds, table, "customer_id", customers, "customers", problems)
    skus = set(ds.products["sku"].dropna())
    _references(ds, "sales", "sku", skus, "products", problems)
    _references(ds, "sellout", "sku", skus, "products", problems)
    _activity_skus(ds, problems)
    if ds.has("stores"):
        stores = set(ds.stores["store_id"].dropna())
        _references(ds, "sales", "store_id", stores, "stores", problems)
        _references(ds, "promoters", "store_id", stores, "stores", problems)
        _store_owner(ds, "sales", problems)
        _store_owner(ds, "promoters", problems)
        _references(ds, "sellout", "store_id", stores, "stores", problems)
        _store_owner(ds, "sellout", problems)
    if ds.has("activities"):
        activity_ids = set(ds.activities["activity_id"].dropna())
        _references(ds, "support", "activity_id", activity_ids, "activities", problems)
        _activity_owner(ds, problems)
        _references(ds, "plans", "activity_id", activity_ids, "activities", problems)

    _order(ds, "promoters", "start_date", "end_date", "ends before it starts", problems)
    _order(ds, "activities", "start_date", "end_date", "ends before it starts", problems)
    _order(ds, "receivables", "invoice_date", "due_date", "is due before it was invoiced", problems)

    for table in ("sales", "sellout"):  # our deliveries and the customer's own sales: the same sign rule
        lines = ds.tables[table]
        _flag(
            ds,
            table,
            (lines["qty"] < 0) & (lines["amount"] > 0),
            "qty",
            "negative qty with a positive amount",
            "a return has negative qty and negative amount",
            problems,
        )
    sellout = ds.sellout
    _flag(
        ds,
        "sellout",
        sellout["stock_qty"] < 0,
        "stock_qty",
        "stock is negative",
        "a shelf holds zero or more units; correct the reading or leave it blank",
        problems,
        sellout["stock_qty"].map(lambda v: f"{v:g}"),
    )
    rec = ds.receivables
    _flag(
        ds,
        "receivables",
        rec["paid_amount"].notna() & rec["paid_date"].isna(),
        "paid_date",
        "paid_amount is given but paid_date is blank",
        "a payment needs its date to be placed in time",
        problems,
    )
    problems.raise_if_any()
    release_unused_memory()  # what the checks' string operations freed, before the metrics allocate


def _where(ds: Dataset, table: str, row: int | None, column: str) -> Location:
    src = ds.sources.get(table, Location(file=f"{table}.csv"))
    return Location(file=src.file, sheet=src.sheet, row=row, column=column)


def _flag(
    ds: Dataset,
    table: str,
    mask: pd.Series,
    column: str,
    message: str,
    hint: str | None,
    problems: ProblemList,
    values: pd.Series | None = None,
) -> None:
    """One problem per flagged row (the first few), then one line summing up the rest."""
    mask = mask.fillna(False).astype(bool)
    if not mask.any():
        return
    frame = ds.tables[table]
    rows = frame.loc[mask, "_row"].tolist()
    shown = values[mask].tolist() if values is not None else [None] * len(rows)
    for row, value in list(zip(rows, shown, strict=True))[:LISTED]:
        text = f'"{value}" {message}' if value is not None else message
        problems.add(_where(ds, table, int(row), column), text, hint)
    if len(rows) > LISTED:
        problems.add(_where(ds, table, None, column), f"{len(rows) - LISTED} more rows with the same problem", hint)


def _duplicates(ds: Dataset, table: str, key: list[str], problems: ProblemList) -> None:
    frame = ds.tables[table]
    keyed = frame[key].notna().all(axis=1)
    later = frame.duplicated(subset=key, keep="first") & keyed
    if not later.any():
        return
    first_row = frame[keyed].groupby(key, sort=False)["_row"].transform("min")
    label = " + ".join(key)
    hint = f"each {label} may appear only once"
    positions = frame.index[later]
    for idx in positions[:LISTED]:
        value = " / ".join(_cell_text(frame.at[idx, k]) for k in key)
        problems.add(
            _where(ds, table, int(frame.at[idx, "_row"]), key[-1]),
            f'duplicate {label} "{value}" (first in row {int(first_row[idx])})',
            hint,
        )
    if len(positions) > LISTED:
        problems.add(_where(ds, table, None, key[-1]), f"{len(positions) - LISTED} more duplicate rows", hint)


def _cell_text(value: object) -> str:
    """A key cell as the user typed it: dates without a time of day."""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _references(ds: Dataset, table: str, column: str, known: set[str], target: str, problems: ProblemList) -> None:
    frame = ds.tables[table]
    if frame.empty:
        return
    values = frame[column]
    unknown = values.notna() & ~values.isin(known)
    _flag(
        ds,
        table,
        unknown,
        column,
        f"is not in the {target} table",
        f"add it to {target}, or correct the code",
        problems,
        values,
    )


def _activity_skus(ds: Dataset, problems: ProblemList) -> None:
    acts = ds.activities
    if acts.empty:
        return
    known = set(ds.products["sku"].dropna())
    for idx, text in acts["skus"].dropna().items():
        bad = [s for s in (x.strip() for x in str(text).split(";")) if s and s not in known]
        if bad:
            problems.add(
                _where(ds, "activities", int(acts.at[idx, "_row"]), "skus"),
                f"SKU {', '.join(bad)} is not in the products table",
                "separate SKUs with ; and use codes from products",
            )


def _store_owner(ds: Dataset, table: str, problems: ProblemList) -> None:
    frame = ds.tables[table]
    if frame.empty or frame["store_id"].isna().all():
        return
    owner = ds.stores.drop_duplicates("store_id").set_index("store_id")["customer_id"]
    expected = lookup(frame["store_id"], owner)
    wrong = frame["store_id"].notna() & expected.notna() & (expected != frame["customer_id"])
    _flag(
        ds,
        table,
        wrong,
        "store_id",
        "belongs to another customer in the stores table",
        "check the store code or the customer code of this row",
        problems,
        frame["store_id"],
    )


def _activity_owner(ds: Dataset, problems: ProblemList) -> None:
    """Support money booked to an activity must be for that activity's customer."""
    support = ds.support
    if support.empty:
        return
    owner = ds.activities.drop_duplicates("activity_id").set_index("activity_id")["customer_id"]
    expected = lookup(support["activity_id"], owner)
    wrong = support["activity_id"].notna() & expected.notna() & (expected != support["customer_id"])
    _flag(
        ds,
        "support",
        wrong,
        "activity_id",
        "is an activity of another customer",
        "check the activity code or the customer code of this row",
        problems,
        support["activity_id"],
    )


def lookup(keys: pd.Series, mapping: pd.Series) -> pd.Series:
    """`keys.map(mapping)`, mapping each distinct key once: a million sales lines name a few
    thousand stores, and pandas' own map hashes every line's text into the mapping's index."""
    codes, uniques = pd.factorize(keys)
    mapped = pd.Series(uniques).map(mapping).array
    return pd.Series(mapped.take(codes, allow_fill=True), index=keys.index)


def _order(ds: Dataset, table: str, start: str, end: str, message: str, problems: ProblemList) -> None:
    frame = ds.tables[table]
    if frame.empty:
        return
    bad = frame[end] < frame[start]
    _flag(ds, table, bad, end, f"{message} ({start} is later)", None, problems, frame[end].dt.strftime("%Y-%m-%d"))
