"""Pages a buyer may see: no slide without something to say, the cover's date, the file's
properties, light tables, and best/worst stores that rank by growth.

Built end to end (`build_deck`) from a small hand-made shop (tests/deck/small_shop.py) and the
sample data; the expected figures are worked out in the comments.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.oxml.ns import qn

from qbr.cli import main
from qbr.config import Settings, load_settings
from qbr.context.build import meeting_date
from qbr.errors import QbrError
from qbr.pipeline import BuildRequest, build_deck
from qbr.quarter import Quarter
from tests.conftest import ROOT
from tests.deck.small_shop import SHOP, write_small_shop
from tests.test_build import deck_texts

Q4 = Quarter(2023, 4)
SAMPLE = ROOT / "sample_data"


@pytest.fixture(scope="module")
def shop_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = write_small_shop(tmp_path_factory.mktemp("shop"))
    req = BuildRequest(data, SHOP, Q4, out_dir=data / "out", today=date(2024, 1, 8), audience="customer")
    return build_deck(req).written[0].path


def test_a_small_shop_gets_a_short_deck_without_empty_slides(shop_deck: Path) -> None:
    texts = deck_texts(shop_deck)
    # cover, agenda, summary, sales, the year, monthly, SKUs, movers, plan, appendix: no investment (no
    # support, no promoters), no receivables, no alerts (the same delivery every week), no stores, no
    # activities, no last-quarter commitments, no peers to benchmark against
    assert len(texts) == 10
    joined = "\n".join(texts)
    for gone in ("本季度无费用投入", "费用构成", "应收账款与账龄", "0 天", "周销售额（万元）", "暂无数据"):
        assert gone not in joined
    agenda = next(s for s in Presentation(str(shop_deck)).slides[1].shapes if s.name == "agenda")
    assert [p.text for p in agenda.text_frame.paragraphs] == [
        "执行摘要",
        "销售达成与全年",
        "品类与单品",
        "下季度计划与日历",
    ]
    # 2023Q4 13 x 2,300 = 29,900; 2022Q4 14 x 2,100 = 29,400; +1.7 %
    assert "¥3.0万" in texts[2] and "▲1.7%" in texts[2]


def test_without_spend_the_summary_cards_show_the_range_sold_not_zero_investment(shop_deck: Path) -> None:
    slide = Presentation(str(shop_deck)).slides[2]
    cards = {s.name: s.text_frame.text for s in slide.shapes if s.has_text_frame and s.name.startswith("KPI ")}
    assert not any("费用投入" in t or "费用率" in t for t in cards.values())
    # both SKUs sold in 2023Q4 and in 2022Q4: "在售单品 2", "去年同期 2"
    assert (cards["KPI card 6 label"], cards["KPI card 6 value"], cards["KPI card 6 note"]) == (
        "在售单品",
        "2",
        "去年同期 2",
    )
    # no receivables table: nothing invoiced, so no collection rate
    assert (cards["KPI card 7 label"], cards["KPI card 7 value"]) == ("本季回款率", "—")


def test_slide_numbers_follow_the_dropped_slides(shop_deck: Path) -> None:
    prs = Presentation(str(shop_deck))
    # the page number is a slide-number field on every page but the cover: it counts the slides kept
    fields = [s for s in prs.slides if s.element.findall(".//" + qn("a:fld"))]
    assert all(f.get("type") == "slidenum" for s in fields for f in s.element.iter(qn("a:fld")))
    assert len(fields) == len(prs.slides) - 1


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2024, 1, 8), date(2024, 1, 8)),  # a week after the quarter: the meeting is now
        (date(2024, 1, 31), date(2024, 1, 31)),  # 31 days after 2023-12-31: still just ended
        (date(2024, 2, 1), date(2023, 12, 31)),  # 32 days after: the quarter's last day
        (date(2026, 11, 30), date(2023, 12, 31)),  # rebuilt years later: never 2026 on a 2023Q4 deck
        (date(2023, 11, 15), date(2023, 11, 15)),  # a quarter under way
    ],
)
def test_the_cover_date_is_the_build_date_only_just_after_the_quarter(today: date, expected: date) -> None:
    assert meeting_date(Settings(), Q4, today) == expected


def test_meeting_date_from_qbr_toml_and_the_command_line(tmp_path: Path) -> None:
    data = write_small_shop(tmp_path / "data", toml='[report]\nmeeting_date = "2024-01-18"\n')
    runner = CliRunner()
    base = ["build", "--customer", SHOP, "--quarter", "2023Q4", "--data", str(data), "--audience", "customer"]
    result = runner.invoke(main, [*base, "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    cover = deck_texts(tmp_path / "a" / "2023Q4" / f"{SHOP}_2023Q4_QBR.pptx")[0]
    assert "2024年1月18日" in cover
    result = runner.invoke(main, [*base, "--out", str(tmp_path / "b"), "--meeting-date", "2024-01-25"])
    assert result.exit_code == 0, result.output
    cover = deck_texts(tmp_path / "b" / "2023Q4" / f"{SHOP}_2023Q4_QBR.pptx")[0]
    assert "2024年1月25日" in cover and "2024年1月18日" not in cover


def test_a_bad_meeting_date_in_qbr_toml_is_a_located_error(tmp_path: Path) -> None:
    data = write_small_shop(tmp_path / "data", toml='[report]\nmeeting_date = "2024-13-01"\n')
    with pytest.raises(QbrError) as err:
        load_settings(data)
    assert "qbr.toml" in str(err.value) and "report.meeting_date" in str(err.value)
    result = CliRunner().invoke(
        main, ["build", "--customer", SHOP, "--quarter", "2023Q4", "--data", str(data), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2 and not (tmp_path / "o").exists()


def test_the_tool_is_in_the_file_properties_not_on_the_slides(shop_deck: Path) -> None:
    from qbr import __version__

    prs = Presentation(str(shop_deck))
    core = prs.core_properties
    assert core.author == "星河商贸" and core.last_modified_by == "星河商贸"
    assert core.title == "街角粮油店 2023年第四季度 季度业务回顾"
    assert core.comments == f"qbr {__version__}"
    assert "python-pptx" not in (core.comments or "")
    assert core.created == core.modified == datetime(2024, 1, 8)  # the build day (today=2024-01-08), not 2013
    joined = "\n".join(deck_texts(shop_deck))
    assert "qbr" not in joined and __version__ not in joined and "传统渠道" not in joined


def test_tables_have_no_vertical_lines_and_a_tinted_header(shop_deck: Path) -> None:
    prs = Presentation(str(shop_deck))
    tables = [s.table for slide in prs.slides for s in slide.shapes if s.has_table]
    assert tables
    for tbl in tables:
        for row in tbl.rows:
            for cell in row.cells:
                tcPr = cell._tc.tcPr
                for side in ("a:lnL", "a:lnR"):
                    line = tcPr.find(qn(side))
                    assert line is not None and line.find(qn("a:noFill")) is not None
        header = tbl.cell(0, 0).fill.fore_color.rgb
        assert str(header) != "1F3864"  # not the old solid navy: a light tint
        assert sum(int(str(header)[i : i + 2], 16) for i in (0, 2, 4)) > 3 * 200


def test_cnpc_stores_slide_lists_only_growing_stores_as_best(tmp_path: Path) -> None:
    req = BuildRequest(SAMPLE, "CNPC", Q4, out_dir=tmp_path, today=date(2024, 1, 8), audience="customer")
    prs = Presentation(str(build_deck(req).written[0].path))
    stores = next(s for s in prs.slides if any(sh.name == "同比增长最快 table" for sh in s.shapes))
    best = next(sh for sh in stores.shapes if sh.name == "同比增长最快 table").table
    yoy = [best.cell(r, 2).text for r in range(1, len(best.rows))]
    assert yoy and all(y.startswith("▲") for y in yoy)  # every store listed grew


def _logo(path: Path, size: tuple[int, int], colour: tuple[int, int, int]) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path)


def test_logos_sit_on_the_cover_and_in_the_footer_without_distortion(tmp_path: Path) -> None:
    data = write_small_shop(tmp_path / "data", toml="")
    (data / "qbr.toml").write_text('[distributor]\nname = "星河商贸"\nlogo = "brand/ours.png"\n', encoding="utf-8")
    _logo(data / "brand" / "ours.png", (300, 300), (0, 110, 180))  # square
    _logo(data / "logos" / f"{SHOP}.png", (800, 200), (200, 30, 30))  # 4:1
    req = BuildRequest(data, SHOP, Q4, out_dir=tmp_path / "out", today=date(2024, 1, 8), audience="customer")
    prs = Presentation(str(build_deck(req).written[0].path))
    cover = {s.name: s for s in prs.slides[0].shapes if s.shape_type == 13}  # pictures
    assert set(cover) == {"image:logos.customer", "image:logos.ours"}
    theirs, ours = cover["image:logos.customer"], cover["image:logos.ours"]
    # the boxes are 2.2 x 1.0 in: the 4:1 logo fills the width (2.2 x 0.55 in), the square one the
    # height (1.0 x 1.0 in); aspect ratio kept to within an EMU of rounding
    assert theirs.width == pytest.approx(4 * theirs.height, abs=4)
    assert theirs.width == pytest.approx(914400 * 2.2, abs=2) and ours.height == pytest.approx(914400, abs=2)
    assert ours.width == pytest.approx(ours.height, abs=2)
    footers = [[s.name for s in slide.shapes if s.name.startswith("image:")] for slide in list(prs.slides)[1:]]
    assert all(sorted(f) == ["image:logos.customer", "image:logos.ours"] for f in footers)


def test_without_logo_files_nothing_is_drawn(shop_deck: Path) -> None:
    prs = Presentation(str(shop_deck))
    assert not [s.name for slide in prs.slides for s in slide.shapes if s.name.startswith("image:")]


def test_an_unreadable_logo_is_an_error_naming_the_file(tmp_path: Path) -> None:
    data = write_small_shop(tmp_path / "data")
    (data / "logos").mkdir()
    (data / "logos" / f"{SHOP}.png").write_bytes(b"not a picture")
    args = ["build", "--customer", SHOP, "--quarter", "2023Q4", "--data", str(data), "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert f"{SHOP}.png" in result.output and "not a readable image" in result.output
    assert not (tmp_path / "o").exists()
    (data / "logos" / f"{SHOP}.png").unlink()
    (data / "qbr.toml").write_text('[distributor]\nlogo = "missing.png"\n', encoding="utf-8")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "missing.png" in result.output and "qbr.toml" in result.output


def test_photos_go_on_their_activitys_page_and_the_rest_on_a_photos_page(tmp_path: Path) -> None:
    import shutil

    from PIL import Image

    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    root = data / "photos" / "CNPC" / "2023Q4"
    (root / "ACT-2023-011").mkdir(parents=True)
    # a 4000 x 3000 camera photo with grain (JPEG's worst case), copied 8 times: 3 of the activity
    # ACT-2023-011 (双十一粮油节), 5 general
    Image.effect_noise((4000, 3000), 40).convert("RGB").save(tmp_path / "camera.jpg", quality=92)
    camera = (tmp_path / "camera.jpg").read_bytes()
    for i in range(8):
        (root / ("ACT-2023-011" if i < 3 else ".") / f"IMG_{i}.jpg").write_bytes(camera)
    req = BuildRequest(data, "CNPC", Q4, out_dir=tmp_path / "out", today=date(2024, 1, 8), audience="customer")
    path = build_deck(req).written[0].path
    assert path.stat().st_size < 8 * 1024 * 1024
    prs = Presentation(str(path))
    pages = {
        slide.shapes.title.text: [s for s in slide.shapes if s.name.startswith("image:page.photos")]
        for slide in prs.slides
        if slide.shapes.title is not None and "照片" in slide.shapes.title.text
    }
    assert {title: len(photos) for title, photos in pages.items()} == {"活动照片：双十一粮油节": 3, "陈列与活动照片": 5}
    cell = pages["陈列与活动照片"][0]
    assert cell.width == pytest.approx(914400 * 2.93, abs=2)  # 4:3 photo in a 4:3 cell: fills it
    assert cell.height == pytest.approx(914400 * 2.2, rel=0.01)


def test_without_a_photos_folder_there_is_no_photos_slide(shop_deck: Path) -> None:
    assert not any("照片" in t for t in deck_texts(shop_deck))
