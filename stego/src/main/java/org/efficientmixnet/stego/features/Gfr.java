package org.efficientmixnet.stego.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.efficientmixnet.stego.jpeg.JpegPixels;

/**
 * GFR features (Song, Liu, Yang, Luo, Zhang, "Steganalysis of adaptive JPEG steganography using 2D Gabor
 * filters", ACM IH&amp;MMSec 2015), as the DDE lab's {@code GFR.m} defines them (default 32 rotations, 17000
 * values).
 *
 * <p>The luminance is decompressed without rounding (dequantized coefficients through the orthonormal 8×8 inverse
 * DCT; the same pixels as {@link Dctr}) and convolved ("valid", a true convolution) with 256 8×8 Gabor kernels:
 * phase φ ∈ {0, π/2} × scale σ ∈ {0.5, 0.75, 1, 1.25} × orientation θ = rπ/32, r = 0…31, each sampled at
 * x, y ∈ {−3.5, …, 3.5} (y pointing up) as exp(−(x'² + γ²y'²)/(2σ²))·cos(2πx'/λ + φ) with x' = x cos θ + y sin θ,
 * y' = −x sin θ + y cos θ, aspect ratio γ = 0.5, wavelength λ = σ/0.56, then made zero-sum as {@code GFR.m} does it
 * (k − Σk/Σ|k|·|k|). Each residual is divided by the scale's quantization step ({@link #steps}: [2, 4, 6, 8] at
 * quality 75, [0.5, 1, 1.5, 2] at quality 95), rounded half away from zero ({@link Dctr#roundHalfUp}), made
 * absolute and truncated at T = 4; for each of DCTR's 25 phase groups (a, b) ∈ {0…4}² (phases (a, b), (a, 8−b),
 * (8−a, b), (8−a, 8−b) below 8 of the residual's position modulo 8) a histogram of T + 1 = 5 bins normalized to sum
 * 1 (0 where a group is empty). The histograms of orientations r and 32 − r (mirror images) are averaged, leaving
 * 17 orientations per scale: r = 0, the merged pairs r = 1…15, r = 16.
 *
 * <p>Colour JPEGs: the luminance (the first component), as {@code GFR.m} takes {@code coef_arrays{1}}.
 *
 * <p>Order ({@link #name}): phase (2) × scale (4) × orientation (17) × phase group (25, row-major) × bin (5).
 *
 * <p>Speed: every kernel is centro-symmetric (φ = 0) or antisymmetric (φ = π/2), and orientation 32 − r is the
 * left–right mirror of orientation r; splitting each 8×8 window into its four mirror-symmetric parts lets two
 * mirrored kernels share 32 multiply-adds per pixel (instead of 128), in primitive row buffers reused across the
 * image.
 */
public final class Gfr {
    public static final int T = 4;
    /** Orientations of the kernels (before merging mirror pairs). */
    public static final int ROTATIONS = 32;
    static final double[] SIGMAS = {0.5, 0.75, 1, 1.25};
    static final double[] PHASES = {0, Math.PI / 2};
    static final double ASPECT = 0.5;
    /** Orientations after merging. */
    static final int MERGED = ROTATIONS / 2 + 1;
    static final int HIST = 25 * (T + 1);
    /** {@link Dctr#roundHalfUp}'s tolerance: fractions within it below ½ round up. */
    static final double HALF_TOLERANCE = 1e-8 + 1e-5 * 0.5;
    public static final int DIMENSION = PHASES.length * SIGMAS.length * MERGED * HIST;
    /** The quadrant parts of each kernel r = 0…16 in correlation orientation: [phase][scale][r][part][16]. */
    private static final double[][][][][] PARTS = new double[2][4][MERGED][2][16];
    /** The phase groups: for each group, the phases (row·8 + column) it merges. */
    private static final int[][] GROUPS = new int[25][];

    static {
        for (int p = 0; p < 2; p++) {
            for (int s = 0; s < 4; s++) {
                for (int r = 0; r < MERGED; r++) {
                    double[][] k = kernel(SIGMAS[s], r * Math.PI / ROTATIONS, PHASES[p]);
                    // conv2 flips the kernel: correlation with c(u, v) = k(7 − u, 7 − v)
                    for (int u = 0; u < 4; u++) {
                        for (int v = 0; v < 4; v++) {
                            double k00 = k[7 - u][7 - v];
                            double k01 = k[7 - u][v];
                            double k10 = k[u][7 - v];
                            double k11 = k[u][v];
                            if (p == 0) {
                                // centro-symmetric: the parts even in both or odd in both
                                PARTS[p][s][r][0][u * 4 + v] = (k00 + k01 + k10 + k11) / 4;
                                PARTS[p][s][r][1][u * 4 + v] = (k00 - k01 - k10 + k11) / 4;
                            } else {
                                // antisymmetric: odd in the row and even in the column, even in the row and odd in the column
                                PARTS[p][s][r][0][u * 4 + v] = (k00 + k01 - k10 - k11) / 4;
                                PARTS[p][s][r][1][u * 4 + v] = (k00 - k01 + k10 - k11) / 4;
                            }
                        }
                    }
                }
            }
        }
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                int[][] coords = {{a, b}, {a, 8 - b}, {8 - a, b}, {8 - a, 8 - b}};
                java.util.List<Integer> phases = new java.util.ArrayList<>();
                for (int[] c : coords) {
                    int ph = c[0] * 8 + c[1];
                    if (c[0] < 8 && c[1] < 8 && !phases.contains(ph)) {
                        phases.add(ph);
                    }
                }
                GROUPS[a * 5 + b] = phases.stream().mapToInt(Integer::intValue).toArray();
            }
        }
    }

    private Gfr() {
    }

    /**
     * The 8×8 Gabor kernel of {@code GFR.m} (row 0 at y = +3.5, column 0 at x = −3.5), zero-sum normalized as
     * {@code GFR.m} does it.
     */
    static double[][] kernel(double sigma, double theta, double phi) {
        double lambda = sigma / 0.56;
        double s = 1 / (2 * sigma * sigma);
        double f = 2 * Math.PI / lambda;
        double[][] k = new double[8][8];
        double sum = 0;
        double abs = 0;
        for (int i = 0; i < 8; i++) {
            double y = 3.5 - i;
            for (int j = 0; j < 8; j++) {
                double x = j - 3.5;
                double xp = x * Math.cos(theta) + y * Math.sin(theta);
                double yp = -x * Math.sin(theta) + y * Math.cos(theta);
                k[i][j] = Math.exp(-s * (xp * xp + ASPECT * ASPECT * yp * yp)) * Math.cos(f * xp + phi);
                sum += k[i][j];
                abs += Math.abs(k[i][j]);
            }
        }
        for (double[] row : k) {
            for (int j = 0; j < 8; j++) {
                row[j] -= sum / abs * Math.abs(row[j]);
            }
        }
        return k;
    }

    /**
     * The quantization steps of the four scales for JPEG quality {@code qf}, as {@code GFR.m} sets them: [2, 4, 6, 8]
     * at 75, [0.5, 1, 1.5, 2] at 95; other qualities have none (an {@link IllegalArgumentException}).
     */
    public static double[] steps(int qf) {
        return switch (qf) {
            case 75 -> new double[] {2, 4, 6, 8};
            case 95 -> new double[] {0.5, 1, 1.5, 2};
            default -> throw new IllegalArgumentException("quality " + qf
                    + ": GFR's quantization steps are defined for JPEG quality 75 and 95 only (GFR.m)");
        };
    }

    /** The features of a JPEG file's luminance; {@code qf} 0 estimates the quality from its table (75 or 95). */
    public static double[] extract(Path file, int qf) throws IOException {
        JpegCoefficients j = JpegCoefficients.read(file);
        if (j.width() < 8 || j.height() < 8) {
            throw new FileFormatException(file, j.width() + "×" + j.height() + " pixels; GFR needs at least 8×8");
        }
        int q = qf > 0 ? qf : JpegQuality.estimate(j.quantTableOf(0));
        if (q != 75 && q != 95) {
            throw new FileFormatException(file, "JPEG quality " + q + (qf > 0 ? " (given)" : " (from its table)")
                    + ": GFR's quantization steps are defined for quality 75 and 95 only (GFR.m)");
        }
        return extract(j, q);
    }

    /** The features of decoded JPEG coefficients' luminance; {@code qf} 0 estimates the quality from its table. */
    public static double[] extract(JpegCoefficients j, int qf) {
        int q = qf > 0 ? qf : JpegQuality.estimate(j.quantTableOf(0));
        return extract(JpegPixels.component(j, 0), 128, steps(q));
    }

    /**
     * The features of a real-valued luminance plane {@code x} (at least 8×8) minus {@code offset}, with the
     * quantization steps {@code steps} of the four scales.
     */
    public static double[] extract(double[][] x, double offset, double[] steps) {
        if (steps.length != SIGMAS.length) {
            throw new IllegalArgumentException(steps.length + " quantization steps; GFR has 4 scales");
        }
        for (double q : steps) {
            if (!(q > 0) || Double.isInfinite(q)) {
                throw new IllegalArgumentException("quantization step " + q + " is not positive");
            }
        }
        int h = x.length;
        int w = x[0].length;
        if (h < 8 || w < 8) {
            throw new IllegalArgumentException(w + "×" + h + " pixels; GFR needs at least 8×8");
        }
        for (double[] row : x) {
            if (row.length != w) {
                throw new IllegalArgumentException("rows of different lengths");
            }
        }
        int oh = h - 7;
        int ow = w - 7;
        int kernels = PHASES.length * SIGMAS.length * ROTATIONS;
        // counts[kernel][phase 0..63][bin]
        long[] counts = new long[kernels * 64 * (T + 1)];
        double[][] pa = new double[16][ow];
        double[][] pb = new double[16][ow];
        double[] acc0 = new double[ow];
        double[] acc1 = new double[ow];
        int[] bins = new int[ow];
        for (int i = 0; i < oh; i++) {
            int phaseRow = (i & 7) * 8;
            for (int p = 0; p < 2; p++) {
                for (int u = 0; u < 4; u++) {
                    double[] top = x[i + u];
                    double[] bottom = x[i + 7 - u];
                    for (int v = 0; v < 4; v++) {
                        double[] da = pa[u * 4 + v];
                        double[] db = pb[u * 4 + v];
                        if (p == 0) {
                            double off = 4 * offset;
                            for (int j = 0; j < ow; j++) {
                                double e = top[j + v] + bottom[j + 7 - v];
                                double o = top[j + 7 - v] + bottom[j + v];
                                da[j] = e + o - off;
                                db[j] = e - o;
                            }
                        } else {
                            for (int j = 0; j < ow; j++) {
                                double e = top[j + v] - bottom[j + 7 - v];
                                double o = top[j + 7 - v] - bottom[j + v];
                                da[j] = e + o;
                                db[j] = e - o;
                            }
                        }
                    }
                }
                for (int s = 0; s < 4; s++) {
                    double q = steps[s];
                    for (int r = 0; r < MERGED; r++) {
                        double[] ca = PARTS[p][s][r][0];
                        double[] cb = PARTS[p][s][r][1];
                        java.util.Arrays.fill(acc0, 0);
                        java.util.Arrays.fill(acc1, 0);
                        for (int t = 0; t < 16; t += 4) {
                            axpy4(acc0, ca, t, pa, ow);
                            axpy4(acc1, cb, t, pb, ow);
                        }
                        int kr = ((p * 4 + s) * ROTATIONS + r) * 64;
                        count(acc0, acc1, 1, q, bins, counts, (kr + phaseRow) * (T + 1));
                        if (r > 0 && r < ROTATIONS / 2) {
                            // the mirror kernel r' = 32 − r: the part odd in the column changes sign
                            int km = ((p * 4 + s) * ROTATIONS + ROTATIONS - r) * 64;
                            count(acc0, acc1, -1, q, bins, counts, (km + phaseRow) * (T + 1));
                        }
                    }
                }
            }
        }
        return features(counts);
    }

    /** acc += c[t]·d[t] + … + c[t+3]·d[t+3] over the first {@code n} values (four at once: fewer loads and stores). */
    private static void axpy4(double[] acc, double[] c, int t, double[][] d, int n) {
        double c0 = c[t];
        double c1 = c[t + 1];
        double c2 = c[t + 2];
        double c3 = c[t + 3];
        double[] d0 = d[t];
        double[] d1 = d[t + 1];
        double[] d2 = d[t + 2];
        double[] d3 = d[t + 3];
        for (int j = 0; j < n; j++) {
            acc[j] += c0 * d0[j] + c1 * d1[j] + c2 * d2[j] + c3 * d3[j];
        }
    }

    /**
     * Quantizes, truncates and counts a row of residuals {@code a + sign·b} into 8 phases × 5 bins from
     * {@code base}: |v|/q rounded as {@link Dctr#roundHalfUp} rounds (fractions from ½ − {@link #HALF_TOLERANCE}
     * up), i.e. ⌊|v|/q + ½ + tolerance⌋, at most T.
     */
    private static void count(double[] a, double[] b, double sign, double q, int[] bins, long[] counts, int base) {
        int n = a.length;
        double up = 0.5 + HALF_TOLERANCE;
        for (int j = 0; j < n; j++) {
            bins[j] = (int) Math.min(T, Math.abs(a[j] + sign * b[j]) / q + up);
        }
        for (int j = 0; j < n; j++) {
            counts[base + (j & 7) * (T + 1) + bins[j]]++;
        }
    }

    private static double[] features(long[] counts) {
        double[] f = new double[DIMENSION];
        double[] hist = new double[HIST];
        double[] mirror = new double[HIST];
        for (int p = 0; p < 2; p++) {
            for (int s = 0; s < 4; s++) {
                for (int r = 0; r < MERGED; r++) {
                    histograms(counts, (p * 4 + s) * ROTATIONS + r, hist);
                    if (r > 0 && r < ROTATIONS / 2) {
                        histograms(counts, (p * 4 + s) * ROTATIONS + ROTATIONS - r, mirror);
                        for (int k = 0; k < HIST; k++) {
                            hist[k] = (hist[k] + mirror[k]) / 2;
                        }
                    }
                    System.arraycopy(hist, 0, f, ((p * 4 + s) * MERGED + r) * HIST, HIST);
                }
            }
        }
        return f;
    }

    /** The 25 normalized group histograms of kernel {@code k}. */
    private static void histograms(long[] counts, int k, double[] out) {
        for (int g = 0; g < 25; g++) {
            long[] hist = new long[T + 1];
            long sum = 0;
            for (int ph : GROUPS[g]) {
                for (int bin = 0; bin <= T; bin++) {
                    long c = counts[(k * 64 + ph) * (T + 1) + bin];
                    hist[bin] += c;
                    sum += c;
                }
            }
            for (int bin = 0; bin <= T; bin++) {
                out[g * (T + 1) + bin] = sum == 0 ? 0 : (double) hist[bin] / sum;
            }
        }
    }

    /**
     * What feature {@code index} is, e.g. {@code "phi=pi/2 sigma=0.75 theta=3/32pi+29/32pi group=(1,2) bin=4"}:
     * phase φ, scale σ, orientation(s) θ (merged pairs name both), phase group (a, b) and bin.
     */
    public static String name(int index) {
        if (index < 0 || index >= DIMENSION) {
            throw new IndexOutOfBoundsException("feature " + index + " of " + DIMENSION);
        }
        int bin = index % (T + 1);
        int g = index / (T + 1) % 25;
        int r = index / HIST % MERGED;
        int s = index / (HIST * MERGED) % 4;
        int p = index / (HIST * MERGED * 4);
        String theta = r == 0 ? "0" : r == ROTATIONS / 2 ? "16/32pi" : r + "/32pi+" + (ROTATIONS - r) + "/32pi";
        return String.format(Locale.ROOT, "phi=%s sigma=%s theta=%s group=(%d,%d) bin=%d", p == 0 ? "0" : "pi/2",
                SIGMAS[s], theta, g / 5, g % 5, bin);
    }
}
