package org.efficientmixnet.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PresetsTest {

    @Test
    void unknownNameSuggestsClosest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Presets.get("efficentnet_b0"));
        assertTrue(e.getMessage().contains("efficientnet_b0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Presets.get("mixnet_xs"));
        assertTrue(e.getMessage().contains("mixnet_s") || e.getMessage().contains("mixnet_xl"), e.getMessage());
    }

    @Test
    void tfTwinsUseSamePaddingAndEps() {
        EfficientNetConfig tf = Presets.efficientNet("tf_efficientnet_b3");
        assertEquals(Padding.SAME, tf.padding());
        assertEquals(1e-3, tf.bnEps());
        assertEquals(300, tf.resolution());
        EfficientNetConfig pt = Presets.efficientNet("efficientnet_b3");
        assertEquals(Padding.SYMMETRIC, pt.padding());
        assertEquals(1e-5, pt.bnEps());
    }

    @Test
    void everyNamedFamilyIsThere() {
        for (String n : new String[] {"efficientnet_b0", "efficientnet_b8", "efficientnet_l2", "efficientnet_lite0",
                "efficientnet_lite4", "mixnet_s", "mixnet_m", "mixnet_l", "mixnet_xl", "tf_efficientnet_b8",
                "tf_efficientnet_lite4", "tf_mixnet_s", "tf_mixnet_m", "tf_mixnet_l"}) {
            assertTrue(Presets.exists(n), n);
        }
    }

    @Test
    void configValidation() {
        var b = Presets.efficientNet("efficientnet_b0").toBuilder();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.inChannels(0).build());
        assertTrue(e.getMessage().contains("input channels must be ≥ 1"), e.getMessage());
        var c = Presets.efficientNet("efficientnet_b0").toBuilder();
        e = assertThrows(IllegalArgumentException.class, () -> c.pooling(Pooling.NONE).build());
        assertTrue(e.getMessage().contains("classes 0"), e.getMessage());
        assertEquals(32, Presets.get("efficientnet_b0").totalStride());
        assertEquals(16, Presets.efficientNet("efficientnet_b0").toBuilder().stemStride(1).build().totalStride());
    }
}
