package org.efficientmixnet.stego.embed;

import java.util.Locale;

/**
 * The one implementation of the Gibbs change distribution of a payload-limited sender and of the search for its
 * Lagrange multiplier λ. Ternary (±1): {@code p± = exp(-λρ±) / (1 + exp(-λρ+) + exp(-λρ-))}; binary (one
 * change per element, of cost {@code ρ = min(ρ+, ρ-)}): {@code p = exp(-λρ) / (1 + exp(-λρ))}, put on the
 * cheaper direction, or split evenly between both on a tie (LSB-matching style, the sign drawn at sampling).
 * Entropies use the closed form {@code H = ln Z + λ Σ ρ p}, exact for tiny probabilities; exp and log come from
 * {@link StrictMath} so that λ, the probabilities and therefore the stego are the same on every JVM and CPU.
 */
final class Gibbs {
    static final double LN2 = StrictMath.log(2);
    static final double LOG2_3 = StrictMath.log(3) / LN2;
    private static final double RELATIVE_TOLERANCE = 1e-6;

    private Gibbs() {
    }

    /**
     * One row at multiplier λ: writes the probabilities into {@code pp}/{@code pm} when they are not null and
     * returns {@code nats} plus the row's entropy in nats, added element by element (so that a sum over many
     * rows does not depend on how it is split). Every user of the distribution (λ search, probability maps,
     * sampling) goes through here. With {@code variance} not null, {@code variance[0]} also gains each element's
     * variance of the cost under its distribution (the λ search's slope, dH/dλ = −λ Σ Var ρ).
     */
    static double row(double nats, double lambda, double[] rp, double[] rm, boolean ternary, double[] pp,
                      double[] pm, double[] variance) {
        for (int c = 0; c < rp.length; c++) {
            if (ternary) {
                double xp = weight(lambda, rp[c]);
                double xm = rm[c] == rp[c] ? xp : weight(lambda, rm[c]);
                double z = 1 + xp + xm;
                if (pp != null) {
                    pp[c] = xp / z;
                    pm[c] = xm / z;
                }
                nats += entropyNats(lambda, rp[c], xp, rm[c], xm, z);
                if (variance != null) {
                    double ap = xp > 0 ? rp[c] * xp / z : 0;
                    double am = xm > 0 ? rm[c] * xm / z : 0;
                    double e1 = ap + am;
                    variance[0] += (xp > 0 ? rp[c] * ap : 0) + (xm > 0 ? rm[c] * am : 0) - e1 * e1;
                }
            } else {
                double rho = Math.min(rp[c], rm[c]);
                double x = weight(lambda, rho);
                double p = x / (1 + x);
                if (pp != null) {
                    if (rp[c] < rm[c]) {
                        pp[c] = p;
                        pm[c] = 0;
                    } else if (rm[c] < rp[c]) {
                        pp[c] = 0;
                        pm[c] = p;
                    } else {
                        pp[c] = p / 2;
                        pm[c] = p / 2;
                    }
                }
                nats += entropyNats(lambda, rho, x, Double.POSITIVE_INFINITY, 0, 1 + x);
                if (variance != null && x > 0) {
                    double a = rho * x / (1 + x);
                    variance[0] += rho * a - a * a;
                }
            }
        }
        return nats;
    }

    /** Entropy in bits carried at multiplier λ, summed over all maps. */
    static double entropyBits(CostMap[] costs, double lambda, boolean ternary) {
        double nats = 0;
        for (CostMap map : costs) {
            for (int r = 0; r < map.rows(); r++) {
                nats = row(nats, lambda, map.rhoPlus()[r], map.rhoMinus()[r], ternary, null, null, null);
            }
        }
        return nats / LN2;
    }

    /** The change probabilities at λ, one per map; {@code entropyOut[0]} receives their entropy in nats. */
    static ChangeProbabilities[] probabilities(CostMap[] costs, double lambda, boolean ternary, double[] entropyOut) {
        ChangeProbabilities[] out = new ChangeProbabilities[costs.length];
        double nats = 0;
        for (int i = 0; i < costs.length; i++) {
            CostMap map = costs[i];
            double[][] pp = new double[map.rows()][map.cols()];
            double[][] pm = new double[map.rows()][map.cols()];
            for (int r = 0; r < map.rows(); r++) {
                nats = row(nats, lambda, map.rhoPlus()[r], map.rhoMinus()[r], ternary, pp[r], pm[r], null);
            }
            out[i] = new ChangeProbabilities(pp, pm);
        }
        if (entropyOut != null) {
            entropyOut[0] = nats;
        }
        return out;
    }

    /**
     * The most bits the maps can carry: log2(3) per element with both changes allowed, 1 per element with
     * one (ternary); 1 per non-wet element (binary).
     */
    static double capacityBits(CostMap[] costs, boolean ternary) {
        double bits = 0;
        for (CostMap map : costs) {
            for (int r = 0; r < map.rows(); r++) {
                for (int c = 0; c < map.cols(); c++) {
                    bits += capacityBits(map.rhoPlus()[r][c], map.rhoMinus()[r][c], ternary);
                }
            }
        }
        return bits;
    }

    /** The most bits one element with costs {@code rp}, {@code rm} can carry ({@link #capacityBits(CostMap[], boolean)}). */
    private static double capacityBits(double rp, double rm, boolean ternary) {
        int open = (rp < Double.POSITIVE_INFINITY ? 1 : 0) + (rm < Double.POSITIVE_INFINITY ? 1 : 0);
        return ternary ? (open == 2 ? LOG2_3 : open) : Math.min(open, 1);
    }

    /**
     * The λ whose probabilities carry {@code messageBits} ({@link #newtonInLogLambda}). A message of the whole
     * capacity gives 0, an empty one +∞.
     *
     * @param payloadLabel how errors name the message (null: by its length)
     */
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
        return newtonInLogLambda((l, out) -> entropyAndSlopeBits(costs, l, ternary, out), messageBits,
                warmStart(costs, messageBits, ternary));
    }

    /** Elements between two of the warm start's sample: prime, so that it visits every DCT mode and column. */
    private static final int SAMPLE_STRIDE = 17;

    /**
     * Where the full search starts: the root of the same curve on every {@value #SAMPLE_STRIDE}th element (scaled
     * to the whole), to 1e-3, in about a sixteenth of a pass each. From there Newton needs two or three full
     * passes instead of about six. Deterministic (a fixed sample, the same arithmetic), so the λ of a cover and
     * payload is the same on every machine; small maps start from 1.
     */
    static double warmStart(CostMap[] costs, double messageBits, boolean ternary) {
        long n = 0;
        for (CostMap m : costs) {
            n += (long) m.rows() * m.cols();
        }
        if (n < 64L * SAMPLE_STRIDE) {
            return 1;
        }
        int k = (int) ((n + SAMPLE_STRIDE - 1) / SAMPLE_STRIDE);
        double[] sp = new double[k];
        double[] sm = new double[k];
        int j = 0;
        long i = 0;
        for (CostMap m : costs) {
            for (int r = 0; r < m.rows(); r++) {
                double[] rp = m.rhoPlus()[r];
                double[] rm = m.rhoMinus()[r];
                for (int c = 0; c < rp.length; c++, i++) {
                    if (i % SAMPLE_STRIDE == 0) {
                        sp[j] = rp[c];
                        sm[j] = rm[c];
                        j++;
                    }
                }
            }
        }
        // j == k: i runs over every element once
        double scale = (double) n / j;
        double sampleCapacity = 0;
        for (int c = 0; c < j; c++) {
            sampleCapacity += capacityBits(sp[c], sm[c], ternary);
        }
        if (messageBits >= sampleCapacity * scale * (1 - 1e-3)) {
            return 1; // the sample cannot carry it: no estimate, start as before
        }
        return newtonInLogLambda((l, out) -> {
            double[] variance = new double[1];
            double nats = row(0, l, sp, sm, ternary, null, null, variance);
            out[0] = scale * nats / LN2;
            out[1] = -scale * l * variance[0] / LN2;
        }, messageBits, 1, 1e-3);
    }

    /** An entropy curve H(λ), falling in λ: {@code out[0]} = H and {@code out[1]} = dH/dλ at λ, from one pass. */
    @FunctionalInterface
    interface EntropyCurve {
        void at(double lambda, double[] out);
    }

    /**
     * The λ with H(λ) = {@code target} (0 < target < H(0)) to 1e-6 relative, for every
     * λ search of a payload-limited sender (Gibbs, MiPOD, J-MiPOD): Newton's method in ln λ from λ = 1, the entropy
     * and its slope from one pass, kept inside a bracket [lo, hi] (H(lo) > target > H(hi)) by doubling, halving or
     * the geometric middle where a Newton step would leave it. About 6 passes where bracketing and bisection took
     * about 35.
     */
    static double newtonInLogLambda(EntropyCurve curve, double target) {
        return newtonInLogLambda(curve, target, 1);
    }

    /** As {@link #newtonInLogLambda(EntropyCurve, double)}, from {@code start} (> 0). */
    static double newtonInLogLambda(EntropyCurve curve, double target, double start) {
        return newtonInLogLambda(curve, target, start, RELATIVE_TOLERANCE);
    }

    private static double newtonInLogLambda(EntropyCurve curve, double target, double start, double tolerance) {
        double lo = 0;
        double hi = Double.POSITIVE_INFINITY;
        double lambda = start > 0 && start < Double.POSITIVE_INFINITY ? start : 1;
        double[] hs = new double[2];
        for (int it = 0; it < 500; it++) {
            curve.at(lambda, hs);
            double h = hs[0];
            if (Math.abs(h - target) <= tolerance * target) {
                return lambda;
            }
            if (h > target) {
                lo = lambda;
            } else {
                hi = lambda;
            }
            if (hi < Double.POSITIVE_INFINITY && hi - lo <= 1e-15 * hi) {
                return lo;
            }
            double slope = hs[1];
            double next = slope < 0 ? lambda * StrictMath.exp((target - h) / (lambda * slope)) : Double.NaN;
            if (!(next > lo && next < hi) || Double.isInfinite(next)) {
                if (hi == Double.POSITIVE_INFINITY) {
                    next = lambda * 4;
                } else if (lo == 0) {
                    next = lambda / 4;
                    if (next < 1e-300) {
                        return 0;
                    }
                } else {
                    next = Math.sqrt(lo * hi);
                }
            }
            lambda = next;
        }
        return lo;
    }

    /**
     * Entropy in bits at λ ({@code out[0]}, the same sum as {@link #entropyBits}) and its derivative by λ
     * ({@code out[1]} = −λ Σ Var(ρ), the variance of each element's cost under its change distribution).
     */
    private static void entropyAndSlopeBits(CostMap[] costs, double lambda, boolean ternary, double[] out) {
        double nats = 0;
        double[] variance = new double[1];
        for (CostMap map : costs) {
            for (int r = 0; r < map.rows(); r++) {
                nats = row(nats, lambda, map.rhoPlus()[r], map.rhoMinus()[r], ternary, null, null, variance);
            }
        }
        out[0] = nats / LN2;
        out[1] = -lambda * variance[0] / LN2;
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
}
