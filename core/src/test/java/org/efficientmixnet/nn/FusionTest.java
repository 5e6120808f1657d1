package org.efficientmixnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.weights.ModelWeights;
import org.junit.jupiter.api.Test;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.Presets;

class FusionTest {

    /** Random batch-norm statistics and affine, so that folding has something to fold. */
    static void randomizeNorms(Network net) {
        for (Map.Entry<String, Parameter> e : ModelWeights.namedParameters(net).entrySet()) {
            NDArray a = e.getValue().getArray();
            String k = e.getKey();
            if (k.endsWith("running_var")) {
                a.getManager().randomUniform(0.5f, 2f, a.getShape()).copyTo(a);
            } else if (k.endsWith("running_mean") || (k.endsWith(".bias") && a.getShape().dimension() == 1)) {
                a.getManager().randomNormal(0f, 0.1f, a.getShape(), a.getDataType()).copyTo(a);
            } else if (a.getShape().dimension() == 1 && k.endsWith(".weight")) {
                a.getManager().randomUniform(0.5f, 1.5f, a.getShape()).copyTo(a);
            }
        }
    }

    @Test
    void fusedOutputsEqualUnfused() {
        for (String name : new String[] {"efficientnet_b0", "mixnet_s", "resnet18", "tf_efficientnet_lite0"}) {
            try (Model m = Models.create(Presets.get(name).with(
                    new org.efficientmixnet.arch.NetworkConfig.CommonOptions(null, 10, 64, null, null, null, null, null)))) {
                Network net = (Network) m.getBlock();
                randomizeNorms(net);
                NDArray x = m.getNDManager().randomNormal(new Shape(2, 3, 64, 64));
                ParameterStore ps = new ParameterStore(m.getNDManager(), false);
                float[] before = net.forward(ps, x, false).toFloatArray();
                int folded = net.fuseForInference();
                assertTrue(folded >= 20, name + ": folded " + folded);
                float[] after = net.forward(ps, x, false).toFloatArray();
                double max = 0;
                double diff = 0;
                for (int i = 0; i < before.length; i++) {
                    max = Math.max(max, Math.abs(before[i]));
                    diff = Math.max(diff, Math.abs(before[i] - after[i]));
                }
                assertTrue(diff <= 1e-5 * Math.max(1, max), name + ": fused outputs differ by " + diff + " (largest " + max + ")");
                assertEquals(0, net.fuseForInference(), "fusing twice folds nothing more");
                assertThrows(IllegalStateException.class, () -> net.forward(ps, x, true));
            }
        }
    }

    @Test
    void convolutionNormAndSiluRunAsOneCallOnlyInInferenceWithoutAutograd() {
        try (Model m = Models.create(Presets.get("efficientnet_b0").with(
                new org.efficientmixnet.arch.NetworkConfig.CommonOptions(null, 10, 64, null, null, null, null, null)))) {
            org.efficientmixnet.models.EfficientNet net = (org.efficientmixnet.models.EfficientNet) m.getBlock();
            randomizeNorms(net);
            ParameterStore ps = new ParameterStore(m.getNDManager(), false);
            NDArray x = MemoryLayout.forCompute(m.getNDManager().randomNormal(new Shape(2, 3, 64, 64)));
            ActivationType swish = ActivationType.SWISH;
            assertNull(Fusion.convActivation(net.convStem(), net.bn1(), swish, ps, x, false), "norm not folded yet");
            assertNull(Fusion.convNorm(net.convStem(), net.bn1(), ps, x, false), "norm not folded yet");
            net.fuseForInference();
            NDArray fused = Fusion.convActivation(net.convStem(), net.bn1(), swish, ps, x, false);
            assertNotNull(fused, "folded stem, CPU inference: one fused call");
            NDArray apart = Activations.apply(swish, net.bn1().forward(ps, ((Conv2d) net.convStem()).forward(ps, x, false), false));
            assertTrue(fused.sub(apart).abs().max().getFloat() <= 1e-5f * Math.max(1f, apart.abs().max().getFloat()));
            assertNull(Fusion.convActivation(net.convStem(), net.bn1(), ActivationType.RELU, ps, x, false), "SiLU only");
            NDArray convNorm = Fusion.convNorm(net.convStem(), net.bn1(), ps, x, false);
            assertNotNull(convNorm, "folded pair, CPU inference: one call without activation");
            NDArray plain = net.bn1().forward(ps, ((Conv2d) net.convStem()).forward(ps, x, false), false);
            assertTrue(convNorm.sub(plain).abs().max().getFloat() <= 1e-5f * Math.max(1f, plain.abs().max().getFloat()));
            assertTrue(fused.sub(apart).abs().max().getFloat() <= 1e-5f * Math.max(1f, apart.abs().max().getFloat()),
                    "the SiLU call again after the same convolution ran without activation (its own packed arguments)");
            NDArray again = Fusion.convActivation(net.convStem(), net.bn1(), swish, ps, x, false);
            assertTrue(again.sub(apart).abs().max().getFloat() <= 1e-5f * Math.max(1f, apart.abs().max().getFloat()));
            for (int batch : new int[] {1, 3}) {   // the weight packed at batch 2 serves other batch sizes
                NDArray xb = MemoryLayout.forCompute(m.getNDManager().randomNormal(new Shape(batch, 3, 64, 64)));
                NDArray fb = Fusion.convActivation(net.convStem(), net.bn1(), swish, ps, xb, false);
                NDArray ab = Activations.apply(swish, ((Conv2d) net.convStem()).forward(ps, xb, false));
                assertTrue(fb.sub(ab).abs().max().getFloat() <= 1e-5f * Math.max(1f, ab.abs().max().getFloat()), "batch " + batch);
            }
            assertNull(Fusion.convActivation(net.convStem(), net.bn1(), swish, ps, x, true), "never in training");
            assertNull(Fusion.convNorm(net.convStem(), net.bn1(), ps, x, true), "never in training");
            try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                assertNull(Fusion.convActivation(net.convStem(), net.bn1(), swish, ps, x, false), "the fused op has no backward");
                assertNull(Fusion.convNorm(net.convStem(), net.bn1(), ps, x, false), "the fused op has no backward");
            }
        }
    }
}
