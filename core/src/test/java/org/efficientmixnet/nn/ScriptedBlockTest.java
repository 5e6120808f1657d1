package org.efficientmixnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.Padding;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.weights.ModelWeights;
import org.junit.jupiter.api.Test;

/**
 * A block run as one TorchScript call ({@link ScriptedBlock}) against the same block run step by step: outputs,
 * gradients of the input and of every weight, and the running statistics training leaves behind.
 */
class ScriptedBlockTest {

    /** Everything one pass produces, by name: output, input gradient, parameter gradients, parameter values after. */
    private static Map<String, float[]> pass(Block block, Map<String, Parameter> params, NDManager m, NDArray input,
            NDArray weight, boolean training, boolean scripted, long seed) {
        Map<String, float[]> r = new LinkedHashMap<>();
        try (NDManager step = m.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray x = MemoryLayout.forCompute(input.duplicate());
            x.attach(step);
            ParameterStore ps = new ParameterStore(m, false);
            Engine.getInstance().setRandomSeed((int) seed);
            if (training) {
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray y = forward(block, ps, x, scripted, training);
                    r.put("output", y.toFloatArray());
                    gc.backward(y.mul(weight).sum());
                }
                r.put("grad input", x.getGradient().toFloatArray());
                for (var e : params.entrySet()) {
                    if (e.getValue().requiresGradient()) {
                        NDArray g = e.getValue().getArray().getGradient();
                        r.put("grad " + e.getKey(), g.toFloatArray());
                        g.subi(g);
                    }
                }
            } else {
                r.put("output", forward(block, ps, x, scripted, training).toFloatArray());
            }
            params.forEach((k, p) -> r.put(k, p.getArray().toFloatArray()));
        }
        return r;
    }

    /**
     * A single block's scripted path is called directly, so that a block it silently declined fails here; a network
     * counts the scripted calls.
     */
    private static NDArray forward(Block block, ParameterStore ps, NDArray x, boolean scripted, boolean training) {
        if (block instanceof ResidualBlock r && scripted) {
            NDArray y = ScriptedBlock.forward(r, ps, x, training);
            assertNotNull(y, "the block was not run scripted");
            return y;
        }
        int blocks = ScriptedBlock.use(block, scripted);
        long before = ScriptedBlock.calls();
        NDArray y = ((Layer) block).forward(ps, x, training);
        assertEquals(scripted ? blocks : 0, ScriptedBlock.calls() - before, "scripted calls");
        return y;
    }

    /** Runs both paths from the same parameters and compares everything; restores the parameters in between. */
    private static void compare(String what, Block block, Map<String, Parameter> params, NDManager m, Shape shape,
            boolean training) {
        NDArray input = m.randomNormal(shape);
        NDArray weight = m.randomNormal(outputShape(block, shape));
        Map<String, NDArray> saved = new LinkedHashMap<>();
        params.forEach((k, p) -> saved.put(k, p.getArray().duplicate()));
        Map<String, float[]> a = pass(block, params, m, input, weight, training, false, 11);
        saved.forEach((k, v) -> v.copyTo(params.get(k).getArray()));
        Map<String, float[]> b = pass(block, params, m, input, weight, training, true, 11);
        assertEquals(a.keySet(), b.keySet(), what);
        boolean statsMoved = false;
        for (String k : a.keySet()) {
            float[] u = a.get(k);
            float[] v = b.get(k);
            double max = 0;
            double diff = 0;
            for (int i = 0; i < u.length; i++) {
                max = Math.max(max, Math.abs(u[i]));
                diff = Math.max(diff, Math.abs(u[i] - v[i]));
            }
            assertTrue(diff <= 2e-5 * Math.max(1, max), what + ": " + k + " differs by " + diff + " (largest " + max + ")");
            if (k.endsWith("running_mean")) {
                float[] before = saved.get(k).toFloatArray();
                for (int i = 0; i < before.length; i++) {
                    statsMoved |= before[i] != u[i];
                }
            }
        }
        assertEquals(training, statsMoved, what + ": running statistics move in training only");
    }

    private static Shape outputShape(Block block, Shape in) {
        return block.getOutputShapes(new Shape[] {in})[0];
    }

    /** Batch-norm statistics, affine terms and conv biases away from 0/1 (random but repeatable). */
    private static void randomize(Map<String, Parameter> params) {
        for (var e : params.entrySet()) {
            NDArray a = e.getValue().getArray();
            String k = e.getKey();
            if (k.endsWith("running_var")) {
                a.getManager().randomUniform(0.5f, 2f, a.getShape()).copyTo(a);
            } else if (k.endsWith("running_mean") || k.endsWith("bias")) {
                a.getManager().randomNormal(0f, 0.2f, a.getShape(), a.getDataType()).copyTo(a);
            } else if (a.getShape().dimension() == 1) {
                a.getManager().randomUniform(0.5f, 1.5f, a.getShape()).copyTo(a);
            }
        }
    }

    private static List<ResidualBlock> blocks(Padding padding, ActivationType act) {
        LayerOptions o = new LayerOptions(act, NormType.BATCH_NORM, 1, 1e-3, 0.1, padding);
        List<ResidualBlock> b = new ArrayList<>();
        // skip, SE, stride 1
        b.add(new InvertedResidual(8, 8, 24, List.of(3), List.of(1), List.of(1), 1, 4, false, 0, o));
        // stride 2 (SAME pads 10 rows asymmetrically), no SE, no skip
        b.add(new InvertedResidual(8, 12, 24, List.of(5), List.of(1), List.of(1), 2, 0, false, 0, o));
        // same shape but the skip switched off, with SE
        b.add(new InvertedResidual(8, 8, 16, List.of(3), List.of(1), List.of(1), 1, 2, true, 0, o));
        // skip with drop path
        b.add(new InvertedResidual(8, 8, 24, List.of(3), List.of(1), List.of(1), 1, 4, false, 0.5, o));
        b.add(new DepthwiseSeparable(8, 8, List.of(3), List.of(1), 1, 2, false, false, 0.3, o));
        b.add(new DepthwiseSeparable(8, 16, List.of(3), List.of(1), 2, 0, true, true, 0, o));
        return b;
    }

    @Test
    void blocksGiveTheSameValuesGradientsAndStatisticsEitherWay() {
        Shape shape = new Shape(3, 8, 10, 9);
        for (Padding padding : new Padding[] {Padding.SAME, Padding.SYMMETRIC}) {
            for (ActivationType act : new ActivationType[] {ActivationType.SWISH, ActivationType.RELU6}) {
                for (ResidualBlock block : blocks(padding, act)) {
                    try (NDManager m = NDManager.newBaseManager()) {
                        Engine.getInstance().setRandomSeed(3);
                        block.initialize(m, DataType.FLOAT32, shape);
                        Map<String, Parameter> params = ModelWeights.namedParameters(block);
                        randomize(params);
                        String what = block.getClass().getSimpleName() + " " + outputShape(block, shape) + " skip "
                                + block.hasSkip() + " drop path " + block.dropPathRate() + " " + padding + " " + act;
                        compare(what + " training", block, params, m, shape, true);
                        compare(what + " eval", block, params, m, shape, false);
                        int folded = Fusion.fuseForInference(block, shape);
                        assertTrue(folded >= 2, what + ": folded " + folded);
                        compare(what + " folded", block, params, m, shape, false);
                    }
                }
            }
        }
    }

    @Test
    void uncoveredBlocksKeepTheStepByStepPath() {
        LayerOptions o = new LayerOptions(ActivationType.SWISH, NormType.BATCH_NORM, 1, 1e-3, 0.1, Padding.SAME);
        Shape shape = new Shape(2, 8, 8, 8);
        try (NDManager m = NDManager.newBaseManager(); NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            ResidualBlock mixed = new InvertedResidual(8, 8, 24, List.of(3, 5), List.of(1), List.of(1), 1, 4, false, 0, o);
            mixed.initialize(m, DataType.FLOAT32, shape);
            NDArray x = m.randomNormal(shape);
            assertNull(ScriptedBlock.forward(mixed, new ParameterStore(m, false), x, false), "mixed kernels");
            ResidualBlock plain = new InvertedResidual(8, 8, 24, List.of(3), List.of(1), List.of(1), 1, 4, false, 0, o);
            plain.initialize(m, DataType.FLOAT32, shape);
            Fusion.fuseForInference(plain, shape);
            assertNull(ScriptedBlock.forward(plain, new ParameterStore(m, false), x, true), "a fused block in training");
            assertNotNull(ScriptedBlock.forward(plain, new ParameterStore(m, false), x, false), "a fused block at inference");
        }
    }

    @Test
    void efficientNetB0GivesTheSameLogitsGradientsAndStatisticsEitherWay() {
        try (Model model = Models.create(Presets.efficientNet("efficientnet_b0").toBuilder().numClasses(5).resolution(64)
                .dropPathRate(0.2).dropRate(0.2).build())) {
            Network net = (Network) model.getBlock();
            NDManager m = model.getNDManager();
            Map<String, Parameter> params = ModelWeights.namedParameters(net);
            randomize(params);
            assertEquals(16, ScriptedBlock.use(net, true), "residual blocks of efficientnet_b0");
            Shape shape = new Shape(2, 3, 64, 64);
            compare("efficientnet_b0 training", net, params, m, shape, true);
            compare("efficientnet_b0 eval", net, params, m, shape, false);
            net.fuseForInference();
            compare("efficientnet_b0 folded", net, params, m, shape, false);
        }
    }
}
