#!/usr/bin/env python3
"""Reference costs computed by conseal itself (uibk-uncover/conseal, Python backend) on small synthetic covers.

Usage: conseal_reference.py CONSEAL [OUTDIR]
  CONSEAL: the fetched conseal repository (a checkout, or a bare git directory whose HEAD is read).
Writes one text file per algorithm into OUTDIR (default: beside this script):
  line 1: "rows cols" of each component, line 2..: the cover values (one row per line), then "rho_p1" and the
  +1 costs, then "rho_m1" and the -1 costs, as conseal's compute_cost_adjusted returns them (wet cost 1e10), each
  value printed with 17 significant digits.
conseal's Rust extension, jpeglib and (if absent) numba are stubbed.
"""
import importlib
import os
import subprocess
import sys
import tarfile
import tempfile
import types

import numpy as np


def load_conseal(path):
    if os.path.isdir(os.path.join(path, 'conseal')):
        root = path
    else:
        root = tempfile.mkdtemp()
        data = subprocess.run(['git', '--git-dir', path, 'archive', 'HEAD', 'conseal'], check=True,
                              capture_output=True).stdout
        with tempfile.TemporaryFile() as f:
            f.write(data)
            f.seek(0)
            tarfile.open(fileobj=f).extractall(root)
    sys.path.insert(0, root)
    rust = types.ModuleType('conseal._conseal')
    for name in ['wow', 'hill', 'hugo', 'mipod', 'suniward', 'juniward', 'uerd', 'ebs', 'nsF5']:
        setattr(rust, name, types.ModuleType(name))
    sys.modules['conseal._conseal'] = rust
    if 'jpeglib' not in sys.modules:
        try:
            importlib.import_module('jpeglib')
        except ImportError:
            stub = types.ModuleType('jpeglib')
            for name in ['DCTJPEG', 'DCTJPEGio', 'SpatialJPEG', 'JPEG']:
                setattr(stub, name, type(name, (), {}))
            sys.modules['jpeglib'] = stub
    try:
        importlib.import_module('numba')
    except ImportError:  # conseal's HUGO imports numba; without it the plain Python loops run
        numba = types.ModuleType('numba')
        numba.jit = lambda *a, **k: (a[0] if a and callable(a[0]) else (lambda f: f))
        numba.njit = numba.jit
        numba.prange = range
        sys.modules['numba'] = numba
    import conseal
    conseal.set_backend(conseal.BACKEND_PYTHON)
    return conseal


def spatial_cover(rows, cols, seed):
    """Smooth gradient, textured noise, a flat block and saturated pixels (0 and 255)."""
    rng = np.random.default_rng(seed)
    r, c = np.mgrid[0:rows, 0:cols]
    x = 110 + 50 * np.sin(r / 5.0) * np.cos(c / 7.0) + (c > cols // 3) * rng.normal(0, 14, (rows, cols))
    x[:8, :8] = 77
    x[-6:, :5] = 255
    x[-6:, 5:10] = 0
    return np.clip(np.round(x), 0, 255).astype(np.uint8)


def write(path, covers, rho_p1, rho_m1):
    with open(path, 'w') as f:
        f.write(' '.join(f'{a.shape[0]} {a.shape[1]}' for a in covers) + '\n')
        for a in covers:
            for row in a:
                f.write(' '.join(str(int(v)) for v in row) + '\n')
        for name, maps in (('rho_p1', rho_p1), ('rho_m1', rho_m1)):
            f.write(name + '\n')
            for a in maps:
                for row in a:
                    f.write(' '.join(f'{v:.17g}' for v in row) + '\n')


def main():
    cl = load_conseal(sys.argv[1])
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
    x = spatial_cover(40, 48, 1)
    p, m = cl.wow.compute_cost_adjusted(x)
    write(os.path.join(out, 'wow.txt'), [x], [p], [m])
    p, m = cl.hugo.compute_cost_adjusted(x)
    write(os.path.join(out, 'hugo.txt'), [x], [p], [m])
    fi = cl.mipod.compute_cost(x)  # the Fisher information (no wet adjustment in conseal)
    write(os.path.join(out, 'mipod.txt'), [x], [fi], [fi])


if __name__ == '__main__':
    main()
