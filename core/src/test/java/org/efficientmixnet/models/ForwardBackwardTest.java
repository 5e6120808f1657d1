package org.efficientmixnet.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.BlockStrings;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.arch.Presets;
import org.junit.jupiter.api.Test;
import org.efficientmixnet.arch.Pooling;

/** Every preset (but the giant b8 and l2) and a network with every layer type run forward and backward. */
class ForwardBackwardTest {

    /** One forward/backward pass; returns the loss. Applies plain SGD when lr > 0. */
    static float step(EfficientNet net, NDManager m, NDArray x, NDArray y, float lr) {
        ParameterStore ps = new ParameterStore(m, false);
        float loss;
        try (NDManager step = m.newSubManager()) {
            NDArray out;
            NDArray l;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = net.forward(ps, x, true);
                l = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(out));
                gc.backward(l);
            }
            loss = l.getFloat();
            for (Parameter p : net.getParameters().values()) {
                if (p.requiresGradient()) {
                    NDArray w = p.getArray();
                    NDArray g = w.getGradient();
                    if (lr > 0) {
                        w.subi(g.mul(lr));
                    }
                }
            }
            out.close();
            l.close();
        }
        return loss;
    }

    static void zeroGrads(EfficientNet net) {
        for (Parameter p : net.getParameters().values()) {
            if (p.requiresGradient()) {
                NDArray g = p.getArray().getGradient();
                g.subi(g);
            }
        }
    }

    @Test
    void everyPresetRunsForwardAndBackward() {
        for (String name : Presets.efficientNetNames()) {
            if (name.contains("_b8") || name.contains("_l2")) {
                continue;
            }
            EfficientNetConfig c = Presets.efficientNet(name).toBuilder().numClasses(5).resolution(64).build();
            try (Model model = Models.create(c)) {
                EfficientNet net = (EfficientNet) model.getBlock();
                NDManager m = model.getNDManager();
                NDArray x = m.randomNormal(new Shape(2, 3, 64, 64));
                NDArray y = m.create(new float[] {1, 3});
                float loss = step(net, m, x, y, 0f);
                assertTrue(Float.isFinite(loss), name);
                NDArray g = net.convStem().getParameters().get("weight").getArray().getGradient();
                float gs = g.abs().sum().getFloat();
                assertTrue(gs > 0, name + ": the stem gets a gradient, sum |g| = " + gs + ", loss " + loss);
                NDArray out = net.forward(new ParameterStore(m, false), x, false);
                assertEquals(new Shape(2, 5), out.getShape(), name);
            }
        }
    }

    static final String EVERY_LAYER = String.join(";",
            "cn_r1_k3_s1_e1_c16_skip",
            "ds_r1_k3_s1_e1_c16_se0.25_nmi",
            "dsa_r1_k5_s2_c24_nhs_bfbn",
            "ir_r2_k3.5.7_a1.1_p1.1_s1_e3_c24_se0.25_nsw_ban_m4",
            "er_r1_k3_s2_e4_c32_nr6_bie",
            "ir_r1_k3.5_s1_e6_c32_se0.5_nge",
            "ir_r1_k3_s2_e6_c40_nre_noskip");

    @Test
    void customNetworkWithEveryLayerTypeLearns() {
        Engine.getInstance().setRandomSeed(3);
        EfficientNetConfig c = EfficientNetConfig.builder("custom", BlockStrings.parseArch(EVERY_LAYER))
                .stemSize(16).headChannels(64).numClasses(2).inChannels(1).resolution(32).dropPathRate(0.1)
                .activation(ActivationType.RELU).build();
        try (Model model = Models.create(c)) {
            EfficientNet net = (EfficientNet) model.getBlock();
            NDManager m = model.getNDManager();
            // a learnable task: class 1 images are brighter
            NDArray x = m.randomNormal(new Shape(8, 1, 32, 32));
            float[] labels = {0, 1, 0, 1, 0, 1, 0, 1};
            NDArray y = m.create(labels);
            NDArray shift = y.reshape(8, 1, 1, 1).mul(2f);
            x = x.add(shift);
            float first = step(net, m, x, y, 0.05f);
            float last = first;
            for (int i = 0; i < 12; i++) {
                zeroGrads(net);
                last = step(net, m, x, y, 0.05f);
            }
            assertTrue(Float.isFinite(last));
            assertTrue(last < first * 0.8, "loss should fall: " + first + " → " + last);
            List<String> types = new ArrayList<>();
            net.blocks().layers().forEach(s -> ((org.efficientmixnet.nn.Sequential) s).layers()
                    .forEach(b -> types.add(b.getClass().getSimpleName())));
            assertEquals(List.of("ConvNormAct", "DepthwiseSeparable", "DepthwiseSeparable", "InvertedResidual",
                    "InvertedResidual", "EdgeResidual", "InvertedResidual", "InvertedResidual"), types);
        }
    }

    @Test
    void tfPaddingWorksAtOddSizes() {
        EfficientNetConfig c = Presets.efficientNet("tf_mixnet_s").toBuilder().numClasses(3).resolution(67).build();
        try (Model model = Models.create(c)) {
            EfficientNet net = (EfficientNet) model.getBlock();
            NDArray x = model.getNDManager().randomNormal(new Shape(1, 3, 67, 67));
            assertEquals(new Shape(1, 1536, 3, 3), net.forwardFeatures(new ParameterStore(model.getNDManager(), false), x, false).getShape());
            assertEquals(new Shape(1, 1536, 3, 3), net.featureShape(new Shape(1, 3, 67, 67)));
        }
    }

    @Test
    void badInputsGetClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Models.create(Presets.efficientNet("efficientnet_b0").toBuilder().resolution(16).build()));
        assertTrue(e.getMessage().contains("resolution 16 is too small") && e.getMessage().contains("32"), e.getMessage());
        try (Model model = Models.create(Presets.efficientNet("efficientnet_b0").toBuilder().numClasses(2).resolution(32).build())) {
            EfficientNet net = (EfficientNet) model.getBlock();
            e = assertThrows(IllegalArgumentException.class, () -> net.getOutputShapes(new Shape[] {new Shape(1, 1, 32, 32)}));
            assertTrue(e.getMessage().contains("takes 3 input channels"), e.getMessage());
        }
    }

    @Test
    void headOffAndPoolingVariants() {
        for (Pooling p : Pooling.values()) {
            EfficientNetConfig c = Presets.efficientNet("efficientnet_lite0").toBuilder().numClasses(0).pooling(p).resolution(64).build();
            try (Model model = Models.create(c)) {
                EfficientNet net = (EfficientNet) model.getBlock();
                NDArray x = model.getNDManager().randomNormal(new Shape(2, 3, 64, 64));
                NDArray out = net.forward(new ParameterStore(model.getNDManager(), false), x, false);
                Shape expected = p == Pooling.NONE ? new Shape(2, 1280, 2, 2) : new Shape(2, 1280);
                assertEquals(expected, out.getShape(), p.id());
                if (p == Pooling.AVGMAX) {
                    NDArray f = net.forwardFeatures(new ParameterStore(model.getNDManager(), false), x, false);
                    NDArray ref = EfficientNet.pool(f, Pooling.AVG).add(EfficientNet.pool(f, Pooling.MAX)).mul(0.5f);
                    assertTrue(ref.sub(out).abs().max().getFloat() < 1e-5);
                }
            }
        }
    }
}
