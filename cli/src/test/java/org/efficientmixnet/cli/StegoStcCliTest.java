package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StegoStcCliTest {
    @TempDir
    Path dir;

    static BufferedImage colour(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int g = (int) Math.max(0, Math.min(255, 120 + 40 * Math.sin(x / 5.0) + r.nextGaussian() * 20));
                int red = Math.min(255, g + 30);
                int b = Math.max(0, g - 40 + (y & 15));
                img.setRGB(x, y, (red << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    @Test
    void hideAndRevealSpatial() throws Exception {
        Path cover = dir.resolve("cover.png");
        ImageIO.write(StegoCliTest.texture(64, 64, 1), "png", cover.toFile());
        byte[] msg = new byte[150];
        new Random(2).nextBytes(msg);
        Path m = Files.write(dir.resolve("msg.bin"), msg);
        Path stego = dir.resolve("stego.png");
        CliTest.Result hide = CliTest.run("stego", "hide", "--algo", "hill", "--key", "s3cret", "--message", m.toString(),
                cover.toString(), stego.toString());
        assertEquals(0, hide.code(), hide.err());
        assertTrue(hide.out().startsWith("hid 150 bytes in " + stego + " with hill (ternary STC, h = 10):"), hide.out());
        Path back = dir.resolve("back.bin");
        CliTest.Result reveal = CliTest.run("stego", "reveal", "--algo", "hill", "--key", "s3cret", stego.toString(),
                "--out", back.toString());
        assertEquals(0, reveal.code(), reveal.err());
        assertArrayEquals(msg, Files.readAllBytes(back));

        CliTest.Result wrong = CliTest.run("stego", "reveal", "--algo", "hill", "--key", "secret", stego.toString(),
                "--out", dir.resolve("x.bin").toString());
        assertTrue(wrong.code() != 0);
        assertTrue(wrong.err().contains(stego + ": no message found for this key"), wrong.err());
        assertFalse(Files.exists(dir.resolve("x.bin")));

        Path big = Files.write(dir.resolve("big.bin"), new byte[64 * 64]);
        Path out2 = dir.resolve("never.png");
        CliTest.Result over = CliTest.run("stego", "hide", "--algo", "hill", "--key", "k", "--message", big.toString(),
                cover.toString(), out2.toString());
        assertTrue(over.code() != 0);
        assertTrue(over.err().contains("exceeds the capacity of") && over.err().contains("nothing written"), over.err());
        assertFalse(Files.exists(out2));
        assertFalse(over.err().contains("\tat "), "no stack trace");
    }

    @Test
    void hideAndRevealColourJpegChangesOnlyCoefficients() throws Exception {
        Path cover = dir.resolve("cover.jpg");
        ImageIO.write(colour(96, 80, 3), "jpeg", cover.toFile());
        JpegCoefficients c = JpegCoefficients.read(cover);
        assertEquals(3, c.numComponents());
        byte[] msg = "a short message for a colour JPEG".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path m = Files.write(dir.resolve("msg.txt"), msg);
        Path stego = dir.resolve("stego.jpg");
        CliTest.Result hide = CliTest.run("stego", "hide", "--algo", "j-uniward", "--key", "k", "--message", m.toString(),
                "--height", "8", cover.toString(), stego.toString());
        assertEquals(0, hide.code(), hide.err());
        JpegCoefficients s = JpegCoefficients.read(stego);
        long changed = 0;
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(c.quantTableOf(i), s.quantTableOf(i));
            assertEquals(c.component(i).h(), s.component(i).h());
            int[][] a = c.component(i).toLayout();
            int[][] b = s.component(i).toLayout();
            for (int r = 0; r < a.length; r++) {
                for (int col = 0; col < a[0].length; col++) {
                    int d = Math.abs(a[r][col] - b[r][col]);
                    assertTrue(d <= 1);
                    changed += d;
                }
            }
        }
        assertTrue(changed > 0 && hide.out().contains(changed + " changes"), hide.out() + " vs " + changed);
        assertEquals(c.metadata().size(), s.metadata().size());
        Path back = dir.resolve("back.txt");
        CliTest.Result reveal = CliTest.run("stego", "reveal", "--algo", "j-uniward", "--key", "k", "--height", "8",
                stego.toString(), "--out", back.toString());
        assertEquals(0, reveal.code(), reveal.err());
        assertArrayEquals(msg, Files.readAllBytes(back));
        CliTest.Result otherHeight = CliTest.run("stego", "reveal", "--algo", "j-uniward", "--key", "k", stego.toString(),
                "--out", back.toString());
        assertTrue(otherHeight.code() != 0 && otherHeight.err().contains("no message found"), otherHeight.err());
    }

    @Test
    void f5HidesAndRevealsInAJpeg() throws Exception {
        Path cover = dir.resolve("cover.jpg");
        ImageIO.write(colour(128, 96, 5), "jpeg", cover.toFile());
        byte[] msg = "F5 with matrix encoding".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Path m = Files.write(dir.resolve("m.txt"), msg);
        Path stego = dir.resolve("f5.jpg");
        CliTest.Result hide = CliTest.run("stego", "hide", "--algo", "f5", "--key", "k", "--message", m.toString(),
                cover.toString(), stego.toString());
        assertEquals(0, hide.code(), hide.err());
        assertTrue(hide.out().startsWith("hid 23 bytes in " + stego + " with F5 (k = "), hide.out());
        Path back = dir.resolve("back.txt");
        CliTest.Result reveal = CliTest.run("stego", "reveal", "--algo", "F5", "--key", "k", stego.toString(), "--out", back.toString());
        assertEquals(0, reveal.code(), reveal.err());
        assertArrayEquals(msg, Files.readAllBytes(back));
        CliTest.Result wrong = CliTest.run("stego", "reveal", "--algo", "f5", "--key", "K", stego.toString(), "--out", back.toString());
        assertTrue(wrong.code() != 0 && wrong.err().contains("no message found for this key"), wrong.err());
    }

    @Test
    void f5MatrixEncodingEmbedJobWritesStegosThatRevealWithTheManifestSeed() throws Exception {
        Path covers = Files.createDirectories(dir.resolve("f5covers"));
        ImageIO.write(colour(96, 80, 8), "jpeg", covers.resolve("a.jpg").toFile());
        Path out = dir.resolve("f5out");
        CliTest.Result r = CliTest.run("stego", "embed", "--algo", "f5", "--variant", "matrix-encoding", "--payload", "0.3",
                "--covers", covers.toString(), "--out", out.toString(), "--seed", "4", "--threads", "1");
        assertEquals(0, r.code(), r.err());
        java.util.List<String> manifest = Files.readAllLines(out.resolve("manifest.csv"));
        String[] row = manifest.get(1).split(",");
        assertEquals("f5:matrix-encoding", row[2]);
        Path stego = out.resolve(row[1]);
        Path back = dir.resolve("f5back.bin");
        CliTest.Result reveal = CliTest.run("stego", "reveal", "--algo", "f5:matrix-encoding", "--key", row[5], stego.toString(),
                "--out", back.toString());
        assertEquals(0, reveal.code(), reveal.err());
        double bits = Double.parseDouble(row[6]);
        assertArrayEquals(org.efficientmixnet.stego.embed.F5.message(bits, Long.parseLong(row[5])), Files.readAllBytes(back));
        // the default F5 (conseal's simulation) embeds too
        CliTest.Result sim = CliTest.run("stego", "embed", "--algo", "f5", "--payload", "0.3", "--covers", covers.toString(),
                "--out", dir.resolve("f5sim").toString(), "--threads", "1");
        assertEquals(0, sim.code(), sim.err());
    }

    @Test
    void codingLossOverAFolder() throws Exception {
        Path covers = Files.createDirectories(dir.resolve("covers"));
        for (int i = 0; i < 2; i++) {
            ImageIO.write(StegoCliTest.texture(64, 64, 10 + i), "png", covers.resolve("c" + i + ".png").toFile());
        }
        CliTest.Result r = CliTest.run("stego", "coding-loss", "--algo", "s-uniward", "--covers", covers.toString(),
                "--payload", "0.3");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("cover,bits,stc_distortion,simulated_distortion,distortion_excess,payload_loss,seconds", lines[0]);
        assertTrue(lines[1].startsWith("c0.png,") && lines[2].startsWith("c1.png,"), r.out());
        assertTrue(lines[3].startsWith("# s-uniward, payload 0.3 bpp, h = 10, 2 covers: distortion excess mean "), lines[3]);
    }
}
