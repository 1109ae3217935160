"""Execution photos: what 8 camera photos add to a deck's size and build time.

Copies the sample data to a temporary folder, puts 8 photos of 4000 x 3000 (JPEG quality 92 with
sensor-like grain, JPEG's hard case; every third one stored sideways with EXIF orientation 6) in
photos/CNPC/2023Q4/ (3 of them in the subfolder of activity ACT-2023-011), and builds CNPC's
customer deck with and without them.

    python benchmarks/bench_photos.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from PIL import Image

    from qbr.pipeline import BuildRequest, build_deck
    from qbr.quarter import Quarter

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "sample_data", data)
        q4 = Quarter(2023, 4)

        def build(out: str) -> tuple[float, int]:
            start = time.perf_counter()
            req = BuildRequest(data, "CNPC", q4, out_dir=Path(tmp) / out, today=date(2024, 1, 8), audience="customer")
            path = build_deck(req).written[0].path
            return time.perf_counter() - start, path.stat().st_size

        build("warm")  # imports and font lookup
        t0, size0 = build("plain")
        root = data / "photos" / "CNPC" / "2023Q4"
        (root / "ACT-2023-011").mkdir(parents=True)
        originals = 0
        for i in range(8):
            exif = Image.Exif()
            if i % 3 == 0:
                exif[0x0112] = 6
            path = root / ("ACT-2023-011" if i < 3 else ".") / f"IMG_{i:04d}.jpg"
            Image.effect_noise((4000, 3000), 40).convert("RGB").save(path, quality=92, exif=exif)
            originals += path.stat().st_size
        t1, size1 = build("photos")
        mb = 1024 * 1024
        print(f"8 photos of 4000x3000: {originals / mb:.1f} MB on disk")
        print(f"deck without photos: {size0 / mb:.2f} MB, built in {t0:.1f} s")
        print(f"deck with photos:    {size1 / mb:.2f} MB (+{(size1 - size0) / mb:.2f} MB), built in {t1:.1f} s")


if __name__ == "__main__":
    main()
