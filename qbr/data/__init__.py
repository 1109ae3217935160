"""The data stage: find, read, parse and validate a data folder's tables into a `Dataset`.

schema.py    the tables, their columns, kinds and Chinese headers (the input contract)
readers.py   CSV (UTF-8 / GB18030), xlsx and parquet into raw string cells with Excel rows
parse.py     cells into typed columns: money text, dates in every form users type
load.py      a folder (or one workbook) into a Dataset, every problem located
dataset.py   the Dataset: one typed frame per table, with where each came from
validate.py  cross-table checks (unknown ids, duplicate keys, end before start)
summary.py   what `qbr validate` prints
init.py      `qbr init`: the starter workbook and qbr.toml
"""
