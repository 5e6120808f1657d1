package org.efficientmixnet.stego.jpeg;

import java.util.ArrayList;
import java.util.List;

/**
 * Compression of 8-bit grayscale pixels to JPEG coefficients, the project's own encoder: level shift by −128,
 * orthonormal 8×8 forward DCT in double precision (as libjpeg's {@code JDCT_FLOAT}), division by the step and
 * rounding to the nearest integer (halves away from zero), the IJG standard luminance table scaled by IJG's
 * quality formula ({@code cjpeg -quality Q -baseline}: quality 75 gives a DC step of 8). Sides that are not
 * multiples of 8 are completed by repeating the last row and column, as libjpeg does. The result is written by
 * {@link JpegCoefficients#write} (optimized Huffman tables); nothing here depends on javax.imageio.
 */
public final class JpegCompression {
    /** The IJG / ITU T.81 Annex K luminance table, natural (row-major) order. */
    private static final int[] STD_LUMINANCE = {
        16, 11, 10, 16, 24, 40, 51, 61,
        12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56,
        14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77,
        24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101,
        72, 92, 95, 98, 112, 100, 103, 99};

    private static final double[][] BASIS = new double[8][8];

    static {
        for (int k = 0; k < 8; k++) {
            double w = k == 0 ? Math.sqrt(1.0 / 8) : 0.5;
            for (int m = 0; m < 8; m++) {
                BASIS[k][m] = w * StrictMath.cos(Math.PI * (2 * m + 1) * k / 16);
            }
        }
    }

    private JpegCompression() {
    }

    /**
     * The luminance quantization table of {@code quality} (1–100), natural order, as libjpeg's
     * {@code jpeg_set_quality(…, force_baseline=TRUE)}: scale 5000/Q below 50, 200 − 2Q from 50, entries
     * {@code (std × scale + 50) / 100} clamped to 1..255.
     */
    public static int[] luminanceTable(int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
        }
        int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
        int[] q = new int[64];
        for (int i = 0; i < 64; i++) {
            q[i] = Math.max(1, Math.min(255, (STD_LUMINANCE[i] * scale + 50) / 100));
        }
        return q;
    }

    /**
     * A grayscale baseline JPEG of {@code pixels} ({@code [row][col]}, 0..255) at {@code quality}; write it with
     * {@link JpegCoefficients#write(java.nio.file.Path, boolean)}.
     */
    public static JpegCoefficients grayscale(int[][] pixels, int quality) {
        int[] q = luminanceTable(quality);
        if (pixels == null || pixels.length == 0 || pixels[0] == null || pixels[0].length == 0) {
            throw new IllegalArgumentException("pixels: empty image");
        }
        int h = pixels.length;
        int w = pixels[0].length;
        if (h > 65535 || w > 65535) {
            throw new IllegalArgumentException("pixels: " + w + "×" + h + " exceeds JPEG's 65535 limit");
        }
        for (int r = 0; r < h; r++) {
            if (pixels[r] == null || pixels[r].length != w) {
                throw new IllegalArgumentException("pixels: row " + r + " has " + (pixels[r] == null ? 0 : pixels[r].length)
                        + " columns, expected " + w);
            }
            for (int c = 0; c < w; c++) {
                if (pixels[r][c] < 0 || pixels[r][c] > 255) {
                    throw new IllegalArgumentException("pixels: value " + pixels[r][c] + " at (" + r + ", " + c
                            + ") outside 0..255");
                }
            }
        }
        int bw = (w + 7) / 8;
        int bh = (h + 7) / 8;
        JpegComponent comp = new JpegComponent(1, 1, 1, 0, bw, bh, bw, bh);
        double[][] block = new double[8][8];
        double[][] t = new double[8][8];
        for (int bi = 0; bi < bh; bi++) {
            for (int bj = 0; bj < bw; bj++) {
                for (int m = 0; m < 8; m++) {
                    int[] row = pixels[Math.min(h - 1, bi * 8 + m)];
                    for (int n = 0; n < 8; n++) {
                        block[m][n] = row[Math.min(w - 1, bj * 8 + n)] - 128.0;
                    }
                }
                // t[k][n] = Σ_m b_k(m) x[m][n]; c[k][l] = Σ_n t[k][n] b_l(n)
                for (int k = 0; k < 8; k++) {
                    for (int n = 0; n < 8; n++) {
                        double s = 0;
                        for (int m = 0; m < 8; m++) {
                            s += BASIS[k][m] * block[m][n];
                        }
                        t[k][n] = s;
                    }
                }
                int o = comp.offset(bi, bj);
                for (int k = 0; k < 8; k++) {
                    for (int l = 0; l < 8; l++) {
                        double s = 0;
                        for (int n = 0; n < 8; n++) {
                            s += t[k][n] * BASIS[l][n];
                        }
                        comp.coef[o + 8 * k + l] = (int) Math.round(Math.abs(s) / q[8 * k + l]) * (s < 0 ? -1 : 1);
                    }
                }
            }
        }
        int[][] tables = new int[4][];
        tables[0] = q;
        List<JpegComponent> comps = new ArrayList<>();
        comps.add(comp);
        return new JpegCoefficients(w, h, false, 0, tables, comps, new ArrayList<>());
    }
}
