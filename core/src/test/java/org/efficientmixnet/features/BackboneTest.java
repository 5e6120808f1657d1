package org.efficientmixnet.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.efficientmixnet.inspect.ModelSummary;
import org.efficientmixnet.models.FeatureInfo;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Network;
import org.junit.jupiter.api.Test;
import org.efficientmixnet.arch.Presets;

class BackboneTest {

    @Test
    void featureInfoLikeTimm() {
        List<FeatureInfo> b0 = Models.build(Presets.get("efficientnet_b0")).featureInfo();
        assertEquals(List.of(16, 24, 40, 112, 320), b0.stream().map(FeatureInfo::channels).toList());
        assertEquals(List.of(2, 4, 8, 16, 32), b0.stream().map(FeatureInfo::reduction).toList());
        List<FeatureInfo> mix = Models.build(Presets.get("mixnet_s")).featureInfo();
        assertEquals(List.of(16, 24, 40, 120, 200), mix.stream().map(FeatureInfo::channels).toList());
        List<FeatureInfo> r50 = Models.build(Presets.get("resnet50")).featureInfo();
        assertEquals(List.of(64, 256, 512, 1024, 2048), r50.stream().map(FeatureInfo::channels).toList());
        assertEquals(List.of(2, 4, 8, 16, 32), r50.stream().map(FeatureInfo::reduction).toList());
    }

    @Test
    void intermediatesHaveTheAnnouncedShapes() {
        for (String name : List.of("efficientnet_b0", "resnet18")) {
            try (Model m = Models.create(Presets.get(name).with(
                    new org.efficientmixnet.arch.NetworkConfig.CommonOptions(null, 4, 64, null, null, null, null, null)))) {
                Network net = (Network) m.getBlock();
                NDArray x = m.getNDManager().randomNormal(new Shape(2, 3, 64, 64));
                List<NDArray> fs = net.forwardIntermediates(new ParameterStore(m.getNDManager(), false), x, new int[] {4, 1, 2}, false);
                List<FeatureInfo> info = net.featureInfo();
                int k = 0;
                for (int i : new int[] {4, 1, 2}) {
                    Shape s = fs.get(k++).getShape();
                    assertEquals(info.get(i).channels(), s.get(1), name + " " + i);
                    assertEquals(64 / info.get(i).reduction(), s.get(2), name + " " + i);
                }
                // the last level is the final stage
                NDArray last = net.forwardIntermediates(new ParameterStore(m.getNDManager(), false), x, new int[] {4}, false).get(0);
                assertEquals(net.featureInfo().get(4).channels(), last.getShape().get(1));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> net.forwardIntermediates(new ParameterStore(m.getNDManager(), false), x, new int[] {5}, false));
                assertTrue(e.getMessage().contains("feature index 5 is out of range"), e.getMessage());
            }
        }
    }

    @Test
    void paddedBatchMasksFollowEachFeatureMap() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.ones(new Shape(3, 64, 32));
            NDArray b = m.ones(new Shape(3, 32, 64));
            PaddedBatch batch = PaddedBatch.of(m, List.of(a, b));
            assertEquals(new Shape(2, 3, 64, 64), batch.images().getShape());
            // image 0 is padded on the right half, image 1 on the bottom half
            NDArray m8 = batch.maskFor(8, 8);
            boolean[] v = m8.toBooleanArray();
            assertTrue(!v[0] && v[7] && !v[64] && v[64 + 63]);
            assertEquals(new Shape(2, 8, 8), m8.getShape());
            assertEquals(32L, m8.get("0").toType(DataType.INT32, false).sum().getLong());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new PaddedBatch(m.zeros(new Shape(2, 3, 64, 64)), m.zeros(new Shape(2, 32, 64))));
            assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        }
    }

    @Test
    void freezingByPatternShowsInTheSummary() {
        Network net = Models.build(Presets.get("efficientnet_b0"));
        try (Model m = Models.create(net.config())) {
            Network n = (Network) m.getBlock();
            List<String> frozen = Freezing.freeze(n, List.of("conv_stem.*", "blocks.0.**"), true);
            assertTrue(frozen.contains("conv_stem.weight") && frozen.contains("blocks.0.0.conv_dw.weight"), frozen.toString());
            ModelSummary s = ModelSummary.of("b0", n, new Shape(1, 3, 224, 224));
            assertEquals(864L + 1448, s.frozen(), frozen.toString());
            Freezing.freezeAllBut(n, List.of("classifier.*"));
            ModelSummary all = ModelSummary.of("b0", n, new Shape(1, 3, 224, 224));
            assertEquals(1_281_000L, all.trainable());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Freezing.freeze(n, List.of("nothing.*"), true));
            assertTrue(e.getMessage().contains("no parameter matches"));
        }
    }
}
