/**
 * The training loop plus listeners: {@link org.efficientmixnet.train.loop.TrainingLoop} owns epochs, steps and
 * resume; a task supplies batches, a step and evaluators; listeners do the progress bar, history, plots,
 * {@code train.log}, checkpoints, early stopping and the NaN stop, over named metrics. {@code emn train}
 * ({@link org.efficientmixnet.train.TrainingRun}) is one such task; the detector and adversarial trainers are others.
 * See docs/training.md, "The loop and its listeners".
 */
package org.efficientmixnet.train.loop;
