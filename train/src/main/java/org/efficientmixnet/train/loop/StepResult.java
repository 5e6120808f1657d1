package org.efficientmixnet.train.loop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one step reports: how many examples it saw, sums that the epoch averages over examples (a loss given as
 * batch mean × batch size, a count of right answers), and values as of this step (the learning rate). The epoch's
 * result names the averages {@code train_NAME} and keeps the last step's values under their own names.
 */
public final class StepResult {
    private final int examples;
    private final Map<String, Double> sums = new LinkedHashMap<>();
    private final Map<String, Double> values = new LinkedHashMap<>();

    private StepResult(int examples) {
        if (examples < 0) {
            throw new IllegalArgumentException("a step cannot see " + examples + " examples");
        }
        this.examples = examples;
    }

    public static StepResult of(int examples) {
        return new StepResult(examples);
    }

    /** Adds a sum over the step's examples (the epoch reports {@code Σ sums / Σ examples} as {@code train_NAME}). */
    public StepResult sum(String name, double sum) {
        sums.put(name, sum);
        return this;
    }

    /** Adds a mean over the step's examples (stored as mean × examples). */
    public StepResult mean(String name, double mean) {
        return sum(name, mean * examples);
    }

    /** Adds a value as of this step, e.g. {@code lr}: the epoch reports the last step's. */
    public StepResult value(String name, double value) {
        values.put(name, value);
        return this;
    }

    public int examples() {
        return examples;
    }

    public Map<String, Double> sums() {
        return Collections.unmodifiableMap(sums);
    }

    public Map<String, Double> values() {
        return Collections.unmodifiableMap(values);
    }

    /** The step's mean of a summed quantity ({@code NaN} for a step of no examples or an unknown name). */
    public double mean(String name) {
        Double s = sums.get(name);
        return s == null || examples == 0 ? Double.NaN : s / examples;
    }

    @Override
    public String toString() {
        return "StepResult[examples=" + examples + ", sums=" + sums + ", values=" + values + "]";
    }
}
