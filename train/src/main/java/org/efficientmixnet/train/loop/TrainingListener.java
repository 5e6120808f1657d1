package org.efficientmixnet.train.loop;

import java.io.IOException;

/**
 * Called by {@link TrainingLoop} as a run goes on; every method does nothing by default. Listeners run in the order
 * they were added, and at an epoch's end that order matters: add the {@link CheckpointListener} before the listeners
 * that report the epoch ({@link ProgressListener}, {@link TrainLog}), so that a run killed after an epoch was
 * reported always has that epoch's checkpoint. A listener may stop the run ({@link TrainingLoop#requestStop}) or
 * throw: an exception ends the run and reaches {@link TrainingLoop#run}'s caller.
 */
public interface TrainingListener {
    /** Before the first epoch, fresh or resumed ({@code loop.state()} is where it resumes). */
    default void onStart(TrainingLoop<?> loop) throws IOException {
    }

    default void onEpochStart(TrainingLoop<?> loop, int epoch) throws IOException {
    }

    /** After every step, with what it reported. */
    default void onStep(TrainingLoop<?> loop, StepContext step, StepResult result) throws IOException {
    }

    /** After an epoch's steps and evaluators; {@code loop.state()} already includes {@code result}. */
    default void onEpochEnd(TrainingLoop<?> loop, EpochResult result) throws IOException {
    }

    /** After the last epoch, or when the run was stopped ({@code loop.stopReason()}); not after an exception. */
    default void onEnd(TrainingLoop<?> loop) throws IOException {
    }
}
