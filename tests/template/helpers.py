"""Build templates the way PowerPoint saves them, and read rendered decks back as flat facts.

PowerPoint splits text into runs wherever formatting, language or spell-check state changes, so
a tag typed in one go can arrive as `{{ kpi.` + `sales` + ` | money }}` with different `a:rPr`.
`add_runs` writes exactly that with lxml; the rest are small conveniences over python-pptx.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from qbr.template import Template
from qbr.template.charts import fix_axis_ids

CORPUS = Path(__file__).parents[2] / ".." / "shared" / "corpus" / "pptx"


def new_deck() -> Any:
    return Presentation()


def blank(prs: Any) -> Any:
    return prs.slides.add_slide(prs.slide_layouts[6])


def textbox(slide: Any, name: str | None = None, top: float = 1.0) -> Any:
    box = slide.shapes.add_textbox(Inches(1), Inches(top), Inches(6), Inches(1))
    if name:
        box.name = name
    return box


def add_runs(paragraph: Any, pieces: Iterable[str | tuple[str, dict[str, str]]]) -> None:
    """Append one `a:r` per piece; a piece may carry rPr attributes such as b="1", lang, err."""
    p = paragraph._p
    end = p.find(qn("a:endParaRPr"))
    for piece in pieces:
        text, attrs = (piece, {}) if isinstance(piece, str) else piece
        r = etree.Element(qn("a:r"))
        rpr = etree.SubElement(r, qn("a:rPr"), lang=attrs.pop("lang", "zh-CN"), altLang="en-US")
        for key, value in attrs.items():
            rpr.set(key, value)
        etree.SubElement(r, qn("a:t")).text = text
        if end is not None:
            end.addprevious(r)
        else:
            p.append(r)


def para(frame: Any, pieces: Iterable[Any], first: bool = False) -> Any:
    paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    add_runs(paragraph, pieces)
    return paragraph


def lines(frame: Any, texts: list[str]) -> None:
    """One paragraph per text, each a single run."""
    for i, text in enumerate(texts):
        para(frame, [text], first=i == 0)


def add_table(slide: Any, rows: list[list[str]], name: str = "Table", row_height: float = 0.4) -> Any:
    shape = slide.shapes.add_table(
        len(rows), len(rows[0]), Inches(0.5), Inches(1.5), Inches(8), Inches(row_height * len(rows))
    )
    shape.name = name
    table = shape.table
    for r, row in enumerate(rows):
        table.rows[r].height = Inches(row_height)
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    return shape


def add_chart(
    slide: Any, name: str, kind: Any = XL_CHART_TYPE.COLUMN_CLUSTERED, series: int = 1, number_format: str | None = None
) -> Any:
    data = CategoryChartData(number_format=number_format or "General")
    data.categories = ["a", "b", "c"]
    for i in range(series):
        data.add_series(f"s{i}", [1 + i, 2 + i, 3 + i])
    frame = slide.shapes.add_chart(kind, Inches(1), Inches(1), Inches(6), Inches(4), data)
    frame.name = name
    fix_axis_ids(frame.chart._chartSpace)  # python-pptx writes negative ids; a real template would not
    return frame


def save(prs: Any) -> bytes:
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def render(prs: Any, context: dict[str, Any], **kwargs: Any) -> Any:
    """Render a python-pptx deck as a template; the result reopened with python-pptx."""
    blob = Template.from_bytes(save(prs), "test.pptx").render(context, **kwargs)
    return Presentation(io.BytesIO(blob))


def slide_texts(prs: Any) -> list[list[str]]:
    """Per slide, the text of every shape (groups flattened, tables cell by cell)."""
    out = []
    for slide in prs.slides:
        texts: list[str] = []
        for shape in _walk(slide.shapes):
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False):
                texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        out.append(texts)
    return out


def _walk(shapes: Any) -> Iterable[Any]:
    for shape in shapes:
        yield shape
        if hasattr(shape, "shapes"):
            yield from _walk(shape.shapes)


def png(width: int, height: int) -> bytes:
    """A tiny valid PNG of the given pixel size."""
    import struct
    import zlib

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


__all__ = ["CORPUS", "Emu", "Pt"]
