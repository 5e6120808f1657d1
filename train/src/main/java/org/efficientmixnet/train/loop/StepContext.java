package org.efficientmixnet.train.loop;

/**
 * Where a step stands: the epoch (1-based), the step's index within the epoch and in the whole run (0-based: the
 * number of steps done before it, what a learning-rate schedule is a function of), and the epoch's step count.
 */
public record StepContext(int epoch, int index, long globalIndex, int stepsPerEpoch) {
}
