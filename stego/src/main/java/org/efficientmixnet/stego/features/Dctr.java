package org.efficientmixnet.stego.features;

import java.io.IOException;
import java.nio.file.Path;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.efficientmixnet.stego.jpeg.JpegPixels;

/**
 * DCTR features (Holub, Fridrich, "Low-complexity features for JPEG steganalysis using undecimated DCT", IEEE TIFS
 * 10(2), 2015), as the authors' {@code DCTR.m} defines them: the luminance decompressed without rounding, minus
 * 128, is convolved ("valid") with each of the 64 8×8 DCT basis patterns; each result is divided by the
 * quantization step q (8·(2 − QF/50) for QF ≥ 50, at least 0.2; 8·50/QF below, at most 100), rounded half away
 * from zero ({@link #roundHalfUp}: halves within 5·10⁻⁶ count as halves), made absolute and truncated at T = 4; for each of the 25 phase groups (a, b) ∈ {0…4}² the values at
 * the phases (a, b), (a, 8−b), (8−a, b), (8−a, 8−b) (those below 8) are counted in a histogram of T + 1 = 5 bins,
 * normalized to sum 1. Order: mode (row-major, 64) × phase group (row-major, 25) × bin (5): 8000 values.
 */
public final class Dctr {
    public static final int T = 4;
    public static final int DIMENSION = 64 * 25 * (T + 1);
    private static final double[][] BASIS = new double[8][8];

    static {
        for (int k = 0; k < 8; k++) {
            for (int n = 0; n < 8; n++) {
                BASIS[k][n] = 0.5 * Math.cos(Math.PI * (2 * n + 1) * k / 16) / (k == 0 ? Math.sqrt(2) : 1);
            }
        }
    }

    private Dctr() {
    }

    /**
     * MATLAB's round of a non-negative value, with fractions within 5·10⁻⁶ of ½ counted as ½ (sealwatch's
     * {@code tools.matlab.round}, np.isclose's tolerance): at the block phase of a decompressed JPEG the filtered
     * values are exact multiples of the dequantized coefficients, so exact halves are common and must not be left
     * to floating-point noise.
     */
    static int roundHalfUp(double v) {
        double fl = Math.floor(v);
        double frac = v - fl;
        return (int) (frac >= 0.5 || Math.abs(frac - 0.5) <= 1e-8 + 1e-5 * 0.5 ? fl + 1 : fl);
    }

    /** The quantization step of quality {@code qf} (Holub and Fridrich, Eq. 10). */
    public static double quantStep(int qf) {
        if (qf < 1 || qf > 100) {
            throw new IllegalArgumentException("quality " + qf + " is not in 1–100");
        }
        return qf < 50 ? Math.min(8 * (50.0 / qf), 100) : Math.max(8 * (2 - qf / 50.0), 0.2);
    }

    /** The features of a JPEG file's luminance; {@code qf} 0 estimates the quality from its table. */
    public static double[] extract(Path file, int qf) throws IOException {
        JpegCoefficients j = JpegCoefficients.read(file);
        if (j.width() < 8 || j.height() < 8) {
            throw new FileFormatException(file, j.width() + "×" + j.height() + " pixels; DCTR needs at least 8×8");
        }
        return extract(j, qf);
    }

    /** The features of decoded JPEG coefficients' luminance; {@code qf} 0 estimates the quality from its table. */
    public static double[] extract(JpegCoefficients j, int qf) {
        int q = qf > 0 ? qf : JpegQuality.estimate(j.quantTableOf(0));
        return extract(JpegPixels.component(j, 0), 128, quantStep(q));
    }

    /**
     * The features of a real-valued luminance plane {@code x} (at least 8×8) minus {@code offset}, quantization
     * step {@code q}.
     */
    public static double[] extract(double[][] x, double offset, double q) {
        int h = x.length;
        int w = x[0].length;
        if (h < 8 || w < 8) {
            throw new IllegalArgumentException(w + "×" + h + " pixels; DCTR needs at least 8×8");
        }
        int oh = h - 7;
        int ow = w - 7;
        // vertical pass: v[k][i][c] = Σ_u basis[k][u] · (x[i+u][c] − offset)
        double[][][] v = new double[8][oh][w];
        for (int i = 0; i < oh; i++) {
            for (int u = 0; u < 8; u++) {
                double[] row = x[i + u];
                for (int k = 0; k < 8; k++) {
                    double bku = BASIS[k][u];
                    double[] vk = v[k][i];
                    for (int c = 0; c < w; c++) {
                        vk[c] += bku * (row[c] - offset);
                    }
                }
            }
        }
        double[] f = new double[DIMENSION];
        long[][][] counts = new long[8][8][T + 1];
        for (int k = 0; k < 8; k++) {
            for (int l = 0; l < 8; l++) {
                for (long[][] a : counts) {
                    for (long[] b : a) {
                        java.util.Arrays.fill(b, 0);
                    }
                }
                double[] bl = BASIS[l];
                for (int i = 0; i < oh; i++) {
                    double[] vk = v[k][i];
                    long[][] phaseRow = counts[i & 7];
                    for (int j = 0; j < ow; j++) {
                        double s = 0;
                        for (int t = 0; t < 8; t++) {
                            s += bl[t] * vk[j + t];
                        }
                        int r = Math.min(T, roundHalfUp(Math.abs(s) / q));
                        phaseRow[j & 7][r]++;
                    }
                }
                int base = (k * 8 + l) * 25 * (T + 1);
                for (int a = 0; a < 5; a++) {
                    for (int b = 0; b < 5; b++) {
                        long[] hist = new long[T + 1];
                        boolean[][] seen = new boolean[8][8];
                        int[][] coords = {{a, b}, {a, 8 - b}, {8 - a, b}, {8 - a, 8 - b}};
                        for (int[] p : coords) {
                            if (p[0] < 8 && p[1] < 8 && !seen[p[0]][p[1]]) {
                                seen[p[0]][p[1]] = true;
                                for (int bin = 0; bin <= T; bin++) {
                                    hist[bin] += counts[p[0]][p[1]][bin];
                                }
                            }
                        }
                        long sum = 0;
                        for (long c : hist) {
                            sum += c;
                        }
                        int o = base + (a * 5 + b) * (T + 1);
                        for (int bin = 0; bin <= T; bin++) {
                            f[o + bin] = sum == 0 ? 0 : (double) hist[bin] / sum;
                        }
                    }
                }
            }
        }
        return f;
    }
}
