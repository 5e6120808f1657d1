package org.efficientmixnet.train.loop;

import java.io.IOException;

/**
 * After every epoch, saves the {@code last} checkpoint, and copies it to {@code best} when the epoch improved the
 * objective. Add it before the listeners that report the epoch.
 */
public final class CheckpointListener implements TrainingListener {
    private final Checkpointer checkpointer;
    private final String last;
    private final String best;

    public CheckpointListener(Checkpointer checkpointer, String last, String best) {
        this.checkpointer = checkpointer;
        this.last = last;
        this.best = best;
    }

    public CheckpointListener(Checkpointer checkpointer) {
        this(checkpointer, "last", "best");
    }

    @Override
    public void onEpochEnd(TrainingLoop<?> loop, EpochResult result) throws IOException {
        checkpointer.save(last, loop.state());
        if (result.best()) {
            checkpointer.copy(last, best, loop.state());
        }
    }
}
