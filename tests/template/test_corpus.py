"""Real decks from other tools: rendering with an empty context must not harm them.

Every deck of the shared corpus (charts of 15 types, SmartArt, several masters, OLE, video, SVG,
merged cells, notes) and of `decks/` (Apache POI and ShapeCrawler test decks: combo and linked
charts, custom shows, sections, comments, .ppsx/.potx, Mac PowerPoint, LibreOffice 5.3, Google
Slides) is rendered with `{}`: python-pptx must reopen the result and every text outside Jinja
tags must be unchanged; a deck holding another engine's `{{ }}` tags may instead fail with a
located error. The written zip itself is then checked (`package.py`): no name twice, no
reference to a missing part or relationship and no slide outside the slide list that the
template did not already have, every part the engine had no reason to touch unchanged (binary
parts byte for byte, XML canonically), and no openxml-audit error the template did not have. A
subset covering every feature also goes through LibreOffice (one soffice call for all of them,
its own profile, a timeout), which must give one page per slide.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from qbr.errors import QbrError
from qbr.template import Template
from qbr.template.engine import _normalise_package
from tests.libreoffice import convert_to_pdf, needs_soffice, pdf_pages
from tests.template.helpers import CORPUS
from tests.template.package import changed_parts, new_audit_errors, package_faults

OWN_DECKS = Path(__file__).parent / "decks"
SHARED = sorted(CORPUS.glob("*.pptx")) if CORPUS.is_dir() else []
DECKS = SHARED + sorted(p for p in OWN_DECKS.rglob("*") if p.suffix in (".pptx", ".ppsx", ".potx"))

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
    # from decks/: combo and linked charts, a .ppsx, LibreOffice 5.3, Google Slides, a custom show
    "021.pptx",
    "testPPT.ppsx",
    "bug60993.pptx",
    "074_google_slides.pptx",
    "006_1_slides.pptx",
]
BY_NAME = {p.name: p for p in DECKS}


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


def _touched(blob: bytes) -> set[str]:
    """Parts an empty render may rewrite: the slide list, and slides and notes holding tags
    (split tags are merged into one run, directives leave the notes)."""
    z = zipfile.ZipFile(io.BytesIO(blob))
    tagged = {
        n
        for n in z.namelist()
        if re.match(r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml$", n) and b"{" in z.read(n)
    }
    return {"ppt/presentation.xml"} | tagged


@pytest.mark.parametrize("path", DECKS, ids=[p.name for p in DECKS])
def test_empty_context_render_keeps_every_deck_intact(path):
    blob = render_empty(path)
    if blob is None:
        return
    template = path.read_bytes()
    before, after = Presentation(io.BytesIO(_normalise_package(template))), Presentation(io.BytesIO(blob))
    assert len(after.slides) == len(before.slides)
    assert _texts(after) == _texts(before)
    already = set(package_faults(template))
    assert [f for f in package_faults(blob) if f not in already] == []
    assert changed_parts(template, blob, _touched(template)) == []
    assert new_audit_errors(template, blob) == []


@needs_soffice
def test_libreoffice_converts_rendered_decks_with_one_page_per_slide(tmp_path):
    inputs = []
    for name in LIBREOFFICE_SUBSET:
        path = BY_NAME.get(name)
        blob = render_empty(path) if path is not None else None
        if blob is None:
            continue
        target = tmp_path / (path.stem + ".pptx")  # what a render writes, whatever the template was
        target.write_bytes(blob)
        inputs.append((target, len(Presentation(io.BytesIO(blob)).slides)))
    convert_to_pdf([p for p, _ in inputs], tmp_path / "pdf")
    for path, slides in inputs:
        pdf = tmp_path / "pdf" / (path.stem + ".pdf")
        assert pdf.exists(), f"{path.name} did not convert"
        assert pdf_pages(pdf) == slides, path.name
