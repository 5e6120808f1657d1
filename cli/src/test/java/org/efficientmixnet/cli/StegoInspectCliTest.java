package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.imageio.ImageIO;
import org.efficientmixnet.stego.dataset.CoverPreparation;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StegoInspectCliTest {
    @TempDir
    Path dir;

    /** {@link CliTest#run} as {exit code, stdout, stderr}. */
    String[] run(String... args) {
        CliTest.Result r = CliTest.run(args);
        return new String[] {String.valueOf(r.code()), r.out(), r.err()};
    }

    @Test
    void qualityMetadataTrailerAndDiffOfJpegs() throws Exception {
        Path jpg = dir.resolve("a.jpg");
        CoverPreparation.writeJpeg(jpg, StegoCliTest.texture(64, 48, 1), 75);
        String[] r = run("stego", "inspect", "quality", jpg.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains(jpg + "\t75\texact IJG table"), r[1]);
        r = run("stego", "inspect", "metadata", jpg.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith(jpg + ": 64×48, 1 component(s), baseline, quality 75"), r[1]);
        assertTrue(r[1].contains("APP0\t14 bytes\tJFIF 1.02"), r[1]);

        r = run("stego", "inspect", "trailer", jpg.toString());
        assertTrue(r[1].contains("; 0 trailing bytes"), r[1]);
        Path hidden = dir.resolve("hidden.jpg");
        Files.copy(jpg, hidden);
        Files.write(hidden, "PK\u0003\u0004secret".getBytes(StandardCharsets.ISO_8859_1), StandardOpenOption.APPEND);
        Path extracted = dir.resolve("x.bin");
        r = run("stego", "inspect", "trailer", hidden.toString(), "--extract", extracted.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("ends at byte " + Files.size(jpg) + " of " + Files.size(hidden) + "; 10 trailing bytes (starting 50 4b 03 04"), r[1]);
        assertEquals("PK\u0003\u0004secret", Files.readString(extracted, StandardCharsets.ISO_8859_1));

        JpegCoefficients j = JpegCoefficients.read(jpg);
        int[][] l = j.component(0).toLayout();
        l[9][3] += 1;
        j.component(0).fromLayout(l);
        Path b = dir.resolve("b.jpg");
        j.write(b, true);
        r = run("stego", "inspect", "diff", jpg.toString(), b.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("1 of 3072 coefficients differ"), r[1]);
        assertTrue(r[1].contains("0\t1\t0\t(1,3)\t" + (l[9][3] - 1) + "\t" + l[9][3]), r[1]);
    }

    @Test
    void pngTrailerDiffAndAlpha() throws Exception {
        BufferedImage argb = new BufferedImage(5, 4, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                argb.setRGB(x, y, (x * 50) << 24 | (10 * x) << 16 | (20 * y) << 8 | 7);
            }
        }
        Path a = dir.resolve("a.png");
        ImageIO.write(argb, "png", a.toFile());
        Path rgb = dir.resolve("rgb.png");
        String[] r = run("stego", "inspect", "remove-alpha", a.toString(), rgb.toString());
        assertEquals("0", r[0], r[2]);
        BufferedImage back = ImageIO.read(rgb.toFile());
        assertEquals(3, back.getRaster().getNumBands());
        assertEquals((10 * 3) << 16 | (20 * 2) << 8 | 7, back.getRGB(3, 2) & 0xffffff);

        argb.setRGB(4, 1, 0xff000000);
        Path b = dir.resolve("b.png");
        ImageIO.write(argb, "png", b.toFile());
        r = run("stego", "inspect", "diff", a.toString(), b.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("3 of 60 samples differ"), r[1]);
        assertTrue(r[1].contains("R\t1\t4\t40\t0"), r[1]);

        Files.write(b, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        r = run("stego", "inspect", "trailer", b.toString());
        assertTrue(r[1].contains("png ends at byte") && r[1].contains("; 3 trailing bytes (starting 01 02 03)"), r[1]);
        Path bad = dir.resolve("bad.png");
        Files.write(bad, java.util.Arrays.copyOf(Files.readAllBytes(a), 30));
        r = run("stego", "inspect", "trailer", bad.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("error: " + bad), r[2]);
    }

    @Test
    void histogramsAsTablesAndPlots() throws Exception {
        BufferedImage g = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] v = {0, 0, 5, 255, 5, 5, 7, 0};
        for (int i = 0; i < 8; i++) {
            g.getRaster().setSample(i % 4, i / 4, 0, v[i]);
        }
        Path f = dir.resolve("g.png");
        ImageIO.write(g, "png", f.toFile());
        Path plot = dir.resolve("h.png");
        String[] r = run("stego", "inspect", "histogram", f.toString(), "--png", plot.toString());
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\n");
        assertEquals("value\tgray", lines[0]);
        assertEquals("0\t3", lines[1]);
        assertEquals("5\t3", lines[6]);
        assertEquals("255\t1", lines[256]);
        assertEquals(256 * (4 + 1) + 20, ImageIO.read(plot.toFile()).getWidth()); // 4-pixel bars and 1-pixel gaps

        Path jpg = dir.resolve("a.jpg");
        CoverPreparation.writeJpeg(jpg, StegoCliTest.texture(64, 64, 2), 75);
        int[][] l = JpegCoefficients.read(jpg).component(0).toLayout();
        long ones = 0;
        for (int y = 0; y < 64; y += 8) {
            for (int x = 1; x < 64; x += 8) {
                ones += l[y][x] == 1 ? 1 : 0;
            }
        }
        r = run("stego", "inspect", "histogram", jpg.toString(), "--mode", "0,1", "--range", "3", "--png", dir.resolve("d.png").toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("value\tmode(0,1)\n-3\t"), r[1]);
        assertTrue(r[1].contains("\n1\t" + ones + "\n"), r[1]);
        assertTrue(Files.isRegularFile(dir.resolve("d.png")));
    }
}
