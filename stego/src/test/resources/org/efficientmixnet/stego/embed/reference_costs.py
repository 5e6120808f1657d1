"""Makes reference_costs.csv: cost maps of a small synthetic cover computed the way the authors' MATLAB
scripts compute them (conv2/imfilter 'same' semantics, rot90 and circshift for S-UNIWARD, the 23x23
window of the J-UNIWARD script), written independently in numpy as a cross-check of the Java code.
Run: python3 reference_costs.py  (numpy, scipy)."""
import numpy as np
from scipy.signal import convolve2d
from scipy.fft import idctn

ROWS, COLS = 16, 24
r, c = np.mgrid[0:ROWS, 0:COLS]
PIXELS = ((r * 37 + c * 61 + (r * c) % 13 * 17) % 256).astype(float)
COEFS = ((r * 7 + c * 13 + r * c) % 11 - 5).astype(float)
COEFS[(r % 8 + c % 8) > 6] = 0
COEFS[0, 3] = 1023
Q = (3 + np.arange(64) % 7 + np.arange(64) // 8).reshape(8, 8).astype(float)

# db8 high-pass decomposition filter, to the ten decimals of the authors' MATLAB scripts (and conseal), and its
# quadrature mirror
hp = np.array([-0.0544158422, 0.3128715909, -0.6756307363, 0.5853546837, 0.0158291053, -0.2840155430,
               -0.0004724846, 0.1287474266, 0.0173693010, -0.0440882539, -0.0139810279, 0.0087460940,
               0.0048703530, -0.0003917404, -0.0006754494, -0.0001174768])
lp = ((-1.0) ** np.arange(16)) * hp[::-1]
F = [np.outer(lp, hp), np.outer(hp, lp), np.outer(hp, hp)]


def conv_same(a, k):
    """MATLAB conv2(a, k, 'same'): the full convolution from index floor(size/2)."""
    full = convolve2d(a, k, 'full')
    return full[k.shape[0] // 2:k.shape[0] // 2 + a.shape[0], k.shape[1] // 2:k.shape[1] // 2 + a.shape[1]]


def corr_same(a, k):
    """MATLAB imfilter(a, k), a correlation with zero boundary."""
    return conv_same(a, k[::-1, ::-1])


def suniward(x):
    p = np.pad(x, 16, 'symmetric')
    rho = 0
    for k in F:
        xi = conv_same(1 / (np.abs(conv_same(p, k)) + 1), np.rot90(np.abs(k), 2))
        rho = rho + np.roll(np.roll(xi, 1, 0), 1, 1)[16:-16, 16:-16]
    return rho


def hill(x):
    kb = np.array([[-1, 2, -1], [2, -4, 2], [-1, 2, -1]], float)
    w1 = conv_same(np.abs(conv_same(np.pad(x, 2, 'symmetric'), kb)), np.ones((3, 3)) / 9)[2:-2, 2:-2]
    cost = np.pad(1 / (w1 + 1e-10), 7, 'symmetric')
    return conv_same(cost, np.ones((15, 15)) / 225)[7:-7, 7:-7]


def juniward(coefs, q, offset):
    """offset 10 is the published script's window start (1-based p0+10), 9 the exact support."""
    x = np.zeros_like(coefs)
    for i in range(0, coefs.shape[0], 8):
        for j in range(0, coefs.shape[1], 8):
            x[i:i + 8, j:j + 8] = idctn(coefs[i:i + 8, j:j + 8] * q, norm='ortho')
    rc = [corr_same(np.pad(x, 16, 'symmetric'), k) for k in F]
    rho = np.zeros_like(coefs)
    for row in range(coefs.shape[0]):
        for col in range(coefs.shape[1]):
            a, b = row % 8, col % 8
            i0, j0 = row - a + offset - 1, col - b + offset - 1
            basis = np.zeros((8, 8))
            basis[a, b] = 1
            impact = idctn(basis, norm='ortho') * q[a, b]
            for f, k in enumerate(F):
                d = convolve2d(impact, k[::-1, ::-1], 'full')
                rho[row, col] += np.sum(np.abs(d) / (np.abs(rc[f][i0:i0 + 23, j0:j0 + 23]) + 2 ** -6))
    return rho


def uerd(coefs, q):
    nb = (coefs.shape[0] // 8, coefs.shape[1] // 8)
    e = np.zeros(nb)
    for i in range(nb[0]):
        for j in range(nb[1]):
            blk = np.abs(coefs[8 * i:8 * i + 8, 8 * j:8 * j + 8] * q)
            blk[0, 0] = 0
            e[i, j] = blk.sum()
    ep = np.pad(e, 1)
    q2 = q.copy()
    q2[0, 0] = 0.5 * (q[0, 1] + q[1, 0])
    rho = np.zeros_like(coefs)
    for i in range(nb[0]):
        for j in range(nb[1]):
            d = e[i, j] + 0.25 * (ep[i:i + 3, j:j + 3].sum() - e[i, j])
            rho[8 * i:8 * i + 8, 8 * j:8 * j + 8] = q2 / d
    return rho


def ebs(coefs, q):
    rho = np.zeros_like(coefs)
    for i in range(0, coefs.shape[0], 8):
        for j in range(0, coefs.shape[1], 8):
            blk = coefs[i:i + 8, j:j + 8].copy()
            blk[0, 0] = 0
            _, counts = np.unique(blk[blk != 0], return_counts=True)
            p = counts / counts.sum() if counts.size else counts
            h = -np.sum(p * np.log(p)) if counts.size > 1 else 0.0
            rho[i:i + 8, j:j + 8] = (q / h) ** 2 if h > 0 else np.inf
            rho[i, j] = np.inf
    return rho


def plus_limited(rho, values, top):
    out = rho.copy()
    out[values >= top] = np.inf
    return out


maps = {
    'suniward': plus_limited(suniward(PIXELS), PIXELS, 255),
    'hill': plus_limited(hill(PIXELS), PIXELS, 255),
    'juniward_exact': plus_limited(juniward(COEFS, Q, 9), COEFS, 1023),
    'juniward_published': plus_limited(juniward(COEFS, Q, 10), COEFS, 1023),
    'uerd': plus_limited(uerd(COEFS, Q), COEFS, 1023),
    'ebs': plus_limited(ebs(COEFS, Q), COEFS, 1023),
}
with open('reference_costs.csv', 'w') as out:
    out.write('map,row,col,rho_plus\n')
    for name, m in maps.items():
        for (i, j), v in np.ndenumerate(m):
            out.write(f'{name},{i},{j},{"Infinity" if np.isinf(v) else repr(float(v))}\n')
