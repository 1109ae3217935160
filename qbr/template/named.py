"""Named shapes: `chart:NAME` and `image:EXPR` in the Selection Pane.

Stage: template load (find and compile) and render (fill). Input: a slide and the context.
Output: native charts filled with `charts.NAME` (`charts.py`); other `chart:NAME` shapes replaced by
a picture from `chart_images.NAME` or from the caller's `render_chart(name, data, width_emu,
height_emu) -> PNG bytes`; `image:EXPR` shapes replaced by the picture EXPR evaluates to (bytes or
a file path; None removes the shape, for optional logos).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn
from pptx.shapes.group import GroupShape

from qbr.template.charts import fill_chart
from qbr.template.environment import QbrSandbox
from qbr.template.pictures import image_bytes, remove_shape, replace_with_picture
from qbr.template.report import TemplateProblem
from qbr.template.runs import normalize_tag

PREFIXES = ("chart:", "image:")
P_CNVPR, P_GRPSP = qn("p:cNvPr"), qn("p:grpSp")
# the children of a shape tree python-pptx makes shapes of (`CT_GroupShape.iter_shape_elms`)
SHAPE_TAGS = frozenset(qn(f"p:{tag}") for tag in ("sp", "grpSp", "graphicFrame", "cxnSp", "pic", "contentPart"))


def _walk(shapes: Any) -> Iterator[Any]:
    for shape in shapes:
        yield shape
        if isinstance(shape, GroupShape):
            yield from _walk(shape.shapes)


@dataclass
class NamedShape:
    name: str
    shape: Any

    @property
    def kind(self) -> str:
        return self.name.split(":", 1)[0].strip().lower()

    @property
    def key(self) -> str:
        return normalize_tag(self.name.split(":", 1)[1]).strip()

    def compile(self, env: QbrSandbox) -> None:
        """Raise early for an `image:` expression that does not parse."""
        if self.kind == "image" or "." in self.key:
            env.expression(self.key)

    def fill(
        self,
        slide: Any,
        ctx: Mapping[str, Any],
        env: QbrSandbox,
        render_chart: Callable[[str, Any, int, int], bytes] | None,
    ) -> None:
        if self.kind == "image":
            value = env.expression(self.key)(ctx)
            if value is None:
                remove_shape(self.shape)
                return
            replace_with_picture(slide, self.shape, image_bytes(value, self.name), self.name)
            return
        name = self.key
        charts = ctx.get("charts") or {}
        data = charts.get(name) if isinstance(charts, Mapping) else None
        if data is None and "." in name:
            # `chart:a.trend`: an expression, so each copy of a repeated slide gets its own data
            data = env.expression(name)(ctx)
        if getattr(self.shape, "has_chart", False):
            if data is None:
                raise TemplateProblem(f"chart:{name} has no data", self.name)
            fill_chart(self.shape.chart, name, data, int(self.shape.width or 0))
            return
        images = ctx.get("chart_images") or {}
        png = images.get(name) if isinstance(images, Mapping) else None
        if png is None and isinstance(data, bytes | bytearray):
            png, data = data, None
        if png is None and render_chart is not None:
            png = render_chart(name, data, int(self.shape.width or 0), int(self.shape.height or 0))
        if png is None:
            raise TemplateProblem(f"chart:{name} has no data", self.name)
        replace_with_picture(slide, self.shape, image_bytes(png, self.name), self.name)


def named_shapes(slide: Any) -> list[NamedShape]:
    """The slide's `chart:`/`image:` shapes, groups' members included, in python-pptx's order.

    Names are read from the XML; python-pptx's shape proxies (slow to build: each finds whether
    it is a placeholder with an XPath) are made only for the named shapes, the same proxies
    `slide.shapes` and a group's `shapes` would give.
    """
    names = slide._element.iter(P_CNVPR)
    if not any((n.get("name") or "").strip().lower().startswith(PREFIXES) for n in names):
        return []
    found: list[NamedShape] = []
    _collect(slide.shapes, slide.shapes._spTree, found)
    return found


def _collect(shapes: Any, tree: Any, found: list[NamedShape]) -> None:
    """Named shapes among `tree`'s shape elements (and their groups'), `shapes` making the proxies."""
    for element in tree.iterchildren():
        if element.tag not in SHAPE_TAGS:
            continue
        name = _name_of(element)
        if name and name.strip().lower().startswith(PREFIXES):
            found.append(NamedShape(name, shapes._shape_factory(element)))
        if element.tag == P_GRPSP:
            _collect(shapes._shape_factory(element).shapes, element, found)


def _name_of(element: Any) -> str | None:
    """python-pptx's `shape.name`: the name on the first child's `p:cNvPr` (None when there is none)."""
    first = next(element.iterchildren(etree.Element), None)
    c_nv_pr = first.find(P_CNVPR) if first is not None else None
    return c_nv_pr.get("name") if c_nv_pr is not None else None


def named_shapes_plain(slide: Any) -> list[NamedShape]:
    """named_shapes through python-pptx's shape proxies (what the tests compare it with)."""
    return [
        NamedShape(s.name, s) for s in _walk(slide.shapes) if s.name and s.name.strip().lower().startswith(PREFIXES)
    ]


NamedShapes = list[NamedShape]
