package org.efficientmixnet.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.efficientmixnet.arch.Presets;
import org.junit.jupiter.api.Test;

/**
 * Parameter counts with 1000 classes and 3 input channels. b0–b7 are the reference counts (timm and
 * torchvision agree); the others are timm's counts, whose rounded values timm publishes in its results
 * tables (b8 87.41 M, l2 480.31 M, lite0–4 4.65/5.42/6.09/8.20/13.01 M, mixnet s/m/l/xl 4.13/5.01/7.33/11.90 M).
 * No engine is needed: parameter shapes are known when the network is built.
 */
class ParameterCountTest {
    static final Map<String, Long> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("efficientnet_b0", 5_288_548L),
            Map.entry("efficientnet_b1", 7_794_184L),
            Map.entry("efficientnet_b2", 9_109_994L),
            Map.entry("efficientnet_b3", 12_233_232L),
            Map.entry("efficientnet_b4", 19_341_616L),
            Map.entry("efficientnet_b5", 30_389_784L),
            Map.entry("efficientnet_b6", 43_040_704L),
            Map.entry("efficientnet_b7", 66_347_960L),
            Map.entry("efficientnet_b8", 87_413_142L),
            Map.entry("efficientnet_l2", 480_309_308L),
            Map.entry("efficientnet_lite0", 4_652_008L),
            Map.entry("efficientnet_lite1", 5_416_680L),
            Map.entry("efficientnet_lite2", 6_092_072L),
            Map.entry("efficientnet_lite3", 8_197_096L),
            Map.entry("efficientnet_lite4", 13_006_568L),
            Map.entry("mixnet_s", 4_134_606L),
            Map.entry("mixnet_m", 5_014_382L),
            Map.entry("mixnet_l", 7_329_252L),
            Map.entry("mixnet_xl", 11_896_768L)));

    @Test
    void everyPresetMatchesTheReference() {
        for (String name : Presets.efficientNetNames()) {
            String base = name.startsWith("tf_") ? name.substring(3) : name;
            Long expected = EXPECTED.get(base);
            assertEquals(true, expected != null, "no expected count for " + name);
            assertEquals(expected.longValue(), Models.countParameters(Models.build(Presets.get(name))), name);
        }
    }

    @Test
    void resnetsMatchTimm() {
        // torchvision and timm: resnet18 11,689,512, resnet34 21,797,672, resnet50 25,557,032;
        // seresnet18 = resnet18 + SE modules of reduced width 8, 8, 16, 32 (timm 11.78 M)
        assertEquals(11_689_512L, Models.countParameters(Models.build(Presets.get("resnet18"))));
        assertEquals(21_797_672L, Models.countParameters(Models.build(Presets.get("resnet34"))));
        assertEquals(25_557_032L, Models.countParameters(Models.build(Presets.get("resnet50"))));
        long se = 2 * (2L * 64 * 8 + 8 + 64) + 2 * (2L * 128 * 8 + 8 + 128) + 2 * (2L * 256 * 16 + 16 + 256)
                + 2 * (2L * 512 * 32 + 32 + 512);
        assertEquals(11_689_512L + se, Models.countParameters(Models.build(Presets.get("seresnet18"))));
        assertEquals(2048, Models.build(Presets.get("resnet50")).numChannels());
        assertEquals(1792, Models.build(Presets.get("efficientnet_b4")).numChannels());
    }

    @Test
    void inputChannelsAndClassesChangeOnlyStemAndClassifier() {
        long b0 = EXPECTED.get("efficientnet_b0");
        // stem 32×3×3×3 per input channel; classifier 1280 weights + 1 bias per class
        long gray10 = Models.countParameters(Models.build(Presets.efficientNet("efficientnet_b0").toBuilder().inChannels(1).numClasses(10).build()));
        assertEquals(b0 - 2 * 32 * 9 - 990L * 1281, gray10);
        long headless = Models.countParameters(Models.build(Presets.efficientNet("efficientnet_b0").toBuilder().numClasses(0).build()));
        assertEquals(b0 - 1000L * 1281, headless);
        long five = Models.countParameters(Models.build(Presets.efficientNet("efficientnet_b0").toBuilder().inChannels(5).build()));
        assertEquals(b0 + 2 * 32 * 9, five);
    }
}
