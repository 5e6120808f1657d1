package org.efficientmixnet.stego.attack;

/**
 * Triples analysis (Ker, "A general framework for structural steganalysis of LSB replacement", Information Hiding
 * 2005), the structural method of his framework that looks at three horizontally adjacent pixels (u, v, w). Each
 * triple lies in the trace class C<sub>m,n</sub> (m = ⌊v/2⌋ − ⌊u/2⌋, n = ⌊w/2⌋ − ⌊v/2⌋), which LSB flipping does not
 * change, and in one of its eight subsets by the LSB pattern (u mod 2, v mod 2, w mod 2). LSB replacement that
 * flips each LSB with probability q maps the expected subset counts of a class by B⊗B⊗B, B = [1−q q; q 1−q], so
 * the cover counts are recovered by the inverse. The cover assumption is parity symmetry: for every difference pair
 * (d₁, d₂) = (v − u, w − v) the triples that start at an even u are as many as those that start at an odd u
 * (pairs not both even: the others do not depend on q). Triples with a pixel in the trace 0/1 or 254/255 are left
 * out (clipping breaks the symmetry there; the exclusion is by trace, so flipping cannot move a triple in or out).
 * With e, o the recovered even- and odd-start counts multiplied by (1 − 2q)³ (cubics in q), the estimate q̂
 * minimises Σ (e − o)² / (1 − 2q)³ over the conditions with |d₁|, |d₂| ≤ {@link #DEFAULT_RANGE}, q ∈ [−0.1,
 * 0.495] (a grid, then golden section). The divisor is our choice, measured: the plain polynomial sum (divisor 1)
 * is drawn to q = ½ on many images, the exact least squares of the recovered counts (divisor (1 − 2q)⁶)
 * underestimates large payloads; (1 − 2q)³ had a smaller median error than both at every rate on real-photo covers
 * (docs/stego-attacks.md). The payload is 2q̂ bits per pixel.
 */
public final class Triples {
    /** The largest |d₁| and |d₂| of the symmetry conditions used. */
    public static final int DEFAULT_RANGE = 15;

    private Triples() {
    }

    /** The estimated payload (bits per pixel) of LSB replacement, conditions up to {@link #DEFAULT_RANGE}. */
    public static double estimate(int[][] x) {
        return estimate(x, DEFAULT_RANGE);
    }

    /** The estimated payload (bits per pixel) with the symmetry conditions |d₁|, |d₂| ≤ {@code range}. */
    public static double estimate(int[][] x, int range) {
        Planes.require(x, 1, 3, "triples");
        if (range < 1 || range > 255) {
            throw new IllegalArgumentException("range " + range + " is not in 1–255");
        }
        int bound = range / 2 + 1; // |m|, |n| of every class a condition touches
        int side = 2 * bound + 1;
        double[][][] counts = new double[side][side][8];
        for (int[] row : x) {
            for (int c = 0; c + 2 < row.length; c++) {
                int u = row[c];
                int v = row[c + 1];
                int w = row[c + 2];
                int m = (v >> 1) - (u >> 1);
                int n = (w >> 1) - (v >> 1);
                boolean saturated = isEdge(u) || isEdge(v) || isEdge(w);
                if (!saturated && Math.abs(m) <= bound && Math.abs(n) <= bound) {
                    counts[m + bound][n + bound][(u & 1) << 2 | (v & 1) << 1 | (w & 1)]++;
                }
            }
        }
        // the conditions: for each (d1, d2), the class and subset of the even-start and the odd-start triples
        int conditions = 0;
        int[][] cond = new int[(2 * range + 1) * (2 * range + 1)][6];
        for (int d1 = -range; d1 <= range; d1++) {
            for (int d2 = -range; d2 <= range; d2++) {
                if ((d1 & 1) == 0 && (d2 & 1) == 0) {
                    continue;
                }
                int[] c = cond[conditions++];
                for (int a = 0; a <= 1; a++) {
                    int m = Math.floorDiv(a + d1, 2);
                    int b = Math.floorMod(a + d1, 2);
                    int n = Math.floorDiv(b + d2, 2);
                    int cc = Math.floorMod(b + d2, 2);
                    c[3 * a] = m + bound;
                    c[3 * a + 1] = n + bound;
                    c[3 * a + 2] = a << 2 | b << 1 | cc;
                }
            }
        }
        int nCond = conditions;
        java.util.function.DoubleUnaryOperator objective = q -> {
            double[][] a = {{1 - q, -q}, {-q, 1 - q}};
            double sum = 0;
            for (int i = 0; i < nCond; i++) {
                int[] c = cond[i];
                double e = recovered(counts[c[0]][c[1]], c[2], a);
                double o = recovered(counts[c[3]][c[4]], c[5], a);
                sum += (e - o) * (e - o);
            }
            double k = 1 - 2 * q;
            return sum / (k * k * k);
        };
        return 2 * minimise(objective, -0.1, 0.495);
    }

    /** In the trace class of 0/1 or 254/255, where clipping breaks the parity symmetry. */
    private static boolean isEdge(int s) {
        int t = s >> 1;
        return t == 0 || t == 127;
    }

    /** (1 − 2q)³ times the cover count of subset {@code s}: row s of A⊗A⊗A applied to the observed counts. */
    private static double recovered(double[] observed, int s, double[][] a) {
        int sa = s >> 2;
        int sb = (s >> 1) & 1;
        int sc = s & 1;
        double r = 0;
        for (int t = 0; t < 8; t++) {
            if (observed[t] != 0) {
                r += a[sa][t >> 2] * a[sb][(t >> 1) & 1] * a[sc][t & 1] * observed[t];
            }
        }
        return r;
    }

    /** The minimiser on [lo, hi]: a grid of 750 points, then golden-section search around the best. */
    static double minimise(java.util.function.DoubleUnaryOperator f, double lo, double hi) {
        int steps = 750;
        double h = (hi - lo) / steps;
        double best = lo;
        double bestV = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= steps; i++) {
            double q = lo + i * h;
            double v = f.applyAsDouble(q);
            if (v < bestV) {
                bestV = v;
                best = q;
            }
        }
        double a = Math.max(lo, best - h);
        double b = Math.min(hi, best + h);
        double g = (Math.sqrt(5) - 1) / 2;
        double c = b - g * (b - a);
        double d = a + g * (b - a);
        double fc = f.applyAsDouble(c);
        double fd = f.applyAsDouble(d);
        for (int i = 0; i < 60; i++) {
            if (fc < fd) {
                b = d;
                d = c;
                fd = fc;
                c = b - g * (b - a);
                fc = f.applyAsDouble(c);
            } else {
                a = c;
                c = d;
                fc = fd;
                d = a + g * (b - a);
                fd = f.applyAsDouble(d);
            }
        }
        return (a + b) / 2;
    }
}
