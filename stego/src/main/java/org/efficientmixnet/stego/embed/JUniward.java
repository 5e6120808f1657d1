package org.efficientmixnet.stego.embed;

import org.efficientmixnet.stego.jpeg.LibjpegDecoder;

import java.util.SplittableRandom;

/**
 * J-UNIWARD (Holub, Fridrich, Denemark, "Universal distortion function for steganography in an arbitrary
 * domain", EURASIP JIS 2014). The cover is decompressed to X; for each Daubechies-8 directional filter K_f the
 * residual {@code R_f = X ⊛ K_f} is taken over the symmetrically padded X. Changing mode (k, l) of block (i, j)
 * by ±1 adds {@code q_kl · B_kl} (B the DCT basis function) to the block, which moves the residuals by
 * {@code q_kl · (B_kl ⊛ K_f)} on a 23×23 support; the cost is
 * {@code ρ = Σ_f Σ_{23×23} |q_kl (B_kl ⊛ K_f)| / (|R_f| + σ)}, σ = 2⁻⁶, the same for +1 and -1 except at
 * ±1023 where the outward change is wet. All 64 modes may change. As in the authors' implementation
 * (MATLAB {@code imfilter}, a correlation) the residuals are correlations with K_f.
 *
 * <p>Variants ({@link Variant}):
 * <ul>
 * <li>{@link Variant#REFERENCE} (default, registry name {@code default}): as the authors' MATLAB code and
 * conseal ({@code juniward.compute_cost_adjusted}, {@code JUNIWARD_ORIGINAL}) — X is the image as libjpeg
 * decompresses it (islow IDCT, rounded and clipped 8-bit pixels, {@link LibjpegDecoder#islowPlane}) and the
 * 23×23 residual window is the script's, one pixel down and right of the block's true support.</li>
 * <li>{@link Variant#UNROUNDED} ({@code unrounded}): X the real-valued decompression (no rounding or clipping),
 * the script's window.</li>
 * <li>{@link Variant#FIXED_WINDOW} ({@code fixed-window}): X real-valued and the window the change actually
 * moves (conseal's {@code JUNIWARD_FIX_OFF_BY_ONE}, arXiv 2305.19776); this library's earlier default.</li>
 * </ul>
 *
 * <p>Speed: B_kl = b_k ⊗ b_l and K_f = v_f ⊗ h_f are separable, so the impact is the outer product of two
 * 23-tap 1-D impacts, precomputed once; per block and filter the 23×23 window of 1/(|R|+σ) is reduced
 * first over rows for each k (8·23·23 products), then over columns for each (k, l) (64·23).
 */
public final class JUniward {
    static final double SIGMA = 1.0 / 64;
    private static final int SUPPORT = 8 + Daubechies8.TAPS - 1;

    /** Which decompression and residual window the cost reads; see the class comment. */
    public enum Variant {
        /** libjpeg's 8-bit pixels and the script's window: the authors' code and conseal (the default). */
        REFERENCE("default"),
        /** Real-valued decompression, the script's window. */
        UNROUNDED("unrounded"),
        /** Real-valued decompression and the residuals a change actually moves. */
        FIXED_WINDOW("fixed-window");

        private final String registryName;

        Variant(String registryName) {
            this.registryName = registryName;
        }

        /** The name under which {@link JUniward#ALGORITHM} offers it. */
        public String registryName() {
            return registryName;
        }
    }

    /** J-UNIWARD in the registry, with every {@link Variant}. */
    public static final Algorithm ALGORITHM = Algorithm.of("j-uniward", Domain.JPEG, Simulator.TERNARY,
            "Holub, Fridrich, Denemark, EURASIP JIS 2014; conseal juniward (JUNIWARD_ORIGINAL)",
            (c, q) -> costs(c, q, Variant.REFERENCE))
            .withVariant(Variant.UNROUNDED.registryName(), (c, q) -> costs(c, q, Variant.UNROUNDED))
            .withVariant(Variant.FIXED_WINDOW.registryName(), (c, q) -> costs(c, q, Variant.FIXED_WINDOW));

    private JUniward() {
    }

    /** J-UNIWARD costs as the reference computes them ({@link Variant#REFERENCE}). */
    public static CostMap costs(int[][] coefficients, int[] quantTable) {
        return costs(coefficients, quantTable, Variant.REFERENCE);
    }

    public static CostMap costs(int[][] coefficients, int[] quantTable, Variant variant) {
        if (variant == null) {
            throw new IllegalArgumentException("variant is null (REFERENCE, UNROUNDED or FIXED_WINDOW)");
        }
        int shift = variant == Variant.FIXED_WINDOW ? 0 : 1;
        double[][] x = DctLayout.decompress(coefficients, quantTable);
        if (variant == Variant.REFERENCE) {
            int[][] px = LibjpegDecoder.islowPlane(coefficients, quantTable);
            for (int r = 0; r < x.length; r++) {
                for (int c = 0; c < x[0].length; c++) {
                    x[r][c] = px[r][c];
                }
            }
        }
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
        return embed(components, quantTables, payloadBpnzac, seed, Variant.REFERENCE);
    }

    public static Simulation embed(int[][][] components, int[][] quantTables, double payloadBpnzac, long seed,
                                   Variant variant) {
        if (variant == null) {
            throw new IllegalArgumentException("variant is null (REFERENCE, UNROUNDED or FIXED_WINDOW)");
        }
        return ALGORITHM.variant(variant.registryName()).embed(components, quantTables, payloadBpnzac, seed);
    }

}
