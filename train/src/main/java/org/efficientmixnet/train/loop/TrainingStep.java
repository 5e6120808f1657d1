package org.efficientmixnet.train.loop;

/**
 * One optimization step on one batch, whatever it computes: forward, loss, backward and the optimizer updates of
 * one network or of several. Its result is named numbers ({@link StepResult}); a step that finds its loss non-finite
 * reports it and leaves the weights unchanged ({@link NonFiniteStop} then stops the run).
 *
 * @param <B> the batch type, as the task's {@link EpochBatches} makes it
 */
@FunctionalInterface
public interface TrainingStep<B> {
    StepResult run(B batch, StepContext context);
}
