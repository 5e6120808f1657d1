package org.efficientmixnet.stego.embed;

/**
 * The Daubechies-8 (16-tap) decomposition filters and the UNIWARD filter bank built from them
 * (Holub, Fridrich, Denemark, "Universal distortion function for steganography in an arbitrary domain",
 * EURASIP JIS 2014): K1 = h·gᵀ (LH), K2 = g·hᵀ (HL), K3 = g·gᵀ (HH), with h the low-pass and g the
 * high-pass decomposition filter. Each 2-D kernel is separable, so it is kept as a vertical and a
 * horizontal 1-D filter, which is what makes the residuals and costs fast.
 */
final class Daubechies8 {
    /**
     * High-pass decomposition filter g of db8, to the ten decimals the UNIWARD authors' MATLAB code and conseal
     * use (the costs then equal theirs to 1e-9; the full-precision wavelet differs from these in the 11th digit).
     */
    static final double[] HIGH = {
        -0.0544158422, 0.3128715909, -0.6756307363, 0.5853546837,
        0.0158291053, -0.2840155430, -0.0004724846, 0.1287474266,
        0.0173693010, -0.0440882539, -0.0139810279, 0.0087460940,
        0.0048703530, -0.0003917404, -0.0006754494, -0.0001174768,
    };
    /** Low-pass decomposition filter h, the quadrature mirror of g: h[n] = (-1)^n g[15 - n]. */
    static final double[] LOW = new double[16];

    static {
        for (int n = 0; n < 16; n++) {
            LOW[n] = ((n & 1) == 0 ? 1 : -1) * HIGH[15 - n];
        }
    }

    static final int TAPS = 16;

    /** Vertical (row index) filters of K1, K2, K3. */
    static final double[][] VERTICAL = {LOW, HIGH, HIGH};
    /** Horizontal (column index) filters of K1, K2, K3. */
    static final double[][] HORIZONTAL = {HIGH, LOW, HIGH};

    private Daubechies8() {
    }

    /** The filter in reverse order: a convolution with it is a correlation with the original. */
    static double[] reversed(double[] f) {
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[f.length - 1 - i];
        }
        return out;
    }

    static double[] abs(double[] f) {
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Math.abs(f[i]);
        }
        return out;
    }

    /**
     * Full 2-D convolution residual of {@code x} (symmetrically padded) with the separable kernel
     * {@code v ⊗ h}: {@code R[y][x] = Σ_a Σ_b v[a] h[b] X(y - a, x - b)} for y in 0..rows+14+extra and x in
     * 0..cols+14+extra. Index y of R collects the pixels y-15..y, so a change at pixel (u, w) moves R at
     * (u + a, w + b); {@code extra} rows and columns beyond the full support serve windows read off by one.
     */
    static double[][] fullResidual(double[][] x, double[] v, double[] h, int extra) {
        int rows = x.length;
        int cols = x[0].length;
        int pad = TAPS - 1;
        int outRows = rows + pad + extra;
        int outCols = cols + pad + extra;
        // horizontal pass over every padded row; padded index p holds image index p - pad
        double[][] t = new double[outRows + pad][outCols];
        double[] line = new double[outCols + pad];
        for (int py = 0; py < t.length; py++) {
            double[] src = x[Padding.symmetric(py - pad, rows)];
            for (int px = 0; px < line.length; px++) {
                line[px] = src[Padding.symmetric(px - pad, cols)];
            }
            double[] dst = t[py];
            for (int ox = 0; ox < outCols; ox++) {
                double s = 0;
                int base = ox + pad;
                for (int b = 0; b < TAPS; b++) {
                    s += h[b] * line[base - b];
                }
                dst[ox] = s;
            }
        }
        double[][] r = new double[outRows][outCols];
        for (int oy = 0; oy < outRows; oy++) {
            double[] dst = r[oy];
            int base = oy + pad;
            for (int a = 0; a < TAPS; a++) {
                double va = v[a];
                double[] src = t[base - a];
                for (int ox = 0; ox < outCols; ox++) {
                    dst[ox] += va * src[ox];
                }
            }
        }
        return r;
    }
}
