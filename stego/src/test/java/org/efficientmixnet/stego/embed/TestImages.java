package org.efficientmixnet.stego.embed;

import java.util.SplittableRandom;

/** Small synthetic covers for the tests. */
final class TestImages {
    private TestImages() {
    }

    /** Smooth gradient on the left half, noise on the right half: a textured and a smooth region. */
    static int[][] halfNoise(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] x = new int[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                x[r][c] = c < cols / 2 ? 100 + r / 8 : 40 + rnd.nextInt(170);
            }
        }
        return x;
    }

    static int[][] noise(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] x = new int[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                x[r][c] = rnd.nextInt(256);
            }
        }
        return x;
    }

    static int[][] constant(int rows, int cols, int value) {
        int[][] x = new int[rows][cols];
        for (int[] row : x) {
            java.util.Arrays.fill(row, value);
        }
        return x;
    }

    /**
     * Laplacian-like quantized DCT coefficients: DC around 0..60, AC shrinking with frequency, many zeros;
     * blocks in the left half are flat (AC zero) so energy varies across the image.
     */
    static int[][] coefficients(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][] c = new int[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                int k = r % 8;
                int l = col % 8;
                if (k == 0 && l == 0) {
                    c[r][col] = rnd.nextInt(61) - 30;
                } else {
                    double scale = 6.0 / (1 + k + l);
                    double lap = -scale * Math.log(1 - rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
                    c[r][col] = (int) Math.round(lap);
                }
            }
        }
        return c;
    }

    /** The standard luminance table (ITU T.81 Annex K) scaled to quality 75, row-major. */
    static int[] quantTable75() {
        int[] base = {
            16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
            14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
            18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
            49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
        };
        int[] q = new int[64];
        for (int i = 0; i < 64; i++) {
            q[i] = Math.max(1, (base[i] * 50 + 50) / 100);
        }
        return q;
    }
}
