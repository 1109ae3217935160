"""The Jinja environment templates run in: sandbox, limits, filters, value cleaning.

Stage: template compile and render. Input: tag sources built by `qbr.template.text`; output:
compiled Jinja templates and expressions. A template may come from someone else, so:

- `SandboxedEnvironment` blocks `__class__`/`__globals__` style escapes and unsafe calls;
- `StrictUndefined` turns a misspelt name into an error instead of an empty slide;
- every `{% for %}` (and every `{%p/tr/slide for %}`) charges a per-render iteration budget, so
  nested loops cannot hang a batch; `range()` keeps Jinja's 100,000 cap; `*` and `**` are
  checked before they build a huge string or number; filters that pad or repeat are capped;
- `finalize` cleans every value before it reaches the XML: None -> "—", control characters from
  Excel dropped, newlines turned into a line-break mark (see `qbr.template.marks`).

Per-render settings (formatter, budget) live in a ContextVar so one compiled template can be
rendered by several threads at once.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jinja2 import StrictUndefined, nodes, pass_context
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from qbr.formatting import MISSING, Formatter
from qbr.template import marks

MAX_ITERATIONS = 200_000  # loop items per render, all loops together
MAX_STRING = 200_000  # characters one expression may build
MAX_OUTPUT = 1_000_000  # characters one render may write into text frames
MAX_EXPONENT = 1_000

# Builtin filters a slide needs; the others can pad strings to any size or are HTML-only.
_SAFE_FILTERS = {
    "abs", "attr", "batch", "capitalize", "count", "d", "default", "dictsort", "first", "float",
    "groupby", "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min",
    "reject", "rejectattr", "replace", "reverse", "round", "select", "selectattr", "slice", "sort",
    "string", "sum", "title", "trim", "truncate", "unique", "upper", "wordcount",
}


@dataclass
class RenderState:
    """What one render needs beside the context: formatter and the remaining budgets."""

    formatter: Formatter = field(default_factory=Formatter)
    iterations: int = MAX_ITERATIONS
    output: int = MAX_OUTPUT

    def charge(self, items: int = 1) -> None:
        self.iterations -= items
        if self.iterations < 0:
            raise SecurityError(
                f"the template loops more than {MAX_ITERATIONS:,} times in one deck; "
                "a loop over range() or a big list is probably nested by mistake")

    def write(self, chars: int) -> None:
        self.output -= chars
        if self.output < 0:
            raise SecurityError(f"the template writes more than {MAX_OUTPUT:,} characters of text")


_STATE: contextvars.ContextVar[RenderState] = contextvars.ContextVar("qbr_template_state")


def state() -> RenderState:
    """The current render's state (a fresh default one outside a render, e.g. in tests)."""
    try:
        return _STATE.get()
    except LookupError:
        fresh = RenderState()
        _STATE.set(fresh)
        return fresh


def begin_render(formatter: Formatter) -> contextvars.Token[RenderState]:
    return _STATE.set(RenderState(formatter=formatter))


def end_render(token: contextvars.Token[RenderState]) -> None:
    _STATE.reset(token)


def counted(iterable: Iterable[Any]) -> Iterator[Any]:
    """Iterate while charging the render's loop budget (wrapped around every `{% for %}`)."""
    current = state()
    for item in iterable:
        current.charge()
        yield item


def finalize(value: Any) -> str:
    """Every `{{ }}` result on its way to a slide: missing -> "—", text made safe for the XML."""
    if value is None:
        return MISSING
    if isinstance(value, float) and value != value:  # NaN
        return MISSING
    return marks.clean_value(value if isinstance(value, str) else str(value))


class QbrSandbox(SandboxedEnvironment):
    """SandboxedEnvironment + loop budget + guarded `*`/`**`."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._expressions: dict[str, Any] = {}

    def expression(self, source: str) -> Any:
        """A compiled (cached) expression: call it with a context dict to get its value."""
        compiled = self._expressions.get(source)
        if compiled is None:
            compiled = self._expressions[source] = self.compile_expression(source, undefined_to_none=False)
        return compiled

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        # Wrap each `{% for x in ITER %}` as `for x in _qbr_counted(ITER)` so loops are budgeted.
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(nodes.Name("_qbr_counted", "load"), [loop.iter], [], None, None,
                                   lineno=loop.lineno)
        return tree

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if (isinstance(left, int | float) and isinstance(right, int | float)
                    and abs(right) > MAX_EXPONENT and abs(left) > 1):
                raise SecurityError(f"exponent {right} is too large")
            return left**right
        # "*": sequences repeated to a huge size are the one cheap way to eat memory
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(times, int) \
                    and len(seq) * times > MAX_STRING:
                raise SecurityError(f"repeating a value {times:,} times makes it too large")
        return left * right


def _safe_replace(value: Any, old: str, new: str, count: int | None = None) -> str:
    text = str(value)
    if text.count(old) * max(len(new), 1) > MAX_STRING:
        raise SecurityError("replace() would make the text too large")
    return text.replace(old, new) if count is None else text.replace(old, new, count)


def _formatter_filters() -> dict[str, Any]:
    """The qbr figure filters, reading the formatter of the current render.

    `pass_context` keeps Jinja's optimiser from folding `{{ 12345678 | money }}` into a constant
    at compile time, with whatever formatter was current then.
    """

    @pass_context
    def money(_: Any, value: Any, unit: str = "auto", decimals: int | None = None) -> str:
        return state().formatter.money(value, unit, decimals)

    @pass_context
    def pct(_: Any, value: Any, decimals: int = 1) -> str:
        return state().formatter.pct(value, decimals)

    @pass_context
    def delta(_: Any, value: Any, kind: str = "pct", decimals: int | None = None) -> str:
        return state().formatter.delta(value, kind, decimals)

    @pass_context
    def num(_: Any, value: Any, decimals: int = 0) -> str:
        return state().formatter.num(value, decimals)

    @pass_context
    def date(_: Any, value: Any) -> str:
        return state().formatter.date(value)

    @pass_context
    def quarter(_: Any, value: Any, short: bool = False) -> str:
        return state().formatter.quarter(value, short)

    return {"money": money, "pct": pct, "delta": delta, "num": num, "date": date, "quarter": quarter}


def make_environment() -> QbrSandbox:
    """A fresh sandbox with qbr's filters; one per Template (filters are looked up at compile)."""
    env = QbrSandbox(undefined=StrictUndefined, finalize=finalize, autoescape=False,
                     keep_trailing_newline=True, cache_size=0)
    env.filters = {name: f for name, f in env.filters.items() if name in _SAFE_FILTERS}
    env.filters["replace"] = _safe_replace
    env.filters.update(_formatter_filters())
    # namespace() lets a loop grow a string without bound; lipsum/cycler/joiner are not needed
    for name in ("namespace", "lipsum", "cycler", "joiner", "dict"):
        env.globals.pop(name, None)
    env.globals["_qbr_counted"] = counted
    return env
