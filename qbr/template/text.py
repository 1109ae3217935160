"""Rendering text: a paragraph's tags, and a text frame's `{%p %}` paragraph blocks.

Stage: template render (sources are also built at load, to compile and check them). Input: an
`a:p` whose tags each sit in one run (see `qbr.template.runs`) and a context dict. Output: the
paragraph rewritten in place: each template run replaced by the runs its output needs, keeping
its `a:rPr`; a value's line break becomes `a:br`; a `delta` span gets its colour.

How: the paragraph becomes one Jinja source where each child element is announced by a mark
(`RUN_OPEN index RUN_CLOSE`, see `qbr.template.marks`) followed by the run's text, literal text
wrapped in `{% raw %}` when it looks like Jinja. After rendering, the marks say which template run
each piece of output came from, so an inline `{% for %}` spanning three runs repeats all three
with their own formatting. Paragraphs without a tag are never touched.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

from qbr.formatting import DOWN, END, UP
from qbr.template import marks
from qbr.template.directives import Directive, DirectiveError, build_tree, expand, parse_directive
from qbr.template.environment import QbrSandbox, state
from qbr.template.runs import A_R, A_RPR, A_T, TAG_RE, find_tags, run_text

A_P = qn("a:p")
A_BR = qn("a:br")
A_PPR = qn("a:pPr")
A_END = qn("a:endParaRPr")
_FILLS = {qn(f"a:{n}") for n in ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")}
_JINJA_STARTS = ("{{", "{%", "{#")


def paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(A_T))


def has_tag(text: str) -> bool:
    return "{" in text and TAG_RE.search(text) is not None


def _literal(text: str) -> str:
    if any(s in text for s in _JINJA_STARTS):
        return "{% raw %}" + text + "{% endraw %}"
    return text


def paragraph_source(p: etree._Element) -> tuple[str, list[etree._Element]]:
    """The marked Jinja source of a paragraph and its children in mark order."""
    parts: list[str] = []
    children: list[etree._Element] = []
    for child in p:
        if child.tag in (A_PPR, A_END):
            continue
        parts.append(marks.run_mark(len(children)))
        children.append(child)
        if child.tag == A_R:
            pos = 0
            text = run_text(child)
            for m in TAG_RE.finditer(text):
                parts.append(_literal(text[pos : m.start()]))
                parts.append(m.group(0))
                pos = m.end()
            parts.append(_literal(text[pos:]))
    return "".join(parts), children


def _colour_rpr(run: etree._Element, colour: str) -> None:
    rpr = run.find(A_RPR)
    if rpr is None:
        rpr = etree.Element(A_RPR)
        run.insert(0, rpr)
    for child in list(rpr):
        if child.tag in _FILLS:
            rpr.remove(child)
    fill = etree.Element(qn("a:solidFill"))
    etree.SubElement(fill, qn("a:srgbClr"), val=colour)
    # schema order: a:ln comes first, then the fill
    rpr.insert(1 if len(rpr) and rpr[0].tag == qn("a:ln") else 0, fill)


def _colour_spans(text: str) -> list[tuple[str | None, str]]:
    """Split text at delta marks into (colour or None, text) pieces."""
    if UP not in text and DOWN not in text:
        return [(None, text.replace(END, ""))]
    up, down = state().formatter.colors
    pieces: list[tuple[str | None, str]] = []
    colour: str | None = None
    buf = ""
    for ch in text:
        if ch in (UP, DOWN, END):
            if buf:
                pieces.append((colour, buf))
            buf = ""
            colour = up if ch == UP else down if ch == DOWN else None
        else:
            buf += ch
    if buf:
        pieces.append((colour, buf))
    return pieces


def _runs_for(template: etree._Element, text: str) -> list[etree._Element]:
    """Runs (and line breaks) showing `text` with the formatting of run `template`."""
    out: list[etree._Element] = []
    rpr = template.find(A_RPR)
    for n, line in enumerate(text.split(marks.BR)):
        if n:
            br = etree.Element(A_BR)
            if rpr is not None:
                br.append(copy.deepcopy(rpr))
            out.append(br)
        for colour, piece in _colour_spans(line):
            if not piece:
                continue
            run = copy.deepcopy(template)
            run.find(A_T).text = piece
            if colour:
                _colour_rpr(run, colour)
            out.append(run)
    return out


def _in_place(children: list[etree._Element], pieces: list[tuple[int, str]]) -> bool:
    """Fast path: every child output once, in order, as plain text: set the texts in place.

    This is the common paragraph (no inline loop, no line break, no colour) and it avoids
    creating elements, which is most of a render's time otherwise.
    """
    if len(pieces) != len(children) or any(i != n for n, (i, _) in enumerate(pieces)):
        return False
    special = (marks.BR, UP, DOWN, END)
    if any(ch in text for _, text in pieces for ch in special):
        return False
    for child, (_, text) in zip(children, pieces, strict=True):
        if child.tag != A_R:
            continue
        if text:
            child.find(A_T).text = text
        else:
            child.getparent().remove(child)
    return True


class TextRenderer:
    """Renders paragraphs and text frames against a context; compiled sources are cached.

    `compile` is the Template's cache-backed compiler, so a template parsed once compiles each
    distinct paragraph once no matter how many decks are rendered.
    """

    def __init__(self, env: QbrSandbox, cache: dict[str, Any], directives: dict[str, Any]) -> None:
        self.env = env
        self.cache = cache
        self.directive_cache = directives

    def compile(self, source: str) -> Any:
        tmpl = self.cache.get(source)
        if tmpl is None:
            tmpl = self.cache[source] = self.env.from_string(source)
        return tmpl

    def directive(self, text: str) -> Directive | None:
        """Parsed directive of a paragraph text (cached); raises on malformed directives."""
        if "{%" not in text:
            return None
        try:
            return self.directive_cache[text]
        except KeyError:
            d = self.directive_cache[text] = parse_directive(text, self.env)
            return d

    def render_paragraph(self, p: etree._Element, ctx: dict[str, Any], text: str | None = None) -> None:
        """Fill the tags of one paragraph in place (no-op without tags)."""
        if not has_tag(paragraph_text(p) if text is None else text):
            return
        source, children = paragraph_source(p)
        template = self.compile(source)
        rendered = state().evaluate(lambda: template.render(ctx))  # timed: see MAX_SECONDS
        state().write(len(rendered))
        pieces = marks.split_runs(rendered)
        if _in_place(children, pieces):
            return
        anchor = children[0]
        new: list[etree._Element] = []
        for index, text in pieces:
            child = children[index]
            if child.tag == A_R:
                new.extend(_runs_for(child, text))
            else:
                new.append(copy.deepcopy(child))  # a break or field, as the template had it
        position = list(p).index(anchor)
        for child in children:
            p.remove(child)
        for offset, element in enumerate(new):
            p.insert(position + offset, element)

    def render_body(
        self, body: etree._Element, ctx: dict[str, Any], on_error: Callable[[BaseException, etree._Element], None]
    ) -> None:
        """Render a text frame (`p:txBody`/`a:txBody`): `{%p %}` blocks, then each paragraph.

        `on_error(exc, paragraph)` records a problem and rendering goes on with the next
        paragraph, so one render reports every mistake.
        """
        paragraphs = body.findall(A_P)
        texts = [paragraph_text(p) for p in paragraphs]
        if not any("{" in t for t in texts):
            return
        directives: list[Directive | None] = []
        for p, text in zip(paragraphs, texts, strict=True):
            try:
                directives.append(self.directive(text))
            except Exception as exc:  # malformed directive: report, keep the paragraph as text
                on_error(exc, p)
                return
        for p, d in zip(paragraphs, directives, strict=True):
            if d is not None and d.kind != "p":
                where = "the first cell of a table row" if d.kind == "tr" else "the slide's speaker notes"
                on_error(DirectiveError(f"{{%{d.kind} %}} directives belong in {where}", d.tag), p)
                return
        if not any(d is not None for d in directives):
            for p, text in zip(paragraphs, texts, strict=True):
                if has_tag(text):
                    try:
                        self.render_paragraph(p, ctx, text)
                    except Exception as exc:
                        on_error(exc, p)
            return
        try:
            tree = build_tree(zip(paragraphs, directives, strict=True))
        except Exception as exc:
            on_error(exc, paragraphs[0])
            return
        for p in paragraphs:
            body.remove(p)

        def emit(p: etree._Element, child_ctx: dict[str, Any]) -> None:
            clone = copy.deepcopy(p)
            body.append(clone)
            try:
                self.render_paragraph(clone, child_ctx)
            except Exception as exc:
                on_error(exc, p)

        try:
            expand(tree, ctx, emit)
        except Exception as exc:
            on_error(exc, paragraphs[0])
        if body.find(A_P) is None:
            body.append(etree.Element(A_P))  # a text frame needs one paragraph


def tags_of(p: etree._Element) -> list[str]:
    return find_tags(paragraph_text(p))
