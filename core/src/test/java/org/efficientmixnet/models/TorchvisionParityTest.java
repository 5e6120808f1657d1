package org.efficientmixnet.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.weights.LoadReport;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.NameMappings;
import org.efficientmixnet.weights.StateDict;
import org.efficientmixnet.weights.TensorData;
import org.efficientmixnet.weights.WeightFiles;
import org.efficientmixnet.weights.WeightsMismatchException;
import org.junit.jupiter.api.Test;
import org.efficientmixnet.arch.Presets;

/**
 * Numerical parity with torchvision's efficientnet_b0: weights made by core/src/test/fixtures/make_parity_fixture.py
 * (seeded generator shared with this test, running statistics calibrated so activations stay of order one),
 * loaded through the torchvision → timm name mapping; logits and pre-pool features must agree in inference.
 */
class TorchvisionParityTest {

    /** splitmix64 → uniform in [-1, 1), the same exact arithmetic as the fixture script. */
    static double[] uniform(long seed, int n) {
        double[] out = new double[n];
        long state = seed;
        for (int i = 0; i < n; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            out[i] = (z >>> 11) * 0x1.0p-53 * 2.0 - 1.0;
        }
        return out;
    }

    static float[] generated(String kind, long[] shape, long seed) {
        int n = (int) TensorData.numel(shape);
        double[] u = uniform(seed, n);
        float[] v = new float[n];
        long fanIn = n / shape[0];
        for (int i = 0; i < n; i++) {
            double x = switch (kind) {
                case "conv" -> u[i] * Math.sqrt(6.0 / fanIn);
                case "bias", "bn_bias" -> u[i] * 0.1;
                case "bn_weight" -> 1.0 + u[i] * 0.25;
                default -> throw new IllegalArgumentException(kind);
            };
            v[i] = (float) x;
        }
        return v;
    }

    static Path fixture(String name) throws Exception {
        return Paths.get(TorchvisionParityTest.class.getResource("/parity/" + name).toURI());
    }

    static StateDict torchvisionWeights(JsonObject meta) throws Exception {
        StateDict stats = WeightFiles.read(fixture("tv_efficientnet_b0_stats.npz"));
        StateDict sd = new StateDict();
        for (JsonElement e : meta.getAsJsonArray("entries")) {
            JsonObject o = e.getAsJsonObject();
            String name = o.get("name").getAsString();
            JsonArray s = o.getAsJsonArray("shape");
            long[] shape = new long[s.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = s.get(i).getAsLong();
            }
            String kind = o.get("kind").getAsString();
            if (kind.equals("stat")) {
                if (stats.contains(name)) {
                    sd.put(name, stats.get(name));
                }
                continue;
            }
            sd.put(name, TensorData.ofFloats(shape, generated(kind, shape, o.get("seed").getAsLong())));
        }
        return sd;
    }

    @Test
    void logitsAndFeaturesMatchTorchvision() throws Exception {
        JsonObject meta;
        try (var r = new InputStreamReader(getClass().getResourceAsStream("/parity/tv_efficientnet_b0.json"), StandardCharsets.UTF_8)) {
            meta = JsonParser.parseReader(r).getAsJsonObject();
        }
        StateDict tv = torchvisionWeights(meta);
        StateDict timm = tv.renamed(NameMappings.torchvisionEfficientNet(tv.keys()));
        StateDict expected = WeightFiles.read(fixture("tv_efficientnet_b0_expected.npz"));
        int classes = meta.get("classes").getAsInt();
        JsonArray in = meta.getAsJsonArray("input");
        int batch = in.get(0).getAsInt();
        int size = in.get(2).getAsInt();
        EfficientNetConfig cfg = Presets.efficientNet("efficientnet_b0").toBuilder().numClasses(classes).resolution(size).build();
        try (Model model = Models.create(cfg)) {
            EfficientNet net = (EfficientNet) model.getBlock();
            LoadReport report = ModelWeights.load(net, timm, ModelWeights.LoadOptions.STRICT);
            assertTrue(report.complete(), report.toString());
            assertEquals(ModelWeights.namedParameters(net).size(), report.loaded().size());
            double[] u = uniform(meta.get("input_seed").getAsLong(), batch * 3 * size * size);
            float[] xs = new float[u.length];
            for (int i = 0; i < u.length; i++) {
                xs[i] = (float) u[i];
            }
            NDArray x = model.getNDManager().create(xs, new Shape(batch, 3, size, size));
            ParameterStore ps = new ParameterStore(model.getNDManager(), false);
            float[] features = net.forwardFeatures(ps, x, false).toFloatArray();
            float[] logits = net.forward(ps, x, false).toFloatArray();
            float[] refLogits = expected.get("logits").toFloatArray();
            float[] refFeatures = expected.get("features").toFloatArray();
            assertEquals(refLogits.length, logits.length);
            assertEquals(refFeatures.length, features.length);
            double maxLogit = 0;
            double dLogit = 0;
            for (int i = 0; i < logits.length; i++) {
                maxLogit = Math.max(maxLogit, Math.abs(refLogits[i]));
                dLogit = Math.max(dLogit, Math.abs(refLogits[i] - logits[i]));
            }
            double maxFeature = 0;
            double dFeature = 0;
            for (int i = 0; i < features.length; i++) {
                maxFeature = Math.max(maxFeature, Math.abs(refFeatures[i]));
                dFeature = Math.max(dFeature, Math.abs(refFeatures[i] - features[i]));
            }
            assertTrue(maxLogit > 0.1, "the fixture's logits must not vanish: " + maxLogit);
            assertTrue(dLogit <= 1e-4 * maxLogit, "logits differ by " + dLogit + " (largest " + maxLogit + ")");
            assertTrue(dFeature <= 1e-4 * maxFeature, "features differ by " + dFeature + " (largest " + maxFeature + ")");
        }
    }

    @Test
    void weightsOfAnotherArchitectureAreRefused() throws Exception {
        JsonObject meta;
        try (var r = new InputStreamReader(getClass().getResourceAsStream("/parity/tv_efficientnet_b0.json"), StandardCharsets.UTF_8)) {
            meta = JsonParser.parseReader(r).getAsJsonObject();
        }
        StateDict tv = torchvisionWeights(meta);
        StateDict timm = tv.renamed(NameMappings.torchvisionEfficientNet(tv.keys()));
        try (Model model = Models.create(Presets.efficientNet("efficientnet_b1").toBuilder().numClasses(10).resolution(64).build())) {
            WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                    () -> ModelWeights.load(model.getBlock(), timm, ModelWeights.LoadOptions.STRICT));
            assertTrue(e.getMessage().contains("missing"), e.getMessage());
        }
        try (Model model = Models.create(Presets.efficientNet("efficientnet_b2").toBuilder().numClasses(10).resolution(64).build())) {
            WeightsMismatchException e = assertThrows(WeightsMismatchException.class,
                    () -> ModelWeights.load(model.getBlock(), timm, ModelWeights.LoadOptions.STRICT));
            assertTrue(e.getMessage().contains("shape mismatch") && e.getMessage().contains("'blocks.2.0.conv_pwl.weight': the file has [40, 144, 1, 1], the model [48, 144, 1, 1]")
                    && e.getMessage().contains("another architecture"), e.getMessage());
        }
    }
}
