package org.efficientmixnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.InputStream;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.Padding;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.surgery.Surgery;
import org.efficientmixnet.surgery.SurgerySpec;
import org.junit.jupiter.api.Test;
import org.efficientmixnet.arch.Presets;

/** Channels-last computation: the format really changes and propagates, and values and gradients do not. */
class MemoryLayoutTest {

    /** Asks libtorch (is_channels_last.pt, made by core/src/test/fixtures/make_layout_fixture.py). */
    private static boolean isChannelsLast(NDArray x) throws Exception {
        try (InputStream in = MemoryLayoutTest.class.getResourceAsStream("is_channels_last.pt");
                PtSymbolBlock probe = JniUtils.loadModule((PtNDManager) x.getManager(), in, false, false)) {
            return IValueUtils.forward(probe, new NDList(x), true).singletonOrThrow().getFloat() == 1f;
        }
    }

    @Test
    void theInputIsConvertedAndTheFormatPropagatesThroughTheBlocks() throws Exception {
        try (Model model = Models.create(Presets.efficientNet("efficientnet_b0").toBuilder().numClasses(3).resolution(64).build())) {
            NDManager m = model.getNDManager();
            NDArray x = m.randomNormal(new Shape(2, 3, 64, 64));
            assertTrue(MemoryLayout.convertsToChannelsLast(x));
            NDArray c = MemoryLayout.forCompute(x);
            assertFalse(isChannelsLast(x));
            assertTrue(isChannelsLast(c));
            assertEquals(0f, c.sub(x).abs().max().getFloat());
            Network net = (Network) model.getBlock();
            List<NDArray> f = net.forwardIntermediates(new ParameterStore(m, false), x, new int[] {1, 4}, false);
            assertTrue(isChannelsLast(f.get(0)), "stage output");
            assertTrue(isChannelsLast(f.get(1)), "last stage output");
            // reading the values out is independent of the strides
            float[] v = f.get(0).toFloatArray();
            assertEquals(f.get(0).sum().getFloat(), sum(v), 1e-3 * Math.max(1, Math.abs(sum(v))));
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray flat = m.randomNormal(new Shape(2, 5));
            assertSame(flat, MemoryLayout.forCompute(flat), "only 4-d arrays");
        }
    }

    /**
     * A one-channel input is contiguous in both formats, so a plain {@code contiguous(channels_last)} leaves its
     * NCHW strides and the convolutions then keep the whole network NCHW (the steganalysis networks ran so).
     */
    @Test
    void aGrayscaleInputMakesTheSteganalysisNetworkComputeChannelsLast() throws Exception {
        EfficientNetConfig gray = Presets.efficientNet("efficientnet_b0").toBuilder().inChannels(1).numClasses(2).resolution(64).build();
        EfficientNetConfig stego = (EfficientNetConfig) Surgery.plan(gray, SurgerySpec.parse("stem-stride=1,insert=2"), null);
        try (Model model = Models.create(stego)) {
            NDManager m = model.getNDManager();
            NDArray x = m.randomNormal(new Shape(2, 1, 64, 64));
            // (the input itself counts as contiguous in both formats: only what the convolutions make can tell)
            assertEquals(0f, MemoryLayout.forCompute(x).sub(x).abs().max().getFloat());
            Network net = (Network) model.getBlock();
            List<NDArray> f = net.forwardIntermediates(new ParameterStore(m, false), x, new int[] {0, 4}, false);
            assertTrue(isChannelsLast(f.get(0)), "first stage output");
            assertTrue(isChannelsLast(f.get(1)), "last stage output");
        }
    }

    private static float sum(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return (float) s;
    }

    @Test
    void aBlockGivesTheSameValuesAndGradientsInEitherFormat() {
        try (NDManager m = NDManager.newBaseManager()) {
            LayerOptions o = new LayerOptions(ActivationType.SWISH, NormType.BATCH_NORM, 8, 1e-5, 0.1, Padding.SYMMETRIC);
            InvertedResidual block = new InvertedResidual(8, 8, 32, List.of(3), List.of(1), List.of(1), 1, 4, false, 0, o);
            block.initialize(m, DataType.FLOAT32, new Shape(2, 8, 9, 9));
            NDArray x = m.randomNormal(new Shape(2, 8, 9, 9));
            NDArray weight = m.randomNormal(new Shape(2, 8, 9, 9));
            float[][] nchw = run(block, m, x, weight);
            float[][] nhwc = run(block, m, MemoryLayout.forCompute(x), weight);
            for (int k = 0; k < nchw.length; k++) {
                for (int i = 0; i < nchw[k].length; i++) {
                    assertEquals(nchw[k][i], nhwc[k][i], 1e-4 * Math.max(1, Math.abs(nchw[k][i])), "array " + k + " at " + i);
                }
            }
        }
    }

    /** Output, input gradient and the depthwise weight's gradient of one training pass. */
    private static float[][] run(InvertedResidual block, NDManager m, NDArray input, NDArray weight) {
        try (NDManager step = m.newSubManager()) {
            NDArray x = input.duplicate();
            x.attach(step);
            x.setRequiresGradient(true);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = block.forward(new ParameterStore(m, false), x, true);
                gc.backward(y.mul(weight).sum());
            }
            Parameter dw = block.getChildren().get("conv_dw").getParameters().get("weight");
            float[][] r = {y.toFloatArray(), x.getGradient().toFloatArray(), dw.getArray().getGradient().toFloatArray()};
            NDArray g = dw.getArray().getGradient();
            for (Parameter p : block.getParameters().values()) {
                if (p.requiresGradient()) {
                    NDArray pg = p.getArray().getGradient();
                    pg.subi(pg);
                }
            }
            assertTrue(g != null);
            return r;
        }
    }
}
