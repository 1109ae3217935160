"""Logos and execution photos read from the data folder (qbr.data.media)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from qbr.data.media import photo_files, prepared_photo
from qbr.errors import QbrError

RED, WHITE = (255, 0, 0), (255, 255, 255)
ORIENTATION = 0x0112


def _half_red(path: Path, orientation: int | None = None) -> Path:
    """400 x 300, left half red, right half white; EXIF orientation if given."""
    im = Image.new("RGB", (400, 300), WHITE)
    im.paste(RED, (0, 0, 200, 300))
    exif = Image.Exif()
    if orientation is not None:
        exif[ORIENTATION] = orientation
    im.save(path, "JPEG", quality=95, exif=exif)
    return path


def _is(pixel: tuple[int, ...], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel, colour, strict=True))


def test_a_photo_without_orientation_is_kept_as_it_is(tmp_path: Path) -> None:
    im = Image.open(io.BytesIO(prepared_photo(_half_red(tmp_path / "a.jpg"))))
    # already 4:3 and smaller than 1200 x 900: neither cropped nor enlarged
    assert im.size == (400, 300) and im.format == "JPEG"
    assert _is(im.getpixel((10, 10)), RED) and _is(im.getpixel((390, 10)), WHITE)


def test_a_photo_is_turned_upright_per_exif_and_cropped_to_4_3(tmp_path: Path) -> None:
    # orientation 6: shown turned 90° clockwise, so upright it is 300 x 400 with the red half on
    # top (rows 0..199); cropped to 4:3 it is 300 x 225, rows 87.5..312.5 of the upright photo:
    # the top half of the crop red, the bottom half white
    im = Image.open(io.BytesIO(prepared_photo(_half_red(tmp_path / "b.jpg", orientation=6))))
    assert im.size == (300, 225)
    assert _is(im.getpixel((150, 10)), RED) and _is(im.getpixel((150, 215)), WHITE)


def test_a_camera_photo_is_downscaled_to_1200_by_900(tmp_path: Path) -> None:
    Image.new("RGB", (4000, 3000), (10, 120, 200)).save(tmp_path / "c.jpg")
    assert Image.open(io.BytesIO(prepared_photo(tmp_path / "c.jpg"))).size == (1200, 900)


def test_an_unreadable_photo_is_an_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    with pytest.raises(QbrError) as err:
        prepared_photo(tmp_path / "broken.jpg")
    assert "broken.jpg" in str(err.value)


def test_photo_folders_group_by_activity_and_skip_other_files(tmp_path: Path) -> None:
    root = tmp_path / "photos" / "CNPC" / "2023Q4"
    (root / "ACT-1").mkdir(parents=True)
    for p in (root / "b.jpg", root / "a.PNG", root / "ACT-1" / "x.jpeg", root / "notes.txt", root / ".hidden.jpg"):
        p.write_bytes(b"")
    found = photo_files(tmp_path, "CNPC", "2023Q4")
    assert {k: [p.name for p in v] for k, v in found.items()} == {"ACT-1": ["x.jpeg"], None: ["a.PNG", "b.jpg"]}
    assert photo_files(tmp_path, "CNPC", "2023Q3") == {}  # no folder: no photos
