"""The loaded, validated input: one pandas DataFrame per table of the spec.

Stage: output of load -> validate; input of metrics, accounts and everything after. Every frame
has exactly the spec's canonical columns (optional ones included, blank when the file lacked
them) plus `_row`, the row number as Excel shows it (for error messages). A table whose file is
missing is an empty frame with the same columns.

Dtypes, fixed here so that metrics can rely on them:
- id and text columns: pandas string dtype, missing = NA, trimmed;
- money and number columns: float64, missing = NaN;
- date columns: datetime64[ns], missing = NaT, normalised to midnight;
- quarter columns: text in canonical form `2023Q4`;
- channel / support type / section: canonical English words (`special`, `free_goods`, `plan`);
- customers.key_account: "yes", "no" or NA (blank = decide by rules).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from qbr.data.schema import DATE, MONEY, NUMBER, TABLES
from qbr.errors import Location


def empty_frame(table: str) -> pd.DataFrame:
    """A table with no rows but the right columns and dtypes."""
    data: dict[str, pd.Series] = {}
    for col in TABLES[table].columns:
        if col.kind in (MONEY, NUMBER):
            data[col.name] = pd.Series([], dtype="float64")
        elif col.kind == DATE:
            data[col.name] = pd.Series([], dtype="datetime64[ns]")
        else:
            data[col.name] = pd.Series([], dtype="string")
    data["_row"] = pd.Series([], dtype="int64")
    return pd.DataFrame(data)


@dataclass
class Dataset:
    folder: Path
    tables: dict[str, pd.DataFrame]
    sources: dict[str, Location] = field(default_factory=dict)  # table -> file (and sheet) it came from

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def in_language(self, lang: str) -> Dataset:
        """The dataset as a deck in `lang` names things: in English, a customer's, product's,
        store's or activity's `name_en` (and a product's `category_en`) where given, else the
        name as it is. Nothing changes in Chinese or when no table has such a column filled."""
        if lang == "zh":
            return self
        tables = dict(self.tables)
        for table, frame in self.tables.items():
            # the schema's `<column>_<lang>` columns say which columns have a translation
            for col in [c for c in frame.columns if f"{c}_{lang}" in frame.columns]:
                translated = frame[f"{col}_{lang}"]
                if translated.notna().any():
                    frame = frame.assign(**{col: translated.fillna(frame[col])})
            tables[table] = frame
        return Dataset(self.folder, tables, self.sources)

    def has(self, table: str) -> bool:
        """True when the table came from a file (an absent optional table means "none")."""
        return table in self.sources

    @property
    def first_date(self) -> pd.Timestamp | None:
        """The oldest sales date: before it the data says nothing."""
        dates = self.tables["sales"]["date"]
        return None if dates.empty or dates.isna().all() else dates.min()

    @property
    def last_date(self) -> pd.Timestamp | None:
        """The newest sales date: the data cut-off."""
        dates = self.tables["sales"]["date"]
        return None if dates.empty or dates.isna().all() else dates.max()
