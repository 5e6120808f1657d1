package org.efficientmixnet.stego.embed;

/**
 * Conventions of the JPEG-domain API: the quantized coefficients of one component as {@code int[][]}, row
 * {@code 8*i+k}, column {@code 8*j+l} holding mode (k, l) of block (i, j); the quantization table as
 * {@code int[64]} indexed {@code k*8+l}. Payloads are counted in bits per non-zero AC coefficient (bpnzAC)
 * over all components given.
 */
public final class DctLayout {
    /** Largest magnitude a baseline 8-bit JPEG coefficient may take; changes beyond it are wet. */
    public static final int COEFFICIENT_LIMIT = 1023;

    /** {@code BASIS[k][m]}: the orthonormal 1-D DCT-II basis function k at sample m. */
    static final double[][] BASIS = new double[8][8];

    static {
        for (int k = 0; k < 8; k++) {
            double w = k == 0 ? Math.sqrt(1.0 / 8) : 0.5;
            for (int m = 0; m < 8; m++) {
                BASIS[k][m] = w * StrictMath.cos(Math.PI * (2 * m + 1) * k / 16);
            }
        }
    }

    private DctLayout() {
    }

    /** Number of non-zero AC coefficients (DC, at rows and columns divisible by 8, excluded) over all components. */
    public static long nonZeroAc(int[][]... components) {
        long n = 0;
        for (int[][] c : components) {
            for (int r = 0; r < c.length; r++) {
                int[] line = c[r];
                int row = 0;
                for (int v : line) {
                    row += (v | -v) >>> 31;   // 1 where v != 0, without a branch (half the coefficients are zero)
                }
                if ((r & 7) == 0) {
                    for (int col = 0; col < line.length; col += 8) {
                        row -= (line[col] | -line[col]) >>> 31;
                    }
                }
                n += row;
            }
        }
        return n;
    }

    /**
     * The one rule of every JPEG-domain algorithm for a cover without a non-zero AC coefficient (a flat image): a
     * payload in bits per non-zero AC coefficient is then no message at all, so a positive payload is refused (rather
     * than making a "stego" identical to its cover).
     */
    static void requireNonZeroAc(long nonZeroAc, double payloadBpnzac, String algorithm) {
        if (nonZeroAc == 0 && payloadBpnzac > 0) {
            throw new IllegalArgumentException("the cover has no non-zero AC coefficient (a flat image): " + algorithm
                    + " at " + payloadBpnzac + " bpnzAC has nothing to embed into; leave such covers out (emn stego "
                    + "prepare --min-nzac)");
        }
    }

    static boolean isDc(int row, int col) {
        return (row & 7) == 0 && (col & 7) == 0;
    }

    static void requireCoefficients(int[][] coefficients, String name) {
        Arrays2d.requireRectangular(coefficients, name);
        int rows = coefficients.length;
        int cols = coefficients[0].length;
        if (rows % 8 != 0 || cols % 8 != 0) {
            throw new IllegalArgumentException(name + " is " + rows + "x" + cols
                    + ": both sides must be multiples of 8 (whole 8x8 blocks)");
        }
    }

    static void requireQuantTable(int[] quantTable, String name) {
        if (quantTable == null || quantTable.length != 64) {
            throw new IllegalArgumentException(name + " must hold 64 entries (k*8+l), got "
                    + (quantTable == null ? "null" : quantTable.length));
        }
        for (int i = 0; i < 64; i++) {
            if (quantTable[i] < 1) {
                throw new IllegalArgumentException(name + "[" + i + "] (mode " + i / 8 + "," + i % 8 + ") = "
                        + quantTable[i] + ": quantization steps must be >= 1");
            }
        }
    }

    /**
     * The decompressed image before rounding and clipping, without the +128 level shift (which the
     * high-pass residuals of J-UNIWARD do not see): blockwise inverse DCT of coefficient × step.
     */
    public static double[][] decompress(int[][] coefficients, int[] quantTable) {
        requireCoefficients(coefficients, "coefficients");
        requireQuantTable(quantTable, "quantTable");
        int rows = coefficients.length;
        int cols = coefficients[0].length;
        double[][] x = new double[rows][cols];
        double[][] t = new double[8][8];
        for (int bi = 0; bi < rows; bi += 8) {
            for (int bj = 0; bj < cols; bj += 8) {
                // t[k][n] = Σ_l c(k,l) q(k,l) b_l(n); x[m][n] = Σ_k b_k(m) t[k][n]
                for (int k = 0; k < 8; k++) {
                    for (int n = 0; n < 8; n++) {
                        double s = 0;
                        for (int l = 0; l < 8; l++) {
                            s += coefficients[bi + k][bj + l] * (double) quantTable[k * 8 + l] * BASIS[l][n];
                        }
                        t[k][n] = s;
                    }
                }
                for (int m = 0; m < 8; m++) {
                    for (int n = 0; n < 8; n++) {
                        double s = 0;
                        for (int k = 0; k < 8; k++) {
                            s += BASIS[k][m] * t[k][n];
                        }
                        x[bi + m][bj + n] = s;
                    }
                }
            }
        }
        return x;
    }

    /** Makes changes beyond ±{@link #COEFFICIENT_LIMIT} wet. */
    static CostMap limited(double[][] rhoPlus, double[][] rhoMinus, int[][] coefficients) {
        return new CostMap(rhoPlus, rhoMinus).limitedTo(coefficients, -COEFFICIENT_LIMIT, COEFFICIENT_LIMIT);
    }
}
