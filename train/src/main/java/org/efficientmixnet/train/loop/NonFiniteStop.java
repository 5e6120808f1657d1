package org.efficientmixnet.train.loop;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.efficientmixnet.train.NonFiniteLossException;

/**
 * Ends the run with a {@link NonFiniteLossException} as soon as a step reports a non-finite sum (a loss that became
 * NaN or infinite), naming the epoch, the step and the learning rate (a step value {@code lr}, when reported). Add it
 * first: nothing after that step is saved, so the last checkpoint stays the last good one.
 */
public final class NonFiniteStop implements TrainingListener {
    private final Path dir;
    private final String advice;

    /** {@code dir}: where the checkpoints are (for the message); {@code advice}: what to change, e.g. "lower --lr". */
    public NonFiniteStop(Path dir, String advice) {
        this.dir = dir;
        this.advice = advice;
    }

    @Override
    public void onStep(TrainingLoop<?> loop, StepContext step, StepResult result) {
        for (Map.Entry<String, Double> e : result.sums().entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                Double lr = result.values().get("lr");
                int good = loop.state().epoch();
                throw new NonFiniteLossException(String.format(Locale.ROOT, "the %s became %s at epoch %d, step %d%s: "
                        + "training stopped. %s; %s", e.getKey(), result.mean(e.getKey()), step.epoch(), step.index() + 1,
                        lr == null ? "" : String.format(Locale.ROOT, " (learning rate %.3g)", lr),
                        good > 0 ? "The last good checkpoint (epoch " + good + ") is unchanged in " + dir
                                : "No checkpoint was written yet in " + dir,
                        advice));
            }
        }
    }
}
