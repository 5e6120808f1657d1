package org.efficientmixnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.efficientmixnet.train.data.SyntheticShapes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13 item 8: checkpoint before the epoch's line, no stale train.log lines, no fresh start over a used folder. */
class RunFolderTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void makeData() {
        data = tmp.resolve("shapes");
        SyntheticShapes.write(data, 3, 16, 24, 5);
    }

    static TrainConfig cfg(int epochs) {
        return TrainConfig.builder(TrainingRunTest.tiny(), data.toString()).epochs(epochs).batch(8).lr(0.05).momentum(0)
                .workers(1).seed(5).valFraction(0.25).build();
    }

    /** A progress sink that, whenever an epoch's line is printed, reads the checkpoint on disk. */
    static final class CheckingWriter extends Writer {
        final Path run;
        final StringBuilder line = new StringBuilder();
        final List<String> seen = new ArrayList<>();
        static final Pattern EPOCH = Pattern.compile("^epoch (\\d+)/\\d+  loss .*");

        CheckingWriter(Path run) {
            this.run = run;
        }

        @Override
        public void write(char[] c, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (c[i] == '\n') {
                    Matcher m = EPOCH.matcher(line);
                    if (m.matches()) {
                        int checkpointed;
                        try {
                            checkpointed = Checkpoint.read(run.resolve("last.json")).epoch();
                        } catch (Exception e) {
                            checkpointed = -1;
                        }
                        seen.add("printed epoch " + m.group(1) + " with checkpoint " + checkpointed);
                    }
                    line.setLength(0);
                } else {
                    line.append(c[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theCheckpointIsOnDiskBeforeTheEpochIsPrinted() throws Exception {
        Path run = tmp.resolve("order");
        CheckingWriter w = new CheckingWriter(run);
        TrainingRun.create(cfg(2), run).progress(new Progress(new PrintWriter(w), false)).log(m -> { }).fit();
        assertEquals(List.of("printed epoch 1 with checkpoint 1", "printed epoch 2 with checkpoint 2"), w.seen);
    }

    @Test
    void aFreshStartInAUsedFolderIsRefusedUnlessOverwritten() throws Exception {
        Path run = tmp.resolve("used");
        TrainingRun.create(cfg(1), run).progress(Progress.silent()).log(m -> { }).fit();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingRun.create(cfg(1), run));
        assertEquals("run folder " + run + " already holds a run: continue it with --resume " + run + ", start it over "
                + "with --overwrite, or choose another --out", e.getMessage());
        // a run killed before its first checkpoint (config.json and a log, no last.json) is a used folder too
        Path early = tmp.resolve("killed-early");
        Files.createDirectories(early);
        Files.writeString(early.resolve("config.json"), cfg(1).toJson());
        Files.writeString(early.resolve("train.log"), "epoch 1/9  stale line of an earlier run\n");
        assertThrows(IllegalArgumentException.class, () -> TrainingRun.create(cfg(1), early));
        // a folder with other things in it is not a run folder
        Path other = tmp.resolve("photos");
        Files.createDirectories(other);
        Files.writeString(other.resolve("a.png"), "x");
        IllegalArgumentException o = assertThrows(IllegalArgumentException.class, () -> TrainingRun.create(cfg(1), other));
        assertTrue(o.getMessage().startsWith("run folder " + other + " is not empty and holds no run (a.png)"), o.getMessage());
        IllegalArgumentException o2 = assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.create(cfg(1), other, true));
        assertTrue(o2.getMessage().contains("holds none"), o2.getMessage());
        assertTrue(Files.exists(other.resolve("a.png")));

        // --overwrite: the old run's files go, the new run starts from nothing and its train.log has its lines only
        Files.writeString(run.resolve("notes.txt"), "mine");
        TrainingRun.Result r = TrainingRun.create(cfg(2), run, true).progress(Progress.silent()).log(m -> { }).fit();
        assertEquals(2, r.history().size());
        List<String> log = Files.readAllLines(run.resolve("train.log"));
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("epoch 1/2  loss") && log.get(1).startsWith("epoch 2/2  loss"), log.toString());
        assertEquals("mine", Files.readString(run.resolve("notes.txt")));
        TrainingRun.create(cfg(1), early, true).progress(Progress.silent()).log(m -> { }).fit();
        assertEquals(1, Files.readAllLines(early.resolve("train.log")).size());
        assertFalse(Files.readString(early.resolve("train.log")).contains("stale"));
    }

    @Test
    void aResumedRunsLogHoldsEachEpochOnce() throws Exception {
        Path run = tmp.resolve("resumed-log");
        TrainingRun.create(cfg(3), run).progress(Progress.silent()).log(m -> { }).listener(TrainingRunTest.stopAfter(1))
                .fit();
        // lines past the checkpoint, as a run killed after printing epoch 2 but before its checkpoint left them
        Files.writeString(run.resolve("train.log"), "epoch 2/3  loss 9.9999  (written before a kill)\n",
                java.nio.file.StandardOpenOption.APPEND);
        TrainingRun.resume(run).progress(Progress.silent()).log(m -> { }).fit();
        List<String> log = Files.readAllLines(run.resolve("train.log"));
        assertEquals(3, log.size(), log.toString());
        for (int e = 1; e <= 3; e++) {
            assertTrue(log.get(e - 1).startsWith("epoch " + e + "/3  loss "), log.toString());
        }
        assertFalse(log.toString().contains("9.9999"));
    }
}
