"""Text that would overflow its box is shrunk deliberately; text that fits is left alone."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from qbr.template.fit import MIN_SCALE, TITLE_PT, char_em, fit_text, text_height_pt
from tests.conftest import ROOT
from tests.libreoffice import needs_soffice


def _box(text: str, size: float, width_in: float = 4.0, height_in: float = 0.5):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(width_in), Inches(height_in))
    box.text_frame.word_wrap = True
    box.text_frame.auto_size = MSO_AUTO_SIZE.NONE  # a fixed box (python-pptx makes "resize shape to fit text")
    box.text_frame.margin_left = box.text_frame.margin_right = 0
    box.text_frame.margin_top = box.text_frame.margin_bottom = 0
    run = box.text_frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size)
    return prs, run


def test_height_estimate_by_hand() -> None:
    # 10 CJK characters at 20 pt = 200 pt of text; in 150 pt width that wraps to 2 lines of 24 pt
    assert text_height_pt([("销" * 10, 20.0)], 150.0) == 2 * 20 * 1.2
    assert char_em("销") == 1.0 and char_em("a") < char_em("M") < 1.0


def test_text_that_fits_keeps_its_size() -> None:
    prs, run = _box("销售额同比增长", 20)  # 7 x 20 = 140 pt wide in a 288 pt box, one 24 pt line in 36 pt
    assert fit_text(prs) == 0 and run.font.size == Pt(20)


def test_overflowing_text_shrinks_until_it_fits() -> None:
    text = "销" * 30  # 30 x 20 = 600 pt: 3 lines (72 pt high) in a 288 x 36 pt box
    prs, run = _box(text, 20)
    assert fit_text(prs) == 1
    size = run.font.size.pt
    assert size < 20 and size >= 20 * MIN_SCALE
    assert text_height_pt([(text, size)], 288.0) <= 36.0 or size <= 20 * MIN_SCALE + 0.5


# --- boxes marked "resize shape to fit text" --------------------------------------------------------


def _autofit_box(text: str, size: float, stored_height_in: float, autofit: str | None):
    """A 4 x `stored_height_in` inch box at (1, 1) in, no insets, with `a:spAutoFit` etc. as given."""
    prs, run = _box(text, size, height_in=stored_height_in)
    shape = prs.slides[0].shapes[0]
    body_pr = shape.text_frame._txBody.bodyPr
    for child in list(body_pr):
        body_pr.remove(child)
    if autofit:
        body_pr.append(body_pr.makeelement(qn(f"a:{autofit}"), {}))
    return prs, run


def test_a_grow_to_fit_box_with_a_stale_stored_height_keeps_its_size() -> None:
    # 30 CJK characters at 20 pt: 600 pt in a 288 pt wide box = 3 lines of 24 pt = 72 pt of text.
    # The stored height (0.3 in = 21.6 pt) is what LibreOffice left for the template's tag; below the
    # box there are 6.5 in of slide and only a bare background rectangle, so the box can grow.
    text = "销" * 30
    prs, run = _autofit_box(text, 20, 0.3, "spAutoFit")
    slide = prs.slides[0]
    slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(0.5), Inches(1.2), Inches(5), Inches(2))  # a card
    assert fit_text(prs) == 0 and run.font.size == Pt(20)
    # the same box without "resize shape to fit text" has a fixed height and shrinks
    prs, run = _autofit_box(text, 20, 0.3, None)
    assert fit_text(prs) == 1 and run.font.size < Pt(20)


def test_a_grow_to_fit_box_shrinks_only_to_the_room_above_the_next_text_below() -> None:
    # room: from the box top (1 in) to a text box at 1.5 in = 36 pt; the stored height (3 in) is ignored.
    # By hand, scale steps of 0.05 from 1.0: at 0.8 (16 pt) 480 pt wraps to 2 lines = 38.4 pt > 36;
    # at 0.75 (15 pt) 450 pt is 2 lines = 36 pt: fits, so 15 pt.
    prs, run = _autofit_box("销" * 30, 20, 3.0, "spAutoFit")
    below = prs.slides[0].shapes.add_textbox(Inches(2), Inches(1.5), Inches(2), Inches(0.5))
    below.text_frame.text = "来源：ERP"
    assert fit_text(prs) == 1
    assert run.font.size == Pt(15)
    # a text box beside it (no horizontal overlap) is no obstacle
    prs, run = _autofit_box("销" * 30, 20, 0.3, "spAutoFit")
    beside = prs.slides[0].shapes.add_textbox(Inches(5.5), Inches(1.5), Inches(2), Inches(0.5))
    beside.text_frame.text = "注"
    assert fit_text(prs) == 0 and run.font.size == Pt(20)


@needs_soffice
def test_the_default_template_re_saved_by_libreoffice_builds_with_the_same_font_sizes(tmp_path) -> None:
    """The shipped template saved again by LibreOffice (which rewrites every "resize shape to fit
    text" height with its own metrics, drops wrap="square" and renames placeholders) must give
    the same font size in every box as the template itself."""
    import subprocess
    from datetime import date

    from qbr.pipeline import BuildRequest, build_deck
    from qbr.quarter import Quarter

    source = ROOT / "templates" / "qbr_zh.pptx"
    resaved_dir = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pptx:Impress MS PowerPoint 2007 XML",
            "--outdir",
            str(resaved_dir),
            str(source),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    resaved = resaved_dir / "qbr_zh.pptx"
    heights = {round(s.height) for s in Presentation(str(resaved)).slides[2].shapes}
    assert heights - {round(s.height) for s in Presentation(str(source)).slides[2].shapes}  # it did rewrite them

    def sizes(template: Path) -> list[list[float | None]]:
        out = tmp_path / template.parent.name
        request = BuildRequest(
            ROOT / "sample_data",
            "CNPC",
            Quarter(2023, 4),
            template=template,
            out_dir=out,
            lang="zh",
            today=date(2024, 1, 8),
        )
        deck = Presentation(str(build_deck(request).written[0].path))
        return [[_box_size(sh) for sh in slide.shapes if sh.has_text_frame] for slide in deck.slides]

    assert sizes(resaved) == sizes(source)


def _box_size(shape) -> float | None:
    """The size the box's first run shows: its own, else (titles) the master's 22 pt."""
    runs = [r for p in shape.text_frame.paragraphs for r in p.runs]
    if not runs:
        return None
    size = runs[0].font.size
    return size.pt if size is not None else TITLE_PT


def _title(text: str, line_em: float = 20.5, size: float = 20.0):
    """A slide whose title holds `line_em` em at `size` pt (after fit's 6% safety and the insets)."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    from qbr.template.fit import SAFETY

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    title = slide.shapes.title
    tf = title.text_frame
    inset = Emu((tf.margin_left or 0) + (tf.margin_right or 0)).pt
    title.width = Emu(int(Pt(line_em * size / SAFETY + inset)))
    tf.text = text
    for run in tf.paragraphs[0].runs:
        run.font.size = Pt(size)
    return title


def test_a_title_with_one_word_alone_on_its_last_line_breaks_after_its_punctuation() -> None:
    from qbr.template.fit import balance_title

    # 12 characters + "，" (13 em) then 8 characters: 21 em in lines of 20.5 leaves one character
    # alone; a break after "，" gives 13 em and 8 em, both lines whole
    title = _title("甲" * 12 + "，" + "乙" * 8)
    assert balance_title(title)
    p = title.text_frame.paragraphs[0]._p
    assert [el.tag.split("}")[1] for el in p if el.tag.split("}")[1] in ("r", "br")] == ["r", "br", "r"]
    assert title.text_frame.text == "甲" * 12 + "，\v" + "乙" * 8


def test_a_title_never_breaks_inside_a_figure_at_its_thousands_comma() -> None:
    from qbr.template.fit import balance_title

    # "¥1,926.2万" holds the only comma: 7 + 1 + 13 + ... a break after "¥1," would split the figure;
    # a Latin comma is a break only before a space, so the title shrinks instead (or is left alone)
    title = _title("甲" * 8 + "¥1,926.2万" + "乙" * 10)
    balance_title(title)
    assert "¥1,926.2万" in title.text_frame.text.replace("\v", "")
    assert "\v" not in title.text_frame.text
    # "a, b": the comma before a space is a break as before
    english = _title("甲" * 12 + ", " + "乙" * 8)
    assert balance_title(english)
    assert title.text_frame.text.count("¥1,926.2万") == 1 and "\v" in english.text_frame.text


def test_a_title_without_a_natural_break_shrinks_a_little_to_take_its_orphan_back() -> None:
    from qbr.template.fit import balance_title

    # 21 characters in lines of 20.5 em: at 97.5% of 20 pt a line holds 20.5 / 0.975 = 21.03 em
    title = _title("甲" * 21)
    assert balance_title(title)
    assert {r.font.size.pt for r in title.text_frame.paragraphs[0].runs} == {19.5}  # 20 * 0.975 = 19.5


def test_a_title_that_fits_or_ends_in_a_long_line_is_left_alone() -> None:
    from qbr.template.fit import balance_title

    assert not balance_title(_title("甲" * 20))  # one line
    assert not balance_title(_title("甲" * 26))  # 20.5 + 5.5 em: 5 characters on the last line


def test_closing_punctuation_never_starts_a_line() -> None:
    from qbr.template.fit import wrap_lines

    # 20 characters fill a 20.5 em line; the "，" after them goes down with the 20th character
    assert wrap_lines("甲" * 20 + "，乙乙", 20.5) == ["甲" * 19, "甲，乙乙"]
    # English breaks only at spaces: "Sales up 25.8%" is 2.48 + 0.28 + 1.04 + 0.28 + 2.78 = 6.86 em,
    # " on" would make it 8.18 > 8
    assert wrap_lines("Sales up 25.8% on last year", 8) == ["Sales up 25.8%", "on last year"]
