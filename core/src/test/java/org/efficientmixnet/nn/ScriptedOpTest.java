package org.efficientmixnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;
import org.junit.jupiter.api.Test;

/** The TorchScript activations against the same functions composed from DJL ops: values, gradients, lifetimes. */
class ScriptedOpTest {
    private static final List<ActivationType> SCRIPTED = List.of(ActivationType.SWISH, ActivationType.MISH,
            ActivationType.HARD_SWISH, ActivationType.HARD_SIGMOID);

    @Test
    void theScriptedPathIsTakenOnPyTorchArrays() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(2, 3, 4, 4));
            assertTrue(ScriptedOp.ENABLED, "scripted ops switched off for this test run");
            assertTrue(ScriptedOp.available(x));
            // autograd names the op that made a tensor: the native one, not a multiplication
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                x.setRequiresGradient(true);
                NDArray y = Activations.apply(ActivationType.SWISH, x);
                assertEquals("SiluBackward0", JniUtils.getGradientFunctionNames((PtNDArray) y));
                NDArray c = Activations.composed(ActivationType.SWISH, x);
                assertEquals("MulBackward0", JniUtils.getGradientFunctionNames((PtNDArray) c));
            }
        }
    }

    @Test
    void valuesEqualTheComposedForms() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(0f, 4f, new Shape(400), DataType.FLOAT32)
                    .concat(m.create(new float[] {-100, -30, -3, -1e-3f, 0, 1e-3f, 3, 30, 100}));
            for (ActivationType t : SCRIPTED) {
                float[] s = Activations.apply(t, x).toFloatArray();
                float[] c = Activations.composed(t, x).toFloatArray();
                for (int i = 0; i < s.length; i++) {
                    assertTrue(Float.isFinite(s[i]), t + " not finite at " + i);
                    assertEquals(c[i], s[i], 2e-6 * Math.max(1, Math.abs(c[i])), t + " at " + i);
                }
            }
        }
    }

    @Test
    void gradientsEqualTheComposedForms() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray base = m.randomNormal(0f, 3f, new Shape(2, 4, 6, 6), DataType.FLOAT32);
            NDArray weight = m.randomNormal(new Shape(2, 4, 6, 6));
            for (ActivationType t : SCRIPTED) {
                float[] scripted = gradient(base, weight, x -> Activations.apply(t, x));
                float[] composed = gradient(base, weight, x -> Activations.composed(t, x));
                double norm = 0;
                for (float v : composed) {
                    norm = Math.max(norm, Math.abs(v));
                }
                assertTrue(norm > 0.1, t + ": a vanishing gradient would prove nothing");
                for (int i = 0; i < scripted.length; i++) {
                    assertEquals(composed[i], scripted[i], 1e-5 * Math.max(1, Math.abs(composed[i])), t + " at " + i);
                }
            }
        }
    }

    /** d/dx of sum(weight · f(x)), which is weight · f'(x). */
    private static float[] gradient(NDArray base, NDArray weight, java.util.function.UnaryOperator<NDArray> f) {
        try (NDManager step = base.getManager().newSubManager()) {
            NDArray x = base.duplicate();
            x.attach(step);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = f.apply(x).mul(weight).sum();
                gc.backward(loss);
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void theSharedModulesRunOnSeveralThreadsAtOnce() throws Exception {
        // one loaded module serves every caller (the stego jobs and the demo predict on several threads)
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Float>> worst = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int seed = t;
                worst.add(pool.submit(() -> {
                    try (NDManager m = NDManager.newBaseManager()) {
                        float max = 0;
                        for (int i = 0; i < 50; i++) {
                            NDArray x = m.randomNormal(0f, 1f + seed, new Shape(3, 4, 5, 5), DataType.FLOAT32);
                            NDArray d = Activations.apply(ActivationType.SWISH, x).sub(Activations.composed(ActivationType.SWISH, x));
                            max = Math.max(max, d.abs().max().getFloat());
                        }
                        return max;
                    }
                }));
            }
            for (var f : worst) {
                assertTrue(f.get() < 1e-5f, "max difference " + f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void outsideAGradientCollectorNothingIsRecorded() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(1, 2, 3, 3));
            NDArray y = Activations.apply(ActivationType.SWISH, x);
            assertFalse(JniUtils.requiresGrad((PtNDArray) y));
        }
    }

    @Test
    void resultsBelongToTheInputsManagerAndScope() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(1, 2, 3, 3));
            NDArray kept;
            NDArray dropped;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                dropped = Activations.apply(ActivationType.MISH, x);
                kept = Activations.apply(ActivationType.SWISH, x);
                NDScope.unregister(kept);
            }
            assertSame(m, kept.getManager());
            assertTrue(dropped.isReleased(), "the scope frees a scripted result like any other");
            assertFalse(kept.isReleased());
            assertNotNull(kept.toFloatArray());
            assertEquals(x.getDevice(), kept.getDevice());
        }
        // the module itself is shared: a later manager still runs it
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray y = Activations.apply(ActivationType.SWISH, m.create(new float[] {0f, 1f}));
            assertEquals(1 / (1 + Math.exp(-1)), y.toFloatArray()[1], 1e-6);
        }
    }
}
