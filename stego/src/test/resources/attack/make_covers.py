"""Makes the real-photo covers of the structural-attack tests (covers/*.png).

Usage: python make_covers.py BACKGROUNDS_DIR OUT_DIR

BACKGROUNDS_DIR holds the photos of Debian's lomiri-wallpapers-16.04 package (/usr/share/backgrounds after
`apt-get install lomiri-wallpapers-16.04`, or `apt-get download` + `dpkg-deb -x`). Only photos under CC0-1.0 or
CC-BY-4.0 are used (per the package's debian/copyright; see covers/SOURCES.md). Each photo is converted to 8-bit
luma (0.299 R + 0.587 G + 0.114 B, rounded), averaged over 4x4 blocks (rounded) so that the JPEG traces of the
original are averaged away and the cover behaves like a never-compressed image, and the two 256x256 tiles around
the centre of the result are written as grayscale PNG.
"""
import os
import sys

import numpy as np
from PIL import Image

PHOTOS = [
    "seeding_by_Clements_Engelhardt.jpg",
    "aitzgorri_by_Aitzol_Berasategi.jpg",
    "friends_by_Aitzol_Berasategi.jpg",
    "life_by_Aitzol_Berasategi.jpg",
    "picosdeeuropa_by_Aitzol_Berasategi.jpg",
    "sunset_by_Aitzol_Berasategi.jpg",
    "Picture_0B_by_freespace.jpg",
    "umang_by_Abhishek_Mudgal.jpg",
]
K = 4
TILE = 256


def main(src, out):
    os.makedirs(out, exist_ok=True)
    for name in PHOTOS:
        rgb = np.asarray(Image.open(os.path.join(src, name)).convert("RGB"), dtype=np.float64)
        luma = np.round(0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2])
        h, w = luma.shape[0] // K, luma.shape[1] // K
        small = np.round(luma[: h * K, : w * K].reshape(h, K, w, K).mean(axis=(1, 3))).astype(np.uint8)
        r = (h - TILE) // 2
        c = w // 2 - TILE
        stem = name.split("_by_")[0].lower()
        for i in range(2):
            tile = small[r : r + TILE, c + i * TILE : c + (i + 1) * TILE]
            Image.fromarray(tile, mode="L").save(os.path.join(out, f"{stem}_{i}.png"), optimize=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
