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

from pptx.oxml.ns import qn
from pptx.shapes.group import GroupShape

from qbr.template.charts import fill_chart
from qbr.template.environment import QbrSandbox
from qbr.template.pictures import image_bytes, remove_shape, replace_with_picture
from qbr.template.report import TemplateProblem
from qbr.template.runs import normalize_tag

PREFIXES = ("chart:", "image:")


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
    # python-pptx shape proxies are slow to build: look at the raw names first
    names = slide._element.iter(qn("p:cNvPr"))
    if not any((n.get("name") or "").strip().lower().startswith(PREFIXES) for n in names):
        return []
    return [
        NamedShape(s.name, s) for s in _walk(slide.shapes) if s.name and s.name.strip().lower().startswith(PREFIXES)
    ]


NamedShapes = list[NamedShape]
