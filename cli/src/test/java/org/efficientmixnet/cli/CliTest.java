package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** End-to-end runs of each subcommand through the same entry point the launcher uses. */
class CliTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cl = Emn.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void modelsListsEveryPresetWithParameters() {
        Result r = run("models");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("efficientnet_b0") && r.out().contains("5,288,548"), r.out());
        assertTrue(r.out().contains("mixnet_xl") && r.out().contains("11,896,768"), r.out());
        assertTrue(r.out().contains("tf_efficientnet_lite4"));
        Result f = run("models", "--filter", "lite");
        assertTrue(!f.out().contains("mixnet") && f.out().contains("efficientnet_lite2"), f.out());
    }

    @Test
    void summaryTextAndJson() {
        Result r = run("summary", "efficientnet_b0");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("params: 5,288,548"), r.out());
        assertTrue(r.out().contains("blocks.1.0"), r.out());
        Result j = run("summary", "efficientnet_b0", "--json", "--in-chans", "5", "--classes", "2", "--resolution", "128");
        assertEquals(0, j.code(), j.err());
        JsonObject o = JsonParser.parseString(j.out()).getAsJsonObject();
        assertEquals("efficientnet_b0", o.get("model").getAsString());
        assertEquals(128, o.getAsJsonArray("input").get(2).getAsInt());
        assertEquals(5_288_548L - 1000L * 1281 + 2L * 1281 + 2L * 32 * 9, o.get("params").getAsLong());
        assertTrue(o.has("macs") && o.has("layers"));
    }

    @Test
    void summaryOfACustomBlockStringNetwork() {
        Result r = run("summary", "tiny", "--blocks", "ds_r1_k3_s1_c16;ir_r2_k3.5_s2_e6_c24_se0.25", "--classes", "3",
                "--resolution", "32");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("tiny"), r.out());
        assertTrue(r.out().contains("blocks.1.1"), r.out());
    }

    @Test
    void summaryWithSurgeryAndCostVariants() {
        Result r = run("summary", "efficientnet_b0", "--surgery", "stem-stride=1,insert=4", "--depth", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("stem stride → 1: features (1, 1280, 7, 7) → (1, 1280, 14, 14)"), r.out());
        assertTrue(r.out().contains("post_stem"), r.out());
        java.nio.file.Path png;
        try {
            png = java.nio.file.Files.createTempDirectory("emn").resolve("cost.png");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Result v = run("summary", "efficientnet_b0", "--batch", "8", "--resolution", "128",
                "--variant", "stem-stride=1", "--variant", "stem-stride=1,insert-kind=basic_se,insert=2", "--plot", png.toString());
        assertTrue(java.nio.file.Files.exists(png), v.err());
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("training batch 8") && v.out().contains("insert-kind=basic_se,insert=2"), v.out());
        Result res = run("summary", "seresnet18", "--surgery", "stem-stride=1,no-stem-pool", "--json");
        assertEquals(0, res.code(), res.err());
        assertTrue(res.out().contains("\"model\": \"seresnet18\""), res.out());
        Result bad = run("summary", "efficientnet_b0", "--surgery", "no-stem-pool");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("has no stem pooling layer"), bad.err());
    }

    @Test
    void weightsInfoAndConvert(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path tv = java.nio.file.Paths.get(getClass().getResource("/tv_tiny.npz").toURI());
        Result info = run("weights", "info", tv.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("features.0.0.weight") && info.out().contains("NPZ"), info.out());
        java.nio.file.Path out = dir.resolve("timm.safetensors");
        Result conv = run("weights", "convert", tv.toString(), out.toString(), "--from", "torchvision");
        assertEquals(0, conv.code(), conv.err());
        Result back = run("weights", "info", out.toString());
        assertTrue(back.out().contains("conv_stem.weight") && back.out().contains("bn1.running_var"), back.out());
        Result bad = run("weights", "info", dir.resolve("nope.pth").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("nope.pth"), bad.err());
    }

    @Test
    void surgeryWritesTheChangedWeights(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path out = dir.resolve("changed.safetensors");
        Result r = run("surgery", "efficientnet_b0", "--resolution", "64", "--surgery", "stem-stride=1,insert=2,classes=2",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("new (initialized): 38 [post_stem.0.conv_pw.weight"), r.out());
        assertTrue(r.out().contains("shape mismatch (left as initialized): 2 [classifier.weight, classifier.bias]"), r.out());
        var sd = org.efficientmixnet.weights.WeightFiles.read(out);
        assertTrue(sd.contains("post_stem.1.conv_dw.weight"));
        assertEquals(2L, sd.get("classifier.weight").shape()[0]);
        Result none = run("surgery", "efficientnet_b0");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("--surgery"), none.err());
    }

    @Test
    void badInputsGiveOneLineErrors() {
        Result r = run("summary", "efficentnet_b0");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: unknown model 'efficentnet_b0'; did you mean efficientnet_b0"), r.err());
        r = run("summary", "x", "--blocks", "ir_r1_k3_s2_e6_c24;ir_r1_k3_s2_e6_c24_zz1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("token 'zz1' at position 19"), r.err());
        r = run("summary", "efficientnet_b0", "--in-chans", "0");
        assertTrue(r.err().contains("input channels must be ≥ 1"), r.err());
        r = run("summary", "efficientnet_b0", "--resolution", "20");
        assertTrue(r.err().contains("resolution 20 is too small"), r.err());
        r = run("summary", "efficientnet_b0", "--act", "swoosh");
        assertTrue(r.err().contains("unknown activation 'swoosh'"), r.err());
    }
}
