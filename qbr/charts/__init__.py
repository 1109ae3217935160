"""Rendered charts: matplotlib pictures for `chart:NAME` shapes PowerPoint cannot draw natively.

Stage: charts. Input: a chart data dict (see `qbr.charts.spec`) and the target shape's size.
Output: PNG bytes. Importing this package does not import matplotlib; the first render does.

    from qbr.charts import render_chart, render_for_engine
"""

from qbr.charts.fonts import MissingCjkFontWarning
from qbr.charts.render import render_chart, render_for_engine

__all__ = ["MissingCjkFontWarning", "render_chart", "render_for_engine"]
