package org.efficientmixnet.train.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Trajectories against torch.optim (train/src/test/fixtures/make_optimizer_fixture.py): a (3, 1) weight with
 * weight decay and a 1-element bias without it, 7 steps of fixed gradients.
 */
class OptimizersTest {
    static JsonObject fixture() throws Exception {
        try (var r = new InputStreamReader(OptimizersTest.class.getResourceAsStream("/optim/expected.json"), StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(r).getAsJsonObject();
        }
    }

    static float[] floats(JsonArray a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).getAsFloat();
        }
        return f;
    }

    static void check(String key, Supplier<TorchOptimizer> make) throws Exception {
        JsonObject fx = fixture();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(floats(fx.getAsJsonArray("w0")), new Shape(3, 1));
            NDArray b = m.create(floats(fx.getAsJsonArray("b0")), new Shape(1));
            TorchOptimizer opt = make.get();
            JsonArray grads = fx.getAsJsonArray("grads");
            JsonArray biasGrads = fx.getAsJsonArray("bias_grads");
            JsonArray expected = fx.getAsJsonArray(key);
            for (int t = 0; t < grads.size(); t++) {
                opt.update("w", w, m.create(floats(grads.get(t).getAsJsonArray()), new Shape(3, 1)));
                opt.update("b", b, m.create(floats(biasGrads.get(t).getAsJsonArray()), new Shape(1)));
                JsonObject e = expected.get(t).getAsJsonObject();
                float[] ew = floats(e.getAsJsonArray("weight"));
                float[] gw = w.toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertEquals(ew[i], gw[i], 2e-6, key + " step " + (t + 1) + " weight " + i);
                }
                assertEquals(floats(e.getAsJsonArray("bias"))[0], b.toFloatArray()[0], 2e-6, key + " step " + (t + 1) + " bias");
            }
        }
    }

    @Test
    void sgdMatchesTorch() throws Exception {
        check("sgd_momentum", () -> new Sgd(Tracker.fixed(0.1f), 0.9f, false, 0.01f));
        check("sgd_nesterov", () -> new Sgd(Tracker.fixed(0.1f), 0.9f, true, 0.01f));
    }

    @Test
    void adamwMatchesTorch() throws Exception {
        check("adamw", () -> new AdamW(Tracker.fixed(0.1f), 0.9f, 0.999f, 1e-8f, 0.01f));
    }

    @Test
    void radamMatchesTorchBeforeAndAfterRectification() throws Exception {
        // ρ_t passes 5 at step 6: steps 1–5 are plain momentum steps, 6–7 rectified adaptive ones
        check("radam", () -> new RAdam(Tracker.fixed(0.1f), 0.9f, 0.999f, 1e-8f, 0.01f, false));
    }

    @Test
    void lookaheadMatchesTheDefinition() throws Exception {
        check("lookahead_sgd", () -> new Lookahead(new Sgd(Tracker.fixed(0.1f), 0.9f, false, 0.01f), 3, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> new Lookahead(new Sgd(Tracker.fixed(0.1f), 0, false, 0), 0, 0.5f));
    }

    @Test
    void radamFirstStepByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 2f}, new Shape(2, 1));
            new RAdam(Tracker.fixed(0.5f), 0.9f, 0.999f, 1e-8f, 0f, false).update("w", w, m.create(new float[] {0.2f, -0.4f}, new Shape(2, 1)));
            // step 1: m̂ = g, update = lr·g
            assertEquals(1f - 0.5f * 0.2f, w.toFloatArray()[0], 1e-7);
            assertEquals(2f + 0.5f * 0.4f, w.toFloatArray()[1], 1e-7);
        }
    }
}
