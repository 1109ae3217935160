"""Block directives: `{%p ...%}` (paragraphs), `{%tr ...%}` (table rows), `{%slide ...%}` (slides).

Stage: template load (parse, balance check, compile) and render (expand). Input: a list of
sibling elements (paragraphs of a text frame, rows of a table), each with the directive it holds
or None. Output at render: the elements to emit, each with the context to render it in.

Grammar (one directive alone in its paragraph / first cell):
    for NAME[, NAME...] in EXPR    ...  [else  ...]  endfor      (else: shown when no items)
    if EXPR  ... [elif EXPR ...] [else ...]  endif
The directive elements themselves are never emitted. Jinja's own parser cannot see these blocks
because they enclose XML elements, not text, so this module interprets them; expressions are
still compiled and evaluated by the sandboxed Jinja environment.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from qbr.template.environment import QbrSandbox, state
from qbr.template.report import TemplateProblem
from qbr.template.runs import normalize_tag

DIRECTIVE_RE = re.compile(r"^\s*\{%-?\s*(p|tr|slide)\s+(.*?)\s*-?%\}\s*$", re.DOTALL)
ANY_DIRECTIVE_RE = re.compile(r"\{%-?\s*(p|tr|slide)\s")
_FOR_RE = re.compile(r"^for\s+([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s+in\s+(.+)$", re.DOTALL)
_IF_RE = re.compile(r"^(if|elif)\s+(.+)$", re.DOTALL)
MAX_ITEMS = {"p": 5_000, "tr": 5_000, "slide": 500}


class DirectiveError(TemplateProblem):
    """A malformed or unbalanced directive; `tag` is the directive text the author wrote."""


@dataclass
class Directive:
    kind: str  # p | tr | slide
    word: str  # for | if | elif | else | endfor | endif
    tag: str  # the text as written, for messages
    names: tuple[str, ...] = ()
    expr_source: str = ""
    expr: Any = None  # compiled Jinja expression

    def evaluate(self, ctx: dict[str, Any]) -> Any:
        return self.expr(ctx)


def parse_directive(text: str, env: QbrSandbox) -> Directive | None:
    """The directive a paragraph holds alone, or None. Raises DirectiveError / TemplateSyntaxError."""
    m = DIRECTIVE_RE.match(normalize_tag(text))
    if not m:
        if ANY_DIRECTIVE_RE.search(text):
            tag = ANY_DIRECTIVE_RE.search(text).group(0)  # type: ignore[union-attr]
            raise DirectiveError(f"{tag.strip()} ...%}} must be alone in its paragraph", text.strip())
        return None
    kind, body = m.group(1), m.group(2).strip()
    tag = text.strip()
    if body in ("else", "endfor", "endif"):
        return Directive(kind, body, tag)
    if fm := _FOR_RE.match(body):
        names = tuple(n.strip() for n in fm.group(1).split(","))
        return Directive(kind, "for", tag, names, fm.group(2), env.expression(fm.group(2)))
    if im := _IF_RE.match(body):
        return Directive(kind, im.group(1), tag, (), im.group(2), env.expression(im.group(2)))
    raise DirectiveError(f"unknown directive {{%{kind} {body} %}}: use for, if, elif, else, endfor or endif", tag)


# -- block tree ------------------------------------------------------------------------------
@dataclass
class Block:
    opener: Directive
    branches: list[tuple[Directive | None, list[Any]]] = field(default_factory=list)
    # for: branches[0] = (for, body), optional (else, empty-body); if: (if/elif/else, body) ...


Node = Any  # an element (emitted as is) or a Block


def build_tree(items: Iterable[tuple[Any, Directive | None]]) -> list[Node]:
    """Nest `items` by their directives; raises DirectiveError when blocks do not balance."""
    root: list[Node] = []
    stack: list[Block] = []

    def current() -> list[Node]:
        return stack[-1].branches[-1][1] if stack else root

    for element, directive in items:
        if directive is None:
            current().append(element)
            continue
        word = directive.word
        if word in ("for", "if"):
            block = Block(directive, [(directive, [])])
            current().append(block)
            stack.append(block)
        elif word in ("elif", "else"):
            if not stack or (word == "elif" and stack[-1].opener.word != "if"):
                raise DirectiveError(f"{directive.tag} has no matching {{%{directive.kind} if %}}", directive.tag)
            if stack[-1].branches[-1][0] is not None and stack[-1].branches[-1][0].word == "else":
                raise DirectiveError(f"a second {directive.tag} in one block", directive.tag)
            stack[-1].branches.append((directive, []))
        else:  # endfor / endif
            want = word[3:]
            if not stack or stack[-1].opener.word != want:
                raise DirectiveError(f"{directive.tag} has no matching {{%{directive.kind} {want} %}}", directive.tag)
            stack.pop()
    if stack:
        opener = stack[-1].opener
        raise DirectiveError(f"{opener.tag} is never closed: add {{%{opener.kind} end{opener.word} %}}", opener.tag)
    return root


@dataclass
class LoopInfo:
    """`loop.index` etc. inside block loops, as in Jinja."""

    index0: int
    length: int

    @property
    def index(self) -> int:
        return self.index0 + 1

    @property
    def first(self) -> bool:
        return self.index0 == 0

    @property
    def last(self) -> bool:
        return self.index0 == self.length - 1

    @property
    def revindex(self) -> int:
        return self.length - self.index0


def loop_contexts(directive: Directive, ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """One context per item of a `for` directive (budgeted and capped)."""
    value = directive.evaluate(ctx)
    if isinstance(value, str | bytes) or not hasattr(value, "__iter__"):
        raise TypeError(f"{directive.expr_source} is not a list (it is {type(value).__name__})")
    items = list(value) if not isinstance(value, dict) else list(value.items())
    if len(items) > MAX_ITEMS[directive.kind]:
        raise ValueError(
            f"{directive.expr_source} has {len(items):,} items; at most {MAX_ITEMS[directive.kind]:,} are allowed here"
        )
    state().charge(len(items))
    out = []
    for i, item in enumerate(items):
        child = dict(ctx)
        if len(directive.names) == 1:
            child[directive.names[0]] = item
        else:
            values = list(item)
            if len(values) != len(directive.names):
                raise ValueError(f"cannot unpack {item!r} into {', '.join(directive.names)}")
            child.update(zip(directive.names, values, strict=True))
        child["loop"] = LoopInfo(i, len(items))
        out.append(child)
    return out


def expand(tree: list[Node], ctx: dict[str, Any], emit: Callable[[Any, dict[str, Any]], None]) -> None:
    """Walk the tree for one context, calling `emit(element, ctx)` for each element to output."""
    for node in tree:
        if not isinstance(node, Block):
            emit(node, ctx)
            continue
        if node.opener.word == "for":
            contexts = loop_contexts(node.opener, ctx)
            if contexts:
                for child in contexts:
                    expand(node.branches[0][1], child, emit)
            elif len(node.branches) > 1:
                expand(node.branches[1][1], ctx, emit)
            continue
        for directive, body in node.branches:
            if directive is None or directive.word == "else" or directive.evaluate(ctx):
                expand(body, ctx, emit)
                break
