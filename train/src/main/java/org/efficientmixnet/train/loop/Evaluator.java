package org.efficientmixnet.train.loop;

import java.util.Map;

/**
 * Runs at the end of every epoch, after the training steps, and returns named metrics for the epoch's result
 * (e.g. {@code val_loss}, {@code val_acc}; or {@code p_e}, {@code wauc}, {@code md5}, {@code accuracy} for a
 * detector). The loop adds them in the order given; names must not repeat.
 */
@FunctionalInterface
public interface Evaluator {
    Map<String, Double> evaluate(int epoch);
}
