package org.efficientmixnet.advsteg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.efficientmixnet.weights.ModelWeights;
import org.junit.jupiter.api.Test;

/** Shapes, names and parameter counts against the reference (fixture by src/test/fixtures/make_reference_shapes.py). */
class NetworksTest {
    private static JsonObject fixture() throws IOException {
        return JsonParser.parseString(Files.readString(Path.of("src/test/fixtures/reference_shapes.json"))).getAsJsonObject();
    }

    /** Trainable parameters in state-dict order as [name, shape] strings. */
    private static List<String> parameters(Block b) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : ModelWeights.namedParameters(b).entrySet()) {
            if (e.getValue().requiresGradient()) {
                out.add(e.getKey() + " " + e.getValue().getShape());
            }
        }
        return out;
    }

    private static List<String> reference(JsonObject net) {
        List<String> out = new ArrayList<>();
        for (JsonElement p : net.getAsJsonArray("parameters")) {
            JsonArray a = p.getAsJsonArray();
            JsonArray dims = a.get(1).getAsJsonArray();
            long[] s = new long[dims.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = dims.get(i).getAsLong();
            }
            out.add(a.get(0).getAsString() + " " + new Shape(s));
        }
        return out;
    }

    @Test
    void namesShapesAndCountsEqualTheReference() throws IOException {
        for (JsonElement e : fixture().getAsJsonArray("configs")) {
            JsonObject c = e.getAsJsonObject();
            AdvStegConfig cfg = new AdvStegConfig(c.get("width").getAsInt(), c.get("msg_len").getAsInt(), c.get("in_chans").getAsInt());
            assertEquals(c.get("image_size").getAsInt(), cfg.imageSize(), "image size for width " + cfg.width());
            Map<String, Long> counts = AdvStegNetworks.parameterCounts(cfg);
            Alice alice = new Alice(cfg);
            Analyzer bob = Analyzer.bob(cfg);
            Analyzer eve = Analyzer.eve(cfg);
            Block[] ours = {alice, bob, eve};
            String[] names = {"alice", "bob", "eve"};
            for (int i = 0; i < 3; i++) {
                JsonObject ref = c.getAsJsonObject(names[i]);
                assertEquals(reference(ref), parameters(ours[i]), names[i] + " width " + cfg.width());
                assertEquals(ref.get("total").getAsLong(), counts.get(names[i]), names[i] + " count, width " + cfg.width());
            }
            int s = cfg.imageSize();
            assertEquals(new Shape(2, 3, s, s), alice.getOutputShapes(new Shape[] {new Shape(2, cfg.imageValues() + cfg.messageLength())})[0]);
            assertEquals(new Shape(2, cfg.messageLength()), bob.getOutputShapes(new Shape[] {new Shape(2, 3, s, s)})[0]);
            assertEquals(new Shape(2, 1), eve.getOutputShapes(new Shape[] {new Shape(2, 3, s, s)})[0]);
        }
        assertEquals(297_122_819L, AdvStegNetworks.parameterCounts(AdvStegConfig.REFERENCE).get("alice"));
    }

    @Test
    void wrongImageSizeNamesTheSizeNeeded() {
        AdvStegConfig cfg = new AdvStegConfig(16, 8, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Analyzer.eve(cfg).getOutputShapes(new Shape[] {new Shape(1, 1, 64, 64)}));
        assertTrue(e.getMessage().contains("61×61"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AdvStegConfig(0, 8, 1));
        assertThrows(IllegalArgumentException.class, () -> new AdvStegConfig(16, 0, 1));
    }

    @Test
    void dcganInitializationAndOneStepMovesEveryNetwork() {
        AdvStegConfig cfg = new AdvStegConfig(8, 16, 1);
        try (AdvStegNetworks nets = AdvStegNetworks.create(cfg, 7)) {
            Map<String, Parameter> a = ModelWeights.namedParameters(nets.alice());
            float[] bn = a.get("bn1.weight").getArray().toFloatArray();
            double mean = 0;
            for (float v : bn) {
                mean += v / bn.length;
            }
            assertEquals(1.0, mean, 0.02, "batch-norm scales N(1, 0.02)");
            for (float v : a.get("linear.bias").getArray().toFloatArray()) {
                assertEquals(0f, v);
            }
            float[] w = a.get("linear.weight").getArray().toFloatArray();
            double sq = 0;
            for (float v : w) {
                sq += v * v;
            }
            assertEquals(0.02, Math.sqrt(sq / w.length), 0.002, "weights N(0, 0.02)");

            float[][] before = {first(nets.alice()), first(nets.bob()), first(nets.eve())};
            AdvStegTraining t = new AdvStegTraining(nets, AdvStegTraining.Hyper.REFERENCE);
            SplittableRandom rng = new SplittableRandom(1);
            int n = 4;
            float[] covers = new float[n * cfg.imageValues()];
            for (int i = 0; i < covers.length; i++) {
                covers[i] = (float) (rng.nextDouble() * 2 - 1);
            }
            float[] msg = AdvStegTraining.messages(rng, n, cfg.messageLength());
            AdvStegTraining.StepResult r = t.step(covers, msg);
            assertTrue(Double.isFinite(r.eveLoss()) && Double.isFinite(r.aliceBobLoss()));
            float[][] after = {first(nets.alice()), first(nets.bob()), first(nets.eve())};
            for (int i = 0; i < 3; i++) {
                assertNotEquals(before[i][0], after[i][0], "network " + i + " moved");
            }
        }
    }

    /**
     * Each loss falls on a fixed batch. Eve's is checked with a = 0 (Alice not fighting her): with the game on, Eve's
     * loss may rightly rise when Alice learns to fool her faster than plain SGD learns to see.
     */
    @Test
    void lossesFallOnAFixedBatch() {
        AdvStegConfig cfg = new AdvStegConfig(8, 16, 1);
        try (AdvStegNetworks nets = AdvStegNetworks.create(cfg, 3)) {
            AdvStegTraining t = new AdvStegTraining(nets, new AdvStegTraining.Hyper(1e-3, 0, 0.3, 0.6, 8));
            SplittableRandom rng = new SplittableRandom(5);
            int n = 8;
            float[] covers = new float[n * cfg.imageValues()];
            for (int i = 0; i < covers.length; i++) {
                covers[i] = (float) Math.sin(i * 0.01) * 0.8f;
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

    private static float[] first(Block b) {
        for (Parameter p : ModelWeights.namedParameters(b).values()) {
            if (p.requiresGradient() && p.getShape().dimension() > 1) {
                return p.getArray().toFloatArray();
            }
        }
        throw new AssertionError("no weight");
    }
}
