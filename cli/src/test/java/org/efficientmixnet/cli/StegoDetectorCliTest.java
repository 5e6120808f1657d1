package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.efficientmixnet.stego.dataset.GrayImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** emn stego train → train --resume → eval → detect on a tiny generated set, and the one-line errors. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StegoDetectorCliTest {
    static final String BLOCKS = "cn_r1_k3_s1_c8;ir_r1_k3_s2_e2_c16";

    @TempDir
    static Path tmp;
    static Path covers;
    static Path stegos;
    static Path run;

    @BeforeAll
    static void makeData() throws Exception {
        covers = tmp.resolve("covers");
        Files.createDirectories(covers);
        Random r = new Random(5);
        for (int i = 0; i < 24; i++) {
            int[][] px = new int[24][24];
            for (int y = 0; y < 24; y++) {
                for (int x = 0; x < 24; x++) {
                    px[y][x] = 100 + 2 * x + y + r.nextInt(3);
                }
            }
            GrayImages.writePng(covers.resolve(String.format("c%02d.png", i)), px);
        }
        stegos = tmp.resolve("lsbm");
        CliTest.Result e = CliTest.run("stego", "embed", "--algo", "lsb-matching", "--payload", "1.0", "--covers",
                covers.toString(), "--out", stegos.toString(), "--seed", "1", "--threads", "1");
        assertEquals(0, e.code(), e.err());
        run = tmp.resolve("run");
    }

    @Test
    @Order(1)
    void trainsThenResumesLonger() throws Exception {
        CliTest.Result r = CliTest.run("stego", "train", "--covers", covers.toString(), "--stegos", stegos.toString(),
                "--model", "tiny", "--blocks", BLOCKS, "--stem", "srm", "--epochs", "1", "--batch", "8", "--crop", "16",
                "--val-fraction", "0.25", "--test-fraction", "0.25", "--workers", "1", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("finished 1 epochs") && r.out().contains("test: P_E"), r.out());
        assertTrue(r.err().contains("epoch 1/1") && r.err().contains("loader"), r.err());
        for (String f : new String[] {"detector.json", "split.csv", "best.detector.safetensors", "last.json", "pe.png", "history.csv",
                "test-metrics.json", "roc.png", "histogram.png", "test-scores.csv"}) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        String split = Files.readString(run.resolve("split.csv"));
        CliTest.Result again = CliTest.run("stego", "train", "--resume", run.toString(), "--epochs", "2");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.err().contains("resuming") && again.err().contains("epoch 2/2"), again.err());
        assertTrue(again.out().contains("finished 2 epochs"), again.out());
        assertEquals(split, Files.readString(run.resolve("split.csv")));
        assertEquals(3, Files.readAllLines(run.resolve("history.csv")).size());
        JsonObject m = JsonParser.parseString(Files.readString(run.resolve("test-metrics.json"))).getAsJsonObject();
        assertEquals(6, m.get("covers").getAsInt());
        assertEquals(6, m.get("stegos").getAsInt());
        double pe = m.get("pe").getAsDouble();
        assertTrue(pe >= 0 && pe <= 0.5, "P_E " + pe);
    }

    @Test
    @Order(2)
    void evaluatesHeldOutAndTheRunsTestPart() throws Exception {
        Path out = tmp.resolve("eval");
        CliTest.Result r = CliTest.run("stego", "eval", "--run", run.toString(), "--covers", covers.toString(),
                "--stegos", stegos.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("P_E") && r.out().contains("wAUC"), r.out());
        JsonObject m = JsonParser.parseString(Files.readString(out.resolve("eval-metrics.json"))).getAsJsonObject();
        assertEquals(24, m.get("covers").getAsInt());
        assertTrue(Files.size(out.resolve("roc.png")) > 1000 && Files.size(out.resolve("histogram.png")) > 1000);
        CliTest.Result t = CliTest.run("stego", "eval", "--run", run.toString());
        assertEquals(0, t.code(), t.err());
        JsonObject tm = JsonParser.parseString(Files.readString(run.resolve("eval-test/eval-metrics.json"))).getAsJsonObject();
        JsonObject trained = JsonParser.parseString(Files.readString(run.resolve("test-metrics.json"))).getAsJsonObject();
        assertEquals(trained.get("pe").getAsDouble(), tm.get("pe").getAsDouble(), 1e-9, "the same split, the same scores");
    }

    @Test
    @Order(3)
    void detectsFilesAndFoldersAndListsUnreadableOnes() throws Exception {
        Path bad = tmp.resolve("suspects");
        Files.createDirectories(bad);
        Files.copy(stegos.resolve("c03.png"), bad.resolve("s.png"));
        Files.writeString(bad.resolve("broken.jpg"), "not a jpeg");
        GrayImages.writePng(bad.resolve("tiny.png"), new int[][] {{1, 2}, {3, 4}});
        CliTest.Result r = CliTest.run("stego", "detect", "--run", run.toString(), covers.resolve("c01.png").toString(),
                bad.toString(), "--json");
        assertEquals(1, r.code(), r.err());
        JsonObject j = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(3, j.getAsJsonArray("scores").size(), r.out()); // a 2×2 image too: whole images, any size
        assertEquals(1, j.getAsJsonArray("unreadable").size(), r.out());
        String failed = j.getAsJsonArray("unreadable").get(0).getAsJsonObject().get("file").getAsString();
        assertTrue(failed.endsWith("broken.jpg"), failed);
        for (var e : j.getAsJsonArray("scores")) {
            double p = e.getAsJsonObject().get("stego").getAsDouble();
            assertTrue(p >= 0 && p <= 1, "" + p);
        }
        CliTest.Result c = CliTest.run("stego", "detect", "--run", run.toString(), covers.toString(), "--csv");
        assertEquals(0, c.code(), c.err());
        assertEquals(25, c.out().strip().split("\n").length, c.out());
        assertTrue(c.out().startsWith("file,stego,error"), c.out());
    }

    @Test
    @Order(4)
    void badInputIsOneLineNamingTheFile() throws Exception {
        CliTest.Result notDetector = CliTest.run("stego", "detect", "--run", covers.toString(), covers.toString());
        assertEquals(2, notDetector.code());
        assertOneLine(notDetector.err(), covers + ": not a detector run");
        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty);
        CliTest.Result e = CliTest.run("stego", "train", "--covers", covers.toString(), "--stegos", empty.toString(),
                "--model", "tiny", "--blocks", BLOCKS, "--out", tmp.resolve("r2").toString());
        assertEquals(2, e.code());
        assertOneLine(e.err(), empty + ": empty folder");
    }

    static void assertOneLine(String err, String expected) {
        String s = err.strip();
        assertTrue(!s.contains("\n") && s.startsWith("error: ") && s.contains(expected), s);
    }
}
