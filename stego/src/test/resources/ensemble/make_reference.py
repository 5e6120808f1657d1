"""Reference run of the FLD ensemble (sealwatch's port of Kodovsky's ensemble_training.m) for FldEnsembleTest.

Usage: python make_reference.py SEALWATCH_DIR OUT_DIR

Only sealwatch/ensemble_classifier/*.py and sealwatch/tools/matlab.py are loaded (by path, under stub packages, so
that sealwatch's other imports are not needed). Synthetic paired features (numpy PCG64, fixed seed): 160 training
pairs and 100 test pairs of 60 dimensions; cover x ~ N(0, C) with correlated dimensions, stego = cover-like sample
shifted by a small mean in 12 dimensions plus a column that is constant in both classes (must get weight 0).
Writes train_cover.npy, train_stego.npy, test_cover.npy, test_stego.npy (float64) and reference.txt:
for the automatic run (seed 1234): the two derived seeds, every d_sub trial (d_sub, OOB error, L), the chosen
d_sub and L, and the confidence (mean vote) of every test sample; then the same for a fixed run (seed 77, L 31,
d_sub 20).
"""
import importlib.util
import os
import sys
import types

import numpy as np


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def sealwatch_ensemble(root):
    import logging
    pkg = types.ModuleType("sealwatch")
    pkg.__path__ = [os.path.join(root, "sealwatch")]
    sys.modules["sealwatch"] = pkg
    tools = types.ModuleType("sealwatch.tools")
    tools.__path__ = []
    tools.setup_custom_logger = lambda name: logging.getLogger(str(name))
    sys.modules["sealwatch.tools"] = tools
    pkg.tools = tools
    tools.matlab = load("sealwatch.tools.matlab", os.path.join(root, "sealwatch", "tools", "matlab.py"))
    ens = types.ModuleType("sealwatch.ensemble_classifier")
    ens.__path__ = [os.path.join(root, "sealwatch", "ensemble_classifier")]
    sys.modules["sealwatch.ensemble_classifier"] = ens
    for m in ["fld", "base_learner", "ensemble_classifier", "out_of_bag_error_estimates",
              "subspace_dimensionality_search", "fld_ensemble_trainer"]:
        load("sealwatch.ensemble_classifier." + m, os.path.join(root, "sealwatch", "ensemble_classifier", m + ".py"))
    return sys.modules["sealwatch.ensemble_classifier.fld_ensemble_trainer"].FldEnsembleTrainer


def features(rng, n, d):
    mix = rng.normal(size=(d, d)) / np.sqrt(d)
    base = rng.normal(size=(2 * n, d)) @ (np.eye(d) + 0.5 * mix)
    cover, stego = base[:n].copy(), base[n:].copy()
    stego[:, :12] += 0.35
    cover[:, 7] = 2.5
    stego[:, 7] = 2.5
    return cover, stego


def main(root, out):
    trainer_cls = sealwatch_ensemble(root)
    rng = np.random.Generator(np.random.PCG64(424242))
    d = 60
    tc, ts = features(rng, 160, d)
    ec, es = features(rng, 100, d)
    os.makedirs(out, exist_ok=True)
    for name, a in [("train_cover", tc), ("train_stego", ts), ("test_cover", ec), ("test_stego", es)]:
        np.save(os.path.join(out, name + ".npy"), np.ascontiguousarray(a, dtype=np.float64))
    lines = []
    for label, kwargs in [("automatic", dict(seed=1234)), ("fixed", dict(seed=77, L=31, d_sub=20))]:
        trainer = trainer_cls(tc, ts, verbose=0, **kwargs)
        ens, records = trainer.train()
        lines.append(f"run {label} {trainer.seed_subspaces} {trainer.seed_bootstrap}")
        for r in records:
            lines.append(f"trial {r['d_sub']} {float(r['oob_error'])!r} {r['num_base_learners']}")
        lines.append(f"chosen {ens.d_sub} {ens.num_base_learners}")
        conf = np.concatenate([ens.predict_confidence(ec), ens.predict_confidence(es)])
        lines.append("confidence " + " ".join(repr(float(c)) for c in conf))
        pred = np.concatenate([ens.predict(ec), ens.predict(es)])
        lines.append("predict " + " ".join(str(int(p)) for p in pred))
    with open(os.path.join(out, "reference.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
