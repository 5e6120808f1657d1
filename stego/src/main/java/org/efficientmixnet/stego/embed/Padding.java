package org.efficientmixnet.stego.embed;

/** Symmetric (half-sample, MATLAB {@code 'symmetric'}) border extension: ... x1 x0 | x0 x1 ... x(n-1) | x(n-1) ... */
final class Padding {
    private Padding() {
    }

    /** Maps any index to 0..n-1 by mirroring about the borders, repeatedly when the pad exceeds n. */
    static int symmetric(int i, int n) {
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    /** Mean over a size×size window (size odd) with symmetric extension, done separably. */
    /** {@code pixels} mirrored by {@code pad} on every side ({@link #symmetric}), as doubles. */
    static double[][] symmetricPad(int[][] pixels, int pad) {
        int rows = pixels.length;
        int cols = pixels[0].length;
        double[][] xp = new double[rows + 2 * pad][cols + 2 * pad];
        for (int r = 0; r < xp.length; r++) {
            int[] src = pixels[symmetric(r - pad, rows)];
            for (int c = 0; c < xp[r].length; c++) {
                xp[r][c] = src[symmetric(c - pad, cols)];
            }
        }
        return xp;
    }

    static double[][] boxMean(double[][] x, int size) {
        int rows = x.length;
        int cols = x[0].length;
        int half = size / 2;
        double[][] t = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double s = 0;
                for (int d = -half; d <= half; d++) {
                    s += x[r][symmetric(c + d, cols)];
                }
                t[r][c] = s;
            }
        }
        double[][] out = new double[rows][cols];
        double norm = 1.0 / (size * size);
        for (int r = 0; r < rows; r++) {
            for (int d = -half; d <= half; d++) {
                double[] src = t[symmetric(r + d, rows)];
                for (int c = 0; c < cols; c++) {
                    out[r][c] += src[c];
                }
            }
            for (int c = 0; c < cols; c++) {
                out[r][c] *= norm;
            }
        }
        return out;
    }
}
