package org.efficientmixnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Network;
import org.junit.jupiter.api.Test;

class SqueezeExciteTest {

    @Test
    void inferenceInPlaceGivesTheSameGateAsTheConvolutions() {
        try (NDManager m = NDManager.newBaseManager()) {
            SqueezeExcite se = new SqueezeExcite(12, 3, ActivationType.SWISH, ActivationType.SIGMOID);
            se.initialize(m, DataType.FLOAT32, new Shape(3, 12, 5, 5));
            LayersTest.set(se.convReduce(), "bias", m.randomNormal(new Shape(3)));
            LayersTest.set(se.convExpand(), "bias", m.randomNormal(new Shape(12)));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = MemoryLayout.forCompute(m.randomNormal(new Shape(3, 12, 5, 5)));
            NDArray expected = se.forward(ps, x, false);
            NDArray y = x.duplicate();
            NDArray gated = se.forwardInPlace(ps, y, false);
            assertSame(y, gated, "the gate is multiplied into the intermediate itself");
            assertTrue(gated.sub(expected).abs().max().getFloat() <= 1e-6f * Math.max(1f, expected.abs().max().getFloat()));
            assertNull(se.forwardInPlace(ps, x.duplicate(), true), "never in training");
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                assertNull(se.forwardInPlace(ps, x.duplicate(), false), "never while autograd records");
            }
        }
    }

    @Test
    void inferenceLeavesTheNetworkInputAsItWas() {
        try (Model model = Models.create(Presets.get("efficientnet_b0").with(
                new org.efficientmixnet.arch.NetworkConfig.CommonOptions(null, 10, 64, null, null, null, null, null)))) {
            Network net = (Network) model.getBlock();
            ParameterStore ps = new ParameterStore(model.getNDManager(), false);
            NDArray x = model.getNDManager().randomNormal(new Shape(2, 3, 64, 64));
            float[] input = x.toFloatArray();
            float[] first = net.forward(ps, x, false).toFloatArray();
            assertArrayEquals(input, x.toFloatArray(), "input untouched");
            assertArrayEquals(first, net.forward(ps, x, false).toFloatArray(), 0f, "same output twice");
        }
    }
}
