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
        if (!metric.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("objective metric '" + metric + "': use letters, digits, '_', '.', '-'");
        }
    }

    public static Objective max(String metric) {
        return new Objective(metric, true);
    }

    public static Objective min(String metric) {
        return new Objective(metric, false);
    }

    /**
     * An objective as a user writes it: {@code min:NAME}, {@code max:NAME}, or a bare name, minimized when it is a
     * loss or an error rate ({@code *loss}, {@code p_e}, {@code md5}, {@code *error}) and maximized otherwise.
     */
    public static Objective parse(String spec) {
        String s = spec == null ? "" : spec.strip();
        if (s.startsWith("min:") || s.startsWith("max:")) {
            return new Objective(s.substring(4), s.startsWith("max:"));
        }
        if (s.isEmpty() || s.contains(":")) {
            throw new IllegalArgumentException("objective '" + spec + "': expected NAME, min:NAME or max:NAME");
        }
        boolean lower = s.endsWith("loss") || s.endsWith("error") || s.equals("p_e") || s.equals("md5");
        return new Objective(s, !lower);
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
