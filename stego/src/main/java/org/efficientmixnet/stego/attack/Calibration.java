package org.efficientmixnet.stego.attack;

import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.efficientmixnet.stego.jpeg.JpegPixels;

/**
 * The calibration attack on F5 (Fridrich, Goljan, Hogea, "Steganalysis of JPEG images: breaking the F5 algorithm",
 * Information Hiding 2002): the luminance is decompressed (rounded and clipped to 8 bits, as a decoder shows it),
 * cropped by 4 rows and 4 columns, and compressed again with the same quantization table; the histograms h of the
 * absolute values of modes (0,1), (1,0) and (1,1) of this calibrated image estimate the cover's. F5 turns a fraction
 * β of the non-zero AC coefficients one step towards zero, so the least-squares fit of the stego histogram H to
 * h(0) + βh(1) and (1 − β)h(1) + βh(2) gives β<sub>kl</sub> = [h(1)(H(0) − h(0)) + (H(1) − h(1))(h(2) − h(1))] /
 * [h(1)² + (h(2) − h(1))²]; β̂ is the mean over the three modes.
 */
public final class Calibration {
    /** The estimate and its three per-mode values ((0,1), (1,0), (1,1)). */
    public record Result(double beta, double[] perMode) {
    }

    private static final double[][] BASIS = new double[8][8];

    static {
        for (int k = 0; k < 8; k++) {
            for (int n = 0; n < 8; n++) {
                BASIS[k][n] = 0.5 * Math.cos(Math.PI * (2 * n + 1) * k / 16) / (k == 0 ? Math.sqrt(2) : 1);
            }
        }
    }

    private Calibration() {
    }

    /** The estimated change rate β of the luminance (component 0) of {@code j}. */
    public static Result estimate(JpegCoefficients j) {
        int[][] stego = j.component(0).toLayout();
        int[][] cal = calibrated(j);
        int[][] modes = {{0, 1}, {1, 0}, {1, 1}};
        double[] per = new double[3];
        for (int m = 0; m < 3; m++) {
            long[] hs = histogram(stego, modes[m][0], modes[m][1]);
            long[] hc = histogram(cal, modes[m][0], modes[m][1]);
            double h0 = hc[0];
            double h1 = hc[1];
            double h2 = hc[2];
            per[m] = (h1 * (hs[0] - h0) + (hs[1] - h1) * (h2 - h1)) / (h1 * h1 + (h2 - h1) * (h2 - h1));
        }
        return new Result((per[0] + per[1] + per[2]) / 3, per);
    }

    /** Counts of |coefficient| = 0, 1, 2 of mode (k, l) over all blocks of a layout. */
    static long[] histogram(int[][] layout, int k, int l) {
        long[] h = new long[3];
        for (int r = k; r < layout.length; r += 8) {
            for (int c = l; c < layout[0].length; c += 8) {
                int a = Math.abs(layout[r][c]);
                if (a < 3) {
                    h[a]++;
                }
            }
        }
        return h;
    }

    /** The luminance decoded to 8-bit pixels, cropped by 4×4, recompressed with the same table (layout form). */
    static int[][] calibrated(JpegCoefficients j) {
        double[][] y = JpegPixels.component(j, 0);
        int[] q = j.quantTableOf(0);
        int hb = (y.length - 4) / 8;
        int wb = (y[0].length - 4) / 8;
        if (hb < 1 || wb < 1) {
            throw new IllegalArgumentException(y[0].length + "×" + y.length + " pixels; calibration needs at least 12×12");
        }
        int[][] out = new int[hb * 8][wb * 8];
        double[][] block = new double[8][8];
        double[][] tmp = new double[8][8];
        for (int bi = 0; bi < hb; bi++) {
            for (int bj = 0; bj < wb; bj++) {
                for (int u = 0; u < 8; u++) {
                    for (int v = 0; v < 8; v++) {
                        double p = Math.max(0, Math.min(255, Math.round(y[4 + bi * 8 + u][4 + bj * 8 + v])));
                        block[u][v] = p - 128;
                    }
                }
                for (int k = 0; k < 8; k++) {
                    for (int v = 0; v < 8; v++) {
                        double s = 0;
                        for (int u = 0; u < 8; u++) {
                            s += BASIS[k][u] * block[u][v];
                        }
                        tmp[k][v] = s;
                    }
                }
                for (int k = 0; k < 8; k++) {
                    for (int l = 0; l < 8; l++) {
                        double s = 0;
                        for (int v = 0; v < 8; v++) {
                            s += tmp[k][v] * BASIS[l][v];
                        }
                        out[bi * 8 + k][bj * 8 + l] = (int) Math.round(s / q[8 * k + l]);
                    }
                }
            }
        }
        return out;
    }
}
