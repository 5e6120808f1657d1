package org.efficientmixnet.stego.attack;

/**
 * Sample Pairs Analysis (Dumitrescu, Wu, Wang, "Detection of LSB steganography via sample pair analysis", IEEE TSP
 * 2003). Over all pairs (u, v) of horizontally adjacent pixels it counts X (v even and u &lt; v, or v odd and
 * u &gt; v), Y (v even and u &gt; v, or v odd and u &lt; v), Z (u = v) and W (⌊u/2⌋ = ⌊v/2⌋, u ≠ v), and returns
 * the smaller root p of (|W|+|Z|)/2 · p² + (2|X| − |P|) · p + |Y| − |X| = 0 (the real part when the roots are
 * complex): the estimated payload in bits per pixel. The value is not clipped, so covers give estimates scattered
 * around zero, negative ones included.
 */
public final class SamplePairs {
    private SamplePairs() {
    }

    /** The pair counts {X, Y, Z, W, P}. */
    public static long[] counts(int[][] x) {
        Planes.require(x, 1, 2, "SPA");
        long cx = 0;
        long cy = 0;
        long cz = 0;
        long cw = 0;
        long p = 0;
        for (int[] row : x) {
            for (int c = 0; c + 1 < row.length; c++) {
                int u = row[c];
                int v = row[c + 1];
                boolean odd = (v & 1) == 1;
                if (odd ? u > v : u < v) {
                    cx++;
                } else if (odd ? u < v : u > v) {
                    cy++;
                }
                if (u == v) {
                    cz++;
                } else if (u >> 1 == v >> 1) {
                    cw++;
                }
                p++;
            }
        }
        return new long[] {cx, cy, cz, cw, p};
    }

    /** The estimated payload (bits per pixel) of LSB replacement in the plane {@code x}. */
    public static double estimate(int[][] x) {
        long[] n = counts(x);
        double gamma = n[2] + n[3];
        return Planes.root(gamma / 2, 2.0 * n[0] - n[4], (double) n[1] - n[0], false);
    }
}
