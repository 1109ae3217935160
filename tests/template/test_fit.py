"""Text that would overflow its box is shrunk deliberately; text that fits is left alone."""

from __future__ import annotations

from pptx import Presentation
from pptx.util import Inches, Pt

from qbr.template.fit import MIN_SCALE, char_em, fit_text, text_height_pt


def _box(text: str, size: float, width_in: float = 4.0, height_in: float = 0.5):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(width_in), Inches(height_in))
    box.text_frame.word_wrap = True
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
