"""Reference values of SPA and WS from sealwatch (uibk-uncover/sealwatch) for StructuralAttackReferenceTest.

Usage: python make_reference.py SEALWATCH_DIR OUT_DIR

SEALWATCH_DIR is a checkout of sealwatch (only sealwatch/spa/_attack.py and sealwatch/ws/_attack.py are loaded,
by path, so that the package's other imports are not needed). Four cover tiles of covers/ get LSB replacement at
0.1 and 0.3 bits per pixel (numpy's PCG64 with a fixed seed: a uniformly random subset of round(rate*N) pixels
gets random bits); the stego images are written as grayscale PNG to OUT_DIR and their estimates to
OUT_DIR/reference.csv: file, spa (payload, sealwatch's smaller root), ws (payload = 2 * sealwatch's beta, default
options: KB predictor, weighted), ws_bias (the same with correct_bias=True). Estimates of stego images are well
above zero, so sealwatch's clipping (spa < 0.01 -> 0, beta < 0 -> 0) never applies; the script checks that.
"""
import csv
import importlib.util
import os
import sys

import numpy as np
from PIL import Image

TILES = ["aitzgorri_0", "life_1", "seeding_0", "sunset_1"]
RATES = [0.1, 0.3]


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main(sealwatch, out):
    spa = load(os.path.join(sealwatch, "sealwatch", "spa", "_attack.py"), "sw_spa")
    ws = load(os.path.join(sealwatch, "sealwatch", "ws", "_attack.py"), "sw_ws")
    here = os.path.dirname(os.path.abspath(__file__))
    rng = np.random.Generator(np.random.PCG64(20260512))
    os.makedirs(out, exist_ok=True)
    rows = []
    for tile in TILES:
        cover = np.asarray(Image.open(os.path.join(here, "covers", tile + ".png")), dtype=np.uint8)
        for rate in RATES:
            flat = cover.flatten().copy()
            k = int(round(rate * flat.size))
            pos = rng.permutation(flat.size)[:k]
            flat[pos] = (flat[pos] & 0xFE) | rng.integers(0, 2, size=k, dtype=np.uint8)
            stego = flat.reshape(cover.shape)
            name = f"{tile}_lsb{int(rate * 100):02d}.png"
            Image.fromarray(stego, mode="L").save(os.path.join(out, name))
            p_spa = float(spa.attack(stego))
            p_ws = 2 * float(ws.attack(stego))
            p_wsb = 2 * float(ws.attack(stego, correct_bias=True))
            assert p_spa > 0.01 and p_ws > 0 and p_wsb > 0, (name, p_spa, p_ws, p_wsb)
            rows.append([name, repr(p_spa), repr(p_ws), repr(p_wsb)])
    with open(os.path.join(out, "reference.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["file", "spa", "ws", "ws_bias"])
        w.writerows(rows)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
