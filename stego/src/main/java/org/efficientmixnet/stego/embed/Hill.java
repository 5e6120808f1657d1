package org.efficientmixnet.stego.embed;

/**
 * HILL, the high-pass, low-pass, low-pass cost of Li, Wang, Li, Tan, "A new cost function for spatial
 * image steganography", ICIP 2014: {@code ρ = (1 / (|X ⊛ H| ⊛ L1)) ⊛ L2} with H the Ker-Böhme
 * high-pass kernel {@code [[-1,2,-1],[2,-4,2],[-1,2,-1]]}, L1 the 3×3 mean and L2 the 15×15 mean, all with
 * symmetric borders.
 *
 * <p>{@link Variant#REFERENCE} (the default) is conseal's {@code hill.compute_cost_adjusted} (Python backend),
 * operation for operation: the residual divided by 4, the first mean taken in single precision (as numpy does
 * for its float32 image, summed in scipy's order) and floored at float32's epsilon 2⁻²³, its reciprocal in single
 * precision, the 15×15 mean in double precision as two 15-tap passes. {@link Variant#UNSCALED} (registry name
 * {@code unscaled}, this library's earlier default) computes in double throughout, without the /4, with
 * {@code 1 / (mean + 1e-10)} (so flat areas cost 1e10 rather than 2²³/… ); its costs are about 4× conseal's.
 */
public final class Hill {
    static final double EPSILON = 1e-10;
    private static final int[][] KB = {{-1, 2, -1}, {2, -4, 2}, {-1, 2, -1}};
    private static final float EPS32 = Math.ulp(1.0f);

    /** Which HILL; see the class comment. */
    public enum Variant {
        /** conseal's arithmetic. */
        REFERENCE,
        /** Double precision, no /4, +1e-10. */
        UNSCALED
    }

    /** HILL in the registry. */
    public static final Algorithm ALGORITHM = Algorithm.of("hill", Domain.SPATIAL, Simulator.TERNARY,
            "Li, Wang, Li, Tan, ICIP 2014; conseal hill (Python backend)", CostFunction.spatial(Hill::costs))
            .withVariant("unscaled", CostFunction.spatial(p -> costs(p, Variant.UNSCALED)));

    private Hill() {
    }

    /** HILL costs as conseal computes them ({@link Variant#REFERENCE}). */
    public static CostMap costs(int[][] pixels) {
        return costs(pixels, Variant.REFERENCE);
    }

    public static CostMap costs(int[][] pixels, Variant variant) {
        if (variant == null) {
            throw new IllegalArgumentException("variant is null (REFERENCE or UNSCALED)");
        }
        if (variant == Variant.UNSCALED) {
            return unscaled(pixels);
        }
        Arrays2d.requirePixels(pixels, "pixels");
        int rows = pixels.length;
        int cols = pixels[0].length;
        // |X ⊛ H| / 4: integers and quarters, exact in float
        float[][] a = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int s = 0;
                for (int dr = -1; dr <= 1; dr++) {
                    int[] src = pixels[Padding.symmetric(r + dr, rows)];
                    for (int dc = -1; dc <= 1; dc++) {
                        s += KB[dr + 1][dc + 1] * src[Padding.symmetric(c + dc, cols)];
                    }
                }
                a[r][c] = Math.abs(s / 4.0f);
            }
        }
        // 3x3 mean in float, summed as scipy's convolve2d does (window rows, then columns, both descending),
        // floored at EPS32, reciprocal in float
        float ninth = 1.0f / 9;
        double[][] inv = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float s = 0;
                for (int dr = 1; dr >= -1; dr--) {
                    float[] src = a[Padding.symmetric(r + dr, rows)];
                    for (int dc = 1; dc >= -1; dc--) {
                        s += src[Padding.symmetric(c + dc, cols)] * ninth;
                    }
                }
                if (s < EPS32) {
                    s = EPS32;
                }
                inv[r][c] = 1.0f / s;
            }
        }
        // 15-tap means in double: down the columns, then along the rows
        double fifteenth = 1.0 / 15;
        double[][] t = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double s = 0;
                for (int d = 7; d >= -7; d--) {
                    s += inv[Padding.symmetric(r + d, rows)][c] * fifteenth;
                }
                t[r][c] = s;
            }
        }
        double[][] rho = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double s = 0;
                for (int d = 7; d >= -7; d--) {
                    s += t[r][Padding.symmetric(c + d, cols)] * fifteenth;
                }
                rho[r][c] = s;
            }
        }
        return CostMap.symmetric(rho).limitedTo(pixels, 0, 255);
    }

    /** The earlier HILL cost map (same for +1 and -1), with 255 unable to go up and 0 unable to go down. */
    private static CostMap unscaled(int[][] pixels) {
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
