package org.efficientmixnet.train.loop;

import java.io.IOException;

/**
 * A listener whose files are a function of the run's history ({@code loop.state().history()}): written at the start
 * (so a fresh run keeps nothing of an earlier one and a resumed run's files match its checkpoint) and after every
 * epoch, each time whole.
 */
public interface HistoryFiles extends TrainingListener {
    void write(TrainingLoop<?> loop) throws IOException;

    @Override
    default void onStart(TrainingLoop<?> loop) throws IOException {
        write(loop);
    }

    @Override
    default void onEpochEnd(TrainingLoop<?> loop, EpochResult result) throws IOException {
        write(loop);
    }
}
