"""Reference DCTR features (sealwatch's port of Holub and Fridrich's DCTR.m) for DctrTest.

Usage: python make_dctr_reference.py SEALWATCH_DIR OUT_DIR

Loads sealwatch/dctr/_dctr.py, sealwatch/tools/{dct,jpeg,matlab}.py by path under stub packages (jpeglib, which
is not installable here, is stubbed: only its pure-numpy `decompress` is used). sealwatch's tools.matlab.round
rounds half away from zero and counts fractions within 5e-6 of 0.5 as 0.5 (np.isclose): at the block phase of a
decompressed JPEG the filtered values are exact multiples of the dequantized coefficients, so exact halves are
common and float noise would otherwise decide them. For two 128x128 crops of the cover tiles in
../attack/covers, the script makes JPEG coefficients itself (blockwise orthonormal DCT of pixel - 128, divided by
the IJG luminance table at quality 75 resp. 90, rounded), writes them as int32 .npy (jpegio layout: the 8x8 block
(i, j) at rows 8i..8i+7, columns 8j..8j+7, coefficient (k, l) of the block at row 8i+k, column 8j+l) and the 8000
DCTR features of the decompressed luminance (no rounding) as a 1x8000 float64 .npy.
"""
import importlib.util
import os
import sys
import types

import numpy as np
from PIL import Image

IJG_LUMA = np.array([
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
    14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]).reshape(8, 8)
CASES = [("aitzgorri_0", 75, 40, 60), ("sunset_1", 90, 100, 8)]


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def ijg_table(qf):
    s = 5000 / qf if qf < 50 else 200 - 2 * qf
    return np.clip(np.floor((IJG_LUMA * s + 50) / 100), 1, 255)


def main(root, out):
    sys.modules["jpeglib"] = types.ModuleType("jpeglib")
    pkg = types.ModuleType("sealwatch")
    pkg.__path__ = [os.path.join(root, "sealwatch")]
    sys.modules["sealwatch"] = pkg
    tools = types.ModuleType("sealwatch.tools")
    tools.__path__ = [os.path.join(root, "sealwatch", "tools")]
    sys.modules["sealwatch.tools"] = tools
    pkg.tools = tools
    tools.dct = load("sealwatch.tools.dct", os.path.join(root, "sealwatch", "tools", "dct.py"))
    tools.jpegio_to_jpeglib = tools.dct.jpegio_to_jpeglib
    tools.jpeglib_to_jpegio = tools.dct.jpeglib_to_jpegio
    tools.matlab = load("sealwatch.tools.matlab", os.path.join(root, "sealwatch", "tools", "matlab.py"))
    tools.jpeg = load("sealwatch.tools.jpeg", os.path.join(root, "sealwatch", "tools", "jpeg.py"))
    dpkg = types.ModuleType("sealwatch.dctr")
    dpkg.__path__ = [os.path.join(root, "sealwatch", "dctr")]
    sys.modules["sealwatch.dctr"] = dpkg
    dctr = load("sealwatch.dctr._dctr", os.path.join(root, "sealwatch", "dctr", "_dctr.py"))

    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out, exist_ok=True)
    dct_mat = tools.dct.compute_dct_mat()
    for tile, qf, r0, c0 in CASES:
        px = np.asarray(Image.open(os.path.join(here, "..", "attack", "covers", tile + ".png")), dtype=np.float64)
        px = px[r0:r0 + 128, c0:c0 + 128]
        qt = ijg_table(qf)
        blocks = (px - 128).reshape(16, 8, 16, 8).transpose(0, 2, 1, 3)
        coef = np.einsum("ik,abkl,jl->abij", dct_mat, blocks, dct_mat)
        y = np.round(coef / qt).astype(np.int32)  # [16, 16, 8, 8] jpeglib layout
        np.save(os.path.join(out, f"{tile}_q{qf}_coef.npy"), y.transpose(0, 2, 1, 3).reshape(128, 128))
        x = tools.jpeg.decompress(y.astype(np.float64), qt=qt) - 128
        if qf < 50:
            q = min(8 * (50 / qf), 100)
        else:
            q = max(8 * (2 - (qf / 50)), 0.2)
        f = dctr.extract(x, q)
        vec = np.concatenate([np.asarray(v, dtype=np.float64) for v in f.values()])
        assert vec.size == 8000
        np.save(os.path.join(out, f"{tile}_q{qf}_dctr.npy"), vec.reshape(1, -1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
