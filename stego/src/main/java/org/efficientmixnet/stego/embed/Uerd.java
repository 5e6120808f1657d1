package org.efficientmixnet.stego.embed;

/**
 * UERD, uniform embedding revisited distortion (Guo, Ni, Su, Tang, Shi, "Using statistical image model for
 * JPEG steganography: uniform embedding revisited", IEEE TIFS 2015). With the block energy
 * {@code E_b = Σ_{AC (k,l)} |c_kl| q_kl} (dequantized AC magnitudes) the cost of ±1 on mode (k, l) of block b
 * is {@code ρ = q'_kl / (E_b + 0.25 Σ_{b' ∈ N8(b)} E_b')}, where N8 are the eight neighbouring blocks and
 * {@code q'_kl = q_kl} except for the DC mode, which uses {@code q'_00 = (q_01 + q_10) / 2}. All coefficients,
 * DC and zeros included, may change; a block whose whole neighbourhood has no AC energy gets infinite (wet)
 * cost, and changes beyond ±1023 are wet (as conseal).
 *
 * <p>Neighbours outside the image: {@link Boundary#SYMMETRIC} (the default, as conseal's
 * {@code convolve2d(..., boundary="symm")}) mirrors the block grid at its edges, so an edge block counts itself
 * (and its neighbours along the edge) again; {@link Boundary#ZERO} (variant {@code zero-boundary}, this
 * library's earlier default) counts them as zero energy.
 */
public final class Uerd {
    /** How the 8-neighbourhood of an edge block is completed. */
    public enum Boundary {
        /** Mirror the block grid at its edges (conseal's {@code boundary="symm"}). */
        SYMMETRIC,
        /** Blocks outside the image have zero energy. */
        ZERO
    }

    /** UERD in the registry. */
    public static final Algorithm ALGORITHM = Algorithm.of("uerd", Domain.JPEG, Simulator.TERNARY,
            "Guo, Ni, Su, Tang, Shi, IEEE TIFS 2015; conseal uerd", Uerd::costs)
            .withVariant("zero-boundary", (c, q) -> costs(c, q, Boundary.ZERO));

    private Uerd() {
    }

    /** UERD costs as conseal computes them ({@link Boundary#SYMMETRIC}). */
    public static CostMap costs(int[][] coefficients, int[] quantTable) {
        return costs(coefficients, quantTable, Boundary.SYMMETRIC);
    }

    /**
     * One pass over the coefficients for the block energies, one to write the costs with the ±1023 limits (rows
     * without such a coefficient shared by both maps): the 8-neighbourhood is read through index tables (a mirrored
     * index, or a zero-energy slot past the edge) rather than a padded copy. The energies are sums of integers,
     * exact in any order.
     */
    public static CostMap costs(int[][] coefficients, int[] quantTable, Boundary boundary) {
        if (boundary == null) {
            throw new IllegalArgumentException("boundary is null (SYMMETRIC or ZERO)");
        }
        DctLayout.requireCoefficients(coefficients, "coefficients");
        DctLayout.requireQuantTable(quantTable, "quantTable");
        int rows = coefficients.length;
        int cols = coefficients[0].length;
        int br = rows / 8;
        int bc = cols / 8;
        // energy[i][j] for block (i, j); row br and column bc stay zero: the blocks past the edge under ZERO
        double[][] energy = new double[br + 1][bc + 1];
        for (int r = 0; r < rows; r++) {
            int k = r & 7;
            int[] c = coefficients[r];
            double[] e = energy[r >> 3];
            double q0 = k == 0 ? 0 : quantTable[k * 8];   // the DC mode carries no energy
            double q1 = quantTable[k * 8 + 1];
            double q2 = quantTable[k * 8 + 2];
            double q3 = quantTable[k * 8 + 3];
            double q4 = quantTable[k * 8 + 4];
            double q5 = quantTable[k * 8 + 5];
            double q6 = quantTable[k * 8 + 6];
            double q7 = quantTable[k * 8 + 7];
            for (int j = 0, b = 0; j < bc; j++, b += 8) {
                e[j] += Math.abs(c[b]) * q0 + Math.abs(c[b + 1]) * q1 + Math.abs(c[b + 2]) * q2
                        + Math.abs(c[b + 3]) * q3 + Math.abs(c[b + 4]) * q4 + Math.abs(c[b + 5]) * q5
                        + Math.abs(c[b + 6]) * q6 + Math.abs(c[b + 7]) * q7;
            }
        }
        int[] up = new int[br];
        int[] down = new int[br];
        for (int i = 0; i < br; i++) {
            up[i] = neighbour(i - 1, br, boundary);
            down[i] = neighbour(i + 1, br, boundary);
        }
        int[] left = new int[bc];
        int[] right = new int[bc];
        for (int j = 0; j < bc; j++) {
            left[j] = neighbour(j - 1, bc, boundary);
            right[j] = neighbour(j + 1, bc, boundary);
        }
        double[] step = new double[64];
        for (int m = 1; m < 64; m++) {
            step[m] = quantTable[m];
        }
        step[0] = 0.5 * (quantTable[1] + quantTable[8]);
        double[] denominator = new double[bc];
        double[][] rhoPlus = new double[rows][];
        double[][] rhoMinus = new double[rows][];
        for (int i = 0; i < br; i++) {
            double[] a = energy[up[i]];
            double[] e = energy[i];
            double[] z = energy[down[i]];
            for (int j = 0; j < bc; j++) {
                int l = left[j];
                int r = right[j];
                double neighbours = a[l] + a[j] + a[r] + e[l] + e[r] + z[l] + z[j] + z[r];
                denominator[j] = e[j] + 0.25 * neighbours;
            }
            for (int k = 0; k < 8; k++) {
                int row = 8 * i + k;
                int[] c = coefficients[row];
                double[] p = new double[cols];
                boolean limited = false;
                for (int j = 0, b = 0; j < bc; j++, b += 8) {
                    double d = denominator[j];
                    for (int l = 0; l < 8; l++) {
                        p[b + l] = d > 0 ? step[k * 8 + l] / d : Double.POSITIVE_INFINITY;
                        int v = c[b + l];
                        limited |= v >= DctLayout.COEFFICIENT_LIMIT || v <= -DctLayout.COEFFICIENT_LIMIT;
                    }
                }
                // ρ+ = ρ− on a row without a coefficient at ±1023: one array serves both maps (half the writes)
                double[] m = p;
                if (limited) {
                    m = p.clone();
                    for (int col = 0; col < cols; col++) {
                        if (c[col] >= DctLayout.COEFFICIENT_LIMIT) {
                            p[col] = Double.POSITIVE_INFINITY;
                        }
                        if (c[col] <= -DctLayout.COEFFICIENT_LIMIT) {
                            m[col] = Double.POSITIVE_INFINITY;
                        }
                    }
                }
                rhoPlus[row] = p;
                rhoMinus[row] = m;
            }
        }
        return CostMap.trusted(rhoPlus, rhoMinus);
    }

    /** The block index read for neighbour index {@code i} of {@code n}: mirrored, or the zero slot {@code n}. */
    private static int neighbour(int i, int n, Boundary boundary) {
        if (i >= 0 && i < n) {
            return i;
        }
        return boundary == Boundary.SYMMETRIC ? Padding.symmetric(i, n) : n;
    }

    /** Simulates UERD with ternary embedding of {@code payloadBpnzac} bits per non-zero AC coefficient. */
    public static Simulation embed(int[][] coefficients, int[] quantTable, double payloadBpnzac, long seed) {
        return embed(new int[][][] {coefficients}, new int[][] {quantTable}, payloadBpnzac, seed);
    }

    /** Several components (e.g. Y, Cb, Cr) with one payload counted over all their non-zero AC coefficients. */
    public static Simulation embed(int[][][] components, int[][] quantTables, double payloadBpnzac, long seed) {
        return ALGORITHM.embed(components, quantTables, payloadBpnzac, seed);
    }
}
