package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.efficientmixnet.stego.dataset.CoverPreparation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StegoCliTest {
    @TempDir
    Path dir;

    Path photos() throws Exception {
        Path p = Files.createDirectories(dir.resolve("photos"));
        BufferedImage img = new BufferedImage(80, 80, BufferedImage.TYPE_BYTE_GRAY);
        java.util.Random r = new java.util.Random(5);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 80; x++) {
                img.getRaster().setSample(x, y, 0, (int) Math.max(0, Math.min(255, 120 + 40 * Math.sin(x / 4.0) + r.nextGaussian() * 15)));
            }
        }
        ImageIO.write(img, "png", p.resolve("a.png").toFile());
        CoverPreparation.writeJpeg(p.resolve("b.jpg"), img, 80);
        return p;
    }

    @Test
    void prepareEmbedCostsAndCoeffs() throws Exception {
        Path photos = photos();
        CliTest.Result prep = CliTest.run("stego", "prepare", "--photos", photos.toString(), "--out", dir.resolve("covers").toString(),
                "--size", "64", "--quality", "75");
        assertEquals(0, prep.code(), prep.err());
        assertTrue(prep.out().contains("prepared 2 covers"), prep.out());
        CliTest.Result emb = CliTest.run("stego", "embed", "--algo", "uerd", "--payload", "0.4", "--covers",
                dir.resolve("covers").toString(), "--out", dir.resolve("stego").toString(), "--seed", "3", "--threads", "2");
        assertEquals(0, emb.code(), emb.err());
        assertTrue(emb.out().contains("embedded 2, skipped 0 (output existed), failed 0"), emb.out());
        assertEquals(3, Files.readAllLines(dir.resolve("stego").resolve("manifest.csv")).size());
        Path png = dir.resolve("cost.png");
        Path npy = dir.resolve("cost.npy");
        CliTest.Result costs = CliTest.run("stego", "costs", dir.resolve("covers").resolve("a.jpg").toString(), "--algo", "j-uniward",
                "--png", png.toString(), "--npy", npy.toString());
        assertEquals(0, costs.code(), costs.err());
        assertEquals(64, ImageIO.read(png.toFile()).getWidth());
        assertEquals(64 * 64 * 8 + 128, Files.size(npy)); // float64 values after a 128-byte header
        CliTest.Result co = CliTest.run("stego", "coeffs", dir.resolve("covers").resolve("a.jpg").toString(), "--npy",
                dir.resolve("c.npy").toString());
        assertEquals(0, co.code(), co.err());
        assertTrue(co.out().contains("64×64, 1 component(s)") && co.out().contains("quantization table 0:"), co.out());
        CliTest.Result bad = CliTest.run("stego", "embed", "--algo", "f5", "--payload", "0.4", "--covers", photos.toString(),
                "--out", dir.resolve("x").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown embedding algorithm 'f5'"), bad.err());
        CliTest.Result spatialOnJpeg = CliTest.run("stego", "costs", dir.resolve("covers").resolve("a.jpg").toString(), "--algo", "hill",
                "--png", png.toString(), "--change-map");
        assertEquals(0, spatialOnJpeg.code(), spatialOnJpeg.err());
    }
}
