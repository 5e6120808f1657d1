"""Reference GFR features (sealwatch's port of the DDE lab's GFR.m) for GfrTest.

Usage: python make_gfr_reference.py SEALWATCH_DIR OUT_DIR

Loads sealwatch/gfr/_gfr.py with the same stub packages as make_dctr_reference.py (whose helpers it imports;
jpeglib is stubbed, only the pure-numpy decompression is used). Cases:
- aitzgorri_0_q75: the committed DCTR coefficient fixture (quality 75), steps [2, 4, 6, 8];
- sunset_1_q95: made here like the DCTR fixtures (the 128x128 crop of ../attack/covers/sunset_1.png at row 100,
  column 8; blockwise orthonormal DCT of pixel - 128 divided by the IJG luminance table of quality 95, rounded;
  int32 .npy in jpegio layout), steps [0.5, 1, 1.5, 2] as GFR.m sets them for quality 95 (sealwatch's
  extract_from_file uses [0.1, 1, 1.5, 2] there; the steps are passed explicitly so the reference is GFR.m's).
For each, the luminance is decompressed without rounding (sealwatch's tools.jpeg.decompress with the IJG table)
and the 17000 GFR features (32 rotations, T = 4, GFR_ORIGINAL kernel normalization) are saved flattened in
sealwatch's order (phase, scale, merged orientation, phase group, bin) as a 1x17000 float64 .npy.
"""
import importlib.util
import os
import sys
import types

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import make_dctr_reference as mdr  # noqa: E402


def main(root, out):
    sys.modules["jpeglib"] = types.ModuleType("jpeglib")
    pkg = types.ModuleType("sealwatch")
    pkg.__path__ = [os.path.join(root, "sealwatch")]
    sys.modules["sealwatch"] = pkg
    tools = types.ModuleType("sealwatch.tools")
    tools.__path__ = [os.path.join(root, "sealwatch", "tools")]
    sys.modules["sealwatch.tools"] = tools
    pkg.tools = tools
    tools.dct = mdr.load("sealwatch.tools.dct", os.path.join(root, "sealwatch", "tools", "dct.py"))
    tools.jpegio_to_jpeglib = tools.dct.jpegio_to_jpeglib
    tools.jpeglib_to_jpegio = tools.dct.jpeglib_to_jpegio
    tools.matlab = mdr.load("sealwatch.tools.matlab", os.path.join(root, "sealwatch", "tools", "matlab.py"))
    tools.jpeg = mdr.load("sealwatch.tools.jpeg", os.path.join(root, "sealwatch", "tools", "jpeg.py"))
    dpkg = types.ModuleType("sealwatch.dctr")
    dpkg.__path__ = [os.path.join(root, "sealwatch", "dctr")]
    sys.modules["sealwatch.dctr"] = dpkg
    pkg.dctr = dpkg
    dpkg._dctr = mdr.load("sealwatch.dctr._dctr", os.path.join(root, "sealwatch", "dctr", "_dctr.py"))
    gpkg = types.ModuleType("sealwatch.gfr")
    gpkg.__path__ = [os.path.join(root, "sealwatch", "gfr")]
    sys.modules["sealwatch.gfr"] = gpkg
    gfr = mdr.load("sealwatch.gfr._gfr", os.path.join(root, "sealwatch", "gfr", "_gfr.py"))

    os.makedirs(out, exist_ok=True)
    dct_mat = tools.dct.compute_dct_mat()

    # the quality-95 coefficients, made as make_dctr_reference.py makes its fixtures
    px = np.asarray(Image.open(os.path.join(HERE, "..", "attack", "covers", "sunset_1.png")), dtype=np.float64)
    px = px[100:228, 8:136]
    blocks = (px - 128).reshape(16, 8, 16, 8).transpose(0, 2, 1, 3)
    coef = np.einsum("ik,abkl,jl->abij", dct_mat, blocks, dct_mat)
    y = np.round(coef / mdr.ijg_table(95)).astype(np.int32)
    np.save(os.path.join(out, "sunset_1_q95_coef.npy"), y.transpose(0, 2, 1, 3).reshape(128, 128))

    cases = [("aitzgorri_0_q75", 75, [2, 4, 6, 8]), ("sunset_1_q95", 95, [0.5, 1, 1.5, 2])]
    for name, qf, steps in cases:
        src = HERE if name != "sunset_1_q95" else out
        c = np.load(os.path.join(src, f"{name}_coef.npy")).astype(np.float64)
        y = c.reshape(c.shape[0] // 8, 8, c.shape[1] // 8, 8).transpose(0, 2, 1, 3)  # jpeglib layout
        x = tools.jpeg.decompress(y, qt=mdr.ijg_table(qf))
        f = gfr.extract(x, num_rotations=32, quantization_steps=steps, T=4,
                        implementation=gfr.Implementation.GFR_ORIGINAL)
        vec = np.asarray(f, dtype=np.float64).reshape(-1)
        assert vec.size == 17000
        np.save(os.path.join(out, f"{name}_gfr.npy"), vec.reshape(1, -1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
