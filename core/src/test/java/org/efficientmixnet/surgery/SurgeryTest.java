package org.efficientmixnet.surgery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.arch.ResNetConfig;
import org.efficientmixnet.inspect.ModelSummary;
import org.efficientmixnet.models.EfficientNet;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.nn.FrozenBatchNorm2d;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.StateDict;
import org.efficientmixnet.weights.TensorData;
import org.junit.jupiter.api.Test;
import org.efficientmixnet.arch.PostStemKind;

class SurgeryTest {

    @Test
    void stemStrideOneWithFourInsertedBlocksKeepsTheLastStageResolution() {
        EfficientNetConfig b0 = Presets.efficientNet("efficientnet_b0");
        for (PostStemKind kind : PostStemKind.values()) {
            List<String> changes = new ArrayList<>();
            NetworkConfig c = Surgery.plan(b0, List.of(new SurgeryStep.StemStride(1),
                    new SurgeryStep.InsertBlocks("stem", 4, kind)), changes);
            Network net = Models.build(c);
            assertEquals(new Shape(1, 1280, 7, 7), net.featureShape(new Shape(1, 3, 224, 224)), kind.name());
            ModelSummary before = ModelSummary.of("b0", Models.build(b0), new Shape(1, 3, 224, 224));
            ModelSummary after = ModelSummary.of("b0*", net, new Shape(1, 3, 224, 224));
            assertTrue(after.macs() > before.macs() && after.activationBytes() > before.activationBytes());
            assertTrue(after.params() > before.params());
            assertEquals(2, changes.size());
            assertTrue(changes.get(0).startsWith("stem stride → 1: features (1, 1280, 7, 7) → (1, 1280, 14, 14)"), changes.get(0));
            assertTrue(changes.get(1).contains("(1, 1280, 14, 14) → (1, 1280, 7, 7)"), changes.get(1));
        }
    }

    @Test
    void stemStrideOnlyDoublesTheResolutionAndQuadruplesMacs() {
        NetworkConfig c = Surgery.plan(Presets.get("efficientnet_b0"), List.of(new SurgeryStep.StemStride(1)), null);
        assertEquals(new Shape(2, 1280, 14, 14), Models.build(c).featureShape(new Shape(2, 3, 224, 224)));
    }

    @Test
    void partialLoadKeepsEveryUnchangedLayerExactly() {
        EfficientNetConfig small = Presets.efficientNet("efficientnet_b0").toBuilder().numClasses(10).resolution(64).build();
        try (Model src = Models.create(small)) {
            // give the source distinctive weights
            StateDict sd = ModelWeights.stateDict(src.getBlock());
            Surgery.Result r = Surgery.apply(src, List.of(new SurgeryStep.StemStride(1),
                    new SurgeryStep.InsertBlocks("stem", 2, PostStemKind.BASIC_SE),
                    new SurgeryStep.InputChannels(1), new SurgeryStep.NewHead(2, null, null)));
            try (Model dst = r.model()) {
                StateDict out = ModelWeights.stateDict(dst.getBlock());
                int same = 0;
                for (String k : sd.keys()) {
                    if (k.startsWith("classifier") || k.equals("conv_stem.weight")) {
                        continue;
                    }
                    assertArrayEquals(sd.get(k).toFloatArray(), out.get(k).toFloatArray(), 0f, k);
                    same++;
                }
                assertTrue(same > 300);
                assertTrue(r.report().missing().stream().allMatch(k -> k.startsWith("post_stem.")), r.report().toString());
                assertTrue(r.report().missing().size() > 10);
                assertEquals(List.of("classifier.weight", "classifier.bias"), r.report().shapeMismatches());
                // one input channel: the sum of the R, G, B filters
                float[] rgb = sd.get("conv_stem.weight").toFloatArray();
                float[] gray = out.get("conv_stem.weight").toFloatArray();
                assertEquals(rgb[0] + rgb[9] + rgb[18], gray[0], 1e-6);
                NDArray x = dst.getNDManager().randomNormal(new Shape(1, 1, 64, 64));
                NDArray y = ((Network) dst.getBlock()).forward(new ParameterStore(dst.getNDManager(), false), x, false);
                assertEquals(new Shape(1, 2), y.getShape());
            }
        }
    }

    @Test
    void fiveChannelsRepeatAndScaleTheStem() {
        TensorData w = TensorData.ofFloats(new long[] {1, 3, 1, 1}, new float[] {3, 6, 9});
        TensorData five = org.efficientmixnet.weights.InputConvAdapter.adapt(w, 5, "conv_stem.weight");
        assertArrayEquals(new float[] {1.8f, 3.6f, 5.4f, 1.8f, 3.6f}, five.toFloatArray(), 1e-6f);
    }

    @Test
    void normAndActivationReplacement() {
        EfficientNetConfig c = Presets.efficientNet("mixnet_s").toBuilder().numClasses(3).resolution(64).build();
        try (Model src = Models.create(c)) {
            Surgery.Result r = Surgery.apply(src, List.of(new SurgeryStep.ReplaceNorm(NormType.FROZEN_BATCH_NORM),
                    new SurgeryStep.ReplaceActivation(ActivationType.SWISH, ActivationType.MISH)));
            try (Model dst = r.model()) {
                assertTrue(r.report().complete(), r.report().toString());
                EfficientNet net = (EfficientNet) dst.getBlock();
                assertTrue(net.bn1() instanceof FrozenBatchNorm2d);
                EfficientNetConfig after = (EfficientNetConfig) r.config();
                assertEquals(ActivationType.RELU, after.activation()); // mixnet's default stays relu
                assertTrue(after.arch().get(2).get(0).activation() == ActivationType.MISH);
                ModelSummary s = ModelSummary.of("x", net, new Shape(1, 3, 64, 64));
                assertTrue(s.frozen() > 0 && s.trainable() < s.params());
            }
        }
    }

    @Test
    void resnetSteganalysisBaseline() {
        ResNetConfig se18 = (ResNetConfig) Presets.get("seresnet18");
        NetworkConfig c = Surgery.plan(se18, List.of(new SurgeryStep.StemStride(1), new SurgeryStep.RemoveStemPooling(),
                new SurgeryStep.NewHead(2, null, null)), null);
        Network net = Models.build(c);
        assertEquals(new Shape(1, 512, 32, 32), net.featureShape(new Shape(1, 3, 256, 256)));
        NetworkConfig noStride = Surgery.plan(c, List.of(new SurgeryStep.RemoveStrides(2)), null);
        assertEquals(new Shape(1, 512, 64, 64), Models.build(noStride).featureShape(new Shape(1, 3, 256, 256)));
    }

    @Test
    void badSurgeryIsRefusedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SurgeryStep.StemStride(3));
        assertTrue(e.getMessage().contains("1 or 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new SurgeryStep.InsertBlocks("blocks.3", 2, PostStemKind.INVERTED_RESIDUAL));
        assertTrue(e.getMessage().contains("unknown insertion place 'blocks.3'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Surgery.plan(Presets.get("efficientnet_b0"), List.of(new SurgeryStep.RemoveStemPooling()), null));
        assertTrue(e.getMessage().contains("no stem pooling"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Surgery.plan(Presets.get("resnet18"),
                List.of(new SurgeryStep.InsertBlocks("stem", 1, PostStemKind.BASIC_SE)), null));
        assertTrue(e.getMessage().contains("EfficientNet-family"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Surgery.plan(Presets.get("efficientnet_b0"),
                List.of(new SurgeryStep.RemoveStrides(9)), null));
        assertTrue(e.getMessage().contains("has 7 stages"), e.getMessage());
    }
}
