package org.efficientmixnet.train.loop;

import java.util.List;

/**
 * Where a run stands after a finished epoch: what a checkpoint saves for an exact resume besides the weights and
 * the optimizer state. {@code best}: the objective's best value ({@code NaN} before the first epoch), reached at
 * {@code bestEpoch}; {@code badEpochs}: epochs since it last improved.
 */
public record LoopState(int epoch, long globalStep, List<EpochResult> history, double best, int bestEpoch,
        int badEpochs) {
    public LoopState {
        history = List.copyOf(history);
    }

    /** A run that has not started. */
    public static LoopState fresh() {
        return new LoopState(0, 0, List.of(), Double.NaN, 0, 0);
    }

    /** The last finished epoch's result. */
    public EpochResult last() {
        if (history.isEmpty()) {
            throw new IllegalStateException("no epoch has finished yet");
        }
        return history.get(history.size() - 1);
    }
}
