package org.efficientmixnet.stego.embed;

/**
 * HUGO with the bounding distortion (Pevný, Filler, Bas, "Using high-dimensional image models to perform highly
 * undetectable steganography", IH 2010; the BD form of Filler and Fridrich's later code), directional: +1 and -1
 * cost differently. With the pixel differences along the four directions (horizontal, vertical, diagonal, minor
 * diagonal) of the cover padded symmetrically by 3, each pixel lies in six consecutive differences per
 * direction; for each of the four windows of three of them the cost adds
 * {@code (σ + ‖c‖)^-γ + (σ + ‖s‖)^-γ}, c the cover's and s the stego's differences after the change (the change
 * moves the two differences that contain the pixel by ∓1 / ±1). σ = 1, γ = 1 as in conseal.
 *
 * <p>The numbers follow conseal's {@code hugo.compute_cost_adjusted} (after Holub's MATLAB code); where conseal
 * writes its wet cost 1e8 (a change out of 0..255) this has +Infinity.
 */
public final class Hugo {
    static final double SIGMA = 1;
    static final double GAMMA = 1;
    private static final int PAD = 3;

    public static final Algorithm ALGORITHM = Algorithm.of("hugo", Domain.SPATIAL, Simulator.TERNARY,
            "Pevný, Filler, Bas, IH 2010, bounding distortion; conseal hugo (σ = 1, γ = 1)", CostFunction.spatial(Hugo::costs));

    private Hugo() {
    }

    /** HUGO-BD costs of +1 and -1, with 255 unable to go up and 0 unable to go down. */
    public static CostMap costs(int[][] pixels) {
        Arrays2d.requirePixels(pixels, "pixels");
        int rows = pixels.length;
        int cols = pixels[0].length;
        double[][] xp = Padding.symmetricPad(pixels, PAD);
        double[][] plus = new double[rows][cols];
        double[][] minus = new double[rows][cols];
        double[] d = new double[6];
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                double dp = 0;
                double dm = 0;
                for (int dir = 0; dir < 4; dir++) {
                    for (int i = 0; i < 6; i++) {
                        d[i] = switch (dir) {
                            case 0 -> xp[row + 3][col + i] - xp[row + 3][col + i + 1];
                            case 1 -> xp[row + i][col + 3] - xp[row + i + 1][col + 3];
                            case 2 -> xp[row + i][col + i] - xp[row + i + 1][col + i + 1];
                            default -> xp[row + i][col + 5 - i + 1] - xp[row + i + 1][col + 5 - i];
                        };
                    }
                    dm += distortion(d, -1);
                    dp += distortion(d, +1);
                }
                plus[row][col] = dp;
                minus[row][col] = dm;
            }
        }
        return new CostMap(plus, minus).limitedTo(pixels, 0, 255);
    }

    /** Σ over the four windows of three differences of (σ + ‖c‖)^-γ + (σ + ‖s‖)^-γ, s = c + sign·(0,0,-1,+1,0,0). */
    private static double distortion(double[] c, int sign) {
        double total = 0;
        for (int k = 0; k < 4; k++) {
            double cc = 0;
            double ss = 0;
            for (int i = k; i < k + 3; i++) {
                double s = c[i] + (i == 2 ? -sign : i == 3 ? sign : 0);
                cc += c[i] * c[i];
                ss += s * s;
            }
            total += Math.pow(SIGMA + Math.sqrt(cc), -GAMMA) + Math.pow(SIGMA + Math.sqrt(ss), -GAMMA);
        }
        return total;
    }

    /** Simulates HUGO with ternary embedding of {@code payloadBpp} bits per pixel. */
    public static Simulation embed(int[][] pixels, double payloadBpp, long seed) {
        return ALGORITHM.embed(pixels, payloadBpp, seed);
    }
}
