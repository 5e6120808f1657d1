package org.efficientmixnet.train.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.efficientmixnet.train.NonFiniteLossException;
import org.efficientmixnet.weights.ModelWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's own contract, on a task of plain numbers (no engine) unless a test needs a network. */
class TrainingLoopTest {
    @TempDir
    Path tmp;

    /** Four steps of two examples per epoch; the loss falls with the global step, the score is a given sequence. */
    static EpochBatches<Integer> batches() {
        return new EpochBatches<>() {
            public int stepsPerEpoch() {
                return 4;
            }

            public Iterator<Integer> epoch(int epoch) {
                return IntStream.range(0, 4).map(i -> epoch * 10 + i).boxed().iterator();
            }
        };
    }

    static final TrainingStep<Integer> STEP = (b, ctx) -> StepResult.of(2).mean("loss", 1.0 / (1 + ctx.globalIndex()))
            .sum("right", b % 2).value("lr", 0.1 * ctx.epoch());

    static Evaluator scores(double... byEpoch) {
        return epoch -> Map.of("score", byEpoch[epoch - 1]);
    }

    /** Remembers every state it is asked to save, by name. */
    static final class MemoryCheckpointer implements Checkpointer {
        final Map<String, LoopState> saved = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();

        public void save(String name, LoopState s) {
            saved.put(name, s);
            calls.add(name + "@" + s.epoch());
        }

        @Override
        public void copy(String from, String to, LoopState s) {
            saved.put(to, saved.get(from));
            calls.add(from + "->" + to + "@" + s.epoch());
        }
    }

    static List<Map<String, Double>> withoutTimes(List<EpochResult> h) {
        List<Map<String, Double>> out = new ArrayList<>();
        for (EpochResult r : h) {
            Map<String, Double> m = new LinkedHashMap<>(r.metrics());
            m.remove("seconds");
            m.remove("images_per_s");
            out.add(m);
        }
        return out;
    }

    @Test
    void epochsBecomeNamedMetricsAndTheObjectivePicksTheBest() throws IOException {
        MemoryCheckpointer ck = new MemoryCheckpointer();
        TrainingLoop<Integer> loop = TrainingLoop.builder(batches(), STEP).epochs(4).objective(Objective.min("score"))
                .evaluator(scores(0.4, 0.3, 0.35, 0.2)).listener(new CheckpointListener(ck)).build();
        LoopState end = loop.run();
        assertEquals(4, end.epoch());
        assertEquals(16, end.globalStep());
        EpochResult first = end.history().get(0);
        assertEquals(List.of("lr", "train_loss", "train_right", "score", "seconds", "images_per_s"),
                new ArrayList<>(first.metrics().keySet()));
        assertEquals((1 + 1 / 2.0 + 1 / 3.0 + 1 / 4.0) / 4, first.get("train_loss"), 1e-12);
        assertEquals(2 / 8.0, first.get("train_right"), 0.0); // batches 11 and 13 of 10..13: two right of eight
        assertEquals(0.1, first.get("lr"), 0.0);
        assertEquals(List.of(true, true, false, true), end.history().stream().map(EpochResult::best).toList());
        assertEquals(0.2, end.best(), 0.0);
        assertEquals(4, end.bestEpoch());
        assertEquals(List.of("last@1", "last->best@1", "last@2", "last->best@2", "last@3", "last@4", "last->best@4"),
                ck.calls);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> first.get("p_e"));
        assertTrue(e.getMessage().contains("no metric 'p_e'") && e.getMessage().contains("train_loss"), e.getMessage());
    }

    @Test
    void earlyStoppingAndMaximizedObjectives() throws IOException {
        List<String> log = new ArrayList<>();
        EarlyStopping early = new EarlyStopping(2, log::add);
        TrainingLoop<Integer> loop = TrainingLoop.builder(batches(), STEP).epochs(6).objective(Objective.max("score"))
                .evaluator(scores(0.5, 0.7, 0.6, 0.7, 0.9, 0.95)).listener(early).build();
        LoopState end = loop.run();
        assertEquals(4, end.epoch()); // 0.6 and 0.7 do not improve on 0.7
        assertTrue(early.fired());
        assertEquals(List.of("early stop: score has not improved for 2 epochs (best 0.7000 at epoch 2)"), log);
        assertEquals(log.get(0), loop.stopReason());
        assertFalse(loop.stoppedMidEpoch());
    }

    @Test
    void aStopFromAnotherThreadEndsAfterTheStepAndTheEpochIsRepeatedOnResume() throws Exception {
        MemoryCheckpointer ck = new MemoryCheckpointer();
        List<String> events = new ArrayList<>();
        TrainingLoop<Integer>[] holder = new TrainingLoop[1];
        TrainingStep<Integer> stopping = (b, ctx) -> {
            if (ctx.epoch() == 2 && ctx.index() == 1) {
                Thread t = new Thread(() -> holder[0].requestStop("signal"));
                t.start();
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return STEP.run(b, ctx);
        };
        TrainingListener trace = new TrainingListener() {
            public void onStep(TrainingLoop<?> l, StepContext s, StepResult r) {
                events.add(s.epoch() + "." + s.index());
            }

            public void onEnd(TrainingLoop<?> l) {
                events.add("end");
            }
        };
        holder[0] = TrainingLoop.builder(batches(), stopping).epochs(3).objective(Objective.min("score"))
                .evaluator(scores(0.4, 0.3, 0.2)).listener(new CheckpointListener(ck)).listener(trace).build();
        LoopState cut = holder[0].run();
        assertEquals(List.of("1.0", "1.1", "1.2", "1.3", "2.0", "2.1", "end"), events);
        assertTrue(holder[0].stoppedMidEpoch());
        assertEquals("signal", holder[0].stopReason());
        assertEquals(1, cut.epoch());
        assertEquals(1, ck.saved.get("last").epoch());

        LoopState resumed = TrainingLoop.builder(batches(), STEP).epochs(3).objective(Objective.min("score"))
                .evaluator(scores(0.4, 0.3, 0.2)).resumeFrom(ck.saved.get("last")).build().run();
        LoopState full = TrainingLoop.builder(batches(), STEP).epochs(3).objective(Objective.min("score"))
                .evaluator(scores(0.4, 0.3, 0.2)).build().run();
        assertEquals(withoutTimes(full.history()), withoutTimes(resumed.history()));
        assertEquals(full.globalStep(), resumed.globalStep());
        assertEquals(full.history().stream().map(EpochResult::best).toList(),
                resumed.history().stream().map(EpochResult::best).toList());
    }

    @Test
    void aNonFiniteSumStopsWithTheStepAndTheLastGoodEpoch() {
        MemoryCheckpointer ck = new MemoryCheckpointer();
        TrainingStep<Integer> nan = (b, ctx) -> ctx.globalIndex() == 6
                ? StepResult.of(2).mean("loss_eve", Double.NaN).value("lr", 0.05) : STEP.run(b, ctx);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> TrainingLoop.builder(batches(), nan)
                .epochs(3).evaluator(scores(0.4, 0.3, 0.2)).listener(new NonFiniteStop(tmp, "lower --lr"))
                .listener(new CheckpointListener(ck)).build().run());
        assertEquals("the loss_eve became NaN at epoch 2, step 3 (learning rate 0.0500): training stopped. The last good "
                + "checkpoint (epoch 1) is unchanged in " + tmp + "; lower --lr", e.getMessage());
        assertEquals(List.of("last@1", "last->best@1"), ck.calls);
    }

    @Test
    void evaluatorsMayNotRepeatAName() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainingLoop.builder(batches(), STEP)
                .evaluator(scores(0.1)).evaluator(scores(0.2)).build().run());
        assertTrue(e.getMessage().contains("two metrics named 'score'"), e.getMessage());
    }

    @Test
    void historyLogAndPlotsByMetricName() throws IOException {
        TrainingLoop.builder(batches(), STEP).epochs(2).objective(Objective.min("p_e"))
                .evaluator(epoch -> Map.of("p_e", 0.5 / epoch)).listener(new HistoryListener(tmp))
                .listener(new TrainLog(tmp.resolve("train.log"), EpochLine.standard()))
                .listener(new PlotListener(tmp, List.of(new PlotListener.Plot("pe.png", "P_E", "P_E",
                        List.of(new PlotListener.Curve("validation", "p_e")))))).build().run();
        List<String> csv = Files.readAllLines(tmp.resolve("history.csv"));
        assertEquals("epoch,lr,train_loss,train_right,p_e,seconds,images_per_s", csv.get(0));
        assertTrue(csv.get(2).startsWith("2,0.2,"), csv.get(2));
        assertTrue(csv.get(2).contains(",0.25,"), csv.get(2));
        assertTrue(Files.readString(tmp.resolve("history.json")).contains("\"p_e\": 0.25"));
        List<String> log = Files.readAllLines(tmp.resolve("train.log"));
        assertEquals(2, log.size());
        assertTrue(log.get(1).startsWith("epoch 2/2  lr 0.200  train_loss ") && log.get(1).contains("  p_e 0.2500  ")
                && log.get(1).endsWith("(best)"), log.get(1));
        assertTrue(Files.size(tmp.resolve("pe.png")) > 0);
    }

    @Test
    void checkpointsOfSeveralNetworksRestoreExactly() throws IOException {
        try (Model a = Model.newInstance("alice"); Model b = Model.newInstance("bob")) {
            a.setBlock(Linear.builder().setUnits(3).build());
            b.setBlock(Linear.builder().setUnits(2).build());
            a.getBlock().initialize(a.getNDManager(), DataType.FLOAT32, new Shape(1, 4));
            b.getBlock().initialize(b.getNDManager(), DataType.FLOAT32, new Shape(1, 3));
            Checkpoints ck = Checkpoints.in(tmp).network("alice", a.getBlock()).network("bob", b.getBlock());
            LoopState s = TrainingLoop.builder(batches(), STEP).epochs(2).objective(Objective.min("score"))
                    .evaluator(scores(0.3, 0.4)).listener(new CheckpointListener(ck)).build().run();
            float[] alice = ModelWeights.stateDict(a.getBlock()).get("weight").toFloatArray();
            assertTrue(Checkpoints.exists(tmp, "best") && Files.exists(tmp.resolve("best.bob.safetensors")));
            // change the weights, then restore: the saved ones come back, with the loop's state
            a.getBlock().getParameters().get("weight").getArray().muli(0);
            LoopState back = ck.restore("last");
            assertArrayEquals(alice, ModelWeights.stateDict(a.getBlock()).get("weight").toFloatArray());
            assertEquals(s.epoch(), back.epoch());
            assertEquals(s.globalStep(), back.globalStep());
            assertEquals(1, back.bestEpoch());
            assertEquals(withoutTimes(s.history()), withoutTimes(back.history()));
            assertEquals(1, ck.read("best").epoch()); // best was copied at epoch 1
            // a weight file replaced after its JSON was written is refused, naming both
            Files.write(tmp.resolve("last.bob.safetensors"), Files.readAllBytes(tmp.resolve("best.alice.safetensors")));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ck.restore("last"));
            assertTrue(e.getMessage().contains("last.json does not match") && e.getMessage().contains("last.bob"),
                    e.getMessage());
        }
    }

    @Test
    void objectivesAsUsersWriteThem() {
        assertEquals(Objective.min("p_e"), Objective.parse("p_e"));
        assertEquals(Objective.min("val_loss"), Objective.parse("val_loss"));
        assertEquals(Objective.min("md5"), Objective.parse("md5"));
        assertEquals(Objective.max("wauc"), Objective.parse("wauc"));
        assertEquals(Objective.max("accuracy"), Objective.parse("max:accuracy"));
        assertEquals(Objective.min("accuracy"), Objective.parse("min:accuracy"));
        assertThrows(IllegalArgumentException.class, () -> Objective.parse("best:p_e"));
        assertThrows(IllegalArgumentException.class, () -> Objective.parse(""));
        assertTrue(Objective.min("p_e").improves(0.2, 0.3) && !Objective.min("p_e").improves(0.3, 0.3));
        assertTrue(Objective.max("acc").improves(0.1, Double.NaN));
    }

    @Test
    void anEpochWithoutExamplesIsAnError() {
        EpochBatches<Integer> empty = new EpochBatches<>() {
            public int stepsPerEpoch() {
                return 0;
            }

            public Iterator<Integer> epoch(int epoch) {
                return java.util.Collections.emptyIterator();
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingLoop.builder(empty, STEP).build().run());
        assertTrue(e.getMessage().startsWith("epoch 1 had no training examples"), e.getMessage());
    }
}
