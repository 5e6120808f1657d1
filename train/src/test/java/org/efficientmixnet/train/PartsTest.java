package org.efficientmixnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.efficientmixnet.weights.StateDict;
import org.efficientmixnet.weights.TensorData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.efficientmixnet.models.ModelSpec;

/** The loop's parts: loss, metrics, schedule, progress bar, checkpoint files. */
class PartsTest {
    @TempDir
    Path tmp;

    @Test
    void crossEntropyWithLabelSmoothingMatchesTheFormulaAndHasGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] l = {2f, 0.5f, -1f, 0f, 0f, 3f};
            NDArray logits = m.create(l, new Shape(2, 3));
            logits.setRequiresGradient(true);
            int[] labels = {0, 2};
            double eps = 0.1;
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                loss = Steps.crossEntropy(logits, Steps.labels(m, labels), eps);
                gc.backward(loss);
            }
            double expected = 0;
            for (int i = 0; i < 2; i++) {
                double lse = Math.log(Math.exp(l[3 * i]) + Math.exp(l[3 * i + 1]) + Math.exp(l[3 * i + 2]));
                for (int c = 0; c < 3; c++) {
                    double t = (c == labels[i] ? 1 - eps : 0) + eps / 3;
                    expected -= t * (l[3 * i + c] - lse) / 2;
                }
            }
            assertEquals(expected, loss.getFloat(), 1e-5);
            float[] g = logits.getGradient().toFloatArray();
            double rowSum = g[0] + g[1] + g[2];
            assertEquals(0, rowSum, 1e-6, "softmax − target sums to zero per row");
            assertTrue(g[0] < 0 && g[2] > 0);
        }
    }

    @Test
    void evalMetricsFromLogits() {
        EvalMetrics m = new EvalMetrics(3);
        m.add(new float[] {5, 1, 0, 0, 1, 5, 1, 2, 0, 0, 0, 9}, new int[] {0, 1, 1, 2});
        assertEquals(4, m.count());
        assertEquals(0.75, m.accuracy(), 1e-12);
        assertEquals(1.0, m.top5(), 1e-12);
        assertArrayEquals(new long[] {1, 0, 0}, m.confusion()[0]);
        assertArrayEquals(new long[] {0, 1, 1}, m.confusion()[1]);
        double l0 = -(5 - Math.log(Math.exp(5) + Math.exp(1) + 1));
        assertTrue(m.loss() > l0 / 4);
        assertTrue(m.toJson(java.util.List.of("a", "b", "c")).contains("\"per_class_recall\""));
        EvalMetrics b = new EvalMetrics(2);
        b.add(new float[] {2, 0, 0, 2, 1, 0, 0, 3}, new int[] {0, 1, 0, 1});
        assertEquals(1.0, b.rocAuc(), 1e-12);
        assertEquals(0.0, b.binary().pe(), 1e-12);
        assertTrue(b.toJson(java.util.List.of("cover", "stego")).contains("\"wauc\""));
    }

    @Test
    void learningRateScheduleWithWarmup() {
        TrainConfig c = TrainConfig.builder(ModelSpec.preset("efficientnet_b0"), "x").epochs(10).lr(0.1).warmupEpochs(1)
                .build();
        assertEquals(0.01, Optimizers.learningRate(c, 0, 10), 1e-7);
        assertEquals(0.1, Optimizers.learningRate(c, 9, 10), 1e-7);
        assertEquals(0.1, Optimizers.learningRate(c, 10, 10), 1e-4);
        assertEquals(0.05, Optimizers.learningRate(c, 54, 10), 1e-7);
        assertTrue(Optimizers.learningRate(c, 99, 10) < 1e-6);
        TrainConfig s = c.toBuilder().schedule("step").warmupEpochs(0).build();
        assertEquals(0.1, Optimizers.learningRate(s, 33, 10), 1e-7);
        assertEquals(0.01, Optimizers.learningRate(s, 34, 10), 1e-7);
        assertEquals(0.001, Optimizers.learningRate(s, 80, 10), 1e-7);
        TrainConfig k = c.toBuilder().schedule("constant").build();
        assertEquals(0.05, Optimizers.learningRate(k, 4, 10), 1e-7);
        assertEquals(0.1, Optimizers.learningRate(k, 50, 10), 1e-7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.toBuilder().schedule("poly").build());
        assertTrue(e.getMessage().contains("unknown schedule 'poly'"));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.create(c.toBuilder().optimizer("lion").build(), n -> 0.1f));
        TrainConfig back = TrainConfig.fromJson(c.toJson());
        assertEquals(c, back);
    }

    @Test
    void progressBarRedrawsOnATerminalAndPrintsTenLinesOtherwise() {
        StringWriter plain = new StringWriter();
        Progress p = new Progress(new PrintWriter(plain), false);
        p.begin("epoch 1/1", 100);
        for (int i = 1; i <= 100; i++) {
            p.update(i, 0.5, 0.9, i * 8L);
        }
        p.end("done");
        String[] lines = plain.toString().split("\n");
        assertEquals(10, lines.length, plain.toString());
        assertTrue(lines[0].contains("10/100 loss 0.5000 acc 0.900") && lines[0].contains("img/s ETA"), lines[0]);
        StringWriter tty = new StringWriter();
        Progress t = new Progress(new PrintWriter(tty), true);
        t.begin("e", 2);
        t.update(1, 1, 0, 1);
        t.update(2, 1, 0, 2);
        t.end("done");
        assertTrue(tty.toString().startsWith("\r") && tty.toString().contains("2/2"), tty.toString());
        assertEquals("1:01:01", Progress.time(3661));
    }

    @Test
    void checkpointFilesAreAtomicAndTiedByCrc() throws Exception {
        Path f = tmp.resolve("w.safetensors");
        StateDict sd = new StateDict().put("a.weight", TensorData.ofFloats(new long[] {2, 2}, new float[] {1, 2, 3, 4}));
        long crc = CheckpointFiles.writeWeights(f, sd);
        assertEquals(crc, CheckpointFiles.crc(f));
        assertArrayEquals(new float[] {1, 2, 3, 4}, CheckpointFiles.readWeights(f).get("a.weight").toFloatArray());
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary files left");
        }
        Checkpoint ck = new Checkpoint(1, 10, 1, "val_acc", 0.5, 1, 0, ModelSpec.preset("efficientnet_b0"),
                java.util.List.of("a"), org.efficientmixnet.train.data.Augment.defaults(), "w.safetensors", crc, null, 0,
                null, java.util.List.of());
        ck.write(tmp.resolve("last.json"));
        assertEquals(10, Checkpoint.read(tmp.resolve("last.json")).globalStep());
        CheckpointFiles.writeWeights(f, new StateDict().put("a.weight", TensorData.ofFloats(new long[] {1}, new float[] {9})));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(tmp.resolve("last.json")));
        assertTrue(e.getMessage().contains("CRC differs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.locate(tmp.resolve("nothing")));
        assertTrue(e.getMessage().contains("no run folder or checkpoint"));
    }
}
