package org.efficientmixnet.train.loop;

import java.util.Iterator;

/**
 * The training batches of each epoch. For an exact resume, epoch {@code e}'s batches (order, augmentation, random
 * draws) must be a function of the run's seed and {@code e} alone.
 *
 * @param <B> whatever one step consumes: an image batch, a batch of cover/stego pairs, a batch of messages
 */
public interface EpochBatches<B> {
    /** Steps per epoch (what the progress bar counts to). */
    int stepsPerEpoch();

    /** The batches of epoch {@code epoch} (1-based), called once at the start of that epoch. */
    Iterator<B> epoch(int epoch);
}
