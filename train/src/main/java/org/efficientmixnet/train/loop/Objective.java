package org.efficientmixnet.train.loop;

import java.util.ArrayList;
import java.util.List;

/**
 * The metric that chooses the best epoch (the best checkpoint) and that early stopping watches, with its direction:
 * {@code Objective.max("val_acc")} for a classifier, {@code Objective.min("p_e")} for a detector.
 */
public record Objective(String metric, boolean maximize) {
    public Objective {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("an objective needs a metric name");
        }
    }

    public static Objective max(String metric) {
        return new Objective(metric, true);
    }

    public static Objective min(String metric) {
        return new Objective(metric, false);
    }

    /** Whether {@code value} improves on {@code best} (anything improves on {@code NaN}, the start). */
    public boolean improves(double value, double best) {
        return Double.isNaN(best) || (maximize ? value > best : value < best);
    }

    /** The history with each epoch's {@code best} flag as the loop sets it: whether it improved on all before it. */
    public List<EpochResult> mark(List<EpochResult> history) {
        List<EpochResult> out = new ArrayList<>(history.size());
        double best = Double.NaN;
        for (EpochResult r : history) {
            double v = r.get(metric);
            boolean b = improves(v, best);
            if (b) {
                best = v;
            }
            out.add(r.withBest(b));
        }
        return out;
    }

    @Override
    public String toString() {
        return (maximize ? "max " : "min ") + metric;
    }
}
