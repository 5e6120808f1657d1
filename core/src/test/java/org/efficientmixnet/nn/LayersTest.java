package org.efficientmixnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.Padding;
import org.junit.jupiter.api.Test;

class LayersTest {

    static void set(Layer l, String name, NDArray value) {
        Parameter p = l.getDirectParameters().get(name);
        value.copyTo(p.getArray());
    }

    @Test
    void batchNormInferenceUsesRunningStatisticsAndAffine() {
        try (NDManager m = NDManager.newBaseManager()) {
            BatchNorm2d bn = new BatchNorm2d(3, 1e-3, 0.1);
            bn.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4, 4));
            set(bn, "weight", m.create(new float[] {1f, 2f, 3f}));
            set(bn, "bias", m.create(new float[] {0.5f, -1f, 0f}));
            set(bn, "running_mean", m.create(new float[] {0.1f, 0.2f, -0.3f}));
            set(bn, "running_var", m.create(new float[] {4f, 0.25f, 1f}));
            NDArray x = m.randomNormal(new Shape(2, 3, 4, 4));
            NDArray y = bn.forward(new ParameterStore(m, false), x, false);
            float[] xs = x.toFloatArray();
            float[] ys = y.toFloatArray();
            float[] w = {1f, 2f, 3f}, b = {0.5f, -1f, 0f}, mu = {0.1f, 0.2f, -0.3f}, var = {4f, 0.25f, 1f};
            for (int i = 0; i < xs.length; i++) {
                int c = (i / 16) % 3;
                double ref = (xs[i] - mu[c]) / Math.sqrt(var[c] + 1e-3) * w[c] + b[c];
                assertEquals(ref, ys[i], 1e-5);
            }
            // frozen batch norm computes the same from the same four tensors
            FrozenBatchNorm2d f = new FrozenBatchNorm2d(3, 1e-3);
            f.initialize(m, DataType.FLOAT32, new Shape(2, 3, 4, 4));
            for (String n : List.of("weight", "bias", "running_mean", "running_var")) {
                bn.getDirectParameters().get(n).getArray().copyTo(f.getDirectParameters().get(n).getArray());
            }
            NDArray yf = f.forward(new ParameterStore(m, false), x, true);
            assertTrue(yf.sub(y).abs().max().getFloat() < 1e-5);
            assertTrue(f.getDirectParameters().values().stream().noneMatch(Parameter::requiresGradient));
        }
    }

    @Test
    void batchNormTrainingUpdatesRunningStatisticsLikePyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            BatchNorm2d bn = new BatchNorm2d(2, 1e-5, 0.1);
            bn.initialize(m, DataType.FLOAT32, new Shape(4, 2, 3, 3));
            NDArray x = m.randomNormal(2f, 3f, new Shape(4, 2, 3, 3), DataType.FLOAT32);
            bn.forward(new ParameterStore(m, false), x, true);
            float[] xs = x.toFloatArray();
            for (int c = 0; c < 2; c++) {
                double s = 0, s2 = 0;
                int n = 0;
                for (int i = 0; i < xs.length; i++) {
                    if ((i / 9) % 2 == c) {
                        s += xs[i];
                        s2 += xs[i] * xs[i];
                        n++;
                    }
                }
                double mean = s / n;
                double unbiased = (s2 - n * mean * mean) / (n - 1);
                assertEquals(0.1 * mean, bn.getDirectParameters().get("running_mean").getArray().toFloatArray()[c], 1e-4);
                assertEquals(0.9 + 0.1 * unbiased, bn.getDirectParameters().get("running_var").getArray().toFloatArray()[c], 1e-3);
            }
        }
    }

    @Test
    void activationsMatchFloat64References() {
        double[] xs = {-100, -30, -20.5, -5, -1, -0.3, 0, 0.3, 1, 5, 20.5, 30, 100};
        float[] in = new float[xs.length];
        for (int i = 0; i < xs.length; i++) {
            in[i] = (float) xs[i];
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(in);
            for (ActivationType t : ActivationType.values()) {
                float[] y = Activations.apply(t, x).toFloatArray();
                for (int i = 0; i < xs.length; i++) {
                    double v = xs[i];
                    double ref = switch (t) {
                        case RELU -> Math.max(v, 0);
                        case RELU6 -> Math.min(Math.max(v, 0), 6);
                        case SWISH -> v / (1 + Math.exp(-v));
                        case MISH -> v * Math.tanh(Math.log1p(Math.exp(v)));
                        case HARD_SWISH -> v * Math.min(Math.max(v + 3, 0), 6) / 6;
                        case HARD_SIGMOID -> Math.min(Math.max(v + 3, 0), 6) / 6;
                        case GELU -> 0.5 * v * (1 + erf(v / Math.sqrt(2)));
                        case SIGMOID -> 1 / (1 + Math.exp(-v));
                        case IDENTITY -> v;
                    };
                    assertTrue(Float.isFinite(y[i]), t + " at " + v);
                    assertEquals(ref, y[i], 1e-5 * Math.max(1, Math.abs(ref)), t + " at " + v);
                }
            }
        }
    }

    /** Abramowitz–Stegun 7.1.26 is too coarse for 1e-5; use the series/continued form via a high-precision integral. */
    static double erf(double x) {
        // Simpson integration of 2/sqrt(pi)·exp(-t²) over [0, x], fine enough for |x| ≤ 100 with saturation
        if (Math.abs(x) > 6) {
            return Math.signum(x);
        }
        int n = 20000;
        double h = x / n;
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double t = i * h;
            double w = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
            s += w * Math.exp(-t * t);
        }
        return 2 / Math.sqrt(Math.PI) * s * h / 3;
    }

    @Test
    void samePaddingPutsTheExtraPixelBottomRight() {
        try (NDManager m = NDManager.newBaseManager()) {
            Conv2d conv = new Conv2d(1, 1, 3, 2, 1, false, Padding.SAME);
            conv.initialize(m, DataType.FLOAT32, new Shape(1, 1, 4, 4));
            set(conv, "weight", m.ones(new Shape(1, 1, 3, 3)));
            // 4×4, stride 2, k3: out 2, total pad 1 → 0 before, 1 after
            NDArray x = m.arange(16f).reshape(1, 1, 4, 4);
            float[] y = conv.forward(new ParameterStore(m, false), x, false).toFloatArray();
            // out(0,0) = sum rows 0-2, cols 0-2 = 0+1+2+4+5+6+8+9+10 = 45
            // out(1,1) = rows 2-3(+pad), cols 2-3(+pad) = 10+11+14+15 = 50
            assertEquals(45f, y[0]);
            assertEquals(50f, y[3]);
            assertEquals(new Shape(1, 1, 2, 2), conv.getOutputShapes(new Shape[] {new Shape(1, 1, 4, 4)})[0]);
            // 5×5 → out 3, total pad 2 → 1 each side, same as symmetric
            assertEquals(new Shape(1, 1, 3, 3), conv.getOutputShapes(new Shape[] {new Shape(1, 1, 5, 5)})[0]);
        }
    }

    @Test
    void mixedConvSplitsChannelsRemainderFirst() {
        assertArrayEquals(new int[] {4, 3, 3}, MixedConv2d.split(10, 3));
        assertArrayEquals(new int[] {120, 120}, MixedConv2d.split(240, 2));
        try (NDManager m = NDManager.newBaseManager()) {
            MixedConv2d mc = new MixedConv2d(10, 10, List.of(3, 5, 7), 1, true, Padding.SYMMETRIC);
            mc.initialize(m, DataType.FLOAT32, new Shape(2, 10, 9, 9));
            assertEquals(new Shape(4, 1, 3, 3), mc.getChildren().get("0").getParameters().get("weight").getShape());
            assertEquals(new Shape(3, 1, 7, 7), mc.getChildren().get("2").getParameters().get("weight").getShape());
            NDArray x = m.randomNormal(new Shape(2, 10, 9, 9));
            NDArray y = mc.forward(new ParameterStore(m, false), x, false);
            assertEquals(new Shape(2, 10, 9, 9), y.getShape());
            // channel group 1 (channels 4..6) depends only on its own input channels
            NDArray x2 = x.duplicate();
            x2.set(new ai.djl.ndarray.index.NDIndex(":, 0:4"), 0f);
            NDArray y2 = mc.forward(new ParameterStore(m, false), x2, false);
            NDArray d = y.get(":, 4:").sub(y2.get(":, 4:")).abs().max();
            assertEquals(0f, d.getFloat(), 0f);
        }
    }

    @Test
    void dropPathDropsWholeSamplesAndKeepsTheExpectation() {
        try (NDManager m = NDManager.newBaseManager()) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(7);
            NDArray x = m.ones(new Shape(2000, 1, 2, 2));
            NDArray y = DropPath.apply(x, 0.25, true);
            float[] v = y.toFloatArray();
            int dropped = 0;
            for (int i = 0; i < 2000; i++) {
                float a = v[i * 4];
                for (int j = 1; j < 4; j++) {
                    assertEquals(a, v[i * 4 + j]); // the whole sample shares one draw
                }
                assertTrue(a == 0f || Math.abs(a - 1 / 0.75f) < 1e-6);
                if (a == 0f) {
                    dropped++;
                }
            }
            assertTrue(dropped > 400 && dropped < 600, "dropped " + dropped);
            assertEquals(x, DropPath.apply(x, 0.25, false));
        }
    }
}
