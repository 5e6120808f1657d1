package org.efficientmixnet.stego.embed;

/** Payload convention of the spatial domain: bits per pixel over all pixels of the image. */
final class Spatial {
    private Spatial() {
    }

    static Simulation embed(int[][] pixels, CostMap costs, double payloadBpp, long seed, boolean ternary) {
        long n = (long) pixels.length * pixels[0].length;
        double bits = EmbeddingSimulator.messageBits(payloadBpp, "bpp", n);
        return EmbeddingSimulator.simulate(new int[][][] {pixels}, new CostMap[] {costs}, bits, seed, ternary,
                EmbeddingSimulator.label(payloadBpp, "bpp", bits));
    }

    static double[][] toDouble(int[][] pixels) {
        double[][] x = new double[pixels.length][pixels[0].length];
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < x[0].length; c++) {
                x[r][c] = pixels[r][c];
            }
        }
        return x;
    }
}
