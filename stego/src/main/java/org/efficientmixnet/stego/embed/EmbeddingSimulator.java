package org.efficientmixnet.stego.embed;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Payload-limited sender: simulates optimal embedding (as if by a code achieving the rate-distortion
 * bound, e.g. syndrome-trellis codes at their limit) of a message of given length with additive costs.
 *
 * <p>Ternary (±1) embedding uses the Gibbs distribution
 * {@code p± = exp(-λρ±) / (1 + exp(-λρ+) + exp(-λρ-))} (Filler, Judas, Fridrich, "Minimizing additive
 * distortion in steganography using syndrome-trellis codes", IEEE TIFS 2011); binary embedding uses
 * {@code p = exp(-λρ) / (1 + exp(-λρ))} with {@code ρ = min(ρ+, ρ-)}. λ is found by bracketing (doubling or
 * halving) and bisection so that the summed entropy equals the message length within a relative 1e-6.
 * Sampling walks the components in order, rows then columns, drawing from one {@link SplittableRandom}
 * seeded with the caller's seed, so the same inputs and seed always give the same stego; exp and log
 * come from {@link StrictMath} so that this holds across JVMs and CPUs, not only within one.
 */
public final class EmbeddingSimulator {
    private static final double LN2 = StrictMath.log(2);
    private static final double LOG2_3 = StrictMath.log(3) / LN2;
    private static final double RELATIVE_TOLERANCE = 1e-6;

    private EmbeddingSimulator() {
    }

    /** Ternary simulation on one component; see {@link #simulateTernary(int[][][], CostMap[], double, long)}. */
    public static Simulation simulateTernary(int[][] cover, CostMap costs, double messageBits, long seed) {
        return simulateTernary(new int[][][] {cover}, new CostMap[] {costs}, messageBits, seed);
    }

    /**
     * Embeds {@code messageBits} bits over all components jointly (one λ for all) with ±1 changes.
     *
     * @throws IllegalArgumentException if the message is negative, not finite, or longer than the capacity
     *                                  (the entropy at λ = 0 given the wet elements)
     */
    public static Simulation simulateTernary(int[][][] covers, CostMap[] costs, double messageBits, long seed) {
        return simulate(covers, costs, messageBits, seed, true, null);
    }

    /** Binary simulation on one component; see {@link #simulateBinary(int[][][], CostMap[], double, long)}. */
    public static Simulation simulateBinary(int[][] cover, CostMap costs, double messageBits, long seed) {
        return simulateBinary(new int[][][] {cover}, new CostMap[] {costs}, messageBits, seed);
    }

    /**
     * Embeds with one change per element at most, of cost {@code min(ρ+, ρ-)}: the direction is the cheaper
     * one, or a random sign when both cost the same (LSB matching style). An element with both costs
     * infinite is wet; capacity is one bit per non-wet element.
     */
    public static Simulation simulateBinary(int[][][] covers, CostMap[] costs, double messageBits, long seed) {
        return simulate(covers, costs, messageBits, seed, false, null);
    }

    /**
     * The ternary change probabilities for a message of {@code messageBits} over the maps jointly, without
     * sampling (for probability-map figures); element i of the result belongs to {@code costs[i]}.
     */
    public static ChangeProbabilities[] ternaryProbabilities(double messageBits, CostMap... costs) {
        double lambda = lambda(costs, messageBits, true, null);
        ChangeProbabilities[] out = new ChangeProbabilities[costs.length];
        for (int i = 0; i < costs.length; i++) {
            CostMap map = costs[i];
            double[][] pp = new double[map.rows()][map.cols()];
            double[][] pm = new double[map.rows()][map.cols()];
            for (int r = 0; r < map.rows(); r++) {
                for (int c = 0; c < map.cols(); c++) {
                    double xp = weight(lambda, map.rhoPlus()[r][c]);
                    double xm = weight(lambda, map.rhoMinus()[r][c]);
                    double z = 1 + xp + xm;
                    pp[r][c] = xp / z;
                    pm[r][c] = xm / z;
                }
            }
            out[i] = new ChangeProbabilities(pp, pm);
        }
        return out;
    }

    static Simulation simulate(int[][][] covers, CostMap[] costs, double messageBits, long seed, boolean ternary,
                               String payloadLabel) {
        if (covers == null || costs == null || covers.length == 0 || covers.length != costs.length) {
            throw new IllegalArgumentException("need one cost map per cover component, got "
                    + (covers == null ? "null" : covers.length) + " components and "
                    + (costs == null ? "null" : costs.length) + " cost maps");
        }
        for (int i = 0; i < covers.length; i++) {
            costs[i].requireSameShape(covers[i], "cover component " + i);
        }
        double lambda = lambda(costs, messageBits, ternary, payloadLabel);
        SplittableRandom random = new SplittableRandom(seed);
        int[][][] stego = new int[covers.length][][];
        ChangeProbabilities[] probabilities = new ChangeProbabilities[covers.length];
        long changes = 0;
        double entropy = 0;
        for (int i = 0; i < covers.length; i++) {
            CostMap map = costs[i];
            int rows = map.rows();
            int cols = map.cols();
            double[][] pp = new double[rows][cols];
            double[][] pm = new double[rows][cols];
            int[][] y = Arrays2d.copy(covers[i]);
            for (int r = 0; r < rows; r++) {
                double[] rp = map.rhoPlus()[r];
                double[] rm = map.rhoMinus()[r];
                for (int c = 0; c < cols; c++) {
                    double u = random.nextDouble();
                    if (ternary) {
                        double xp = weight(lambda, rp[c]);
                        double xm = weight(lambda, rm[c]);
                        double z = 1 + xp + xm;
                        pp[r][c] = xp / z;
                        pm[r][c] = xm / z;
                        entropy += entropyNats(lambda, rp[c], xp, rm[c], xm, z);
                        if (u < pp[r][c]) {
                            y[r][c]++;
                            changes++;
                        } else if (u < pp[r][c] + pm[r][c]) {
                            y[r][c]--;
                            changes++;
                        }
                    } else {
                        double rho = Math.min(rp[c], rm[c]);
                        double x = weight(lambda, rho);
                        double p = x / (1 + x);
                        entropy += entropyNats(lambda, rho, x, Double.POSITIVE_INFINITY, 0, 1 + x);
                        boolean up;
                        if (rp[c] < rm[c]) {
                            up = true;
                        } else if (rm[c] < rp[c]) {
                            up = false;
                        } else {
                            up = random.nextBoolean();
                        }
                        if (up) {
                            pp[r][c] = p;
                        } else {
                            pm[r][c] = p;
                        }
                        if (u < p) {
                            y[r][c] += up ? 1 : -1;
                            changes++;
                        }
                    }
                }
            }
            stego[i] = y;
            probabilities[i] = new ChangeProbabilities(pp, pm);
        }
        return new Simulation(stego, probabilities, changes, lambda, messageBits, entropy / LN2);
    }

    /**
     * The most bits the maps can carry: log2(3) per element with both changes allowed, 1 per element with
     * one (ternary); 1 per non-wet element (binary).
     */
    public static double capacityBits(CostMap[] costs, boolean ternary) {
        double bits = 0;
        for (CostMap map : costs) {
            for (int r = 0; r < map.rows(); r++) {
                for (int c = 0; c < map.cols(); c++) {
                    int open = (map.rhoPlus()[r][c] < Double.POSITIVE_INFINITY ? 1 : 0)
                            + (map.rhoMinus()[r][c] < Double.POSITIVE_INFINITY ? 1 : 0);
                    bits += ternary ? (open == 2 ? LOG2_3 : open) : Math.min(open, 1);
                }
            }
        }
        return bits;
    }

    /** Entropy in bits carried at multiplier λ (ternary or binary), summed over all maps. */
    public static double entropyBits(CostMap[] costs, double lambda, boolean ternary) {
        double nats = 0;
        for (CostMap map : costs) {
            for (int r = 0; r < map.rows(); r++) {
                double[] rp = map.rhoPlus()[r];
                double[] rm = map.rhoMinus()[r];
                for (int c = 0; c < rp.length; c++) {
                    if (ternary) {
                        double xp = weight(lambda, rp[c]);
                        double xm = weight(lambda, rm[c]);
                        nats += entropyNats(lambda, rp[c], xp, rm[c], xm, 1 + xp + xm);
                    } else {
                        double rho = Math.min(rp[c], rm[c]);
                        double x = weight(lambda, rho);
                        nats += entropyNats(lambda, rho, x, Double.POSITIVE_INFINITY, 0, 1 + x);
                    }
                }
            }
        }
        return nats / LN2;
    }

    /**
     * The λ whose Gibbs probabilities carry {@code messageBits}: bracket by doubling/halving from 1, then
     * bisect (geometrically while both ends are positive) until the entropy is within 1e-6 relative.
     */
    public static double lambda(CostMap[] costs, double messageBits, boolean ternary) {
        return lambda(costs, messageBits, ternary, null);
    }

    static double lambda(CostMap[] costs, double messageBits, boolean ternary, String payloadLabel) {
        if (Double.isNaN(messageBits) || Double.isInfinite(messageBits) || messageBits < 0) {
            throw new IllegalArgumentException("message length must be a finite number of bits >= 0, got "
                    + messageBits);
        }
        double capacity = capacityBits(costs, ternary);
        String what = payloadLabel != null ? payloadLabel
                : String.format(Locale.ROOT, "message of %.1f bits", messageBits);
        if (messageBits > capacity * (1 + 1e-12)) {
            long wet = 0;
            for (CostMap m : costs) {
                wet += m.wetCount();
            }
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s exceeds the capacity of %.1f bits (%s entropy at lambda = 0 with %d wet elements)",
                    what, capacity, ternary ? "ternary" : "binary", wet));
        }
        if (messageBits == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (messageBits >= capacity * (1 - 1e-12)) {
            return 0;
        }
        double lo = 1;
        double hi = 1;
        if (entropyBits(costs, 1, ternary) > messageBits) {
            // entropy falls as λ grows: grow hi until it carries too little
            hi = 2;
            int guard = 0;
            while (entropyBits(costs, hi, ternary) > messageBits) {
                lo = hi;
                hi *= 2;
                if (++guard > 2000) {
                    return hi;
                }
            }
        } else {
            lo = 0.5;
            while (entropyBits(costs, lo, ternary) < messageBits) {
                hi = lo;
                lo /= 2;
                if (lo < 1e-300) {
                    lo = 0;
                    break;
                }
            }
        }
        double mid = lo;
        for (int it = 0; it < 300; it++) {
            mid = lo > 0 ? Math.sqrt(lo * hi) : hi / 2;
            double h = entropyBits(costs, mid, ternary);
            if (Math.abs(h - messageBits) <= RELATIVE_TOLERANCE * messageBits) {
                return mid;
            }
            if (h > messageBits) {
                lo = mid;
            } else {
                hi = mid;
            }
            if (hi - lo <= 1e-15 * hi) {
                return lo;
            }
        }
        return lo;
    }

    private static double weight(double lambda, double rho) {
        if (rho == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (lambda == Double.POSITIVE_INFINITY) {
            return rho == 0 ? 1 : 0;
        }
        return StrictMath.exp(-lambda * rho);
    }

    /** H = ln Z + λ(ρ+ p+ + ρ- p-) in nats, the closed form that avoids logs of tiny probabilities. */
    private static double entropyNats(double lambda, double rp, double xp, double rm, double xm, double z) {
        if (lambda == Double.POSITIVE_INFINITY) {
            return StrictMath.log(z);
        }
        double h = StrictMath.log(z);
        if (xp > 0) {
            h += lambda * rp * xp / z;
        }
        if (xm > 0) {
            h += lambda * rm * xm / z;
        }
        return h;
    }

    static double plogp(double p) {
        return p > 0 ? p * StrictMath.log(p) : 0;
    }

    /** Binary entropy h(x) = -x log2 x - (1-x) log2 (1-x). */
    public static double binaryEntropy(double x) {
        return -(plogp(x) + plogp(1 - x)) / LN2;
    }

    /** Inverse of the binary entropy on [0, 1/2], by bisection: the change rate β with h(β) = alpha. */
    public static double inverseBinaryEntropy(double alpha) {
        if (Double.isNaN(alpha) || alpha < 0 || alpha > 1) {
            throw new IllegalArgumentException("binary entropy value must lie in [0, 1], got " + alpha);
        }
        double lo = 0;
        double hi = 0.5;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (binaryEntropy(mid) < alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** Checks a relative payload and turns it into a message length over {@code count} elements. */
    static double messageBits(double payload, String unit, long count) {
        if (Double.isNaN(payload) || Double.isInfinite(payload) || payload < 0) {
            throw new IllegalArgumentException("payload must be a finite number >= 0 " + unit + ", got " + payload);
        }
        return payload * count;
    }

    static String label(double payload, String unit, double bits) {
        return String.format(Locale.ROOT, "payload %s %s (%.1f bits)", payload, unit, bits);
    }
}
