package org.efficientmixnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.efficientmixnet.weights.ModelWeights;
import org.junit.jupiter.api.Test;

/** Forward and gradients against torch's conv_transpose2d (fixture: src/test/fixtures/make_conv_transpose_fixture.py). */
class ConvTranspose2dTest {
    @Test
    void equalsTorchForwardAndBackward() throws IOException {
        JsonObject root;
        try (var r = new InputStreamReader(getClass().getResourceAsStream("/conv_transpose2d.json"), StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(r).getAsJsonObject();
        }
        for (JsonElement e : root.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            int n = c.get("n").getAsInt(), cin = c.get("cin").getAsInt(), cout = c.get("cout").getAsInt();
            int h = c.get("h").getAsInt(), w = c.get("w").getAsInt(), k = c.get("k").getAsInt();
            int s = c.get("s").getAsInt(), p = c.get("p").getAsInt();
            try (NDManager m = NDManager.newBaseManager()) {
                ConvTranspose2d layer = new ConvTranspose2d(cin, cout, k, s, p, true, 0.02f);
                Shape in = new Shape(n, cin, h, w);
                layer.initialize(m, DataType.FLOAT32, in);
                var params = ModelWeights.namedParameters(layer);
                float[] wv = new float[cin * cout * k * k];
                for (int i = 0; i < wv.length; i++) {
                    wv[i] = (float) Math.cos(0.11 * i);
                }
                float[] bv = new float[cout];
                for (int i = 0; i < cout; i++) {
                    bv[i] = 0.1f * (i + 1);
                }
                m.create(wv, new Shape(cin, cout, k, k)).copyTo(params.get("weight").getArray());
                m.create(bv).copyTo(params.get("bias").getArray());
                float[] xv = new float[(int) in.size()];
                for (int i = 0; i < xv.length; i++) {
                    xv[i] = (float) Math.sin(0.37 * i);
                }
                NDArray x = m.create(xv, in);
                x.setRequiresGradient(true);
                Shape outShape = layer.getOutputShapes(new Shape[] {in})[0];
                assertEquals(shape(c.getAsJsonArray("out_shape")), outShape);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = layer.forward(new ParameterStore(m, false), x, true);
                    assertEquals(outShape, y.getShape());
                    assertArrayEquals(floats(c.getAsJsonArray("y")), y.toFloatArray(), 1e-4f, "forward " + c);
                    float[] gv = new float[(int) y.getShape().size()];
                    for (int i = 0; i < gv.length; i++) {
                        gv[i] = (float) Math.sin(0.05 * i + 1);
                    }
                    gc.backward(y.mul(m.create(gv, y.getShape())).sum());
                }
                assertArrayEquals(floats(c.getAsJsonArray("grad_x")), x.getGradient().toFloatArray(), 1e-3f, "grad x " + c);
                assertArrayEquals(floats(c.getAsJsonArray("grad_w")),
                        params.get("weight").getArray().getGradient().toFloatArray(), 1e-3f, "grad w " + c);
            }
        }
    }

    @Test
    void paddingBeyondTheKernelIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ConvTranspose2d(1, 1, 3, 2, 3, true, 0.02f));
    }

    private static Shape shape(JsonArray a) {
        long[] s = new long[a.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = a.get(i).getAsLong();
        }
        return new Shape(s);
    }

    private static float[] floats(JsonArray a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).getAsFloat();
        }
        return f;
    }
}
