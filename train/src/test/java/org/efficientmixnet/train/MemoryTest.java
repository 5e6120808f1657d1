package org.efficientmixnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.train.data.SyntheticShapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.efficientmixnet.models.ModelSpec;

/** A training step leaves nothing behind: the engine's live arrays stay flat over hundreds of steps. */
class MemoryTest {
    @TempDir
    Path tmp;

    /** Resident memory outside the Java heap (the heap grows in jumps as the collector decides), in kB. */
    static long nativeKb() throws Exception {
        return rssKb() - Runtime.getRuntime().totalMemory() / 1024;
    }

    static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }

    @Test
    void liveArraysStayFlatOverManySteps() throws Exception {
        Path data = tmp.resolve("d");
        SyntheticShapes.write(data, 2, 20, 16, 3);
        ModelSpec spec = ModelSpec.builder("tiny").blocks(TrainingRunTest.TINY).width(0.25).resolution(16).drop(0.2).dropPath(0.1).build();
        // adamw in lookahead, clipping, label smoothing and a weight EMA, so every part of the step runs
        TrainConfig cfg = TrainConfig.builder(spec, data.toString()).epochs(120).batch(4).lr(0.01).optimizer("adamw")
                .clipGrad(1.0).labelSmoothing(0.1).ema(0.99).lookahead(true).valFraction(0.1).workers(1).build();
        TrainingRun run = TrainingRun.create(cfg, tmp.resolve("run")).progress(Progress.silent()).log(m -> { });
        List<Integer> arrays = new ArrayList<>();
        long[] rss = new long[2];
        run.decorateStep(inner -> (batch, ctx) -> {
            var result = inner.run(batch, ctx);
            long step = ctx.globalIndex() + 1;
            NDManager manager = inner.manager();
            if (step % 100 == 0) {
                arrays.add(manager.getManagedArrays().size());
            }
            try {
                if (step == 300) { // after warm-up: the heap and the native allocator's pools have grown by then
                    rss[0] = nativeKb();
                }
                rss[1] = nativeKb();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return result;
        });
        TrainingRun.Result r = run.fit();
        long steps = r.history().size() * 9L;
        assertTrue(steps >= 1000, "steps: " + steps);
        assertTrue(arrays.size() >= 10);
        for (int n : arrays) {
            assertEquals(arrays.get(0), n, "live arrays after every 100 steps: " + arrays);
        }
        long growthMb = (rss[1] - rss[0]) / 1024;
        System.out.println("live arrays every 100 steps " + arrays + "; native resident memory growth from step 300 to " + steps + ": "
                + growthMb + " MB");
        assertTrue(growthMb < 100, "native resident memory grew by " + growthMb + " MB");
    }
}
