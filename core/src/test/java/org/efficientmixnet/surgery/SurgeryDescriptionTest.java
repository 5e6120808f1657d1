package org.efficientmixnet.surgery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.efficientmixnet.arch.BlockStrings;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.arch.Pooling;
import org.efficientmixnet.arch.PostStemKind;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.inspect.ModelSummary;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Network;
import org.junit.jupiter.api.Test;

/** Surgery acts on the description: inserted blocks are block specs, every head option is a step (issue 11). */
class SurgeryDescriptionTest {

    static long params(NetworkConfig c) {
        return Models.countParameters(Models.build(c));
    }

    @Test
    void poolingOrDropoutAloneIsAStep() {
        assertEquals(List.of(new SurgeryStep.NewHead(null, Pooling.MAX, null)), SurgerySpec.parse("pool=max"));
        assertEquals(List.of(new SurgeryStep.StemStride(1), new SurgeryStep.NewHead(null, null, 0.3)),
                SurgerySpec.parse("drop=0.3,stem-stride=1"));
        // before classes= they belong to the new head, as before
        assertEquals(List.of(new SurgeryStep.NewHead(2, Pooling.AVGMAX, 0.1)), SurgerySpec.parse("pool=avgmax,drop=0.1,classes=2"));
        NetworkConfig c = Surgery.plan(Presets.get("efficientnet_b0"), SurgerySpec.parse("pool=max"), null);
        assertEquals(Pooling.MAX, c.pooling());
        assertEquals(1000, c.numClasses());
        assertEquals(params(Presets.get("efficientnet_b0")), params(c));
    }

    @Test
    void anyBlockStringCanBeInserted() {
        EfficientNetConfig b0 = Presets.efficientNet("efficientnet_b0");
        List<SurgeryStep> steps = SurgerySpec.parse("stem-stride=1,insert=ir_r2_k3_s2_e6_c32_se0.25");
        EfficientNetConfig c = (EfficientNetConfig) Surgery.plan(b0, steps, null);
        assertEquals(2, c.postStemBlocks());
        assertEquals(List.of(2, 1), c.expandedPostStem().stream().map(s -> s.stride()).toList());
        Network net = Models.build(c);
        assertEquals(new Shape(1, 1280, 7, 7), net.featureShape(new Shape(1, 3, 224, 224)));
        assertTrue(net.getChildren().keys().contains("post_stem"));
        // another width: the first stage's input follows the last inserted block
        EfficientNetConfig wide = (EfficientNetConfig) Surgery.plan(b0, SurgerySpec.parse("insert=ir_r1_k3_s1_e6_c48;cn_r1_k3_s1_c24"), null);
        assertEquals(new Shape(1, 1280, 7, 7), Models.build(wide).featureShape(new Shape(1, 3, 224, 224)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SurgerySpec.parse("insert=ir_r1_k3_s3_c32"));
        assertTrue(e.getMessage().contains("step 'insert=ir_r1_k3_s3_c32'") && e.getMessage().contains("'s3'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Surgery.plan(Presets.get("resnet18"),
                SurgerySpec.parse("insert=ir_r1_k3_s1_e6_c64"), null));
        assertTrue(e.getMessage().contains("not 'resnet18'"), e.getMessage());
    }

    @Test
    void namedKindsAreBlockSpecsAndKeepTheirNumbers() {
        EfficientNetConfig b0 = Presets.efficientNet("efficientnet_b0");
        assertEquals(BlockStrings.parseArch("ir_r1_k3_s1_e6_c32_se0.25_noskip,ir_r1_k3_s1_e6_c32_se0.25,"
                + "ir_r1_k3_s1_e6_c32_se0.25,ir_r1_k3_s2_e6_c32_se0.25").get(0), PostStemKind.INVERTED_RESIDUAL.blocks(4, 32));
        NetworkConfig named = Surgery.plan(b0, SurgerySpec.parse("stem-stride=1,insert=4"), null);
        NetworkConfig written = Surgery.plan(b0, SurgerySpec.parse("stem-stride=1,"
                + "insert=ir_r1_k3_s1_e6_c32_se0.25_noskip;ir_r2_k3_s1_e6_c32_se0.25;ir_r1_k3_s2_e6_c32_se0.25"), null);
        assertEquals(params(named), params(written));
        // the numbers of the earlier hard-coded insertion (measured before the change)
        assertEquals(OLD_IR4, params(named));
        assertEquals(OLD_BASIC4, params(Surgery.plan(b0, SurgerySpec.parse("stem-stride=1,insert-kind=basic_se,insert=4"), null)));
        assertEquals(4_139_826L, params(Surgery.plan(Presets.get("mixnet_s"), SurgerySpec.parse("insert=1"), null)));
        assertEquals(4_154_702L, params(Surgery.plan(Presets.get("mixnet_s"),
                SurgerySpec.parse("stem-stride=1,insert-kind=basic_se,insert=4"), null)));
        assertEquals(4_724_488L, params(Surgery.plan(Presets.get("efficientnet_lite0"), SurgerySpec.parse("stem-stride=1,insert=4"), null)));
        assertEquals(12_343_032L, params(Surgery.plan(Presets.get("efficientnet_b3"), SurgerySpec.parse("stem-stride=1,insert=4"), null)));
        assertEquals(12_294_208L, params(Surgery.plan(Presets.get("efficientnet_b3"),
                SurgerySpec.parse("insert-kind=basic_se,insert=2"), null)));
        assertEquals(2_968_785_600L, ModelSummary.of("b0", Models.build(named), new Shape(1, 3, 224, 224)).macs());
    }

    /** Measured with the code before the change (efficientnet_b0, stem-stride=1 and 4 inserted blocks of each kind). */
    static final long OLD_IR4 = 5_361_028L;
    static final long OLD_BASIC4 = 5_366_084L;
}
