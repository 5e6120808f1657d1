package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `emn advsteg` end to end on tiny data: summary, train, resume, hide, reveal, judge, and the errors. */
class AdvStegCliTest {
    @TempDir
    Path dir;

    private Path covers(String name, int n, int size, long seed) throws Exception {
        Path p = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < n; i++) {
            BufferedImage img = StegoCliTest.texture(size, size, seed + i);
            ImageIO.write(img, "png", p.resolve(String.format("c%02d.png", i)).toFile());
        }
        return p;
    }

    @Test
    void summaryGivesTheReferenceCountsAsJson() {
        CliTest.Result r = CliTest.run("advsteg", "summary", "--reference", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(297_122_819L, o.get("alice").getAsLong());
        assertEquals(5_127_652L, o.get("bob").getAsLong());
        assertEquals(4_316_545L, o.get("eve").getAsLong());
        assertEquals(109, o.get("image_size").getAsInt());
        r = CliTest.run("advsteg", "summary", "--reference", "--json", "--variant", "residual");
        assertEquals(0, r.code(), r.err());
        o = JsonParser.parseString(r.out()).getAsJsonObject();
        // the residual Alice's linear layer reads the 100 bits only: 297,122,819 − 8192·35,643 weights
        assertEquals(297_122_819L - 8192L * 3 * 109 * 109, o.get("alice").getAsLong());
        assertEquals(5_127_652L, o.get("bob").getAsLong());
        r = CliTest.run("advsteg", "summary", "--width", "16", "--in-chans", "2");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--in-chans must be 1 (gray) or 3"), r.err());
    }

    @Test
    void trainResumeHideRevealJudge() throws Exception {
        Path data = covers("train", 8, 61, 1);
        Path held = covers("held", 8, 61, 100);
        Path run = dir.resolve("run");
        String[] sizes = {"--width", "8", "--msg-len", "16", "--in-chans", "1"};
        CliTest.Result r = CliTest.run(concat(new String[] {"advsteg", "train", "--data", data.toString(), "--out", run.toString(),
                "--epochs", "1", "--batch", "4", "--val-fraction", "0.25"}, sizes));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 1"), r.out());
        r = CliTest.run("advsteg", "train", "--data", data.toString(), "--resume", run.toString(), "--epochs", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("epoch 2"), r.out());
        assertEquals(3, Files.readAllLines(run.resolve("history.csv")).size());

        Path stegos = dir.resolve("stegos");
        r = CliTest.run("advsteg", "hide", "--run", run.toString(), "--message", "hi", held.toString(), "--out", stegos.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("in 3 stego image(s)"), r.out());
        r = CliTest.run("advsteg", "reveal", "--run", run.toString(), "--message", "hi", stegos.toString());
        // two epochs on eight images do not teach Bob: the header is noise, which reveal must say, not crash on
        assertTrue(r.code() == 0 ? r.out().contains("bit error rate") : r.err().contains("length header reads"), r.out() + r.err());

        r = CliTest.run("advsteg", "judge", "--run", run.toString(), "--data", held.toString(), "--epochs", "1", "--json",
                "--judge-model", "efficientnet_lite0", "--judge-surgery", "", "--judge-batch", "4");
        assertEquals(0, r.code(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(3, j.getAsJsonArray("verdicts").size(), r.out());
        assertTrue(j.getAsJsonArray("verdicts").get(2).getAsJsonObject().get("judge").getAsString().startsWith("efficientnet_lite0"));
        double pe = j.getAsJsonArray("verdicts").get(1).getAsJsonObject().get("pe").getAsDouble();
        assertTrue(pe >= 0 && pe <= 0.5, "P_E " + pe);

        r = CliTest.run("advsteg", "hide", "--run", run.toString(), "--message", "x".repeat(200), held.toString(), "--out",
                dir.resolve("s2").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("only 8 cover(s) given"), r.err());
        r = CliTest.run("advsteg", "hide", "--run", data.toString(), "--message", "x", held.toString(), "--out", dir.resolve("s3").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not an advsteg run"), r.err());
        Path big = covers("big", 3, 64, 7);
        r = CliTest.run("advsteg", "hide", "--run", run.toString(), "--message", "x", big.toString(), "--out", dir.resolve("s4").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("take 61×61"), r.err());
        r = CliTest.run("advsteg", "judge", "--run", run.toString(), "--data", data.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("training folder"), r.err());
    }

    @Test
    void theResidualVariantIsSavedInTheRun() throws Exception {
        Path data = covers("train", 8, 61, 1);
        Path run = dir.resolve("run");
        CliTest.Result r = CliTest.run("advsteg", "train", "--data", data.toString(), "--out", run.toString(), "--epochs", "1",
                "--batch", "4", "--width", "8", "--msg-len", "16", "--in-chans", "1", "--variant", "residual", "--strength", "0.4");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(residual (strength 0.4))"), r.out());
        JsonObject o = JsonParser.parseString(Files.readString(run.resolve("advsteg.json"))).getAsJsonObject();
        assertEquals("residual", o.get("variant").getAsString());
        assertEquals(0.4, o.get("strength").getAsDouble(), 0.0);
        r = CliTest.run("advsteg", "train", "--data", data.toString(), "--out", dir.resolve("r2").toString(), "--variant", "additive");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown --variant 'additive': expected reference or residual"), r.err());
        r = CliTest.run("advsteg", "train", "--data", data.toString(), "--out", dir.resolve("r3").toString(), "--strength", "0.4");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--strength applies to --variant residual only"), r.err());
        Path held = covers("held", 12, 61, 9);
        r = CliTest.run("advsteg", "judge", "--run", run.toString(), "--data", held.toString(), "--judge",
                "eve,ensemble", "--judge-features", "nope");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown feature set 'nope'"), r.err());
        r = CliTest.run("advsteg", "judge", "--run", run.toString(), "--data", held.toString(), "--judge", "ensemble",
                "--judge-features", "dctr");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("reads JPEG files"), r.err());
        r = CliTest.run("advsteg", "judge", "--run", run.toString(), "--data", held.toString(), "--judge", "ensemble", "--json",
                "--out", dir.resolve("j").toString(), "--threads", "1", "--judge-learners", "15", "--judge-dsub", "200");
        assertEquals(0, r.code(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(2, j.getAsJsonArray("verdicts").size(), r.out());
        JsonObject v = j.getAsJsonArray("verdicts").get(1).getAsJsonObject();
        assertEquals("ensemble FLD, SRMQ1", v.get("judge").getAsString());
        assertEquals(6, v.get("testPairs").getAsInt());
        assertTrue(Files.isRegularFile(dir.resolve("j/ensemble/test/stegos/00005.png")));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] o = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }
}
