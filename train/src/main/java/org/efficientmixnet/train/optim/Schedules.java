package org.efficientmixnet.train.optim;

import ai.djl.training.tracker.Tracker;

/**
 * Learning-rate schedules as DJL trackers over the update count (1-based, as DJL passes it): step decay,
 * cosine with linear warm-up, and one-cycle (as torch's OneCycleLR with cosine annealing).
 */
public final class Schedules {
    private Schedules() {
    }

    /** {@code base · gamma^⌊(n−1)/stepSize⌋}. */
    public static Tracker step(float base, int stepSize, float gamma) {
        if (stepSize < 1) {
            throw new IllegalArgumentException("step size must be ≥ 1, got " + stepSize);
        }
        return n -> (float) (base * Math.pow(gamma, (Math.max(n, 1) - 1) / stepSize));
    }

    /**
     * Linear warm-up from base/warmup to base over {@code warmup} updates, then cosine from base to {@code min}
     * at update {@code total}.
     */
    public static Tracker cosine(float base, int warmup, int total, float min) {
        if (total < 1 || warmup < 0 || warmup >= total) {
            throw new IllegalArgumentException("cosine schedule needs 0 ≤ warmup < total, got warmup=" + warmup + " total=" + total);
        }
        return n -> {
            int i = Math.max(n, 1);
            if (i <= warmup) {
                return base * i / warmup;
            }
            double p = Math.min(1.0, (i - warmup) / (double) (total - warmup));
            return (float) (min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * p)));
        };
    }

    /**
     * One-cycle: cosine from max/divFactor up to max over the first {@code pctStart} of {@code total} updates, then
     * cosine down to max/(divFactor·finalDivFactor), as torch.optim.lr_scheduler.OneCycleLR (defaults 0.3, 25, 1e4).
     */
    public static Tracker oneCycle(float max, int total, double pctStart, double divFactor, double finalDivFactor) {
        if (total < 2 || pctStart <= 0 || pctStart >= 1) {
            throw new IllegalArgumentException("one-cycle needs total ≥ 2 and 0 < pct_start < 1");
        }
        double initial = max / divFactor;
        double last = initial / finalDivFactor;
        double up = pctStart * total - 1;
        double down = total - 1;
        return n -> {
            double step = Math.max(n, 1) - 1;
            if (step <= up) {
                return (float) anneal(initial, max, step / up);
            }
            return (float) anneal(max, last, Math.min(1.0, (step - up) / (down - up)));
        };
    }

    private static double anneal(double start, double end, double pct) {
        return end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
    }
}
