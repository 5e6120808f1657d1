package org.efficientmixnet.stego.stc;

import org.efficientmixnet.stego.embed.CostMap;
import org.efficientmixnet.stego.embed.EmbeddingSimulator;

/**
 * Embeds bits into integer cover elements with binary STC: binary (one bit per element, its LSB; each element
 * changes at most by ±1 in its cheaper allowed direction) or ternary by the double-layered construction of
 * Filler, Judas, Fridrich (IEEE TIFS 2011, Sec. V): an element's value v carries bit 1 of v mod 4 (layer 2,
 * embedded first with m2 bits) and bit 0 (layer 1, the other m - m2 bits, given the chosen layer-2 bits). The
 * reference splits m evenly; here the sender picks m2 in proportion to the entropy layer 2 carries at λ
 * ({@link #layer2Bits}), which keeps covers with many saturated elements (whose layer-2 bit cannot change)
 * embeddable, and passes m2 on to the receiver.
 * Each layer's binary costs come from the Gibbs distribution of the ternary changes at the λ that carries m
 * bits: the cover bit is the layer's most probable bit and flipping it costs the log-ratio of the two bits'
 * probabilities (conditioned on layer 2 for layer 1). Each layer walks the elements in its own order.
 */
final class LayeredStc {
    private LayeredStc() {
    }

    /** Stego values carrying {@code message} in the elements {@code order2}/{@code order1} (ternary) or {@code order1} (binary). */
    static int[] embed(int[] x, double[] rp, double[] rm, byte[] message, boolean ternary, int m2, int[] order2,
                       int[] order1, byte[] tieUp, SyndromeTrellisCode stc) {
        return embed(x, rp, rm, message, ternary, m2, order2, order1, tieUp, stc, Double.NaN);
    }

    /** As above with the λ of the message over {@code order2} already known ({@code NaN}: search it). */
    static int[] embed(int[] x, double[] rp, double[] rm, byte[] message, boolean ternary, int m2, int[] order2,
                       int[] order1, byte[] tieUp, SyndromeTrellisCode stc, double knownLambda) {
        int[] y = x.clone();
        int m = message.length;
        if (!ternary) {
            int n = order1.length;
            byte[] cover = new byte[n];
            double[] cost = new double[n];
            for (int j = 0; j < n; j++) {
                int e = order1[j];
                cover[j] = (byte) (x[e] & 1);
                cost[j] = Math.min(rp[e], rm[e]);
            }
            byte[] s = stc.embed(cover, cost, message).stego();
            for (int j = 0; j < n; j++) {
                if (s[j] != cover[j]) {
                    int e = order1[j];
                    boolean up = rp[e] < rm[e] || (rp[e] == rm[e] && tieUp[e] != 0);
                    y[e] = x[e] + (up ? 1 : -1);
                }
            }
            return y;
        }
        int n = order2.length;
        double lambda = Double.isNaN(knownLambda) ? lambda(order2, rp, rm, m) : knownLambda;
        // layer 2: bit 1 of the residue
        byte[] b2 = new byte[x.length];
        if (m2 > 0) {
            byte[] cover = new byte[n];
            double[] cost = new double[n];
            for (int j = 0; j < n; j++) {
                int e = order2[j];
                double l0 = logSum(lambda, x[e], rp[e], rm[e], 0, 1);
                double l1 = logSum(lambda, x[e], rp[e], rm[e], 2, 3);
                cover[j] = (byte) (l1 > l0 ? 1 : 0);
                cost[j] = flipCost(l0, l1);
            }
            byte[] s = stc.embed(cover, cost, java.util.Arrays.copyOfRange(message, 0, m2)).stego();
            for (int j = 0; j < n; j++) {
                b2[order2[j]] = s[j];
            }
        } else {
            for (int e : order2) {
                b2[e] = (byte) ((Math.floorMod(x[e], 4) >> 1));
            }
        }
        byte[] cover = new byte[n];
        double[] cost = new double[n];
        for (int j = 0; j < n; j++) {
            int e = order1[j];
            int base = 2 * b2[e];
            double l0 = logSum(lambda, x[e], rp[e], rm[e], base, -1);
            double l1 = logSum(lambda, x[e], rp[e], rm[e], base + 1, -1);
            cover[j] = (byte) (l1 > l0 ? 1 : 0);
            cost[j] = flipCost(l0, l1);
        }
        byte[] s = stc.embed(cover, cost, java.util.Arrays.copyOfRange(message, m2, m)).stego();
        for (int j = 0; j < n; j++) {
            int e = order1[j];
            int residue = 2 * b2[e] + s[j];
            int d = Math.floorMod(residue - x[e] + 1, 4) - 1;   // in -1..2
            double c = d == 0 ? 0 : d == 1 ? rp[e] : d == -1 ? rm[e] : Double.POSITIVE_INFINITY;
            if (c == Double.POSITIVE_INFINITY) {
                throw new IllegalStateException("layered STC chose a forbidden change " + d + " at element " + e);
            }
            y[e] = x[e] + d;
        }
        return y;
    }

    /** The message bits carried by the stego values (inverse of {@link #embed}). */
    static byte[] extract(int[] y, int m, boolean ternary, int m2, int[] order2, int[] order1, SyndromeTrellisCode stc) {
        if (!ternary) {
            byte[] bits = new byte[order1.length];
            for (int j = 0; j < bits.length; j++) {
                bits[j] = (byte) (y[order1[j]] & 1);
            }
            return stc.extract(bits, m);
        }
        byte[] out = new byte[m];
        if (m2 > 0) {
            byte[] bits = new byte[order2.length];
            for (int j = 0; j < bits.length; j++) {
                bits[j] = (byte) (Math.floorMod(y[order2[j]], 4) >> 1);
            }
            System.arraycopy(stc.extract(bits, m2), 0, out, 0, m2);
        }
        byte[] bits = new byte[order1.length];
        for (int j = 0; j < bits.length; j++) {
            bits[j] = (byte) (y[order1[j]] & 1);
        }
        if (m > m2) {
            System.arraycopy(stc.extract(bits, m - m2), 0, out, m2, m - m2);
        }
        return out;
    }

    /**
     * The bits of m to put in layer 2: m times the share of the entropy that layer 2 carries at the λ of m bits,
     * rounded down, and at most what each layer's element count allows.
     */
    static int layer2Bits(int[] x, double[] rp, double[] rm, int[] elements, int m, double lambda) {
        double h2 = 0;
        double h1 = 0;
        long free2 = 0;
        for (int e : elements) {
            double l0 = logSum(lambda, x[e], rp[e], rm[e], 0, 1);
            double l1 = logSum(lambda, x[e], rp[e], rm[e], 2, 3);
            double top = Math.max(l0, l1);
            double z = StrictMath.exp(l0 - top) + StrictMath.exp(l1 - top);
            double p0 = StrictMath.exp(l0 - top) / z;
            h2 += entropy(p0);
            if (l0 > Double.NEGATIVE_INFINITY && l1 > Double.NEGATIVE_INFINITY) {
                free2++;
            }
            for (int b = 0; b < 2; b++) {
                double pb = b == 0 ? p0 : 1 - p0;
                if (pb > 0) {
                    double a0 = logSum(lambda, x[e], rp[e], rm[e], 2 * b, -1);
                    double a1 = logSum(lambda, x[e], rp[e], rm[e], 2 * b + 1, -1);
                    double t = Math.max(a0, a1);
                    double q0 = StrictMath.exp(a0 - t) / (StrictMath.exp(a0 - t) + StrictMath.exp(a1 - t));
                    h1 += pb * entropy(q0);
                }
            }
        }
        int n = elements.length;
        long m2 = h2 + h1 > 0 ? (long) Math.floor(m * h2 / (h2 + h1)) : m / 2;
        // no more than half the elements whose layer-2 bit may change: the code needs room around the others
        m2 = Math.min(m2, free2 / 2);
        m2 = Math.max(m2, (long) m - n);   // layer 1 takes at most n bits
        return (int) Math.min(Math.min(m2, n), m);
    }

    private static double entropy(double p) {
        double s = 0;
        if (p > 0 && p < 1) {
            s = -(p * StrictMath.log(p) + (1 - p) * StrictMath.log(1 - p));
        }
        return s;
    }

    /** The largest m the layout accepts over n elements (each layer at most one bit per element). */
    static long maxBits(int n, boolean ternary) {
        return ternary ? 2L * n : n;
    }

    /** The λ of the Gibbs distribution over these elements that carries m bits. */
    static double lambda(int[] elements, double[] rp, double[] rm, int m) {
        double[] p = new double[elements.length];
        double[] q = new double[elements.length];
        for (int j = 0; j < elements.length; j++) {
            p[j] = rp[elements[j]];
            q[j] = rm[elements[j]];
        }
        CostMap flat = new CostMap(new double[][] {p}, new double[][] {q});
        double cap = EmbeddingSimulator.capacityBits(new CostMap[] {flat}, true);
        return EmbeddingSimulator.lambda(new CostMap[] {flat}, Math.min(m, cap), true);
    }

    /** |log P(bit 0) - log P(bit 1)|, infinite when either bit is impossible. */
    private static double flipCost(double l0, double l1) {
        if (l0 == Double.NEGATIVE_INFINITY || l1 == Double.NEGATIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.abs(l0 - l1);
    }

    /**
     * log Σ exp(-λ c_v) over the candidate values v ∈ {x-1, x, x+1} whose residue v mod 4 is r1 or r2 (with
     * r2 = -1 only r1).
     */
    private static double logSum(double lambda, int x, double rp, double rm, int r1, int r2) {
        double best = Double.NEGATIVE_INFINITY;
        double[] terms = new double[3];
        int count = 0;
        for (int d = -1; d <= 1; d++) {
            int r = Math.floorMod(x + d, 4);
            if (r != r1 && r != r2) {
                continue;
            }
            double c = d == 0 ? 0 : d == 1 ? rp : rm;
            if (c == Double.POSITIVE_INFINITY) {
                continue;
            }
            double t = lambda == Double.POSITIVE_INFINITY ? (c == 0 ? 0 : Double.NEGATIVE_INFINITY) : -lambda * c;
            terms[count++] = t;
            best = Math.max(best, t);
        }
        if (count == 0 || best == Double.NEGATIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        double s = 0;
        for (int i = 0; i < count; i++) {
            s += StrictMath.exp(terms[i] - best);
        }
        return best + StrictMath.log(s);
    }
}
