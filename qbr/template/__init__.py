"""The template engine: Jinja2 inside ordinary PowerPoint files.

`Template.load(path)` parses once; `render(context) -> bytes` / `render_to(path, context)` fill it
as often as needed. The language is described in docs/templates.md; the modules, one job each:

    runs.py        merge tags PowerPoint split across runs          (load)
    directives.py  {%p %}, {%tr %}, {%slide %} blocks               (load + render)
    environment.py sandbox, limits, filters, value cleaning        (load + render)
    marks.py       private-use marks between Jinja and the XML     (render)
    text.py        paragraphs and text frames                       (render)
    tables.py      table row blocks                                 (render)
    slides.py      slide copy/drop                                  (render)
    charts.py      native chart data                                (render)
    pictures.py    pictures fitted into shapes                      (render)
    named.py       chart:NAME / image:EXPR shapes                   (render)
    report.py      located problems, raised together
    engine.py      the Template class that runs the steps
    vars.py        the data dictionary behind `qbr template vars`
"""

from qbr.template.engine import Template

__all__ = ["Template"]
