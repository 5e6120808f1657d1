package org.efficientmixnet.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.BlockStrings;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.arch.ResNetConfig;
import org.junit.jupiter.api.Test;

/** One registry, one entry point and one rule for every default (issue 11, items 2, 4, 10). */
class OneEntryPointTest {
    static final String B0_BLOCKS = "ds_r1_k3_s1_e1_c16_se0.25;ir_r2_k3_s2_e6_c24_se0.25;ir_r2_k5_s2_e6_c40_se0.25;"
            + "ir_r3_k3_s2_e6_c80_se0.25;ir_r3_k5_s1_e6_c112_se0.25;ir_r4_k5_s2_e6_c192_se0.25;ir_r1_k3_s1_e6_c320_se0.25";

    @Test
    void everyNetworkByOneName() {
        NetworkConfig r18 = Presets.get("resnet18");
        assertTrue(r18 instanceof ResNetConfig, r18.getClass().getName());
        assertEquals(11_689_512L, Models.countParameters(Models.build(r18)));
        assertTrue(Presets.names().containsAll(List.of("efficientnet_b0", "tf_mixnet_l", "resnet18", "seresnet18")));
        assertTrue(Presets.exists("resnet50") && Presets.exists("efficientnet_lite4") && !Presets.exists("resnet19"));
        assertEquals(Presets.names().size(), Presets.efficientNetNames().size() + 4);
        // the closest names are suggested across both families
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Presets.get("resnt18"));
        assertTrue(e.getMessage().startsWith("unknown model 'resnt18'; did you mean resnet18, "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Presets.get("efficentnet_b0"));
        assertTrue(e.getMessage().contains("did you mean efficientnet_b0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Presets.efficientNet("resnet18"));
        assertTrue(e.getMessage().contains("'resnet18' is a ResNet"), e.getMessage());
        // a block-string architecture is a name too: the family's defaults, as the preset with the same blocks
        NetworkConfig custom = Presets.get(B0_BLOCKS);
        assertEquals(5_288_548L, Models.countParameters(Models.build(custom)));
        assertEquals(Models.countParameters(Models.build(Presets.get("efficientnet_b0"))),
                Models.countParameters(Models.build(custom)));
        // a malformed block string says what is wrong, not "unknown model"
        e = assertThrows(IllegalArgumentException.class, () -> Presets.get("ir_r2_k3_s3_e6_c24"));
        assertTrue(e.getMessage().contains("token 's3'"), e.getMessage());
    }

    @Test
    void commandLineAndApiShareEveryDefault() {
        // timm's _gen_efficientnet: swish, head round_channels(1280, width): 1536 at width 1.2 (B3's head)
        EfficientNetConfig api = EfficientNetConfig.builder("mine", BlockStrings.parseArch(B0_BLOCKS)).widthMultiplier(1.2)
                .build();
        EfficientNetConfig spec = (EfficientNetConfig) ModelSpec.builder("mine").blocks(B0_BLOCKS).width(1.2).build().base();
        for (EfficientNetConfig c : List.of(api, spec)) {
            assertEquals(1536, c.headChannels());
            assertEquals(ActivationType.SWISH, c.activation());
        }
        assertEquals(1536, Presets.efficientNet("efficientnet_b3").headChannels());
        assertEquals(Models.countParameters(Models.build(api)), Models.countParameters(Models.build(spec)));
        // unscaled, the same rule gives 1280; a head given explicitly wins; the presets keep theirs
        assertEquals(1280, EfficientNetConfig.builder("x", BlockStrings.parseArch(B0_BLOCKS)).build().headChannels());
        assertEquals(1280, api.toBuilder().headChannels(1280).build().headChannels());
        assertEquals(1280, Presets.efficientNet("efficientnet_lite3").headChannels());
        assertEquals(ActivationType.RELU6, Presets.efficientNet("efficientnet_lite3").activation());
        assertEquals(1536, Presets.efficientNet("mixnet_s").headChannels());
        assertEquals(ActivationType.RELU, Presets.efficientNet("mixnet_s").activation());
    }

    @Test
    void modelSpecHasNamedFields() {
        ModelSpec s = ModelSpec.builder("efficientnet_b0").inChannels(1).classes(2).resolution(64).pool("max")
                .surgery(" ").build();
        assertNull(s.surgery());
        assertNull(s.blocks());
        assertEquals(s, s.toBuilder().build());
        NetworkConfig c = s.config();
        assertEquals(List.of(1, 2, 64, "max"), List.of(c.inChannels(), c.numClasses(), c.resolution(), c.pooling().id()));
        ModelSpec r = ModelSpec.preset("seresnet18").withInChannels(1).withClasses(2).withSurgery("no-stem-pool");
        assertEquals(16, r.config().totalStride());
        assertEquals(ModelSpec.builder("seresnet18").inChannels(1).classes(2).surgery("no-stem-pool").build(), r);
    }
}
