package org.efficientmixnet.stego.embed;

/**
 * J-MiPOD, MiPOD's Gaussian model in the DCT domain (Cogranne, Giboulot, Bas, "Efficient steganography in JPEG
 * images by minimizing performance of optimal detector", IEEE TIFS 2022; the algorithm of ALASKA II). The
 * coefficients are decompressed (real-valued, {@code +128}, no rounding); the residual after a 2×2 Wiener filter
 * gets a pixel variance from the energy of each 3×3 neighbourhood projected off the 6 two-dimensional DCT
 * functions of degree below 3 (over 3); a coefficient's variance is {@code σ²_kl = Σ_pixels B_kl(m,n)² σ²(m,n) /
 * q_kl²} over its block ({@code B_kl} the DCT basis), floored at 10⁻⁵; the Fisher information {@code I = 1/σ⁴}
 * is smoothed over the same mode of the 3×3 neighbouring blocks with weights 1 3 1 / 3 4 3 / 1 3 1 (edge blocks
 * repeated). Every coefficient embeds, DC and zeros included; the change rates solve {@code λ β I = ln(1/β − 2)}
 * with λ such that the ternary entropy carries the payload, p+ = p− = β.
 *
 * <p>{@link #fisherInformation} follows the authors' MATLAB code (Rémi Cogranne, J_MiPOD, Feb. 2021) operation for
 * operation, with Octave's {@code wiener2}; the {@link CostMap} of this algorithm holds the Fisher information
 * (+Infinity for a change past ±1023), which only {@link #SIMULATOR} interprets. Colour covers as the colour
 * version of that code (J_MIPOD_COLOR, Aletheia): every component on its own, with its own table and its own
 * message of payload × its non-zero AC coefficients. Deviations: β solved exactly (the reference interpolates a
 * lookup table), the message not rounded to whole nats and λ found to 1e-6 relative (the reference: within
 * max(2, m/1000) nats or 20 bisections), a change past ±1023 has probability 0 (the reference clamps at 1024 and
 * −1023 after drawing). Not additive: {@code emn stego hide} refuses it.
 */
public final class JMipod {
    private static final double MIN_VARIANCE = 1e-5;
    /** T[u][m], the orthonormal 8-point DCT-II matrix as the reference builds it. */
    private static final double[][] T = new double[8][8];
    /** BASIS2[u*8+v][m*8+n] = (T[u][m] T[v][n])², the squared 2-D basis function (u,v) at pixel (m,n). */
    private static final double[][] BASIS = new double[64][64];
    /** The projection off the 6 DCT functions of degree < 3 over a 3×3 window (row-major). */
    private static final double[][] PROJECTION = projection();

    /** J-MiPOD's simulator: every component with its own λ and message (payload × its nzAC). */
    public static final Simulator SIMULATOR = JMipod::simulate;

    public static final Algorithm ALGORITHM = Algorithm.of("j-mipod", Domain.JPEG, SIMULATOR,
            "Cogranne, Giboulot, Bas, IEEE TIFS 2022; the authors' J_MiPOD.m, Feb. 2021 (Fisher information)",
            JMipod::costs);

    static {
        for (int u = 0; u < 8; u++) {
            for (int m = 0; m < 8; m++) {
                double t = Math.sqrt(2.0 / 8) * Math.cos(Math.PI * (2 * m + 1) * u / (2 * 8));
                T[u][m] = u == 0 ? t / Math.sqrt(2) : t;
            }
        }
        for (int u = 0; u < 8; u++) {
            for (int v = 0; v < 8; v++) {
                for (int m = 0; m < 8; m++) {
                    for (int n = 0; n < 8; n++) {
                        BASIS[u * 8 + v][m * 8 + n] = T[u][m] * T[v][n];
                    }
                }
            }
        }
    }

    private JMipod() {
    }

    private static double[][] projection() {
        int b = 3;
        int degree = 3;
        double[][] g = new double[b * b][degree * (degree + 1) / 2];
        int k = 0;
        for (int xs = 0; xs < degree; xs++) {
            for (int ys = 0; ys < degree - xs; ys++) {
                for (int m = 0; m < b; m++) {
                    for (int l = 0; l < b; l++) {
                        g[m * b + l][k] = basis3(xs, m) * basis3(ys, l);
                    }
                }
                k++;
            }
        }
        // the columns are orthonormal DCT functions: P = I − G Gᵀ
        double[][] p = new double[b * b][b * b];
        for (int i = 0; i < b * b; i++) {
            for (int j = 0; j < b * b; j++) {
                double s = 0;
                for (int a = 0; a < g[i].length; a++) {
                    s += g[i][a] * g[j][a];
                }
                p[i][j] = (i == j ? 1 : 0) - s;
            }
        }
        return p;
    }

    private static double basis3(int k, int m) {
        double w = k == 0 ? Math.sqrt(1.0 / 3) : Math.sqrt(2.0 / 3);
        return w * Math.cos(Math.PI * (2 * m + 1) * k / 6.0);
    }

    /** The smoothed Fisher information of every coefficient as a symmetric cost map, +Infinity past ±1023. */
    public static CostMap costs(int[][] coefficients, int[] quantTable) {
        double[][] fi = fisherInformation(coefficients, quantTable);
        return DctLayout.limited(fi, Arrays2d.copy(fi), coefficients);
    }

    /** J-MiPOD's smoothed Fisher information {@code I = 1/σ⁴} of every coefficient (2-D layout), as the authors' code. */
    public static double[][] fisherInformation(int[][] coefficients, int[] quantTable) {
        DctLayout.requireCoefficients(coefficients, "coefficients");
        DctLayout.requireQuantTable(quantTable, "quantTable");
        int rows = coefficients.length;
        int cols = coefficients[0].length;
        double[][] x = decompress(coefficients, quantTable);
        double[][] residual = wienerResidual(x);
        double[][] variance = new double[rows][cols];
        double[] w = new double[9];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                for (int a = 0; a < 3; a++) {
                    double[] src = residual[Padding.symmetric(r + a - 1, rows)];
                    for (int b = 0; b < 3; b++) {
                        w[a * 3 + b] = src[Padding.symmetric(c + b - 1, cols)];
                    }
                }
                double e = 0;
                for (double[] prow : PROJECTION) {
                    double s = 0;
                    for (int i = 0; i < 9; i++) {
                        s += prow[i] * w[i];
                    }
                    e += s * s;
                }
                variance[r][c] = e / 3;
            }
        }
        double[][] fi = new double[rows][cols];
        double[] blockVar = new double[64];
        for (int bi = 0; bi < rows; bi += 8) {
            for (int bj = 0; bj < cols; bj += 8) {
                for (int m = 0; m < 8; m++) {
                    for (int n = 0; n < 8; n++) {
                        blockVar[m * 8 + n] = variance[bi + m][bj + n];
                    }
                }
                for (int u = 0; u < 8; u++) {
                    for (int v = 0; v < 8; v++) {
                        double q = quantTable[u * 8 + v];
                        double q2 = q * q;
                        double[] bv = BASIS[u * 8 + v];
                        double s = 0;
                        for (int n = 0; n < 8; n++) {          // the reference's column-major pixel order
                            for (int m = 0; m < 8; m++) {
                                double b = bv[m * 8 + n];
                                s += b * b / q2 * blockVar[m * 8 + n];
                            }
                        }
                        double vd = s < MIN_VARIANCE ? MIN_VARIANCE : s;
                        fi[bi + u][bj + v] = 1 / (vd * vd);
                    }
                }
            }
        }
        return smooth(fi);
    }

    /** Weights 1 3 1 / 3 4 3 / 1 3 1 over the same mode of the neighbouring blocks; edge blocks repeated. */
    private static double[][] smooth(double[][] fi) {
        int rows = fi.length;
        int cols = fi[0].length;
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            int up = r < 8 ? r : r - 8;
            int down = r + 8 >= rows ? r : r + 8;
            for (int c = 0; c < cols; c++) {
                int left = c < 8 ? c : c - 8;
                int right = c + 8 >= cols ? c : c + 8;
                // the reference's order of summation
                out[r][c] = fi[up][left] + fi[r][left] * 3 + fi[down][left] + fi[up][c] * 3 + fi[r][c] * 4
                        + fi[down][c] * 3 + fi[up][right] + fi[r][right] * 3 + fi[down][right];
            }
        }
        return out;
    }

    /** Real-valued decompression with the +128 level shift, as the reference's {@code RCdecompressJPEG}. */
    static double[][] decompress(int[][] coefficients, int[] quantTable) {
        int rows = coefficients.length;
        int cols = coefficients[0].length;
        double[][] x = new double[rows][cols];
        double[] cq = new double[64];
        for (int bi = 0; bi < rows; bi += 8) {
            for (int bj = 0; bj < cols; bj += 8) {
                for (int u = 0; u < 8; u++) {
                    for (int v = 0; v < 8; v++) {
                        cq[u * 8 + v] = coefficients[bi + u][bj + v] * (double) quantTable[u * 8 + v];
                    }
                }
                for (int m = 0; m < 8; m++) {
                    for (int n = 0; n < 8; n++) {
                        double s = 0;
                        for (int v = 0; v < 8; v++) {       // column-major over the modes, as the reference
                            for (int u = 0; u < 8; u++) {
                                s += BASIS[u * 8 + v][m * 8 + n] * cq[u * 8 + v];
                            }
                        }
                        x[bi + m][bj + n] = s + 128;
                    }
                }
            }
        }
        return x;
    }

    /**
     * X minus Octave's {@code wiener2(X, [2 2])}: local mean and variance over the pixel and its neighbours
     * below and right (zeros past the edge), noise = the mean local variance, {@code mean + max(0, v − noise) /
     * (max(0, v − noise) + noise) · (x − mean)}.
     */
    static double[][] wienerResidual(double[][] x) {
        int rows = x.length;
        int cols = x[0].length;
        double[][] mean = new double[rows][cols];
        double[][] var = new double[rows][cols];
        double noise = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double s = 0;
                double s2 = 0;
                for (int a = 0; a < 2; a++) {
                    for (int b = 0; b < 2; b++) {
                        double v = r + a < rows && c + b < cols ? x[r + a][c + b] : 0;
                        s += v * 0.25;
                        s2 += v * v * 0.25;
                    }
                }
                mean[r][c] = s;
                var[r][c] = s2 - s * s;
            }
        }
        for (int c = 0; c < cols; c++) {     // Octave's mean over X(:): column-major
            for (int r = 0; r < rows; r++) {
                noise += var[r][c];
            }
        }
        noise /= (double) rows * cols;
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double m = mean[r][c];
                double v = Math.max(0, var[r][c] - noise);
                double filtered = m + v / (v + noise) * (x[r][c] - m);
                out[r][c] = x[r][c] - filtered;
            }
        }
        return out;
    }

    static Simulation simulate(int[][][] covers, CostMap[] costs, Domain.Payload payload, long seed) {
        int k = covers.length;
        int[][][] stego = new int[k][][];
        ChangeProbabilities[] probs = new ChangeProbabilities[k];
        long changes = 0;
        double entropy = 0;
        double lambda = Double.NaN;
        java.util.SplittableRandom seeds = new java.util.SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            long nz = DctLayout.nonZeroAc(covers[i]);
            Domain.Payload own = new Domain.Payload(payload.value(), Domain.JPEG, payload.value() * nz);
            Simulation s = Mipod.simulate(new int[][][] {covers[i]}, new CostMap[] {costs[i]}, own,
                    i == 0 ? seed : seeds.nextLong());
            stego[i] = s.stego();
            probs[i] = s.changeProbabilities();
            changes += s.changes();
            entropy += s.entropyBits();
            if (i == 0) {
                lambda = s.lambda();
            }
        }
        return new Simulation(stego, probs, changes, lambda, payload.bits(), entropy);
    }

    /** Simulates J-MiPOD embedding of {@code payloadBpnzac} into one component. */
    public static Simulation embed(int[][] coefficients, int[] quantTable, double payloadBpnzac, long seed) {
        return ALGORITHM.embed(new int[][][] {coefficients}, new int[][] {quantTable}, payloadBpnzac, seed);
    }
}
