package org.efficientmixnet.train.loop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finished epoch as named metrics, in a fixed order: the last step's values (e.g. {@code lr}), the training
 * averages ({@code train_loss}, …), the evaluators' metrics, then {@code seconds} (the whole epoch, evaluation
 * included) and {@code images_per_s} (training examples per second of the training steps). {@code best}: the
 * run's {@link Objective} improved at this epoch.
 */
public record EpochResult(int epoch, Map<String, Double> metrics, boolean best) {
    public EpochResult {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The metric's value; an unknown name is an error naming the ones there are. */
    public double get(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("epoch " + epoch + " has no metric '" + name + "': it has "
                    + String.join(", ", metrics.keySet()));
        }
        return v;
    }

    /** The metric's value, or {@code NaN} when the epoch has none by that name. */
    public double getOrNaN(String name) {
        return metrics.getOrDefault(name, Double.NaN);
    }

    public EpochResult withBest(boolean b) {
        return new EpochResult(epoch, metrics, b);
    }
}
