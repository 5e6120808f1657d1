package org.efficientmixnet.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.efficientmixnet.arch.BlockStrings;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.models.EfficientNet;
import org.efficientmixnet.models.Models;
import org.junit.jupiter.api.Test;
import org.efficientmixnet.arch.Presets;

class ModelSummaryTest {

    @Test
    void efficientnetB0Totals() {
        EfficientNet net = new EfficientNet(Presets.efficientNet("efficientnet_b0"));
        ModelSummary s = ModelSummary.of("efficientnet_b0", net, new Shape(1, 3, 224, 224));
        assertEquals(5_288_548L, s.params());
        assertEquals(0L, s.frozen());
        // stem conv alone: 112·112·32·3·3·3
        ModelSummary.Row stem = s.rows().stream().filter(r -> r.name().equals("conv_stem")).findFirst().orElseThrow();
        assertEquals(112L * 112 * 32 * 27, stem.macs());
        assertArrayEquals(new long[] {1, 32, 112, 112}, stem.output());
        // timm reports 0.39 GMACs for B0 at 224
        assertTrue(s.macs() > 380_000_000L && s.macs() < 400_000_000L, "MACs " + s.macs());
        assertArrayEquals(new long[] {1, 1000}, s.output());
        // MACs scale with the batch, parameters do not
        ModelSummary s8 = ModelSummary.of("efficientnet_b0", net, new Shape(8, 3, 224, 224));
        assertEquals(s.params(), s8.params());
        assertTrue(s8.activationBytes() > 7 * s.activationBytes());
    }

    @Test
    void handComputedTinyNetwork() {
        // stem 1→8 (3×3, stride 2) on 8×8 gives 4×4; one ds block 8→8 (dw 3×3, pw 1×1); head 16; 2 classes
        EfficientNetConfig c = EfficientNetConfig.builder("tiny", BlockStrings.parseArch("ds_r1_k3_s1_c8"))
                .stemSize(8).headChannels(16).numClasses(2).inChannels(1).resolution(8).build();
        ModelSummary s = ModelSummary.of("tiny", Models.build(c), new Shape(1, 1, 8, 8));
        long stem = 16L * 8 * 9;            // out 4·4, 8 channels, 1·3·3 each
        long dw = 16L * 8 * 9;              // depthwise: 8 channels, 3·3 each
        long pw = 16L * 8 * 8;
        long head = 16L * 16 * 8;
        long fc = 16L * 2;
        assertEquals(stem + dw + pw + head + fc, s.macs());
        long params = 8 * 9 + 16 + 8 * 9 + 16 + 8 * 8 + 16 + 16 * 8 + 32 + 16 * 2 + 2;
        assertEquals(params, s.params());
        // activations: input 64 + conv 128 + bn 2·128 + dw 128 + bn 2·128 + pw 128 + bn 2·128 + head 256 + bn 2·256 + fc 2
        long elements = 64 + 128 + 256 + 128 + 256 + 128 + 256 + 256 + 512 + 2;
        assertEquals(elements * 4, s.activationBytes());
    }

    @Test
    void jsonHasTheDocumentedKeys() {
        ModelSummary s = ModelSummary.of("mixnet_s", Models.build(Presets.get("mixnet_s")), new Shape(2, 3, 64, 64));
        JsonObject o = JsonParser.parseString(s.toJson()).getAsJsonObject();
        for (String k : new String[] {"model", "params", "macs", "input", "layers", "trainable", "frozen", "activation_bytes"}) {
            assertTrue(o.has(k), k);
        }
        assertEquals(4_134_606L, o.get("params").getAsLong());
        assertEquals("conv_stem", o.getAsJsonArray("layers").get(0).getAsJsonObject().get("name").getAsString());
        assertTrue(s.toText(3).contains("blocks.2.0"));
    }
}
