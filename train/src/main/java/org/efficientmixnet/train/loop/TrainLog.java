package org.efficientmixnet.train.loop;

import java.io.IOException;
import java.nio.file.Path;
import org.efficientmixnet.io.AtomicFile;

/**
 * {@code train.log}: one line per finished epoch, rewritten whole (atomically) from the run's history at the start
 * and after every epoch, so that it always matches the checkpoint: a fresh start leaves no lines of an earlier run,
 * and a resumed run none of the epochs it repeats.
 */
public final class TrainLog implements HistoryFiles {
    private final Path file;
    private final EpochLine line;

    public TrainLog(Path file, EpochLine line) {
        this.file = file;
        this.line = line;
    }



    @Override
    public void write(TrainingLoop<?> loop) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (EpochResult r : loop.state().history()) {
            sb.append(line.format(r, loop.epochs())).append('\n');
        }
        AtomicFile.writeString(file, sb.toString());
    }
}
