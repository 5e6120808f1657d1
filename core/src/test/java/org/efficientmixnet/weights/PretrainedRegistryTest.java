package org.efficientmixnet.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PretrainedRegistryTest {
    @Test
    void bareNamesResolveToTimmDefaultTags() {
        PretrainedConfig b0 = PretrainedRegistry.get("efficientnet_b0");
        assertEquals("efficientnet_b0.ra_in1k", b0.name());
        assertEquals("timm/efficientnet_b0.ra_in1k", b0.repo());
        assertEquals("model.safetensors", b0.file());
        assertArrayEquals(new int[] {3, 224, 224}, b0.inputSize());
        assertEquals(0.875, b0.cropPct());
        assertEquals("bicubic", b0.interpolation());
        assertArrayEquals(new double[] {0.485, 0.456, 0.406}, b0.mean());

        PretrainedConfig tf3 = PretrainedRegistry.get("tf_efficientnet_b3");
        assertEquals("tf_efficientnet_b3.ns_jft_in1k", tf3.name());
        assertArrayEquals(new int[] {3, 300, 300}, tf3.inputSize());
        assertEquals(0.904, tf3.cropPct());

        PretrainedConfig lite4 = PretrainedRegistry.get("tf_efficientnet_lite4");
        assertEquals("bilinear", lite4.interpolation());
        assertArrayEquals(new double[] {0.5, 0.5, 0.5}, lite4.std());
        assertEquals("squash", PretrainedRegistry.get("efficientnet_b5").cropMode());
        assertEquals(0.95, PretrainedRegistry.get("resnet50").cropPct());
        assertEquals("bilinear", PretrainedRegistry.get("resnet50.tv_in1k").interpolation());
        assertEquals("efficientnet_b1.ft_in1k", PretrainedRegistry.get("efficientnet_b1.ft_in1k").name());
    }

    @Test
    void coversThePresetsThatHaveWeights() {
        for (String a : new String[] {"efficientnet_b0", "efficientnet_b1", "efficientnet_b2", "efficientnet_b3",
                "efficientnet_b4", "efficientnet_b5", "efficientnet_lite0", "tf_efficientnet_b0", "tf_efficientnet_b7",
                "tf_efficientnet_lite0", "mixnet_s", "mixnet_xl", "tf_mixnet_l", "resnet18", "resnet34", "resnet50"}) {
            assertTrue(PretrainedRegistry.contains(a), a);
            assertTrue(PretrainedRegistry.get(a).repo().startsWith("timm/" + a + "."), a);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PretrainedRegistry.get("efficientnet_b9"));
        assertTrue(e.getMessage().contains("efficientnet_b9") && e.getMessage().contains("mixnet_s"), e.getMessage());
    }
}
