"""Pictures that come with the data: logos and execution photos.

Stage: data (the file system). Input: the settings (`[distributor] logo`, a path relative to
qbr.toml's folder), the data folder, a customer and a quarter. Output: paths of logos Pillow can
read; photo files grouped by activity folder, and each photo prepared for the deck (JPEG bytes).

Our logo is `[distributor] logo`; the customer's is `logos/CUSTOMER.png` (or .jpg/.jpeg) in the
data folder. A logo that is not there is no logo (nothing is drawn); one that is there but cannot
be read as an image is a QbrError naming the file, before anything is written. Photos live in
`photos/CUSTOMER/QUARTER/` (a subfolder per activity_id); see docs/templates.md.
"""

from __future__ import annotations

import io
from pathlib import Path

from qbr.config import Settings
from qbr.errors import QbrError

LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")


def readable_image(path: Path) -> Path:
    """`path` when Pillow can decode it; else a QbrError naming the file."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            im.verify()
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as exc:
        raise _unreadable(path, "image", exc, "save it again as PNG or JPEG, or remove it") from None
    return path


def our_logo(settings: Settings, data_dir: Path) -> Path | None:
    """`[distributor] logo`, relative to qbr.toml's folder (else the data folder); None if unset.
    A path that is set but missing is an error: the owner asked for a logo."""
    given = settings.distributor.logo
    if not given:
        return None
    base = settings.path.parent if settings.path is not None else data_dir
    path = Path(given) if Path(given).is_absolute() else base / given
    if not path.is_file():
        where = str(settings.path) if settings.path is not None else "qbr.toml"
        raise QbrError.at(f'distributor.logo = "{given}": no such file {path}', file=where)
    return readable_image(path)


def customer_logo(data_dir: Path, customer_id: str) -> Path | None:
    """`logos/CUSTOMER.png` (.jpg, .jpeg) in the data folder, or None when there is none."""
    for suffix in LOGO_SUFFIXES:
        path = data_dir / "logos" / f"{customer_id}{suffix}"
        if path.is_file():
            return readable_image(path)
    return None


def logos(settings: Settings, data_dir: Path, customer_id: str) -> dict[str, str | None]:
    """The template context's `logos`: {"ours": path or None, "customer": path or None}."""
    ours, theirs = our_logo(settings, data_dir), customer_logo(data_dir, customer_id)
    return {"ours": str(ours) if ours else None, "customer": str(theirs) if theirs else None}


# -- execution photos (陈列/活动照片) --------------------------------------------------------------

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png")
PHOTO_ASPECT = 4 / 3  # the photo slide's grid cells; each photo is cropped to it, centred
PHOTO_PIXELS = (1200, 900)  # enough for a quarter of a 13.3 in slide at 150 dpi
PHOTO_QUALITY = 80  # JPEG quality: 8 camera photos stay well under 8 MB in the deck


def photo_files(data_dir: Path, customer_id: str, quarter: str) -> dict[str | None, list[Path]]:
    """`photos/CUSTOMER/QUARTER/*` under None, `photos/CUSTOMER/QUARTER/SUBFOLDER/*` under the
    subfolder's name (an activity_id); file names sorted, hidden files skipped."""
    root = data_dir / "photos" / customer_id / quarter
    if not root.is_dir():
        return {}
    found: dict[str | None, list[Path]] = {}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            files = [p for p in sorted(entry.iterdir()) if _is_photo(p)]
            if files:
                found.setdefault(entry.name, []).extend(files)
        elif _is_photo(entry):
            found.setdefault(None, []).append(entry)
    return found


def _is_photo(path: Path) -> bool:
    return path.is_file() and not path.name.startswith(".") and path.suffix.lower() in PHOTO_SUFFIXES


def prepared_photo(path: Path) -> bytes:
    """A photo as the deck shows it: upright per its EXIF orientation, cropped (centred) to the
    grid's 4:3, at most PHOTO_PIXELS, JPEG. A file Pillow cannot read is a QbrError naming it."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(path) as im:
            # a JPEG decodes at 1/2, 1/4 or 1/8 scale when that still covers the target: a 4000 x 3000
            # photo decodes at 2000 x 1500, several times faster than in full
            side = max(PHOTO_PIXELS)
            im.draft("RGB", (side, side))
            upright = ImageOps.exif_transpose(im)
            fitted = ImageOps.fit(upright.convert("RGB"), _target(upright.size), Image.Resampling.LANCZOS)
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as exc:
        raise _unreadable(
            path, "photo", exc, "save it again as JPEG or PNG, or move it out of the photos folder"
        ) from None
    out = io.BytesIO()
    fitted.save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True)
    return out.getvalue()


def _target(size: tuple[int, int]) -> tuple[int, int]:
    """The 4:3 size a photo is cropped to: PHOTO_PIXELS, or smaller for a small photo (never enlarged)."""
    w, h = size
    crop_w, crop_h = (w, round(w / PHOTO_ASPECT)) if w / max(h, 1) <= PHOTO_ASPECT else (round(h * PHOTO_ASPECT), h)
    scale = min(1.0, PHOTO_PIXELS[0] / max(crop_w, 1))
    return max(1, round(crop_w * scale)), max(1, round(crop_h * scale))


def _unreadable(path: Path, what: str, exc: Exception, hint: str) -> QbrError:
    """The one error for a picture Pillow cannot decode: the file, what it should be, how to fix it."""
    return QbrError.at(f"is not a readable {what} ({exc.__class__.__name__})", file=str(path), hint=hint)
