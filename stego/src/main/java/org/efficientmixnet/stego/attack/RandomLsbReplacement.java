package org.efficientmixnet.stego.attack;

import java.util.SplittableRandom;

/**
 * Plain (uncoded) LSB replacement of a random message at a known rate, the embedding the structural attacks are
 * built for: ⌊rate · N⌉ pixels chosen uniformly at random without repetition have their LSB replaced by a random
 * bit, so about half of them change. A payload of {@code rate} bits per pixel; {@code rate} 1 uses every pixel.
 */
public final class RandomLsbReplacement {
    private RandomLsbReplacement() {
    }

    /** A copy of {@code x} carrying {@code rate} bits per pixel, positions and bits drawn from {@code seed}. */
    public static int[][] embed(int[][] x, double rate, long seed) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("rate " + rate + " is not in [0, 1]");
        }
        Planes.require(x, 1, 1, "LSB replacement");
        int rows = x.length;
        int cols = x[0].length;
        int[][] y = new int[rows][];
        for (int r = 0; r < rows; r++) {
            y[r] = x[r].clone();
        }
        int total = rows * cols;
        int k = (int) Math.round(rate * total);
        int[] idx = new int[total];
        for (int i = 0; i < total; i++) {
            idx[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(total - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
            int p = idx[i];
            int r = p / cols;
            int c = p % cols;
            y[r][c] = (y[r][c] & ~1) | rnd.nextInt(2);
        }
        return y;
    }
}
