package org.efficientmixnet.stego.embed;

/**
 * S-UNIWARD (Holub, Fridrich, Denemark, "Universal distortion function for steganography in an arbitrary
 * domain", EURASIP JIS 2014). For each of the three Daubechies-8 directional filters K_f the residual
 * {@code R_f = X ⊛ K_f} is taken over the symmetrically padded cover, and the cost of a ±1 change at pixel
 * (u, v) is the relative change it causes in the residuals:
 * {@code ρ(u,v) = Σ_f Σ_{a,b} |K_f(a,b)| / (|R_f(u+a, v+b)| + σ)}, σ = 1. The change itself is not mirrored
 * into the padding, as in the authors' implementation. Costs are equal for +1 and -1 except at 0 and 255.
 */
public final class SUniward {
    static final double SIGMA = 1.0;

    /** S-UNIWARD in the registry. */
    public static final Algorithm ALGORITHM = Algorithm.of("s-uniward", Domain.SPATIAL, Simulator.TERNARY,
            "Holub, Fridrich, Denemark, EURASIP JIS 2014", CostFunction.spatial(SUniward::costs));

    private SUniward() {
    }

    public static CostMap costs(int[][] pixels) {
        Arrays2d.requirePixels(pixels, "pixels");
        int rows = pixels.length;
        int cols = pixels[0].length;
        double[][] x = Arrays2d.toDouble(pixels);
        double[][] rho = new double[rows][cols];
        int taps = Daubechies8.TAPS;
        for (int f = 0; f < 3; f++) {
            double[] av = Daubechies8.abs(Daubechies8.VERTICAL[f]);
            double[] ah = Daubechies8.abs(Daubechies8.HORIZONTAL[f]);
            double[][] w = Daubechies8.fullResidual(x, Daubechies8.VERTICAL[f], Daubechies8.HORIZONTAL[f], 0);
            for (double[] row : w) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = 1 / (Math.abs(row[c]) + SIGMA);
                }
            }
            // g[y][v] = Σ_b |h(b)| w[y][v + b], then ρ[u][v] += Σ_a |v(a)| g[u + a][v]
            double[][] g = new double[w.length][cols];
            for (int y = 0; y < w.length; y++) {
                double[] src = w[y];
                double[] dst = g[y];
                for (int v = 0; v < cols; v++) {
                    double s = 0;
                    for (int b = 0; b < taps; b++) {
                        s += ah[b] * src[v + b];
                    }
                    dst[v] = s;
                }
            }
            for (int u = 0; u < rows; u++) {
                double[] dst = rho[u];
                for (int a = 0; a < taps; a++) {
                    double va = av[a];
                    double[] src = g[u + a];
                    for (int v = 0; v < cols; v++) {
                        dst[v] += va * src[v];
                    }
                }
            }
        }
        return CostMap.symmetric(rho).limitedTo(pixels, 0, 255);
    }

    /** Simulates S-UNIWARD with ternary embedding of {@code payloadBpp} bits per pixel. */
    public static Simulation embed(int[][] pixels, double payloadBpp, long seed) {
        return ALGORITHM.embed(pixels, payloadBpp, seed);
    }
}
