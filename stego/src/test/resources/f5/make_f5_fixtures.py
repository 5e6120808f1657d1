#!/usr/bin/env python3
"""What conseal's F5 simulation does on a few covers, for F5Test (its deterministic part and its shrinkage).

Usage (from the repository root; needs numpy, scipy, gcc with libjpeg headers):
    python3 stego/src/test/resources/f5/make_f5_fixtures.py CONSEAL [OUT_FILE]

CONSEAL   the fetched uibk-uncover/conseal: a checkout (the folder holding the `conseal` package) or its bare git
          directory (exported to a temporary folder). `jpeglib`, `numba` and conseal's compiled part are stubbed
          as in ../../fixtures/conseal/make_conseal_fixtures.py; conseal.F5.simulate_single_channel is pure numpy.
OUT_FILE  default f5_conseal.txt beside this script.

Per cover (the JPEGs named below, coefficients read with ../../fixtures/jpeg/dump_coeffs.c) and payload alpha, one
line: cover alpha nzAC ones total beta changes shrink_mean seeds, where ones = #|y| == 1 over all coefficients,
total = all coefficients (conseal's p_pm1 = ones / total), beta = conseal's tools.inv_entropy(alpha) (fminbound,
xtol 1e-4), changes = #(y0 != y1) of simulate_single_channel(y0, alpha, seed=1), shrink_mean = the mean number of
coefficients that became 0 over seeds 1..seeds.
"""
import os
import subprocess
import sys
import tempfile
import types

import numpy as np

if len(sys.argv) < 2:
    sys.exit(__doc__)
SRC = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, 'f5_conseal.txt'))
TMP = tempfile.mkdtemp()
if os.path.isdir(os.path.join(SRC, 'conseal')):
    CONSEAL = SRC
    commit = subprocess.run(['git', '-C', SRC, 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()
else:
    commit = subprocess.run(['git', '--git-dir', SRC, 'rev-parse', 'HEAD'], check=True, capture_output=True,
                            text=True).stdout.strip()
    tar = subprocess.run(['git', '--git-dir', SRC, 'archive', 'HEAD'], check=True, capture_output=True).stdout
    CONSEAL = os.path.join(TMP, 'conseal')
    os.makedirs(CONSEAL)
    subprocess.run(['tar', '-x', '-C', CONSEAL], input=tar, check=True)

_stub = types.ModuleType('jpeglib')
_stub.DCTJPEG = _stub.SpatialJPEG = object
sys.modules['jpeglib'] = _stub
_rs = types.ModuleType('conseal._conseal')
_rs.hill = types.ModuleType('conseal._conseal.hill')
_rs.wow = types.ModuleType('conseal._conseal.wow')
_numba = types.ModuleType('numba')
_numba.jit = lambda *a, **k: (a[0] if a and callable(a[0]) else (lambda f: f))
_numba.prange = range
sys.modules['numba'] = _numba
sys.modules.update({'conseal._conseal': _rs, 'conseal._conseal.hill': _rs.hill, 'conseal._conseal.wow': _rs.wow})
sys.path.insert(0, CONSEAL)
import conseal as cl  # noqa: E402

DUMP = os.path.join(TMP, 'dump_coeffs')
subprocess.run(['gcc', '-O2', '-o', DUMP, os.path.join(HERE, '..', '..', 'fixtures', 'jpeg', 'dump_coeffs.c'),
                '-ljpeg'], check=True)


def coefficients(jpg):
    """The first component's coefficients as conseal takes them: [blocks down, blocks across, 8, 8]."""
    lines = subprocess.run([DUMP, jpg], check=True, capture_output=True, text=True).stdout.splitlines()
    comp = [int(t) for t in lines[1].split()[1:]]
    wib, hib = comp[4], comp[5]
    blocks = np.array([[int(t) for t in lines[3 + b].split()] for b in range(wib * hib)], dtype=np.int64)
    return blocks.reshape(hib, wib, 8, 8)


COVERS = ['../conseal/seeding_q75.jpg', '../conseal/seeding_q90.jpg', '../conseal/aitzgorri_q85.jpg',
          '../jmipod/aitz80x72_q75.jpg']
SEEDS = 200
with open(OUT, 'w') as f:
    f.write('# conseal %s, numpy %s: cover alpha nzAC ones total beta changes shrink_mean seeds\n'
            % (commit, np.__version__))
    for cover in COVERS:
        y0 = coefficients(os.path.join(HERE, cover))
        nzac = cl.tools.dct.nzAC(y0)
        ones = int((np.abs(y0) == 1).sum())
        for alpha in (0.05, 0.1, 0.2, 0.4, 0.7, 1.0):
            beta = cl.tools.inv_entropy(alpha)
            changes = None
            shrink = []
            for seed in range(1, SEEDS + 1):
                y1 = cl.F5.simulate_single_channel(y0, alpha, seed=seed)
                d = y1 - y0
                assert np.all((d == 0) | (d == -np.sign(y0))), 'F5 only decrements magnitudes'
                if changes is None:
                    changes = int((d != 0).sum())
                assert int((d != 0).sum()) == changes, 'the number of changes does not depend on the seed'
                shrink.append(int(((y1 == 0) & (y0 != 0)).sum()))
            f.write('%s %r %d %d %d %.17g %d %.6f %d\n' % (cover, alpha, nzac, ones, y0.size, beta, changes,
                                                           float(np.mean(shrink)), SEEDS))
