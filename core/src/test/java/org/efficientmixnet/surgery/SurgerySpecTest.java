package org.efficientmixnet.surgery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.arch.NormType;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.inspect.CostReport;
import org.junit.jupiter.api.Test;
import org.efficientmixnet.arch.Pooling;
import org.efficientmixnet.arch.PostStemKind;

class SurgerySpecTest {

    @Test
    void parsesEveryStep() {
        List<SurgeryStep> s = SurgerySpec.parse("stem-stride=1, insert-kind=basic_se, insert=4, remove-strides=2, "
                + "in-chans=1, pool=max, classes=2, norm=frozen_batchnorm, act=swish:mish, no-stem-pool");
        assertEquals(List.of(new SurgeryStep.StemStride(1),
                new SurgeryStep.InsertBlocks("stem", 4, PostStemKind.BASIC_SE),
                new SurgeryStep.RemoveStrides(2), new SurgeryStep.InputChannels(1),
                new SurgeryStep.NewHead(2, Pooling.MAX, null),
                new SurgeryStep.ReplaceNorm(NormType.FROZEN_BATCH_NORM),
                new SurgeryStep.ReplaceActivation(ActivationType.SWISH, ActivationType.MISH),
                new SurgeryStep.RemoveStemPooling()), s);
        assertTrue(SurgerySpec.parse("").isEmpty());
    }

    @Test
    void errorsNameTheStepAndPosition() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SurgerySpec.parse("stem-stride=1,insert=x"));
        assertTrue(e.getMessage().contains("step 'insert=x' at position 14") && e.getMessage().contains("number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SurgerySpec.parse("stem-stride=1,widen=2"));
        assertTrue(e.getMessage().contains("'widen=2'") && e.getMessage().contains("unknown step"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SurgerySpec.parse("insert-kind=dense,insert=2"));
        assertTrue(e.getMessage().contains("unknown post-stem block kind 'dense'"), e.getMessage());
    }

    @Test
    void costReportAddsOptimizerStateAndActivations() {
        CostReport r = new CostReport(128, 32, "adamw");
        CostReport.Entry base = r.add("b0", Presets.get("efficientnet_b0"));
        assertEquals(5_288_548L * 4 * 4, base.stateBytes()); // weights, gradients, two Adam moments
        // MACs per image, whatever the batch
        assertEquals(org.efficientmixnet.inspect.ModelSummary.of("b0", org.efficientmixnet.models.Models.build(Presets.get("efficientnet_b0")),
                new ai.djl.ndarray.types.Shape(1, 3, 128, 128)).macs(), base.macs());
        CostReport.Entry wide = r.add("stem-stride=1", Surgery.plan(Presets.get("efficientnet_b0"),
                SurgerySpec.parse("stem-stride=1"), null));
        assertTrue(wide.activationBytes() > 3 * base.activationBytes());
        assertTrue(wide.macs() > 3 * base.macs());
        assertTrue(r.toText().contains("stem-stride=1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CostReport(128, 1, "lion"));
        assertTrue(e.getMessage().contains("unknown optimizer 'lion'"));
    }
}
