"""The data dictionary: which names and filters a template can use, with examples.

Stage: documentation (`qbr template vars`, `qbr template check`). Input: providers registered by
the modules that build template contexts. Output: a list of `Variable`s and the filter table.

The context builder registers its variables once, at import:

    from qbr.template.vars import Variable, register_variables

    @register_variables
    def _qbr_variables():
        return [Variable("kpi.sales", "net sales of the quarter, yuan", "{{ kpi.sales | money }}")]

A provider is called lazily (only when the dictionary is printed), so registering costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from qbr.formatting import FILTER_DOCS


@dataclass(frozen=True)
class Variable:
    name: str  # dotted path as written in a tag, e.g. "kpi.sales" or "charts.trend"
    description: str
    example: str = ""


Provider = Callable[[], Iterable[Variable]]
_PROVIDERS: list[Provider] = []

# Names the engine itself gives meaning to.
ENGINE_VARIABLES = [
    Variable(
        "charts.NAME",
        "data for the native chart or picture named chart:NAME",
        '{"categories": ["Q1", "Q2"], "series": [{"name": "销售额", "values": [1, 2]}]}',
    ),
    Variable(
        "chart_images.NAME",
        "PNG bytes (or, from JSON, a file path) for a picture named chart:NAME",
        '"chart_images": {"trend": "trend.png"}',
    ),
    Variable("loop.index", "1-based position inside any for loop", "{{ loop.index }}. {{ a.name }}"),
]


def register_variables(provider: Provider) -> Provider:
    """Add a provider of documented context variables; usable as a decorator."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def variables() -> list[Variable]:
    """Every documented variable: the engine's and all registered providers', sorted by name."""
    found = list(ENGINE_VARIABLES)
    for provider in _PROVIDERS:
        found.extend(provider())
    return sorted(found, key=lambda v: v.name)


def filters() -> list[tuple[str, str, str]]:
    """(name, description, example) of each qbr filter."""
    return [(name, desc, example) for name, (desc, example) in FILTER_DOCS.items()]


def top_level_names() -> set[str]:
    """First path component of every documented variable (what `check` can vouch for)."""
    return {v.name.split(".")[0] for v in variables()}
