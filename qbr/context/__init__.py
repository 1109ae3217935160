"""The context stage: a customer's metrics turned into everything a deck template can see.

build.py      the template context: metrics JSON plus labels, notes, commentary and charts
chartdata.py  one data set per chart (categories and series, money in the chart's unit)
variables.py  the data dictionary `qbr template vars` prints
"""
