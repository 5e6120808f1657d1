package org.efficientmixnet.advsteg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.efficientmixnet.train.Progress;
import org.efficientmixnet.train.loop.EpochResult;
import org.efficientmixnet.weights.ModelWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The residual variant: Alice's output, scaled by the strength, added to the cover. */
class VariantTest {
    @TempDir
    Path tmp;

    @Test
    void residualShapesNamesAndBound() {
        AdvStegConfig cfg = new AdvStegConfig(8, 16, 3);
        Variant v = Variant.residual(0.25);
        try (AdvStegNetworks ref = AdvStegNetworks.create(cfg, 1); AdvStegNetworks res = AdvStegNetworks.create(cfg, v, 1)) {
            assertEquals(v, res.variant());
            Map<String, Parameter> pr = ModelWeights.namedParameters(ref.alice());
            Map<String, Parameter> pv = ModelWeights.namedParameters(res.alice());
            assertEquals(pr.keySet(), pv.keySet(), "the same layers and names as the reference's Alice");
            for (String k : pr.keySet()) {
                if (!k.equals("linear.weight")) {
                    assertEquals(pr.get(k).getShape(), pv.get(k).getShape(), k);
                }
            }
            // the reference's linear layer reads the cover and the message; the residual's the message alone
            assertEquals(new Shape(cfg.mapFeatures(), cfg.imageValues() + 16L), pr.get("linear.weight").getShape());
            assertEquals(new Shape(cfg.mapFeatures(), 16), pv.get("linear.weight").getShape());

            int n = 4;
            int side = cfg.imageSize();
            SplittableRandom rng = new SplittableRandom(3);
            float[] covers = new float[n * cfg.imageValues()];
            for (int i = 0; i < covers.length; i++) {
                covers[i] = (float) (rng.nextDouble() * 2 - 1);
            }
            covers[0] = 1f; // a saturated pixel: the stego stays in [−1, 1]
            covers[1] = -1f;
            float[] msg = AdvStegTraining.messages(rng, n, 16);
            float[][] out = AdvStegRun.infer(res, covers, msg, n);
            assertEquals(n * cfg.imageValues(), out[0].length);
            assertEquals(n * 16, out[1].length);
            double maxDiff = 0;
            double sumDiff = 0;
            for (int i = 0; i < covers.length; i++) {
                float s = out[0][i];
                assertTrue(s >= -1f && s <= 1f, "stego value " + s);
                maxDiff = Math.max(maxDiff, Math.abs(s - covers[i]));
                sumDiff += Math.abs(s - covers[i]);
            }
            assertTrue(maxDiff <= 0.25 + 1e-6, "|stego − cover| ≤ strength, got " + maxDiff);
            assertTrue(sumDiff > 0, "Alice adds something");
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray wrong = m.zeros(new Shape(n, 3, side + 1, side + 1));
                NDArray mm = m.zeros(new Shape(n, 16));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> res.alice().encode(res.parameterStore(), wrong, mm, false));
                assertTrue(e.getMessage().contains("take " + side + "×" + side), e.getMessage());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Variant.residual(0));
        assertThrows(IllegalArgumentException.class, () -> new Variant("reference", 0.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Variant.of("additive", null));
        assertTrue(e.getMessage().contains("expected reference or residual"), e.getMessage());
        assertEquals(Variant.residual(Variant.DEFAULT_STRENGTH), Variant.of("residual", null));
    }

    /** Each loss falls on a fixed batch of textured covers (Eve's with a = 0, as NetworksTest explains). */
    @Test
    void residualLossesFallOnAFixedBatch() {
        AdvStegConfig cfg = new AdvStegConfig(8, 16, 1);
        try (AdvStegNetworks nets = AdvStegNetworks.create(cfg, Variant.residual(0.5), 3)) {
            AdvStegTraining t = new AdvStegTraining(nets, new AdvStegTraining.Hyper(1e-3, 0, 0.3, 0.6, 8));
            SplittableRandom rng = new SplittableRandom(5);
            int n = 8;
            float[] covers = new float[n * cfg.imageValues()];
            for (int i = 0; i < covers.length; i++) {
                covers[i] = (float) (Math.sin(i * 0.01) * 0.8 + rng.nextGaussian() * 0.05);
            }
            float[] msg = AdvStegTraining.messages(rng, n, cfg.messageLength());
            AdvStegTraining.StepResult first = t.step(covers, msg);
            AdvStegTraining.StepResult last = first;
            for (int i = 0; i < 30; i++) {
                last = t.step(covers, msg);
            }
            assertTrue(last.bobMse() < first.bobMse(), first.bobMse() + " -> " + last.bobMse());
            assertTrue(last.aliceBobLoss() < first.aliceBobLoss(), first.aliceBobLoss() + " -> " + last.aliceBobLoss());
            assertTrue(last.eveLoss() < first.eveLoss(), first.eveLoss() + " -> " + last.eveLoss());
        }
    }

    private static AdvStegRun.Settings settings(Path data, int epochs) {
        return new AdvStegRun.Settings(new AdvStegConfig(8, 16, 1), new AdvStegTraining.Hyper(1e-3, 0.1, 0.3, 0.6, 4),
                epochs, 0.25, 11, data.toString(), Variant.residual(0.3));
    }

    @Test
    void residualRunResumesExactlyAndOldRunsLoadAsTheReference() throws IOException {
        Path data = RunTest.images(tmp.resolve("data"), 12, 61, 1);
        Path straight = tmp.resolve("straight");
        List<EpochResult> h = AdvStegRun.train(straight, settings(data, 2), false, Progress.silent());
        Path resumed = tmp.resolve("resumed");
        AdvStegRun.train(resumed, settings(data, 1), false, Progress.silent());
        // resuming with the reference asked: the run's saved variant wins
        AdvStegRun.Settings asked = new AdvStegRun.Settings(new AdvStegConfig(8, 16, 1), AdvStegTraining.Hyper.REFERENCE, 2, 0.25,
                11, data.toString());
        List<EpochResult> h2 = AdvStegRun.train(resumed, asked, true, Progress.silent());
        assertEquals(h.get(1).get("train_loss_alice_bob"), h2.get(1).get("train_loss_alice_bob"), 0.0);
        assertEquals(h.get(1).get("val_bit_acc"), h2.get(1).get("val_bit_acc"), 0.0);
        assertEquals(Variant.residual(0.3), AdvStegRun.readSettings(resumed).variant());
        try (AdvStegNetworks a = AdvStegRun.load(straight); AdvStegNetworks b = AdvStegRun.load(resumed)) {
            assertEquals(Variant.residual(0.3), a.variant());
            for (String net : List.of("alice", "bob", "eve")) {
                var pa = ModelWeights.namedParameters(a.byName().get(net));
                var pb = ModelWeights.namedParameters(b.byName().get(net));
                for (String k : pa.keySet()) {
                    assertArrayEquals(pa.get(k).getArray().toFloatArray(), pb.get(k).getArray().toFloatArray(), net + "." + k);
                }
            }
        }
        String json = Files.readString(straight.resolve(AdvStegRun.MARKER));
        assertTrue(json.contains("\"variant\": \"residual\""), json);

        // a run written before variants existed has no such field: it is the reference
        Path old = tmp.resolve("old");
        AdvStegRun.train(old, new AdvStegRun.Settings(new AdvStegConfig(8, 16, 1), new AdvStegTraining.Hyper(1e-3, 0.1, 0.3, 0.6, 4),
                1, 0.25, 11, data.toString()), false, Progress.silent());
        Path marker = old.resolve(AdvStegRun.MARKER);
        String stripped = Files.readString(marker).replaceAll("\\s*\"variant\": \"reference\",", "").replaceAll("\\s*\"strength\": 0\\.0,", "");
        assertTrue(!stripped.contains("variant") && !stripped.contains("strength"), stripped);
        Files.writeString(marker, stripped);
        assertEquals(Variant.REFERENCE, AdvStegRun.readSettings(old).variant());
        try (AdvStegNetworks n = AdvStegRun.load(old)) {
            assertEquals(Variant.REFERENCE, n.variant());
        }
        Files.writeString(marker, Files.readString(straight.resolve(AdvStegRun.MARKER)).replace("\"residual\"", "\"additive\""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdvStegRun.readSettings(old));
        assertTrue(e.getMessage().startsWith(marker.toString()) && e.getMessage().contains("unknown --variant 'additive'"),
                e.getMessage());
    }

    /**
     * A tiny residual model trained on textured covers until Bob reads every bit of three batches in a row (58 steps;
     * strength 1, learning rate 2e-3 and a light L1 weight make it quick), then a message there and back.
     */
    @Test
    void roundTripWithATrainedTinyResidualModel() throws IOException {
        AdvStegConfig cfg = new AdvStegConfig(8, 8, 1);
        Path data = RunTest.images(tmp.resolve("covers"), 8, 61, 4);
        List<Path> covers;
        try (Stream<Path> s = Files.list(data)) {
            covers = s.sorted().toList();
        }
        byte[] msg = "hi".getBytes(StandardCharsets.UTF_8); // 32 + 16 bits: 6 images of 8 bits
        try (AdvStegNetworks nets = AdvStegNetworks.create(cfg, Variant.residual(1.0), 1)) {
            AdvStegTraining t = new AdvStegTraining(nets, new AdvStegTraining.Hyper(2e-3, 0.0, 0.1, 0.6, 8));
            CoverSet set = CoverSet.files(covers, cfg, true, null);
            int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
            SplittableRandom rng = new SplittableRandom(9);
            double acc = 0;
            int perfect = 0;
            int step = 0;
            for (; step < 1000 && perfect < 3; step++) {
                AdvStegTraining.StepResult r = t.step(set.pack(all), AdvStegTraining.messages(rng, 8, cfg.messageLength()));
                acc = (double) r.bitsRight() / r.bits();
                perfect = acc == 1.0 ? perfect + 1 : 0;
            }
            assertEquals(3, perfect, "Bob reads every bit of 3 batches in a row (last accuracy " + acc + " at step " + step + ")");
            List<Path> stegos = Hiding.hide(nets, msg, covers, tmp.resolve("stegos"));
            assertEquals(6, stegos.size());
            Hiding.Revealed r = Hiding.reveal(nets, stegos, msg);
            assertEquals(0.0, r.bitErrorRate(), "bit errors after training to " + acc + " in " + step + " steps");
            assertArrayEquals(msg, r.message());
        }
    }
}
