"""Collecting template problems with their slide, shape and tag, to raise them all at once.

Stage: template load and render. Input: exceptions raised while compiling or evaluating one tag,
directive or named shape, plus where it happened. Output: `qbr.errors.Problem`s (deduplicated:
a slide repeated for 12 activities reports its mistake once) and one `QbrError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from qbr.errors import Location, Problem, QbrError
from qbr.template.environment import BudgetExceeded

_QUOTED = re.compile(r"'([^']+)'")
CHECK_HINT = "`python -m qbr template check TEMPLATE --data-json CONTEXT.json` lists the names a template uses"


class TemplateProblem(Exception):
    """A mistake in a template or its data found by qbr itself; `tag` is what the author wrote."""

    def __init__(self, message: str, tag: str | None = None) -> None:
        super().__init__(message)
        self.tag = tag


# Errors a template author can cause from an expression. Anything else is a bug in qbr and
# should keep its traceback.
USER_ERRORS: tuple[type[BaseException], ...] = (
    ArithmeticError,
    LookupError,
    RecursionError,
    SecurityError,
    TemplateProblem,
    TemplateSyntaxError,
    TypeError,
    UndefinedError,
    ValueError,
)


@dataclass(frozen=True)
class Where:
    """Where in the template a tag lives: slide number (1-based, as in the template) and shape."""

    file: str | None
    slide: int | None = None
    shape: str | None = None

    def at(self, *, slide: int | None = None, shape: str | None = None) -> Where:
        return Where(self.file, slide if slide is not None else self.slide, shape or self.shape)

    def location(self) -> Location:
        return Location(file=self.file, slide=self.slide, shape=self.shape)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pick_tag(message: str, tags: list[str]) -> str:
    """The tag a message is about: the first one naming the quoted identifier, else all of them."""
    for name in _QUOTED.findall(message):
        leaf = name.split(".")[-1]
        for tag in tags:
            if leaf in tag:
                return tag
    return " ".join(dict.fromkeys(tags))  # the same tag can be found in several runs


def describe(exc: BaseException) -> tuple[str, str | None]:
    """Message and hint for a user's template error."""
    if isinstance(exc, TemplateProblem):
        return str(exc), None
    if isinstance(exc, UndefinedError):
        return f"{exc.message}", CHECK_HINT
    if isinstance(exc, TemplateSyntaxError):
        text = f"syntax error: {exc.message}"
        hint = None
        if "Unexpected end of template" in (exc.message or ""):
            hint = (
                "{% for %}/{% if %} must close in the same paragraph; use {%p for %}, {%tr for %} "
                "or {%slide for %} to repeat paragraphs, rows or slides"
            )
        elif "Encountered unknown tag" in (exc.message or ""):
            hint = "block tags are if/for/set; paragraph, row and slide blocks are {%p ..%}, {%tr ..%}, {%slide ..%}"
        return text, hint
    if isinstance(exc, SecurityError):
        return f"not allowed in a template: {exc}", None
    if isinstance(exc, RecursionError):
        return "the template recurses too deeply", None
    return f"{type(exc).__name__}: {exc}", None


class Problems:
    """An ordered, deduplicated set of problems."""

    def __init__(self) -> None:
        self._seen: set[tuple[Location, str]] = set()
        self.items: list[Problem] = []
        self._budget_spent = False

    def add(self, where: Where, message: str, tag: str | None = None, hint: str | None = None) -> None:
        if tag:
            message = f"{message} in {_short(tag)}"
        key = (where.location(), message)
        if key in self._seen:
            return
        self._seen.add(key)
        self.items.append(Problem(where.location(), message, hint))

    def add_exception(self, where: Where, exc: BaseException, tags: list[str]) -> None:
        if isinstance(exc, BudgetExceeded):
            # once spent, every later loop of the deck fails too: report only the culprit
            if self._budget_spent:
                return
            self._budget_spent = True
        message, hint = describe(exc)
        tag = getattr(exc, "tag", None) or pick_tag(message, tags)
        self.add(where, message, tag, hint)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise QbrError(problems=self.items)
