package org.efficientmixnet.stego.embed;

/**
 * HILL, the high-pass, low-pass, low-pass cost of Li, Wang, Li, Tan, "A new cost function for spatial
 * image steganography", ICIP 2014: {@code ρ = (1 / (|X ⊛ H| ⊛ L1 + ε)) ⊛ L2} with H the Ker-Böhme
 * high-pass kernel {@code [[-1,2,-1],[2,-4,2],[-1,2,-1]]}, L1 the 3×3 mean and L2 the 15×15 mean,
 * ε = 1e-10 so that flat regions get a large finite cost (1e10). Borders use symmetric extension for
 * the residual, for L1 (the residual is computed one pixel beyond the image) and for L2.
 */
public final class Hill {
    static final double EPSILON = 1e-10;
    private static final int[][] KB = {{-1, 2, -1}, {2, -4, 2}, {-1, 2, -1}};

    /** HILL in the registry. */
    public static final Algorithm ALGORITHM = Algorithm.of("hill", Domain.SPATIAL, Simulator.TERNARY,
            "Li, Wang, Li, Tan, ICIP 2014", CostFunction.spatial(Hill::costs));

    private Hill() {
    }

    /** The HILL cost map (same for +1 and -1), with 255 unable to go up and 0 unable to go down. */
    public static CostMap costs(int[][] pixels) {
        Arrays2d.requirePixels(pixels, "pixels");
        int rows = pixels.length;
        int cols = pixels[0].length;
        // |residual| on rows -1..rows, cols -1..cols (index shifted by one)
        double[][] absR = new double[rows + 2][cols + 2];
        for (int r = -1; r <= rows; r++) {
            for (int c = -1; c <= cols; c++) {
                double s = 0;
                for (int dr = -1; dr <= 1; dr++) {
                    int[] src = pixels[Padding.symmetric(r + dr, rows)];
                    for (int dc = -1; dc <= 1; dc++) {
                        s += KB[dr + 1][dc + 1] * src[Padding.symmetric(c + dc, cols)];
                    }
                }
                absR[r + 1][c + 1] = Math.abs(s);
            }
        }
        double[][] inv = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double s = 0;
                for (int dr = 0; dr < 3; dr++) {
                    for (int dc = 0; dc < 3; dc++) {
                        s += absR[r + dr][c + dc];
                    }
                }
                inv[r][c] = 1 / (s / 9 + EPSILON);
            }
        }
        return CostMap.symmetric(Padding.boxMean(inv, 15)).limitedTo(pixels, 0, 255);
    }

    /** Simulates HILL with ternary embedding of {@code payloadBpp} bits per pixel. */
    public static Simulation embed(int[][] pixels, double payloadBpp, long seed) {
        return ALGORITHM.embed(pixels, payloadBpp, seed);
    }
}
