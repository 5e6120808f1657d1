package org.efficientmixnet.train.loop;

import java.io.IOException;
import java.nio.file.Path;
import org.efficientmixnet.io.AtomicFile;

/**
 * {@code history.csv} and {@code history.json}: the run's epochs so far, rewritten (atomically) at the start and
 * after every epoch, so that they always match the checkpoint.
 */
public final class HistoryListener implements HistoryFiles {
    private final Path dir;
    private final HistoryFormat format;

    public HistoryListener(Path dir, HistoryFormat format) {
        this.dir = dir;
        this.format = format;
    }

    public HistoryListener(Path dir) {
        this(dir, HistoryFormat.named());
    }



    @Override
    public void write(TrainingLoop<?> loop) throws IOException {
        var h = loop.state().history();
        AtomicFile.writeString(dir.resolve("history.csv"), format.csv(h));
        AtomicFile.writeString(dir.resolve("history.json"), format.json(h));
    }
}
