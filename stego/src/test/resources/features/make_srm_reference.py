"""Reference SRM / SRMQ1 features (sealwatch's port of Fridrich and Kodovsky's SRM.m / SRMQ1.m) for SrmTest.

Usage: python make_srm_reference.py SEALWATCH_DIR OUT_DIR

The committed fixtures were made from sealwatch commit 90af7175a70f9c7cf48072b011334add499805db (numpy, scipy,
pillow); the output does not depend on PYTHONHASHSEED (checked).

Loads sealwatch/tools/matlab.py and sealwatch/srm/{cooccurrence,symm,srm,srmq1}.py by path under stub packages
(sealwatch's package __init__ imports torch and jpeglib, which the SRM code does not use).

sealwatch returns a dict of submodels whose values agree with the MATLAB code's, but whose order is not the
MATLAB struct's: its all*() functions list the co-occurrences in another order than all1st.m ... all5x5.m, and its
post_process merges the spam h/v halves while iterating over a Python set (so the position of the merged submodels
depends on string hashing). The feature vector of SRM.m is the concatenation of the fields of the struct it returns,
in field order; this script derives that order by replaying post_processing's field bookkeeping (append on
assignment, rmfield, fieldnames snapshots) on the field names of all1st/all2nd/all3rd/all3x3/all5x5 in the order
SRM.m assigns them, and writes:

  srm_submodels.txt          one line per submodel of SRM, "name dimension", in SRM.m's order (106 lines)
  {case}_pixels.npy          the test image, int32, rows x columns
  {case}_srm.npy             1 x 34671 float32: sealwatch's SRM submodels concatenated in that order
  {case}_srmq1.npy           1 x 12753 float32: sealwatch's SRMQ1 submodels in SRMQ1.m's order (small case only)

Cases: a 64x64 and a 75x100 (rows x columns) crop of the cover tiles in ../attack/covers, and a 10x12 image of
seeded uniform noise 0..255 (SRMQ1 only), so that saturated residuals and tiny borders are exercised. The script
also checks that sealwatch's SRMQ1 equals the q = 1 submodels of its SRM.
"""
import importlib.util
import os
import sys
import types
from collections import OrderedDict

import numpy as np
from PIL import Image

# The co-occurrence fields in the order SRM.m's all*.m functions assign them.
G_ORDER = {
    "f1": ["min22h", "max22h", "min34h", "max34h", "spam14h", "spam14v", "min22v", "max22v", "min24", "max24",
           "min34v", "max34v", "min41", "max41", "min34", "max34", "min48h", "min48v", "max48h", "max48v",
           "min54", "max54"],
    "f2": ["spam12h", "spam12v", "min21", "max21", "min41", "max41", "min32", "max32", "min24h", "min24v",
           "max24h", "max24v"],
    "f3x3": ["spam11", "spam14v", "spam14h", "min24", "max24", "min22h", "min22v", "max22h", "max22v", "min41",
             "max41"],
}
G_ORDER["f3"] = G_ORDER["f1"]
G_ORDER["f5x5"] = G_ORDER["f3x3"]
SRM_CALLS = [("f1", 1), ("f1", 2)] + [(t, q) for t in ("f2", "f3", "f3x3", "f5x5") for q in (1, 1.5, 2)]
SRMQ1_CALLS = [(t, 1) for t in ("f1", "f2", "f3", "f3x3", "f5x5")]
CASES = [("aitzgorri_0", 40, 60, 64, 64, True), ("sunset_1", 100, 8, 75, 100, True)]


def qname(q):
    return "q" + str(q).replace(".", "")


def matlab_order(calls):
    """Replays post_processing's field bookkeeping; returns the final field names with their dimensions."""
    res = OrderedDict()  # name -> dimension
    for t, q in calls:
        for g in G_ORDER[t]:
            res[f"{t}_{g}_{qname(q)}"] = 625
        for name in list(res):
            if name[0] == "s":
                continue
            T, N, Q = name.split("_")
            if N[:3] in ("min", "max"):
                out = f"s{T[1:]}_minmax{N[3:]}_{Q}"
                if out not in res:
                    res[out] = 325
            elif N[:4] == "spam":
                out = f"s{T[1:]}_{N}_{Q}"
                if out not in res:
                    res[out] = 169
        for name in [n for n in res if n[0] == "f"]:
            del res[name]
        for name in list(res):
            T, N, Q = name.split("_")
            if N[:4] != "spam":
                continue
            if N[-1] == "v" or (N == "spam11" and T == "s5x5"):
                pass
            elif N[-1] == "h":
                out = f"{T}_{N}v_{Q}"
                if out in res:
                    continue
                res[out] = res[name] + res[name.replace("h_", "v_")]
                del res[name]
                del res[name.replace("h_", "v_")]
            elif N == "spam11":
                out = f"s35_{N}_{Q}"
                if out in res:
                    continue
                n1, n2 = name.replace("5x5", "3x3"), name.replace("3x3", "5x5")
                if n1 not in res or n2 not in res:
                    continue
                res[out] = res[n1] + res[n2]
                del res[n1]
                del res[n2]
    return list(res.items())


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def package(name, path):
    pkg = types.ModuleType(name)
    pkg.__path__ = [path]
    sys.modules[name] = pkg
    return pkg


def vector(features, order):
    parts = []
    for name, dim in order:
        v = np.asarray(features[name], dtype=np.float32).ravel()
        assert v.size == dim, (name, v.size, dim)
        parts.append(v)
    assert len(features) == len(order), (len(features), len(order))
    return np.concatenate(parts).reshape(1, -1)


def main(root, out):
    sw = os.path.join(root, "sealwatch")
    package("sealwatch", sw)
    tools = package("sealwatch.tools", os.path.join(sw, "tools"))
    tools.matlab = load("sealwatch.tools.matlab", os.path.join(sw, "tools", "matlab.py"))
    package("sealwatch.srm", os.path.join(sw, "srm"))
    load("sealwatch.srm.cooccurrence", os.path.join(sw, "srm", "cooccurrence.py"))
    load("sealwatch.srm.symm", os.path.join(sw, "srm", "symm.py"))
    srm = load("sealwatch.srm.srm", os.path.join(sw, "srm", "srm.py"))
    srmq1 = load("sealwatch.srm.srmq1", os.path.join(sw, "srm", "srmq1.py"))

    order = matlab_order(SRM_CALLS)
    order_q1 = matlab_order(SRMQ1_CALLS)
    assert len(order) == 106 and sum(d for _, d in order) == 34671
    assert len(order_q1) == 39 and sum(d for _, d in order_q1) == 12753
    assert order_q1 == [(n, d) for n, d in order if n.endswith("_q1")]

    here = os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "srm_submodels.txt"), "w") as f:
        for name, dim in order:
            f.write(f"{name} {dim}\n")
    cases = []
    for tile, r0, c0, h, w, full in CASES:
        px = np.asarray(Image.open(os.path.join(here, "..", "attack", "covers", tile + ".png")), dtype=np.int32)
        cases.append((f"{tile}_{h}x{w}", px[r0:r0 + h, c0:c0 + w], full))
    cases.append(("noise_10x12", np.random.RandomState(17).randint(0, 256, size=(10, 12)).astype(np.int32), False))
    for name, px, full in cases:
        np.save(os.path.join(out, f"{name}_pixels.npy"), px)
        q1 = srmq1.extract(px.copy())
        vq1 = vector(q1, order_q1)
        if full:
            s = srm.extract(px.copy(), qs=[[1, 2], [1, 1.5, 2], [1, 1.5, 2], [1, 1.5, 2], [1, 1.5, 2]])
            v = vector(s, order)
            sub = np.concatenate([np.asarray(s[n], dtype=np.float32).ravel() for n, _ in order_q1])
            assert np.array_equal(sub, vq1.ravel()), name
            np.save(os.path.join(out, f"{name}_srm.npy"), v)
        else:
            np.save(os.path.join(out, f"{name}_srmq1.npy"), vq1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
