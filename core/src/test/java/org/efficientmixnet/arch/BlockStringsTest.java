package org.efficientmixnet.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockStringsTest {

    @Test
    void parsesEveryField() {
        BlockSpec b = BlockStrings.parse("ir_r3_k3.5.7_a1.1_p1.1_s2_e6_c80_se0.25_nsw_ban_m4_noskip");
        assertEquals(BlockType.IR, b.type());
        assertEquals(3, b.repeats());
        assertEquals(List.of(3, 5, 7), b.kernels());
        assertEquals(List.of(1, 1), b.expKernels());
        assertEquals(List.of(1, 1), b.pwKernels());
        assertEquals(2, b.stride());
        assertEquals(6.0, b.expRatio());
        assertEquals(80, b.outChannels());
        assertEquals(0.25, b.seRatio());
        assertEquals(ActivationType.SWISH, b.activation());
        assertEquals(NormType.ATTENTIVE, b.norm());
        assertEquals(4, b.mixtures());
        assertEquals(Boolean.FALSE, b.skip());
    }

    @Test
    void defaultsAreNull() {
        BlockSpec b = BlockStrings.parse("ds_r1_k3_s1_c16");
        assertNull(b.expRatio());
        assertNull(b.seRatio());
        assertNull(b.activation());
        assertNull(b.norm());
        assertEquals(List.of(1), b.projectionKernels());
        assertEquals(1.0, b.expansion());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ds_r1_k3_s1_e1_c16_se0.25", "ir_r2_k3_s2_e6_c24_se0.25", "ir_r1_k3.5.7.9.11_s2_e6_c200_se0.5_nsw",
        "ir_r1_k3_a1.1_p1.1_s2_e6_c24", "er_r1_k3_s1_e4_c24_fc24_noskip", "cn_r1_k3_s1_e1_c16_skip",
        "dsa_r1_k5_s2_c32_nhs", "ir_r2_k5_s1_e4.5_c40_se0.125_nmi_bfbn", "ir_r1_k3_s1_e6_c40_bie",
        "ir_r1_k3_s1_e3_c40_ban_m10", "er_r2_k3_s2_e4_c48_nge"})
    void canonicalStringsRoundTrip(String s) {
        assertEquals(s, BlockStrings.format(BlockStrings.parse(s)));
        assertEquals(BlockStrings.parse(s), BlockStrings.parse(BlockStrings.format(BlockStrings.parse(s))));
    }

    @Test
    void everyPresetRoundTrips() {
        for (String name : Presets.efficientNetNames()) {
            List<List<BlockSpec>> arch = Presets.efficientNet(name).arch();
            String text = BlockStrings.formatArch(arch);
            assertEquals(arch, BlockStrings.parseArch(text), name);
            assertEquals(text, BlockStrings.formatArch(BlockStrings.parseArch(text)), name);
        }
    }

    @Test
    void readsTheTensorFlowForm() {
        BlockSpec first = BlockStrings.parse("r1_k3_s11_e1_i32_o16_se0.25");
        assertEquals("ds_r1_k3_s1_e1_c16_se0.25", BlockStrings.format(first));
        BlockSpec ir = BlockStrings.parse("r2_k5_s22_e6_i24_o40_se0.25");
        assertEquals("ir_r2_k5_s2_e6_c40_se0.25", BlockStrings.format(ir));
    }

    @Test
    void errorsNameTokenPositionAndExpectation() {
        BlockStringException e = assertThrows(BlockStringException.class,
                () -> BlockStrings.parse("ir_r2_k3_s3_e6_c24"));
        assertEquals("s3", e.token());
        assertEquals(9, e.position());
        assertTrue(e.getMessage().contains("s3") && e.getMessage().contains("position 9")
                && e.getMessage().contains("1 or 2"), e.getMessage());

        e = assertThrows(BlockStringException.class, () -> BlockStrings.parse("xx_r1_k3_s1_c16"));
        assertEquals("xx", e.token());
        assertEquals(0, e.position());
        assertTrue(e.getMessage().contains("block type"), e.getMessage());

        e = assertThrows(BlockStringException.class, () -> BlockStrings.parse("ir_r1_k4_s1_e6_c16"));
        assertEquals("k4", e.token());
        assertTrue(e.getMessage().contains("odd"), e.getMessage());

        e = assertThrows(BlockStringException.class, () -> BlockStrings.parse("ir_r1_k3_s1_e6"));
        assertTrue(e.getMessage().contains("'c<n>' (missing)"), e.getMessage());

        e = assertThrows(BlockStringException.class, () -> BlockStrings.parse("ir_r1_k3_s1_e6_c16_nzz"));
        assertEquals("nzz", e.token());
        assertEquals(19, e.position());

        e = assertThrows(BlockStringException.class, () -> BlockStrings.parse("ir_r1_k3_s1_e6_c16_q9"));
        assertEquals("q9", e.token());

        e = assertThrows(BlockStringException.class, () -> BlockStrings.parse("ir_r1_r2_k3_s1_e6_c16"));
        assertEquals("r2", e.token());
        assertTrue(e.getMessage().contains("only once"));

        e = assertThrows(BlockStringException.class, () -> BlockStrings.parse("ir_r1_k3__s1_e6_c16"));
        assertEquals(9, e.position());

        e = assertThrows(BlockStringException.class, () -> BlockStrings.parse("ir_r1_k3_s1_e6_c16_m4"));
        assertTrue(e.getMessage().contains("attentive"), e.getMessage());
    }
}
