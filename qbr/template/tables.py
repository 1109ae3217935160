"""Tables: `{%tr %}` row blocks, cell text, and a frame that fits its rows.

Stage: template render. Input: an `a:tbl` and its `p:graphicFrame`, a context. Output: the table
with row blocks expanded (each copy keeps the template row's cell formatting and height), every
cell's text rendered in its row's context, and the frame height set to the sum of row heights.

Convention (documented in docs/templates.md): a row whose first cell holds only a directive is a
marker row and never appears in the output:

    | 客户 | 销售额 |                      header, kept
    | {%tr for r in rows %} |   |         marker
    | {{ r.name }} | {{ r.sales|money }} |  repeated per item
    | {%tr else %} |   |                  marker (optional)
    | 暂无数据 |   |                       shown only when `rows` is empty
    | {%tr endfor %} |   |                marker

`{%tr if %}` / `{%tr elif %}` / `{%tr else %}` / `{%tr endif %}` show rows conditionally. A table
left with no rows at all (its header inside a false `{%tr if %}`) is removed from the slide: an
empty half of a slide says nothing, a header over no rows looks broken.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

from qbr.template.directives import Directive, DirectiveError, build_tree, expand
from qbr.template.text import A_P, TextRenderer, paragraph_text

# "{" in "".join(tbl.itertext()), found by libxml2: itertext visits every element of the table
# through python-pptx's element classes (about 1 ms a table), a "{" cannot span two text nodes
_HAS_BRACE = etree.XPath("boolean(descendant::text()[contains(., '{')])")
A_TR = qn("a:tr")
A_TC = qn("a:tc")
A_TXBODY = qn("a:txBody")


def _row_directive(row: etree._Element, text: TextRenderer) -> Directive | None:
    cells = row.findall(A_TC)
    if not cells:
        return None
    body = cells[0].find(A_TXBODY)
    first = "".join(paragraph_text(p) for p in body.findall(A_P)) if body is not None else ""
    if "{%" not in first:
        return None
    directive = text.directive(first.strip())
    if directive is not None and directive.kind != "tr":
        raise DirectiveError(f"{{%{directive.kind} %}} cannot open a table row: use {{%tr ...%}}", directive.tag)
    return directive


def _render_cells(
    row: etree._Element,
    ctx: dict[str, Any],
    text: TextRenderer,
    on_error: Callable[[BaseException, etree._Element], None],
) -> None:
    for body in row.iter(A_TXBODY):
        text.render_body(body, ctx, on_error)


def fit_frame(frame: etree._Element, tbl: etree._Element) -> None:
    """Set the graphic frame's height to the sum of its rows' heights, as PowerPoint would."""
    height = sum(int(tr.get("h", "0")) for tr in tbl.findall(A_TR))
    ext = frame.find(f"{qn('p:xfrm')}/{qn('a:ext')}")
    if ext is not None and height > 0:
        ext.set("cy", str(height))


def render_table(
    frame: etree._Element,
    tbl: etree._Element,
    ctx: dict[str, Any],
    text: TextRenderer,
    on_error: Callable[[BaseException, etree._Element], None],
) -> None:
    """Expand row blocks and render every cell; errors go to `on_error(exc, element)`."""
    if not _HAS_BRACE(tbl):
        return
    rows = tbl.findall(A_TR)
    try:
        directives = [_row_directive(row, text) for row in rows]
    except Exception as exc:
        on_error(exc, tbl)
        return
    if not any(directives):
        for row in rows:
            _render_cells(row, ctx, text, on_error)
        return
    try:
        tree = build_tree(zip(rows, directives, strict=True))
    except Exception as exc:
        on_error(exc, tbl)
        return
    for row in rows:
        tbl.remove(row)

    def emit(row: etree._Element, row_ctx: dict[str, Any]) -> None:
        clone = copy.deepcopy(row)
        tbl.append(clone)
        _render_cells(clone, row_ctx, text, on_error)

    try:
        expand(tree, ctx, emit)
    except Exception as exc:
        on_error(exc, tbl)
    if frame is not None:
        if not tbl.findall(A_TR) and frame.getparent() is not None:
            # every row dropped (`{%tr if %}` around the header too): the table goes, since a table
            # without rows is not valid DrawingML and would show as an empty box
            frame.getparent().remove(frame)
            return
        fit_frame(frame, tbl)
