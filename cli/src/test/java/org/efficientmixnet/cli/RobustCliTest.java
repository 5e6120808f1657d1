package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.efficientmixnet.stego.dataset.CoverPreparation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13 at the command line: no output clobbers an input, and bad options fail with a one-line reason. */
class RobustCliTest {
    @TempDir
    Path dir;

    private static void refused(CliTest.Result r, String... words) {
        assertNotEquals(0, r.code(), r.out() + r.err());
        for (String w : words) {
            assertTrue(r.err().contains(w), "'" + w + "' in: " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void stegoOutputsNeverOverwriteTheInputOrEachOther() throws Exception {
        Path jpg = dir.resolve("in.jpg");
        CoverPreparation.writeJpeg(jpg, StegoCliTest.texture(32, 32, 1), 90);
        byte[] before = Files.readAllBytes(jpg);
        refused(CliTest.run("stego", "coeffs", jpg.toString(), "--npy", jpg.toString()), "--npy", "refusing");
        refused(CliTest.run("stego", "costs", jpg.toString(), "--algo", "j-uniward", "--png", jpg.toString()), "--png");
        assertArrayEquals(before, Files.readAllBytes(jpg), "input untouched");
        Path x = dir.resolve("x.out");
        refused(CliTest.run("stego", "costs", jpg.toString(), "--algo", "j-uniward", "--png", x.toString(), "--npy",
                x.toString()), "--png and --npy");
        assertFalse(Files.exists(x), "nothing written");
    }

    @Test
    void aRunFolderInsideTheDataFolderIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/cat"));
        ImageIO.write(StegoCliTest.texture(16, 16, 2), "png", data.resolve("a.png").toFile());
        Path out = dir.resolve("data/run");
        CliTest.Result r = CliTest.run("train", "--data", dir.resolve("data").toString(), "--out", out.toString(),
                "--model", "resnet18", "--epochs", "1");
        refused(r, "inside", "data");
        assertFalse(Files.exists(out), "no run folder made");
        assertEquals(1, Files.list(data).count());
    }

    @Test
    void outOfRangeOptionsAreRefusedWithTheOptionNamedBeforeAnythingIsWritten() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data/cat"));
        ImageIO.write(StegoCliTest.texture(16, 16, 2), "png", data.resolve("a.png").toFile());
        String d = dir.resolve("data").toString();
        String[][] bad = {
            {"--warmup", "-1"}, {"--momentum", "2"}, {"--threads", "-1"}, {"--workers", "-1"}, {"--crop-pct", "0"},
            {"--surgery", "insert=100000"}, {"--ema", "1.5"}};
        for (String[] b : bad) {
            Path out = dir.resolve("run" + b[0]);
            CliTest.Result r = CliTest.run("train", "--data", d, "--out", out.toString(), "--model", "resnet18",
                    "--epochs", "2", b[0], b[1]);
            refused(r, b[0].equals("--surgery") ? "insert" : b[0]);
            assertFalse(Files.exists(out.resolve("config.json")), b[0] + ": nothing written");
        }
        refused(CliTest.run("summary", "resnet18", "--depth", "-1"), "--depth");
        Path covers = Files.createDirectories(dir.resolve("covers"));
        ImageIO.write(StegoCliTest.texture(16, 16, 3), "png", covers.resolve("c.png").toFile());
        refused(CliTest.run("stego", "embed", "--algo", "hill", "--payload", "1e-300", "--covers", covers.toString(),
                "--out", dir.resolve("stego").toString()), "payload");
        refused(CliTest.run("stego", "embed", "--algo", "hill", "--payload", "0.4", "--threads", "-1", "--covers",
                covers.toString(), "--out", dir.resolve("stego2").toString()), "threads");
    }

    @Test
    void messagesNameTheFileAndTheReason() throws Exception {
        refused(CliTest.run("weights", "info", dir.toString()), "is a folder");
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("config.json"), "{\"name\": \"r\"");
        Files.writeString(run.resolve("last.json"), "{\"epoch\": 3, \"model\": {\"na");
        CliTest.Result r = CliTest.run("train", "--resume", run.toString());
        assertNotEquals(0, r.code());
        assertFalse(r.err().contains("com.google.gson") || r.err().contains("https://"), r.err());
        assertTrue(r.err().contains(".json"), r.err());
        // control bytes of a file's content are escaped, not sent to the terminal
        Path evil = Files.write(dir.resolve("evil.safetensors"),
                "\u0008\u0000\u0000\u0000\u0000\u0000\u0000\u0000{\"\u001b[2J\":1}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        r = CliTest.run("weights", "info", evil.toString());
        assertNotEquals(0, r.code());
        assertFalse(r.err().contains("\u001b"), r.err());
        // an output folder without write permission: the target and the reason, not a temporary name
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Path jpg = dir.resolve("in.jpg");
        CoverPreparation.writeJpeg(jpg, StegoCliTest.texture(32, 32, 1), 90);
        if (locked.toFile().setWritable(false) && !Files.isWritable(locked)) {
            r = CliTest.run("stego", "coeffs", jpg.toString(), "--npy", locked.resolve("c.npy").toString());
            refused(r, "c.npy", "permission");
            assertFalse(r.err().contains(".tmp"), r.err());
            locked.toFile().setWritable(true);
        }
    }

    @Test
    void predictFailsWhenAnImageCannotBeReadAndRefusesABadTop() throws Exception {
        Path w = dir.resolve("w.safetensors");
        CliTest.Result made = CliTest.run("surgery", "resnet18", "--surgery", "classes=2", "--out", w.toString());
        assertEquals(0, made.code(), made.err());
        Path good = dir.resolve("good.png");
        ImageIO.write(StegoCliTest.texture(32, 32, 4), "png", good.toFile());
        Path bad = Files.writeString(dir.resolve("bad.png"), "not a png");
        String[] model = {"predict", "--model", "resnet18", "--classes", "2", "--img-size", "32", "--weights", w.toString()};
        refused(CliTest.run(concat(model, "--top", "-1", good.toString())), "--top");
        refused(CliTest.run(concat(model, "--top", "0", good.toString())), "--top");
        CliTest.Result r = CliTest.run(concat(model, good.toString(), bad.toString()));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("good.png") && r.err().contains("bad.png"), r.out() + r.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
