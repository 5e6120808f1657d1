package org.efficientmixnet.stego.embed;

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
    private static final double LN2 = Gibbs.LN2;

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
        return probabilities(messageBits, true, costs);
    }

    /**
     * The change probabilities (ternary, or binary with a tie's probability split evenly between +1 and -1) for
     * a message of {@code messageBits} over the maps jointly, without sampling.
     */
    public static ChangeProbabilities[] probabilities(double messageBits, boolean ternary, CostMap... costs) {
        return Gibbs.probabilities(costs, Gibbs.lambda(costs, messageBits, ternary, null), ternary, null);
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
        double lambda = Gibbs.lambda(costs, messageBits, ternary, payloadLabel);
        double[] nats = new double[1];
        ChangeProbabilities[] probabilities = Gibbs.probabilities(costs, lambda, ternary, nats);
        int[][][] stego = new int[covers.length][][];
        long changes = sample(covers, costs, probabilities, ternary, seed, stego);
        return new Simulation(stego, probabilities, changes, lambda, messageBits, nats[0] / Gibbs.LN2);
    }

    /**
     * Draws the changes: one uniform number per element (components in order, rows, then columns) from
     * {@code SplittableRandom(seed)}; ternary: +1 below p+, -1 below p+ + p-; binary: the cheaper direction,
     * or on equal costs a random sign drawn right after the element's number, changed below p = p+ + p-.
     * Fills {@code stegoOut} with changed copies of the covers and returns the number of changes.
     */
    static long sample(int[][][] covers, CostMap[] costs, ChangeProbabilities[] probabilities, boolean ternary,
                       long seed, int[][][] stegoOut) {
        SplittableRandom random = new SplittableRandom(seed);
        long changes = 0;
        for (int i = 0; i < covers.length; i++) {
            int[][] y = Arrays2d.copy(covers[i]);
            double[][] pp = probabilities[i].pPlus();
            double[][] pm = probabilities[i].pMinus();
            for (int r = 0; r < y.length; r++) {
                double[] rp = costs[i].rhoPlus()[r];
                double[] rm = costs[i].rhoMinus()[r];
                for (int c = 0; c < y[r].length; c++) {
                    double u = random.nextDouble();
                    if (ternary) {
                        if (u < pp[r][c]) {
                            y[r][c]++;
                            changes++;
                        } else if (u < pp[r][c] + pm[r][c]) {
                            y[r][c]--;
                            changes++;
                        }
                    } else {
                        boolean up = rp[c] < rm[c] || (rp[c] == rm[c] && random.nextBoolean());
                        if (u < pp[r][c] + pm[r][c]) {
                            y[r][c] += up ? 1 : -1;
                            changes++;
                        }
                    }
                }
            }
            stegoOut[i] = y;
        }
        return changes;
    }

    /**
     * The most bits the maps can carry: log2(3) per element with both changes allowed, 1 per element with
     * one (ternary); 1 per non-wet element (binary).
     */
    public static double capacityBits(CostMap[] costs, boolean ternary) {
        return Gibbs.capacityBits(costs, ternary);
    }

    /** Entropy in bits carried at multiplier λ (ternary or binary), summed over all maps. */
    public static double entropyBits(CostMap[] costs, double lambda, boolean ternary) {
        return Gibbs.entropyBits(costs, lambda, ternary);
    }

    /**
     * The λ whose Gibbs probabilities carry {@code messageBits}: bracket by doubling/halving from 1, then
     * bisect (geometrically while both ends are positive) until the entropy is within 1e-6 relative.
     */
    public static double lambda(CostMap[] costs, double messageBits, boolean ternary) {
        return Gibbs.lambda(costs, messageBits, ternary, null);
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
}
