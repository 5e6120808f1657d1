package org.efficientmixnet.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.efficientmixnet.train.Progress;
import org.efficientmixnet.train.metrics.BinaryMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop as a detector trainer uses it (docs/training.md, "The loop and its listeners"): its own batches of whole
 * cover/stego pairs, its own step on a DJL {@link Trainer}, its own evaluator with P_E and accuracy, the best
 * checkpoint by minimum P_E, and the standard listeners.
 */
class DetectorSeamExampleTest {
    @TempDir
    Path tmp;

    /** A cover and its stego: feature vectors, the stego's first feature shifted by the "embedding". */
    record Pair(float[] cover, float[] stego) {
    }

    static List<Pair> pairs(int n, long seed) {
        Random r = new Random(seed);
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] c = new float[8];
            for (int j = 0; j < c.length; j++) {
                c[j] = (float) r.nextGaussian();
            }
            float[] s = c.clone();
            s[0] += 1.5f;
            out.add(new Pair(c, s));
        }
        return out;
    }

    /** Scores P(stego) of covers (label 0) and stegos (label 1) of every pair. */
    static BinaryMetrics score(Trainer trainer, List<Pair> val) {
        double[] scores = new double[2 * val.size()];
        int[] labels = new int[2 * val.size()];
        try (NDManager m = trainer.getManager().newSubManager()) {
            for (int i = 0; i < val.size(); i++) {
                for (int k = 0; k < 2; k++) {
                    float[] x = k == 0 ? val.get(i).cover() : val.get(i).stego();
                    NDArray p = trainer.evaluate(new NDList(m.create(x, new Shape(1, x.length)))).singletonOrThrow()
                            .softmax(1);
                    scores[2 * i + k] = p.getFloat(0, 1);
                    labels[2 * i + k] = k;
                }
            }
        }
        return new BinaryMetrics(scores, labels);
    }

    @Test
    void aDetectorTrainerThroughTheSeam() throws IOException {
        Path dir = tmp.resolve("detector");
        Files.createDirectories(dir);
        List<Pair> train = pairs(64, 1);
        List<Pair> val = pairs(32, 2);
        try (ShutdownGuard guard = ShutdownGuard.install();
                Model model = Model.newInstance("detector")) {
            model.setBlock(Linear.builder().setUnits(2).build());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build()))) {
                trainer.initialize(new Shape(1, 8));

                // 1. batches: 8 whole pairs each (16 images), shuffled over pairs by (seed, epoch)
                EpochBatches<List<Pair>> batches = new EpochBatches<>() {
                    public int stepsPerEpoch() {
                        return train.size() / 8;
                    }

                    public Iterator<List<Pair>> epoch(int epoch) {
                        List<Pair> order = new ArrayList<>(train);
                        java.util.Collections.shuffle(order, new Random(7L * 1000 + epoch));
                        List<List<Pair>> out = new ArrayList<>();
                        for (int i = 0; i + 8 <= order.size(); i += 8) {
                            out.add(order.subList(i, i + 8));
                        }
                        return out.iterator();
                    }
                };
                // 2. the step: forward, loss, backward, optimizer step on the DJL trainer
                TrainingStep<List<Pair>> step = (batch, ctx) -> {
                    try (NDManager m = trainer.getManager().newSubManager()) {
                        float[][] x = new float[2 * batch.size()][];
                        long[] y = new long[2 * batch.size()];
                        for (int i = 0; i < batch.size(); i++) {
                            x[2 * i] = batch.get(i).cover();
                            x[2 * i + 1] = batch.get(i).stego();
                            y[2 * i + 1] = 1;
                        }
                        float loss;
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray pred = trainer.forward(new NDList(m.create(x))).singletonOrThrow();
                            NDArray l = trainer.getLoss().evaluate(new NDList(m.create(y)), new NDList(pred));
                            loss = l.getFloat();
                            if (!Float.isFinite(loss)) {
                                return StepResult.of(x.length).mean("loss", loss); // NonFiniteStop ends the run
                            }
                            gc.backward(l);
                        }
                        trainer.step();
                        return StepResult.of(x.length).mean("loss", loss).value("lr", 0.1);
                    }
                };
                // 3. the evaluator: the field's metrics on held-out pairs
                Evaluator validation = epoch -> {
                    BinaryMetrics bm = score(trainer, val);
                    Map<String, Double> m = new LinkedHashMap<>();
                    m.put("p_e", bm.pe());
                    m.put("wauc", bm.weightedAuc());
                    m.put("md5", bm.md5());
                    return m;
                };
                // 4. checkpoints: the network (and, with a stateful optimizer, its state) and the loop's state
                Checkpoints checkpoints = Checkpoints.in(dir).network("detector", model.getBlock());
                TrainingLoop<List<Pair>> loop = TrainingLoop.builder(batches, step)
                        .epochs(6)
                        .objective(Objective.min("p_e"))
                        .evaluator(validation)
                        .listener(new NonFiniteStop(dir, "lower the learning rate"))
                        .listener(new CheckpointListener(checkpoints))
                        .listener(new HistoryListener(dir))
                        .listener(new PlotListener(dir, List.of(new PlotListener.Plot("pe.png", "P_E", "P_E",
                                List.of(new PlotListener.Curve("validation", "p_e"))))))
                        .listener(new TrainLog(dir.resolve("train.log"), EpochLine.standard()))
                        .listener(new ProgressListener(Progress.silent()))
                        .listener(new EarlyStopping(3, System.err::println))
                        .build();
                guard.onShutdown(() -> loop.requestStop("stopped by a signal"));
                LoopState end = loop.run();

                assertTrue(end.epoch() >= 4, "epochs: " + end.epoch());
                assertTrue(end.best() < 0.35, "P_E should fall well below 0.5: " + end.history());
                assertEquals(end.bestEpoch(), end.history().stream().filter(EpochResult::best)
                        .mapToInt(EpochResult::epoch).max().orElseThrow());
                List<String> csv = Files.readAllLines(dir.resolve("history.csv"));
                assertEquals("epoch,lr,train_loss,p_e,wauc,md5,seconds,images_per_s", csv.get(0));
                assertEquals(end.epoch() + 1, csv.size());
                assertEquals(end.epoch(), Files.readAllLines(dir.resolve("train.log")).size());
                assertEquals(end.bestEpoch(), checkpoints.read("best").epoch());
                assertTrue(Files.exists(dir.resolve("best.detector.safetensors")));
                assertTrue(Files.size(dir.resolve("pe.png")) > 0);
            }
        }
    }
}
