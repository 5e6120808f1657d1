package org.efficientmixnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.efficientmixnet.train.data.Batch;
import org.efficientmixnet.train.data.SyntheticShapes;
import org.efficientmixnet.train.loop.EpochResult;
import org.efficientmixnet.train.loop.TrainingListener;
import org.efficientmixnet.train.loop.TrainingLoop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.efficientmixnet.models.ModelSpec;

/** Training on tiny generated data: the loss falls, resume is exact, a non-finite loss stops cleanly. */
class TrainingRunTest {
    static final String TINY = "ds_r1_k3_s1_c8;ir_r1_k3_s2_e2_c16;ir_r1_k3_s2_e2_c24";

    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void makeData() {
        data = tmp.resolve("shapes");
        SyntheticShapes.write(data, 3, 24, 24, 7);
    }

    /** A listener that stops the run after the given epoch (after its checkpoint), as a kill would. */
    static TrainingListener stopAfter(int epoch) {
        return new TrainingListener() {
            @Override
            public void onEpochEnd(TrainingLoop<?> loop, EpochResult r) {
                if (r.epoch() >= epoch) {
                    loop.requestStop("test: stopped after epoch " + epoch);
                }
            }
        };
    }

    /** The batch with every pixel NaN. */
    static Batch poisoned(Batch b) {
        float[] nan = new float[b.data().length];
        java.util.Arrays.fill(nan, Float.NaN);
        return new Batch(nan, b.shape(), b.labels(), b.paths());
    }

    static ModelSpec tiny() {
        return ModelSpec.builder("tiny").blocks(TINY).width(0.25).resolution(24).build();
    }

    static TrainConfig.Builder cfg() {
        return TrainConfig.builder(tiny(), data.toString()).epochs(2).batch(8).lr(0.05).momentum(0).workers(1)
                .seed(11).valFraction(0.25);
    }

    @Test
    void trainingLowersTheLossAndWritesTheRunFolder() throws Exception {
        Path run = tmp.resolve("run-learn");
        TrainingRun.Result r = TrainingRun.create(cfg().epochs(6).lr(0.1).momentum(0.9).build(), run)
                .progress(Progress.silent()).fit();
        List<EpochStats> h = r.history();
        assertEquals(6, h.size());
        assertTrue(h.get(5).trainLoss() < h.get(0).trainLoss() * 0.9, "loss should fall: " + h);
        for (String f : List.of("config.json", "history.csv", "history.json", "loss.png", "accuracy.png", "lr.png",
                "last.safetensors", "last.json", "best.safetensors", "best.json")) {
            assertTrue(Files.size(run.resolve(f)) > 0, f);
        }
        assertEquals(7, Files.readAllLines(run.resolve("history.csv")).size());
        Checkpoint last = Checkpoint.read(run.resolve("last.json"));
        assertEquals(6, last.epoch());
        assertEquals(List.of("circle", "square", "triangle"), last.classes());
        assertTrue(CheckpointFiles.readWeights(run.resolve("last.safetensors")).contains("conv_stem.weight"));
    }

    static java.util.stream.Stream<TrainConfig.Builder> resumeCases() {
        return java.util.stream.Stream.of(
                cfg(),
                cfg().momentum(0.9).labelSmoothing(0.1).ema(0.9).warmupEpochs(0.5),
                cfg().optimizer("radam").lr(0.01).lookahead(true).schedule("onecycle"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("resumeCases")
    void resumeContinuesExactly(TrainConfig.Builder builder, @TempDir Path dir) throws Exception {
        TrainingRun.Result full = TrainingRun.create(builder.build(), dir.resolve("full")).progress(Progress.silent()).fit();
        Path part = dir.resolve("part");
        TrainingRun first = TrainingRun.create(builder.build(), part).progress(Progress.silent());
        first.listener(stopAfter(1)); // as if the process were killed after epoch 1's checkpoint
        assertEquals(1, first.fit().history().size());
        TrainingRun.Result resumed = TrainingRun.resume(part).progress(Progress.silent()).fit();
        assertEquals(2, resumed.history().size());
        for (int e = 0; e < 2; e++) {
            EpochStats a = full.history().get(e);
            EpochStats b = resumed.history().get(e);
            assertEquals(a.trainLoss(), b.trainLoss(), 0.0, "train loss, epoch " + (e + 1));
            assertEquals(a.valLoss(), b.valLoss(), 0.0, "val loss, epoch " + (e + 1));
            assertEquals(a.valAcc(), b.valAcc(), 0.0);
            assertEquals(a.lr(), b.lr(), 0.0);
        }
        assertTrue(Files.exists(part.resolve("last.optimizer.safetensors")));
        assertArrayEquals(CheckpointFiles.readWeights(dir.resolve("full").resolve("best.safetensors"))
                .get("classifier.weight").toFloatArray(), CheckpointFiles.readWeights(part.resolve("best.safetensors"))
                .get("classifier.weight").toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> TrainingRun.create(builder.build(), part));
    }

    @Test
    void nonFiniteLossStopsWithTheLastGoodCheckpointIntact() throws Exception {
        Path run = tmp.resolve("nan");
        TrainingRun r = TrainingRun.create(cfg().epochs(3).build(), run).progress(Progress.silent());
        // steps per epoch: 54 training images / 8 = 6, so step 8 (0-based) is in epoch 2; NaN pixels make a NaN loss
        r.decorateStep(step -> (b, ctx) -> step.run(ctx.globalIndex() == 8 ? poisoned(b) : b, ctx));
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, r::fit);
        assertTrue(e.getMessage().contains("epoch 2") && e.getMessage().contains("last good checkpoint (epoch 1)"),
                e.getMessage());
        Checkpoint last = Checkpoint.read(run.resolve("last.json"));
        assertEquals(1, last.epoch());
        float[] w = CheckpointFiles.readWeights(run.resolve("last.safetensors")).get("classifier.weight").toFloatArray();
        for (float v : w) {
            assertTrue(Float.isFinite(v));
        }
        // and the run can be resumed from there
        TrainingRun.Result again = TrainingRun.resume(run).progress(Progress.silent()).fit();
        assertEquals(3, again.history().size());
    }

    @Test
    void initWeightsStartFromAnotherRunWithANewClassifier() throws Exception {
        Path src = tmp.resolve("init-src");
        TrainingRun.create(cfg().epochs(1).build(), src).progress(Progress.silent()).fit();
        Path two = tmp.resolve("two-classes");
        SyntheticShapes.write(two, 2, 12, 24, 3);
        Path run = tmp.resolve("init-dst");
        List<String> log = new java.util.ArrayList<>();
        TrainConfig c = TrainConfig.builder(tiny(), two.toString()).epochs(1).batch(8).lr(1e-12).momentum(0)
                .weightDecay(0).workers(1).initWeights(src.resolve("last.safetensors").toString()).build();
        TrainingRun.create(c, run).progress(Progress.silent()).log(log::add).fit();
        assertTrue(log.stream().anyMatch(l -> l.startsWith("initial weights from")), log.toString());
        float[] before = CheckpointFiles.readWeights(src.resolve("last.safetensors")).get("blocks.1.0.conv_pw.weight").toFloatArray();
        var after = CheckpointFiles.readWeights(run.resolve("last.safetensors"));
        float[] now = after.get("blocks.1.0.conv_pw.weight").toFloatArray();
        for (int i = 0; i < before.length; i++) {
            assertEquals(before[i], now[i], 1e-6);
        }
        assertEquals(2, after.get("classifier.weight").shape()[0]);
    }

    @Test
    void withoutValidationTheHistoryHoldsNaNAndStillResumes() throws Exception {
        Path run = tmp.resolve("noval");
        TrainingRun r = TrainingRun.create(cfg().valFraction(0).earlyStop("train_loss").build(), run)
                .progress(Progress.silent());
        r.listener(stopAfter(1));
        r.fit();
        Checkpoint ck = Checkpoint.read(run.resolve("last.json"));
        assertTrue(Double.isNaN(ck.history().get(0).valLoss()));
        assertEquals(2, TrainingRun.resume(run).progress(Progress.silent()).fit().history().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.create(cfg().valFraction(0).build(), tmp.resolve("noval2")).fit());
        assertTrue(e.getMessage().contains("--early-stop train_loss"), e.getMessage());
    }

    @Test
    void earlyStoppingAfterPatienceEpochsWithoutImprovement() throws Exception {
        Path run = tmp.resolve("early");
        // a learning rate too small to learn: only batch-norm statistics move, and with this seed the validation loss
        // rises from epoch 1 on (1.111, 1.128, 1.157, …), so epochs 2 and 3 use up the patience
        TrainingRun.Result r = TrainingRun.create(cfg().epochs(6).lr(1e-9).earlyStop("val_loss").patience(2).build(), run)
                .progress(Progress.silent()).fit();
        assertTrue(r.stoppedEarly());
        assertEquals(3, r.history().size(), r.history().toString());
        assertEquals(1, r.bestEpoch());
        assertEquals(1, Checkpoint.read(run.resolve("best.json")).epoch());
        assertEquals(3, Checkpoint.read(run.resolve("last.json")).epoch());
    }

    @Test
    void separateValidationFolder() throws Exception {
        Path val = tmp.resolve("val-shapes");
        SyntheticShapes.write(val, 3, 4, 24, 99);
        TrainingRun.Result r = TrainingRun.create(cfg().epochs(1).val(val.toString()).build(), tmp.resolve("with-val"))
                .progress(Progress.silent()).fit();
        assertTrue(r.last().valAcc() >= 0);
        Path bad = tmp.resolve("val-bad");
        SyntheticShapes.write(bad, 4, 2, 24, 98);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingRun.create(
                cfg().epochs(1).val(bad.toString()).build(), tmp.resolve("bad-val")).progress(Progress.silent()).fit());
        assertTrue(e.getMessage().contains("class 'cross' is not one of the training classes"), e.getMessage());
    }
}
