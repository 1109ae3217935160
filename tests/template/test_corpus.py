"""Real decks from other tools: rendering with an empty context must not harm them.

Every deck of the shared corpus (charts of 15 types, SmartArt, several masters, OLE, video, SVG,
merged cells, notes) is rendered with `{}`: python-pptx must reopen the result and every text
outside Jinja tags must be unchanged; a deck holding another engine's `{{ }}` tags may instead
fail with a located error. A subset covering every feature also goes through LibreOffice (one
soffice call for all of them, its own profile, a timeout), which must give one page per slide.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation

from qbr.errors import QbrError
from qbr.template import Template
from tests.libreoffice import convert_to_pdf, needs_soffice, pdf_pages
from tests.template.helpers import CORPUS

DECKS = sorted(CORPUS.glob("*.pptx")) if CORPUS.is_dir() else []
pytestmark = pytest.mark.skipif(not DECKS, reason=f"corpus not found at {CORPUS}")

# one deck per feature: charts, SmartArt, OLE, video, SVG, merged cells, notes, masters, hyperlink,
# custom size, placeholders, groups, literal tabs; picked so soffice runs once on ~12 decks
LIBREOFFICE_SUBSET = [
    "pythonpptx__cht-series.pptx",
    "automizer__SmartArt.pptx",
    "pythonpptx__shp-access-ole-object.pptx",
    "pythonpptx__shp-movie-props.pptx",
    "automizer__SVGImages.pptx",
    "automizer__GS_Tables_Merged.pptx",
    "automizer__SlideMasters.pptx",
    "automizer__SlideWithLink.pptx",
    "automizer__SlideDimensions2.pptx",
    "pythonpptx__ph-populated-placeholders.pptx",
    "pythonpptx__shp-groupshape.pptx",
    "docxtemplater__tab-character.pptx",
    "docxtemplater__loop-table.pptx",
]


def _texts(prs) -> list[str]:
    out = []
    for slide in prs.slides:
        out.extend(p.text for p in _paragraphs(slide.shapes))
        if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
            out.append(slide.notes_slide.notes_text_frame.text)
    return out


def _paragraphs(shapes):
    for shape in shapes:
        if shape.has_text_frame:
            yield from shape.text_frame.paragraphs
        if getattr(shape, "has_table", False):
            for row in shape.table.rows:
                for cell in row.cells:
                    yield from cell.text_frame.paragraphs
        if hasattr(shape, "shapes"):
            yield from _paragraphs(shape.shapes)


def render_empty(path: Path) -> bytes | None:
    """The rendered deck, or None when the deck holds another engine's tags (located error)."""
    try:
        return Template.load(path).render({})
    except QbrError as exc:
        assert all(p.where.slide is not None for p in exc.problems), exc.format()
        assert any("{{" in p.message or "{%" in p.message for p in exc.problems), exc.format()
        return None


@pytest.mark.parametrize("path", DECKS, ids=[p.name for p in DECKS])
def test_empty_context_render_keeps_every_deck_intact(path):
    blob = render_empty(path)
    if blob is None:
        return
    before, after = Presentation(str(path)), Presentation(io.BytesIO(blob))
    assert len(after.slides) == len(before.slides)
    assert _texts(after) == _texts(before)


@needs_soffice
def test_libreoffice_converts_rendered_decks_with_one_page_per_slide(tmp_path):
    inputs = []
    for name in LIBREOFFICE_SUBSET:
        path = CORPUS / name
        blob = render_empty(path) if path.exists() else None
        if blob is None:
            continue
        target = tmp_path / name
        target.write_bytes(blob)
        inputs.append((target, len(Presentation(io.BytesIO(blob)).slides)))
    convert_to_pdf([p for p, _ in inputs], tmp_path / "pdf")
    for path, slides in inputs:
        pdf = tmp_path / "pdf" / (path.stem + ".pdf")
        assert pdf.exists(), f"{path.name} did not convert"
        assert pdf_pages(pdf) == slides, path.name
