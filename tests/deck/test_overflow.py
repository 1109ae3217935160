"""No text overflows its box on the sample decks, measured with the real fonts by LibreOffice.

One LibreOffice start converts every deck (CNPC in Chinese and English, a ¥3万 shop, an account
without activities, and a deliberately broken deck that shows the check can fail); tests/overflow.py
compares each word's place in the PDF with the boxes of the deck's shapes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches, Pt

from qbr.pipeline import BuildRequest, build_deck
from qbr.quarter import Quarter
from tests.conftest import ROOT
from tests.deck.small_shop import SHOP, write_small_shop
from tests.libreoffice import convert_to_pdf, needs_soffice
from tests.overflow import overflows
from tests.test_build import _customer_without_promoters_and_activities

pytestmark = needs_soffice

Q4 = Quarter(2023, 4)
SAMPLE = ROOT / "sample_data"
TODAY = date(2024, 1, 8)


def _broken_deck(path: Path) -> Path:
    """A fixed 1 x 0.4 in box (no wrap, no autofit) holding a 40-character line at 18 pt."""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(1), Inches(0.4))
    tf = box.text_frame
    tf.word_wrap = False
    tf.auto_size = None
    run = tf.paragraphs[0].add_run()
    run.text = "OVERFLOWING " * 3 + "END"
    run.font.size = Pt(18)
    prs.save(str(path))
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    out = tmp_path_factory.mktemp("overflow")
    shop = write_small_shop(out / "shop")
    plain = _customer_without_promoters_and_activities()
    builds = {
        "CNPC zh": (SAMPLE, "CNPC", "zh"),
        "CNPC en": (SAMPLE, "CNPC", "en"),
        "small shop": (shop, SHOP, "zh"),
        f"{plain} (no activities)": (SAMPLE, plain, "zh"),
    }
    decks = {
        name: build_deck(
            BuildRequest(
                data, cid, Q4, out_dir=out / name.replace(" ", "_"), lang=lang, today=TODAY, audience="customer"
            )
        )
        .written[0]
        .path
        for name, (data, cid, lang) in builds.items()
    }
    decks["broken"] = _broken_deck(out / "broken.pptx")
    pdf_dir = out / "pdf"
    pdf_dir.mkdir()
    # distinct file names: one LibreOffice start converts them all into one folder
    named = {}
    for name, deck in decks.items():
        target = out / f"{name.replace(' ', '_').replace('(', '').replace(')', '')}.pptx"
        if deck != target:
            target.write_bytes(deck.read_bytes())
        named[name] = target
    convert_to_pdf(list(named.values()), pdf_dir)
    return {name: (deck, pdf_dir / f"{deck.stem}.pdf") for name, deck in named.items()}


@pytest.mark.parametrize("name", ["CNPC zh", "CNPC en", "small shop", "no activities"])
def test_no_text_overflows_its_box(rendered: dict[str, tuple[Path, Path]], name: str) -> None:
    key = next(k for k in rendered if name in k)
    deck, pdf = rendered[key]
    assert [str(o) for o in overflows(deck, pdf)] == []


def test_the_check_finds_a_line_running_past_its_box(rendered: dict[str, tuple[Path, Path]]) -> None:
    deck, pdf = rendered["broken"]
    words = [o.word for o in overflows(deck, pdf)]
    # the box ends 1 in (72 pt) from its left: at 18 pt "OVERFLOWING" alone is wider than that, so the
    # words after the first run past its right side, the last one certainly
    assert "END" in words
