package org.efficientmixnet.stego.embed;

import java.util.SplittableRandom;

/**
 * J-UNIWARD (Holub, Fridrich, Denemark, "Universal distortion function for steganography in an arbitrary
 * domain", EURASIP JIS 2014). The cover is decompressed (no rounding) to X; for each Daubechies-8
 * directional filter K_f the residual {@code R_f = X ⊛ K_f} is taken over the symmetrically padded X. Changing
 * mode (k, l) of block (i, j) by ±1 adds {@code q_kl · B_kl} (B the DCT basis function) to the block, which
 * moves the residuals by {@code q_kl · (B_kl ⊛ K_f)} on a 23×23 support; the cost is
 * {@code ρ = Σ_f Σ_{23×23} |q_kl (B_kl ⊛ K_f)| / (|R_f| + σ)}, σ = 2⁻⁶, the same for +1 and -1 except at
 * ±1023 where the outward change is wet. All 64 modes may change. As in the authors' implementation
 * (MATLAB {@code imfilter}, a correlation) the residuals here are correlations with K_f, i.e. convolutions
 * with K_f rotated by 180°, whereas S-UNIWARD's implementation convolves.
 *
 * <p>{@link Variant#EXACT} (the default) pairs each residual change with the residual it changes. The
 * authors' MATLAB script reads the 23×23 residual window one pixel down and to the right of the block's
 * true support; {@link Variant#PUBLISHED} reproduces that, for comparisons with results obtained with it.
 *
 * <p>Speed: B_kl = b_k ⊗ b_l and K_f = v_f ⊗ h_f are separable, so the impact is the outer product of two
 * 23-tap 1-D impacts, precomputed once; per block and filter the 23×23 window of 1/(|R|+σ) is reduced
 * first over rows for each k (8·23·23 products), then over columns for each (k, l) (64·23).
 */
public final class JUniward {
    static final double SIGMA = 1.0 / 64;
    private static final int SUPPORT = 8 + Daubechies8.TAPS - 1;

    /** Which residual window the cost reads; see the class comment. */
    public enum Variant {
        /** The residuals that a change actually moves. */
        EXACT,
        /** The window of the authors' MATLAB script, one pixel down and right of the true support. */
        PUBLISHED
    }

    private JUniward() {
    }

    /** J-UNIWARD costs, {@link Variant#EXACT}. */
    public static CostMap costs(int[][] coefficients, int[] quantTable) {
        return costs(coefficients, quantTable, Variant.EXACT);
    }

    public static CostMap costs(int[][] coefficients, int[] quantTable, Variant variant) {
        if (variant == null) {
            throw new IllegalArgumentException("variant is null (EXACT or PUBLISHED)");
        }
        int shift = variant == Variant.PUBLISHED ? 1 : 0;
        double[][] x = DctLayout.decompress(coefficients, quantTable);
        int rows = coefficients.length;
        int cols = coefficients[0].length;
        double[][] rho = new double[rows][cols];
        double[][] partial = new double[8][SUPPORT];
        for (int f = 0; f < 3; f++) {
            double[] v = Daubechies8.reversed(Daubechies8.VERTICAL[f]);
            double[] h = Daubechies8.reversed(Daubechies8.HORIZONTAL[f]);
            double[][] vImpact = impacts(v);
            double[][] hImpact = impacts(h);
            double[][] w = Daubechies8.fullResidual(x, v, h, shift);
            for (double[] row : w) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = 1 / (Math.abs(row[c]) + SIGMA);
                }
            }
            for (int bi = 0; bi < rows; bi += 8) {
                for (int bj = 0; bj < cols; bj += 8) {
                    // partial[k][y] = Σ_x |u_k(x)| w[bi + x][bj + y]
                    for (int k = 0; k < 8; k++) {
                        java.util.Arrays.fill(partial[k], 0);
                    }
                    for (int dx = 0; dx < SUPPORT; dx++) {
                        double[] wRow = w[bi + dx + shift];
                        for (int k = 0; k < 8; k++) {
                            double uk = vImpact[k][dx];
                            double[] pk = partial[k];
                            for (int dy = 0; dy < SUPPORT; dy++) {
                                pk[dy] += uk * wRow[bj + shift + dy];
                            }
                        }
                    }
                    for (int k = 0; k < 8; k++) {
                        double[] pk = partial[k];
                        double[] out = rho[bi + k];
                        for (int l = 0; l < 8; l++) {
                            double[] hl = hImpact[l];
                            double s = 0;
                            for (int dy = 0; dy < SUPPORT; dy++) {
                                s += pk[dy] * hl[dy];
                            }
                            out[bj + l] += s * quantTable[k * 8 + l];
                        }
                    }
                }
            }
        }
        return DctLayout.limited(rho, Arrays2d.copy(rho), coefficients);
    }

    /** |b_k ⊛ g| for each 1-D basis function b_k and filter g: 8 rows of 23 taps. */
    static double[][] impacts(double[] filter) {
        double[][] out = new double[8][SUPPORT];
        for (int k = 0; k < 8; k++) {
            for (int m = 0; m < 8; m++) {
                for (int a = 0; a < filter.length; a++) {
                    out[k][m + a] += DctLayout.BASIS[k][m] * filter[a];
                }
            }
            for (int i = 0; i < SUPPORT; i++) {
                out[k][i] = Math.abs(out[k][i]);
            }
        }
        return out;
    }

    /** Simulates J-UNIWARD with ternary embedding of {@code payloadBpnzac} bits per non-zero AC coefficient. */
    public static Simulation embed(int[][] coefficients, int[] quantTable, double payloadBpnzac, long seed) {
        return embed(new int[][][] {coefficients}, new int[][] {quantTable}, payloadBpnzac, seed);
    }

    public static Simulation embed(int[][][] components, int[][] quantTables, double payloadBpnzac, long seed) {
        return embed(components, quantTables, payloadBpnzac, seed, Variant.EXACT);
    }

    public static Simulation embed(int[][][] components, int[][] quantTables, double payloadBpnzac, long seed,
                                   Variant variant) {
        return JpegEmbedding.embed(components, quantTables, payloadBpnzac, seed, (c, q) -> costs(c, q, variant), "J-UNIWARD");
    }

    /**
     * For benchmarks: nanoseconds taken by one {@link #costs} call on a synthetic size×size cover (size a
     * multiple of 8) of Laplacian-distributed coefficients with a quality-75-like table.
     */
    public static long costBenchmarkNanos(int size, long seed) {
        if (size <= 0 || size % 8 != 0) {
            throw new IllegalArgumentException("benchmark size must be a positive multiple of 8, got " + size);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] c = new int[size][size];
        int[] q = new int[64];
        for (int k = 0; k < 8; k++) {
            for (int l = 0; l < 8; l++) {
                q[k * 8 + l] = 4 + 6 * (k + l);
            }
        }
        for (int r = 0; r < size; r++) {
            for (int col = 0; col < size; col++) {
                double scale = DctLayout.isDc(r, col) ? 20 : 4.0 / (1 + r % 8 + col % 8);
                c[r][col] = (int) Math.round(-scale * Math.log(1 - rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1));
            }
        }
        long start = System.nanoTime();
        costs(c, q);
        return System.nanoTime() - start;
    }
}
