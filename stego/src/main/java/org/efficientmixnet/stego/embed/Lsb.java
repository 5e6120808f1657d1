package org.efficientmixnet.stego.embed;

/**
 * LSB replacement and LSB matching (±1 embedding) in the spatial domain, simulated at the bound of
 * optimal binary coding: with uniform costs the binary Gibbs simulator changes each pixel with
 * probability β = h⁻¹(α) for a payload of α bits per pixel (matrix embedding at its limit). Uncoded
 * LSB embedding, which changes α/2 of the pixels, is not simulated here.
 */
public final class Lsb {
    /** LSB replacement in the registry. */
    public static final Algorithm REPLACEMENT = Algorithm.of("lsb-replacement", Domain.SPATIAL, Simulator.BINARY,
            "binary coding bound", CostFunction.spatial(Lsb::replacementCosts));
    /** LSB matching in the registry. */
    public static final Algorithm MATCHING = Algorithm.of("lsb-matching", Domain.SPATIAL, Simulator.BINARY,
            "binary coding bound", CostFunction.spatial(Lsb::matchingCosts));

    private Lsb() {
    }

    /**
     * LSB replacement flips the least significant bit: an even pixel can only go up by one, an odd one only
     * down, each at cost 1; the other direction is wet.
     */
    public static CostMap replacementCosts(int[][] pixels) {
        Arrays2d.requirePixels(pixels, "pixels");
        int rows = pixels.length;
        int cols = pixels[0].length;
        double[][] p = new double[rows][cols];
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                boolean even = (pixels[r][c] & 1) == 0;
                p[r][c] = even ? 1 : Double.POSITIVE_INFINITY;
                m[r][c] = even ? Double.POSITIVE_INFINITY : 1;
            }
        }
        return new CostMap(p, m);
    }

    /** LSB matching: +1 and -1 both cost 1, except that 255 cannot go up and 0 cannot go down. */
    public static CostMap matchingCosts(int[][] pixels) {
        Arrays2d.requirePixels(pixels, "pixels");
        double[][] ones = new double[pixels.length][pixels[0].length];
        for (double[] row : ones) {
            java.util.Arrays.fill(row, 1.0);
        }
        return CostMap.symmetric(ones).limitedTo(pixels, 0, 255);
    }

    /** Simulates LSB replacement of {@code payloadBpp} bits per pixel (at most 1). */
    public static Simulation embedReplacement(int[][] pixels, double payloadBpp, long seed) {
        return REPLACEMENT.embed(pixels, payloadBpp, seed);
    }

    /** Simulates LSB matching (random sign, binary coding) of {@code payloadBpp} bits per pixel (at most 1). */
    public static Simulation embedMatching(int[][] pixels, double payloadBpp, long seed) {
        return MATCHING.embed(pixels, payloadBpp, seed);
    }
}
