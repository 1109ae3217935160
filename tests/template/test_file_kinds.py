"""Unusual files that are fine templates: slide shows and templates saved under any name, and
decks with hyperlinks whose targets are missing (a table pasted from Word)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from click.testing import CliRunner
from pptx import Presentation

from qbr.cli import main
from qbr.errors import QbrError
from qbr.template import Template
from tests.template.helpers import add_table, blank, lines, new_deck, save, textbox
from tests.template.package import new_audit_errors, package_faults

PML = "application/vnd.openxmlformats-officedocument.presentationml."
PRESENTATION = f"{PML}presentation.main+xml"


def _rewrite(blob: bytes, edits: dict[str, callable]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in edits:
                data = edits[item.filename](data)
            zout.writestr(item, data)
    return out.getvalue()


def _main_type(blob: bytes) -> str:
    types = zipfile.ZipFile(io.BytesIO(blob)).read("[Content_Types].xml").decode()
    return re.search(r'PartName="/ppt/presentation.xml" ContentType="([^"]+)"', types).group(1)


def _deck() -> bytes:
    prs = new_deck()
    lines(textbox(blank(prs)).text_frame, ["客户 {{ customer }}"])
    return save(prs)


def _as(blob: bytes, content_type: str) -> bytes:
    """What PowerPoint's Save As .ppsx/.potx changes: the main part's content type, nothing else."""
    return _rewrite(blob, {"[Content_Types].xml": lambda d: d.replace(PRESENTATION.encode(), content_type.encode())})


@pytest.mark.parametrize("kind", ["slideshow", "template"])
def test_a_slide_show_or_template_under_a_pptx_name_renders_and_checks_and_writes_a_pptx(tmp_path, kind):
    source = _as(_deck(), f"{PML}{kind}.main+xml")
    assert _main_type(source) == f"{PML}{kind}.main+xml"
    path = tmp_path / "saved-as.pptx"
    path.write_bytes(source)
    (tmp_path / "ctx.json").write_text('{"customer": "华润"}', encoding="utf-8")
    out = tmp_path / "deck.pptx"
    result = CliRunner().invoke(
        main, ["template", "render", str(path), "--data-json", str(tmp_path / "ctx.json"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert _main_type(out.read_bytes()) == PRESENTATION
    assert Presentation(str(out)).slides[0].shapes[0].text_frame.text == "客户 华润"
    assert package_faults(out.read_bytes()) == []
    check = CliRunner().invoke(main, ["template", "check", str(path)])
    assert check.exit_code == 0, check.output
    assert "customer" in check.output


@pytest.mark.parametrize("kind", ["slideshow", "template"])
def test_a_macro_enabled_slide_show_or_template_is_refused_in_qbr_words(kind):
    source = _as(_deck(), f"application/vnd.ms-powerpoint.{kind}.macroEnabled.main+xml")
    with pytest.raises(QbrError) as err:
        Template.from_bytes(source, "show.ppsm")
    assert "macro" in err.value.format()


def test_a_word_file_is_still_not_a_template():
    docx = _as(_deck(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
    with pytest.raises(QbrError, match="not a PowerPoint"):
        Template.from_bytes(docx, "x.pptx")


# --- hyperlinks whose targets are missing ---------------------------------------------------------

FOOTNOTE = (
    '<Relationship Id="rIdFtn1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/hyperlink" Target="#_ftn1"/>'
)


def _word_table_deck() -> bytes:
    """A table pasted from Word: a footnote reference in a cell links to `#_ftn1`, an internal
    relationship whose target part does not exist (PowerPoint and LibreOffice open it)."""
    prs = new_deck()
    slide = blank(prs)
    shape = add_table(slide, [["指标", "值"], ["销售额¹", "{{ sales }}"]])
    lines(textbox(slide, top=5).text_frame, ["{{ customer }}"])
    run = shape.table.cell(1, 0).text_frame.paragraphs[0].runs[0]
    run.hyperlink.address = "https://placeholder.invalid/"  # makes the a:hlinkClick; retargeted below
    rid = run._r.rPr.hlinkClick.rId
    blob = save(prs)

    def rels(data: bytes) -> bytes:
        data = re.sub(rb'<Relationship [^>]*Id="%s"[^>]*/>' % rid.encode(), b"", data)
        return data.replace(b"</Relationships>", FOOTNOTE.encode() + b"</Relationships>")

    def slide_xml(data: bytes) -> bytes:
        return data.replace(f'r:id="{rid}"'.encode(), b'r:id="rIdFtn1"')

    return _rewrite(blob, {"ppt/slides/_rels/slide1.xml.rels": rels, "ppt/slides/slide1.xml": slide_xml})


def test_hyperlinks_to_missing_targets_are_kept_and_the_deck_renders():
    template = _word_table_deck()
    assert b'Target="#_ftn1"/>' in zipfile.ZipFile(io.BytesIO(template)).read("ppt/slides/_rels/slide1.xml.rels")
    blob = Template.from_bytes(template, "word.pptx").render({"sales": "¥1.2亿", "customer": "华润"})
    prs = Presentation(io.BytesIO(blob))
    table = next(s for s in prs.slides[0].shapes if s.has_table).table
    assert [[c.text for c in r.cells] for r in table.rows] == [["指标", "值"], ["销售额¹", "¥1.2亿"]]
    assert table.cell(1, 0).text_frame.paragraphs[0].runs[0].hyperlink.address == "#_ftn1"
    assert package_faults(blob) == []
    assert new_audit_errors(template, blob) == []


def test_a_slide_whose_layout_part_is_missing_is_still_refused_as_damaged():
    blob = _rewrite(
        _deck(),
        {
            "ppt/slides/_rels/slide1.xml.rels": lambda d: d.replace(
                b"slideLayouts/slideLayout7.xml", b"slideLayouts/gone.xml"
            )
        },
    )
    with pytest.raises(QbrError, match="damaged"):
        Template.from_bytes(blob, "x.pptx")


def test_a_picture_whose_image_part_is_missing_is_refused_naming_the_part_and_its_reference():
    from PIL import Image
    from pptx.util import Inches

    png = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, "PNG")
    prs = new_deck()
    blank(prs).shapes.add_picture(io.BytesIO(png.getvalue()), Inches(1), Inches(1))
    # the picture's r:embed (rId2: rId1 is the slide's layout) now names a part the zip lacks
    blob = _rewrite(
        save(prs),
        {"ppt/slides/_rels/slide1.xml.rels": lambda d: d.replace(b"../media/image1.png", b"../media/gone.png")},
    )
    with pytest.raises(QbrError, match=r"damaged: ppt/slides/slide1\.xml refers to a part that is missing \(rId2\)"):
        Template.from_bytes(blob, "x.pptx")
