"""The Jinja environment templates run in: sandbox, limits, filters, value cleaning.

Stage: template compile and render. Input: tag sources built by `qbr.template.text`; output:
compiled Jinja templates and expressions. A template may come from someone else, so:

- `SandboxedEnvironment` blocks `__class__`/`__globals__` style escapes and unsafe calls;
- `StrictUndefined` turns a misspelt name into an error instead of an empty slide;
- every `{% for %}` (and every `{%p/tr/slide for %}`) charges a per-render iteration budget, so
  nested loops cannot hang a batch; `range()` keeps Jinja's 100,000 cap; `*` and `**` are
  checked before they build a huge string or number; filters that pad or repeat are capped;
- every value a template builds is bounded too: `+`, `~` and `%` check the size of what they
  would make, filters refuse oversized input and charge what they return to a per-render
  allocation budget, `str` methods that pad, format or join are not callable, lists and dicts
  cannot be mutated (`l.extend(l)` doubles a list per call), every call (macros included)
  charges the loop budget, and the Jinja time of one render is capped, so a template cannot
  exhaust memory or CPU with a few characters of text;
- `finalize` cleans every value before it reaches the XML: None -> "—", control characters from
  Excel dropped, newlines turned into a line-break mark (see `qbr.template.marks`).

Per-render settings (formatter, budget) live in a ContextVar so one compiled template can be
rendered by several threads at once.
"""

from __future__ import annotations

import contextvars
import functools
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jinja2 import StrictUndefined, nodes, pass_context
from jinja2.environment import TemplateExpression
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment, modifies_known_mutable
from jinja2.visitor import NodeTransformer

from qbr import formatting
from qbr.formatting import MISSING, Formatter
from qbr.template import codecache, marks

MAX_ITERATIONS = 200_000  # loop items per render, all loops together
MAX_STRING = 200_000  # characters one expression may build
MAX_OUTPUT = 1_000_000  # characters one render may write into text frames
MAX_EXPONENT = 1_000
MAX_INT_BITS = 100_000  # about 30,000 digits: far beyond any figure, far below a hang
MAX_VALUE = 5_000_000  # characters a filter may take in (a whole deck context is far smaller)
MAX_ALLOCATED = 50_000_000  # characters all filters together may return in one render
MAX_SECONDS = 2.0  # Jinja evaluation time of one render (a real deck needs well under 0.5 s)

# str methods that build text of any size from a small number; the filters do the same safely
_UNSAFE_STR_METHODS = {"center", "expandtabs", "format", "format_map", "join", "ljust", "replace", "rjust", "zfill"}
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")

# Builtin filters a slide needs; the others can pad strings to any size or are HTML-only.
_SAFE_FILTERS = {
    "abs",
    "attr",
    "batch",
    "capitalize",
    "count",
    "d",
    "default",
    "dictsort",
    "first",
    "float",
    "groupby",
    "int",
    "items",
    "join",
    "last",
    "length",
    "list",
    "lower",
    "map",
    "max",
    "min",
    "reject",
    "rejectattr",
    "replace",
    "reverse",
    "round",
    "select",
    "selectattr",
    "slice",
    "sort",
    "string",
    "sum",
    "title",
    "trim",
    "truncate",
    "unique",
    "upper",
    "wordcount",
}


class BudgetExceeded(SecurityError):
    """A per-render budget ran out. It stays spent for the rest of the render, so only the first
    place it ran out is the template's mistake: the report keeps that one (see report.Problems)."""


@dataclass
class RenderState:
    """What one render needs beside the context: formatter and the remaining budgets."""

    formatter: Formatter = field(default_factory=Formatter)
    iterations: int = MAX_ITERATIONS
    output: int = MAX_OUTPUT
    allocated: int = MAX_ALLOCATED
    seconds: float = 0.0  # Jinja time of the paragraphs already rendered
    evaluating_since: float | None = None  # set while a paragraph is being rendered

    def charge(self, items: int = 1) -> None:
        self.iterations -= items
        if self.iterations < 0:
            raise BudgetExceeded(
                f"the template loops more than {MAX_ITERATIONS:,} times in one deck (loop passes and "
                f"calls together); "
                "a loop over range() or a big list is probably nested by mistake"
            )
        # a loop body can do up to MAX_STRING work per pass: the budget alone still allows minutes
        if (
            self.iterations % 64 == 0
            and self.evaluating_since is not None
            and self.seconds + time.monotonic() - self.evaluating_since > MAX_SECONDS
        ):
            raise BudgetExceeded(f"the template computes for more than {MAX_SECONDS:g} s in one deck")

    def allocate(self, chars: int) -> None:
        self.allocated -= chars
        if self.allocated < 0:
            raise BudgetExceeded(f"the template builds more than {MAX_ALLOCATED:,} characters of text")

    def evaluate(self, render: Callable[[], str]) -> str:
        """Run one paragraph's Jinja render, adding its time to the deck's Jinja time."""
        self.evaluating_since = time.monotonic()
        try:
            return render()
        finally:
            self.seconds += time.monotonic() - self.evaluating_since
            self.evaluating_since = None

    def write(self, chars: int) -> None:
        self.output -= chars
        if self.output < 0:
            raise BudgetExceeded(f"the template writes more than {MAX_OUTPUT:,} characters of text")


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


def size(value: Any, limit: int = MAX_VALUE) -> int:
    """About how many characters `str(value)` makes, counted only up to just past `limit`.

    Nested lists can stand for more text than memory holds (`[[s, s], [s, s]]` nested 30 deep);
    this walks them without building anything and stops as soon as the limit is passed.
    """
    total = 0
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            total += len(v)
        elif isinstance(v, list | tuple | set | frozenset):
            total += 2 + len(v)
            stack.extend(v)
        elif isinstance(v, dict):
            total += 2 + 2 * len(v)
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, int) and not isinstance(v, bool):
            total += v.bit_length() // 3 + 1
        else:
            total += 8
        if total > limit:
            break
    return total


def _check_size(value: Any, limit: int, what: str) -> None:
    if size(value, limit) > limit:
        raise SecurityError(f"{what} would be too large (over {limit:,} characters)")


def concat(*parts: Any) -> str:
    """`a ~ b`, with the size of the result checked before it is built."""
    _check_size(list(parts), MAX_STRING, "joining text with ~")
    return "".join(map(str, parts))


def finalize(value: Any) -> str:
    """Every `{{ }}` result on its way to a slide: missing -> "—", text made safe for the XML."""
    if value is None:
        return MISSING
    if isinstance(value, float) and value != value:  # NaN
        return MISSING
    if not isinstance(value, str):
        _check_size(value, MAX_OUTPUT, "the value's text")
    return marks.clean_value(value if isinstance(value, str) else str(value))


class _Concat(NodeTransformer):
    """`a ~ b` compiles to a plain join Jinja gives no hook for: route it through `concat`."""

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(nodes.Name("_qbr_concat", "load"), node.nodes, [], None, None, lineno=node.lineno)


class QbrSandbox(SandboxedEnvironment):
    """SandboxedEnvironment + loop budget + guarded `*`/`**`."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._expressions: dict[str, Any] = {}
        self._expression_key: tuple[Any, ...] | None = None  # set while compile_expression compiles
        self._code: codecache.CodeCache | None = None

    @property
    def code_cache(self) -> codecache.CodeCache:
        """The compiled tags of environments like this one; looked up at the first compile, when
        `make_environment` has set the filter, test and global names it is keyed on."""
        if self._code is None:
            self._code = codecache.for_environment(self.filters, self.tests, self.globals)
        return self._code

    def compile(
        self,
        source: str | nodes.Template,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        # The code of a tag comes from the code cache when this environment compiled it before
        # (`qbr.template.codecache`): compiling is most of a template's parse.
        key, self._expression_key = self._expression_key, None
        if isinstance(source, str):
            key = ("template", source, name, filename, defer_init)
        if raw:
            return super().compile(source, name, filename, True, defer_init)
        if key is None:
            return super().compile(source, name, filename, False, defer_init)
        cache = self.code_cache
        code = cache.get(key)
        if code is None:
            code = super().compile(source, name, filename, False, defer_init)
            cache.put(key, code)
        return code

    def compile_expression(self, source: str, undefined_to_none: bool = True) -> TemplateExpression:
        key = ("expression", source)
        code = self.code_cache.get(key)
        if code is not None:  # no need to parse it either
            template = self.template_class.from_code(self, code, self.make_globals(None), None)
            return TemplateExpression(template, undefined_to_none)
        self._expression_key = key  # Jinja parses it, then compiles a node: that compile is keyed so
        try:
            return super().compile_expression(source, undefined_to_none)
        finally:
            self._expression_key = None

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
            loop.iter = nodes.Call(nodes.Name("_qbr_counted", "load"), [loop.iter], [], None, None, lineno=loop.lineno)
        return tree

    def _generate(self, source: nodes.Template, *args: Any, **kwargs: Any) -> str:
        # here rather than in _parse: compiled expressions (chart:, image:, directives) pass too
        return super()._generate(_Concat().visit(source), *args, **kwargs)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr in _UNSAFE_STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value) and not modifies_known_mutable(obj, attr)

    def wrap_str_format(self, value: Any) -> None:
        # Jinja lets `'{:>999999999}'.format(x)` through a sandboxed formatter that does not cap
        # widths; with None here `format` is just an unsafe str attribute (see above)
        return None

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # macros can recurse twice per call (2**40 calls, no loop anywhere): charge every call
        state().charge()
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        both_int = isinstance(left, int) and isinstance(right, int)
        if operator == "**":
            if (
                isinstance(left, int | float)
                and isinstance(right, int | float)
                and abs(right) > MAX_EXPONENT
                and abs(left) > 1
            ):
                raise SecurityError(f"exponent {right} is too large")
            if both_int and abs(left).bit_length() * abs(right) > MAX_INT_BITS:
                raise SecurityError("the power is too large a number")
            return left**right
        if operator == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                _check_size([left, right], MAX_STRING, "adding these values")
            return left + right
        if operator == "%":
            if isinstance(left, str):
                for width, precision in _PERCENT_SPEC.findall(left):
                    for number in (width, precision):
                        if number == "*" or (number and int(number) > MAX_EXPONENT):
                            raise SecurityError(f"the width or precision in {left!r} is too large")
                _check_size(right, MAX_STRING, "the values formatted with %")
            return left % right
        # "*": sequences repeated to a huge size are the one cheap way to eat memory
        if both_int and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise SecurityError("the product is too large a number")
        for seq, times in ((left, right), (right, left)):
            if (
                isinstance(seq, str | list | tuple)
                and isinstance(times, int)
                and size(seq, MAX_STRING) * times > MAX_STRING
            ):
                raise SecurityError(f"repeating a value {times:,} times makes it too large")
        return left * right


def _safe_replace(value: Any, old: str, new: str, count: int | None = None) -> str:
    text = str(value)
    if text.count(old) * max(len(new), 1) > MAX_STRING:
        raise SecurityError("replace() would make the text too large")
    return text.replace(old, new) if count is None else text.replace(old, new, count)


def _guarded(name: str, f: Callable[..., Any]) -> Callable[..., Any]:
    """`f` refusing oversized input and charging what it returns to the allocation budget.

    A generator input (`big|map('upper')`) is read into a list here, item by item, so that a
    lazy chain is stopped before it has built its items rather than after.
    """
    skip = 1 if getattr(f, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(f)  # keeps jinja_pass_arg, so Jinja still passes the context first
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if len(args) > skip:
            value = args[skip]
            if isinstance(value, Iterator):
                items, total = [], 0
                for item in value:
                    total += size(item, MAX_VALUE)
                    if total > MAX_VALUE:
                        raise SecurityError(f"the input of the {name} filter is too large")
                    items.append(item)
                args = (*args[:skip], items, *args[skip + 1 :])
            else:
                _check_size(value, MAX_VALUE, f"the input of the {name} filter")
        result = f(*args, **kwargs)
        if isinstance(result, str):
            state().allocate(len(result))
        return result

    return wrapper


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
    def delta(_: Any, value: Any, kind: str = "pct", decimals: int | None = None, unit: str = "auto") -> str:
        return state().formatter.delta(value, kind, decimals, unit=unit)

    @pass_context
    def money_unit(_: Any, values: Any, attribute: str | None = None) -> str:
        """The one money scale of a column: `rows | money_unit('sales')` -> "wan" (see `money`'s unit)."""
        items = list(counted(values or []))
        if attribute is not None:
            items = [row.get(attribute) if isinstance(row, dict) else getattr(row, attribute, None) for row in items]
        return formatting.money_unit(items, state().formatter.language)

    @pass_context
    def fit(_: Any, value: Any, width_in: float, size_pt: float, among: Any = None) -> str:
        """A name shortened to a box `width_in` inches wide at `size_pt` (`qbr.formatting.fit_name`):
        unchanged when it fits; the words `among`'s names all start with go first, specs stay."""
        if value is None:
            return MISSING
        names = [str(n) for n in counted(among or []) if n is not None]
        # 5% of the width is kept free: the em estimate is close, not exact, for the fonts a viewer substitutes
        return formatting.fit_name(str(value), 0.95 * float(width_in) * 72 / float(size_pt), names)

    @pass_context
    def num(_: Any, value: Any, decimals: int = 0) -> str:
        return state().formatter.num(value, decimals)

    @pass_context
    def date(_: Any, value: Any) -> str:
        return state().formatter.date(value)

    @pass_context
    def quarter(_: Any, value: Any, short: bool = False) -> str:
        return state().formatter.quarter(value, short)

    return {
        "money": money,
        "pct": pct,
        "delta": delta,
        "num": num,
        "date": date,
        "quarter": quarter,
        "money_unit": money_unit,
        "fit": fit,
    }


def make_environment() -> QbrSandbox:
    """A fresh sandbox with qbr's filters; one per Template (filters are looked up at compile)."""
    env = QbrSandbox(
        undefined=StrictUndefined, finalize=finalize, autoescape=False, keep_trailing_newline=True, cache_size=0
    )
    env.filters = {name: f for name, f in env.filters.items() if name in _SAFE_FILTERS}
    env.filters["replace"] = _safe_replace
    env.filters.update(_formatter_filters())
    env.filters = {name: _guarded(name, f) for name, f in env.filters.items()}
    # namespace() lets a loop grow a string without bound; lipsum/cycler/joiner are not needed
    for name in ("namespace", "lipsum", "cycler", "joiner", "dict"):
        env.globals.pop(name, None)
    env.globals["_qbr_counted"] = counted
    env.globals["_qbr_concat"] = concat
    return env
