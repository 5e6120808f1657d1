package org.efficientmixnet.stego.embed;

import java.util.Arrays;

/**
 * EBS, block-entropy steganography (Wang, Ni, "An efficient JPEG steganographic scheme based on the block
 * entropy of DCT coefficients", ICASSP 2012): {@code ρ_kl = (q_kl / H_b)²}, where {@code H_b = -Σ p ln p} is
 * the entropy of the distribution of the non-zero AC values in block b; every mode of a block with
 * {@code H_b = 0} (fewer than two distinct non-zero AC values) is wet, and so are changes beyond ±1023. Costs
 * are the same for +1 and -1; embedding is ternary.
 *
 * <p>{@link Variant#REFERENCE} (the default) is conseal's {@code ebs.compute_cost_adjusted} without side
 * information ({@code EBS_FIX_WET}): all 64 modes, DC included, may change, and every cost carries conseal's
 * {@code +1e-4}. {@link Variant#DC_WET} (registry name {@code dc-wet}, this library's earlier default) keeps
 * the DC wet and omits the offset.
 */
public final class Ebs {
    /** conseal's constant added to every cost. */
    static final double OFFSET = 1e-4;

    /** Which EBS; see the class comment. */
    public enum Variant {
        /** conseal's default: DC may change, costs + 1e-4. */
        REFERENCE,
        /** DC wet, no offset. */
        DC_WET
    }

    /** EBS in the registry. */
    public static final Algorithm ALGORITHM = Algorithm.of("ebs", Domain.JPEG, Simulator.TERNARY,
            "Wang, Ni, ICASSP 2012; conseal ebs (EBS_FIX_WET)", Ebs::costs)
            .withVariant("dc-wet", (c, q) -> costs(c, q, Variant.DC_WET));

    private Ebs() {
    }

    /** EBS costs as conseal computes them ({@link Variant#REFERENCE}). */
    public static CostMap costs(int[][] coefficients, int[] quantTable) {
        return costs(coefficients, quantTable, Variant.REFERENCE);
    }

    public static CostMap costs(int[][] coefficients, int[] quantTable, Variant variant) {
        if (variant == null) {
            throw new IllegalArgumentException("variant is null (REFERENCE or DC_WET)");
        }
        DctLayout.requireCoefficients(coefficients, "coefficients");
        DctLayout.requireQuantTable(quantTable, "quantTable");
        boolean reference = variant == Variant.REFERENCE;
        double[][] rho = new double[coefficients.length][coefficients[0].length];
        int[] values = new int[63];
        for (int bi = 0; bi < coefficients.length; bi += 8) {
            for (int bj = 0; bj < coefficients[0].length; bj += 8) {
                double h = blockEntropy(coefficients, bi, bj, values);
                double block = 1 / (h * h);
                for (int k = 0; k < 8; k++) {
                    for (int l = 0; l < 8; l++) {
                        double q = quantTable[k * 8 + l];
                        boolean wet = h == 0 || (!reference && k + l == 0);
                        rho[bi + k][bj + l] = wet ? Double.POSITIVE_INFINITY
                                : reference ? block * (q * q) + OFFSET : (q / h) * (q / h);
                    }
                }
            }
        }
        return DctLayout.limited(rho, Arrays2d.copy(rho), coefficients);
    }

    /** Natural-log entropy of the non-zero AC values of the block at (bi, bj). */
    static double blockEntropy(int[][] c, int bi, int bj, int[] scratch) {
        int n = 0;
        for (int k = 0; k < 8; k++) {
            for (int l = 0; l < 8; l++) {
                int v = c[bi + k][bj + l];
                if (k + l > 0 && v != 0) {
                    scratch[n++] = v;
                }
            }
        }
        Arrays.sort(scratch, 0, n);
        double h = 0;
        int run = 1;
        for (int i = 1; i <= n; i++) {
            if (i < n && scratch[i] == scratch[i - 1]) {
                run++;
            } else {
                double p = (double) run / n;
                h -= p * StrictMath.log(p);
                run = 1;
            }
        }
        return n == 0 ? 0 : Math.max(0, h);
    }

    /** Simulates EBS with ternary embedding of {@code payloadBpnzac} bits per non-zero AC coefficient. */
    public static Simulation embed(int[][] coefficients, int[] quantTable, double payloadBpnzac, long seed) {
        return embed(new int[][][] {coefficients}, new int[][] {quantTable}, payloadBpnzac, seed);
    }

    public static Simulation embed(int[][][] components, int[][] quantTables, double payloadBpnzac, long seed) {
        return ALGORITHM.embed(components, quantTables, payloadBpnzac, seed);
    }
}
