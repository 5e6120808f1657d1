#!/usr/bin/env python3
"""J-MiPOD reference values made by running the authors' code (Remi Cogranne's J_MIPOD.m, Feb. 2021) under GNU Octave.

Usage (from the repository root; needs numpy, GNU Octave 7 with the image and statistics packages
(Debian: octave octave-image octave-statistics), libjpeg's cjpeg/djpeg and gcc with libjpeg headers):
    python3 stego/src/test/resources/jmipod/make_jmipod_fixtures.py ALETHEIA_EXT [OUT_DIR]

ALETHEIA_EXT  the fetched daniellerch/aletheia-external-resources: a checkout, or its bare git directory (the
              octave/code/ folder is then exported to a temporary folder); its commit goes to manifest.json.
OUT_DIR       default: this script's folder.

Covers: seeding_q75.jpg / seeding_q90.jpg of ../conseal (64x64 crops, CC0-1.0, see ../conseal/README.md), and
aitz80x72_q75.jpg / aitz80x72_q90.jpg: ../conseal/aitzgorri_q85.jpg (CC-BY-4.0, Aitzol Berasategi) decoded with
djpeg, mirrored to 80 rows x 72 columns and compressed with cjpeg -grayscale. Coefficients are read with
../../fixtures/jpeg/dump_coeffs.c (libjpeg's jpeg_read_coefficients) and handed to jmipod_driver.m as text (the
code's jpeg_read MEX is not used). Per cover and payload, NAME.pP.fi.npy (the smoothed Fisher information, 2-D
layout row 8i+k, column 8j+l), NAME.pP.pchange.npy (the reference's change probability 2*beta at its own lambda,
from its lookup table) and NAME.pP.beta.npy (beta solved exactly at that lambda), float64; manifest.json holds
each case's lambda, nzAC and message length in nats.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

if len(sys.argv) < 2:
    sys.exit(__doc__)
SRC = os.path.abspath(sys.argv[1])
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else HERE)
CONSEAL_FIX = os.path.join(HERE, '..', 'conseal')
TMP = tempfile.mkdtemp()

if os.path.isdir(os.path.join(SRC, 'octave', 'code')):
    CODE = os.path.join(SRC, 'octave', 'code')
    commit = subprocess.run(['git', '-C', SRC, 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip()
else:   # a bare git directory: export the folder
    commit = subprocess.run(['git', '--git-dir', SRC, 'rev-parse', 'HEAD'], check=True, capture_output=True,
                            text=True).stdout.strip()
    tar = subprocess.run(['git', '--git-dir', SRC, 'archive', 'HEAD', 'octave/code'], check=True,
                         capture_output=True).stdout
    subprocess.run(['tar', '-x', '-C', TMP], input=tar, check=True)
    CODE = os.path.join(TMP, 'octave', 'code')

DUMP = os.path.join(TMP, 'dump_coeffs')
subprocess.run(['gcc', '-O2', '-o', DUMP, os.path.join(HERE, '..', '..', 'fixtures', 'jpeg', 'dump_coeffs.c'),
                '-ljpeg'], check=True)


def coefficients(jpg):
    """The first component's coefficients in the 2-D layout and its quantization table (row-major)."""
    lines = subprocess.run([DUMP, jpg], check=True, capture_output=True, text=True).stdout.splitlines()
    comp = [int(t) for t in lines[1].split()[1:]]
    wib, hib = comp[4], comp[5]
    qt = np.array([int(t) for t in lines[2].split()], dtype=np.int64)
    blocks = np.array([[int(t) for t in lines[3 + b].split()] for b in range(wib * hib)], dtype=np.int64)
    return blocks.reshape(hib, wib, 8, 8).transpose(0, 2, 1, 3).reshape(hib * 8, wib * 8), qt


def read_pgm(path):
    with open(path, 'rb') as f:
        data = f.read()
    parts = data.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    return np.frombuffer(parts[4][:w * h], dtype=np.uint8).reshape(h, w)


def make_80x72():
    pgm = os.path.join(TMP, 'aitz.pgm')
    with open(pgm, 'wb') as f:
        subprocess.run(['djpeg', '-grayscale', '-pnm', os.path.join(CONSEAL_FIX, 'aitzgorri_q85.jpg')], stdout=f,
                       check=True)
    px = np.pad(read_pgm(pgm), ((0, 16), (0, 8)), mode='symmetric')
    src = os.path.join(TMP, 'aitz80x72.pgm')
    with open(src, 'wb') as f:
        f.write(b'P5\n72 80\n255\n' + px.astype(np.uint8).tobytes())
    for q in (75, 90):
        with open(os.path.join(OUT, 'aitz80x72_q%d.jpg' % q), 'wb') as f:
            subprocess.run(['cjpeg', '-grayscale', '-quality', str(q), src], stdout=f, check=True)


def run(coef, qt, payload, patch_grid):
    inp = os.path.join(TMP, 'in.txt')
    out = os.path.join(TMP, 'out.txt')
    with open(inp, 'w') as f:
        f.write('%d %d\n' % coef.shape)
        f.write(' '.join(str(v) for v in qt) + '\n')
        for row in coef:
            f.write(' '.join(str(v) for v in row) + '\n')
    r = subprocess.run(['octave-cli', '-q', os.path.join(HERE, 'jmipod_driver.m'), CODE, inp, out, repr(payload),
                        str(patch_grid)], capture_output=True, text=True)
    if r.returncode != 0:
        return None, [ln for ln in r.stderr.splitlines()
                      if ln.startswith('error:') and 'execution_exception' not in ln][0][len('error: '):]
    with open(out) as f:
        lam, nzac, nats = f.readline().split()
        rows = coef.shape[0]
        a = np.array([[float(t) for t in f.readline().split()] for _ in range(3 * rows)])
    return (float(lam), int(nzac), int(nats), a[:rows], a[rows:2 * rows], a[2 * rows:]), None


make_80x72()
covers = {'seeding_q75': os.path.join(CONSEAL_FIX, 'seeding_q75.jpg'),
          'seeding_q90': os.path.join(CONSEAL_FIX, 'seeding_q90.jpg'),
          'aitz80x72_q75': os.path.join(OUT, 'aitz80x72_q75.jpg'),
          'aitz80x72_q90': os.path.join(OUT, 'aitz80x72_q90.jpg')}
octave = subprocess.run(['octave-cli', '--version'], capture_output=True, text=True).stdout.splitlines()[0]
manifest = {'aletheia_external_resources_commit': commit, 'octave': octave, 'cases': []}
for name, jpg in covers.items():
    coef, qt = coefficients(jpg)
    for payload in (0.4,):
        res, err = run(coef, qt, payload, 1)
        if res is None:
            sys.exit('%s: %s' % (name, err))
        lam, nzac, nats, fi, pchange, beta = res
        # the unpatched code: identical on square covers, refused (scrambled grid) on the others
        plain, plain_err = run(coef, qt, payload, 0)
        if coef.shape[0] == coef.shape[1]:
            assert plain is not None and np.array_equal(plain[3], fi) and np.array_equal(plain[4], pchange), name
            unpatched = 'identical'
        else:
            assert plain is None, name
            unpatched = plain_err
        tag = '%s.p%s' % (name, payload)
        np.save(os.path.join(OUT, tag + '.fi.npy'), fi)
        np.save(os.path.join(OUT, tag + '.pchange.npy'), pchange)
        np.save(os.path.join(OUT, tag + '.beta.npy'), beta)
        manifest['cases'].append({'name': name, 'jpeg': os.path.relpath(jpg, OUT), 'rows': coef.shape[0],
                                  'cols': coef.shape[1], 'payload': payload, 'lambda': lam, 'nzac': nzac,
                                  'message_nats': nats, 'unpatched_code': unpatched})
        print(name, payload, 'lambda', lam, 'nzAC', nzac, 'unpatched:', unpatched)
with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
    json.dump(manifest, f, indent=1)
