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

    public static CostMap costs(int[][] coefficients, int[] quantTable, Boundary boundary) {
        if (boundary == null) {
            throw new IllegalArgumentException("boundary is null (SYMMETRIC or ZERO)");
        }
        DctLayout.requireCoefficients(coefficients, "coefficients");
        DctLayout.requireQuantTable(quantTable, "quantTable");
        int br = coefficients.length / 8;
        int bc = coefficients[0].length / 8;
        double[][] energy = new double[br][bc];
        for (int i = 0; i < br; i++) {
            for (int j = 0; j < bc; j++) {
                double e = 0;
                for (int k = 0; k < 8; k++) {
                    for (int l = 0; l < 8; l++) {
                        if (k + l > 0) {
                            e += Math.abs(coefficients[8 * i + k][8 * j + l]) * (double) quantTable[k * 8 + l];
                        }
                    }
                }
                energy[i][j] = e;
            }
        }
        double dcStep = 0.5 * (quantTable[1] + quantTable[8]);
        double[][] rho = new double[coefficients.length][coefficients[0].length];
        for (int i = 0; i < br; i++) {
            for (int j = 0; j < bc; j++) {
                double neighbours = 0;
                for (int di = -1; di <= 1; di++) {
                    for (int dj = -1; dj <= 1; dj++) {
                        int ni = i + di;
                        int nj = j + dj;
                        if (di == 0 && dj == 0) {
                            continue;
                        }
                        if (boundary == Boundary.SYMMETRIC) {
                            neighbours += energy[Padding.symmetric(ni, br)][Padding.symmetric(nj, bc)];
                        } else if (ni >= 0 && nj >= 0 && ni < br && nj < bc) {
                            neighbours += energy[ni][nj];
                        }
                    }
                }
                double denominator = energy[i][j] + 0.25 * neighbours;
                for (int k = 0; k < 8; k++) {
                    for (int l = 0; l < 8; l++) {
                        double step = k + l == 0 ? dcStep : quantTable[k * 8 + l];
                        rho[8 * i + k][8 * j + l] = denominator > 0 ? step / denominator : Double.POSITIVE_INFINITY;
                    }
                }
            }
        }
        return DctLayout.limited(rho, Arrays2d.copy(rho), coefficients);
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
