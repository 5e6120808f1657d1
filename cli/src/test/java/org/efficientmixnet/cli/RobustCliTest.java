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
}
