"""Pictures: put an image where a named shape was, fitted without distortion.

Stage: template render. Input: a slide, the python-pptx shape to replace (any shape, picture or
empty picture placeholder named `chart:NAME` or `image:EXPR`) and image bytes. Output: a picture
at the same place in the shape tree (so z-order and group membership stay), scaled to fit the
shape's box and centred in it, keeping the shape's name; the old shape is gone.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from pptx.parts.image import Image

from qbr.template.report import TemplateProblem

MAX_IMAGE_BYTES = 50 * 1024 * 1024


def fit(box: tuple[int, int, int, int], pixels: tuple[int, int]) -> tuple[int, int, int, int]:
    """(left, top, width, height) of an image of `pixels` contained in `box`, centred."""
    left, top, width, height = box
    px_w, px_h = pixels
    if px_w <= 0 or px_h <= 0 or width <= 0 or height <= 0:
        return box
    scale = min(width / px_w, height / px_h)
    w, h = round(px_w * scale), round(px_h * scale)
    return left + (width - w) // 2, top + (height - h) // 2, w, h


def image_bytes(value: Any, label: str) -> bytes:
    """Bytes of an image given as bytes or as a path to a file."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    if isinstance(value, str | os.PathLike):
        path = Path(value)
        try:
            if path.stat().st_size > MAX_IMAGE_BYTES:
                raise TemplateProblem(f"{label}: {path} is larger than 50 MB")
            return path.read_bytes()
        except OSError as exc:
            raise TemplateProblem(f"{label}: cannot read image {path}: {exc.strerror}") from None
    raise TemplateProblem(f"{label}: expected image bytes or a file path, got {type(value).__name__}")


def replace_with_picture(slide: Any, shape: Any, blob: bytes, label: str) -> Any:
    """Swap `shape` for a picture of `blob` fitted into its box; returns the picture."""
    try:
        size = Image.from_blob(blob).size
    except Exception:  # Pillow raises many types for bytes that are not an image
        raise TemplateProblem(f"{label}: the data is not a PNG/JPEG/GIF image") from None
    box = (shape.left or 0, shape.top or 0, shape.width or 0, shape.height or 0)
    left, top, width, height = fit(box, size)
    picture = slide.shapes.add_picture(io.BytesIO(blob), left, top, width, height)
    picture.name = shape.name
    old = shape._element
    parent = old.getparent()
    parent.replace(old, picture._element)  # same place in the tree: z-order and group kept
    return picture


def remove_shape(shape: Any) -> None:
    old = shape._element
    old.getparent().remove(old)
