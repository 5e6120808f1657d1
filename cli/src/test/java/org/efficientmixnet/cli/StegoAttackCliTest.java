package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.efficientmixnet.stego.attack.RandomLsbReplacement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StegoAttackCliTest {
    @TempDir
    Path dir;

    /** {@link CliTest#run} as {exit code, stdout, stderr}. */
    String[] run(String... args) {
        CliTest.Result r = CliTest.run(args);
        return new String[] {String.valueOf(r.code()), r.out(), r.err()};
    }

    /** A smooth random field (sum of sines plus noise), 8-bit. */
    static int[][] field(int n, long seed) {
        Random r = new Random(seed);
        int[][] x = new int[n][n];
        for (int y = 0; y < n; y++) {
            for (int c = 0; c < n; c++) {
                double v = 128 + 50 * Math.sin(c / 9.0) * Math.cos(y / 13.0) + 20 * Math.sin((c + y) / 5.0) + 2 * r.nextGaussian();
                x[y][c] = (int) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return x;
    }

    Path png(String name, int[][] x) throws Exception {
        BufferedImage img = new BufferedImage(x[0].length, x.length, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < x.length; y++) {
            img.getRaster().setSamples(0, y, x[0].length, 1, 0, x[y]);
        }
        Path f = dir.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    @Test
    void everyMethodEstimatesThePayloadPerChannel() throws Exception {
        int[][] cover = field(200, 1);
        Path c = png("cover.png", cover);
        Path s = png("stego.png", RandomLsbReplacement.embed(cover, 0.3, 2));
        for (String m : new String[] {"spa", "rs", "ws", "triples"}) {
            String[] r = run("stego", "attack", m, c.toString(), s.toString());
            assertEquals("0", r[0], r[2]);
            String[] lines = r[1].strip().split("\n");
            assertEquals("file\tmethod\tchannel\tpayload_bpp", lines[0]);
            assertEquals(3, lines.length, r[1]);
            double pc = Double.parseDouble(lines[1].split("\t")[3]);
            double ps = Double.parseDouble(lines[2].split("\t")[3]);
            assertTrue(lines[2].startsWith(s + "\t" + m + "\tgray\t"), lines[2]);
            assertTrue(Math.abs(pc) < 0.1, m + " cover " + pc);
            assertTrue(Math.abs(ps - 0.3) < 0.1, m + " stego " + ps);
        }
        String[] r = run("stego", "attack", "ws", "--json", "--bias-correction", s.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("\"method\": \"ws\", \"payload_bpp\": {\"gray\": 0."), r[1]);
    }

    @Test
    void badFilesAreReportedByNameAndTheRestStillRuns() throws Exception {
        Path good = png("good.png", field(64, 3));
        Path bad = dir.resolve("bad.png");
        Files.writeString(bad, "not an image");
        String[] r = run("stego", "attack", "spa", bad.toString(), good.toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("error: " + bad), r[2]);
        assertTrue(r[1].contains(good + "\tspa\tgray\t"), r[1]);
    }

    @Test
    void studyWritesTheTable() throws Exception {
        Path covers = Files.createDirectories(dir.resolve("covers"));
        for (int i = 0; i < 3; i++) {
            png("c" + i + ".png", field(128, 10 + i));
            Files.move(dir.resolve("c" + i + ".png"), covers.resolve("c" + i + ".png"));
        }
        Path table = dir.resolve("table.md");
        String[] r = run("stego", "attack", "study", covers.toString(), "--tile", "64", "--rates", "0,0.5",
                "--methods", "spa,ws", "--out", table.toString());
        assertEquals("0", r[0], r[2]);
        String md = Files.readString(table);
        assertTrue(md.startsWith("| method | rate (bpp) | images |"), md);
        assertTrue(md.contains("| spa | 0.50 | 12 |"), md);
        assertTrue(md.contains("| ws | 0.00 | 12 |"), md);
        assertTrue(r[1].contains("12 covers of 64×64"), r[1]);
    }

    @Test
    void jpegAttacksReportPerFile() throws Exception {
        Path jpg = dir.resolve("c.jpg");
        org.efficientmixnet.stego.dataset.CoverPreparation.writeJpeg(jpg, StegoCliTest.texture(96, 96, 4), 75);
        String[] r = run("stego", "attack", "calibration", jpg.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].startsWith("file\tbeta\tbeta_01\tbeta_10\tbeta_11\n" + jpg + "\t"), r[1]);
        r = run("stego", "attack", "chi2", "--steps", "10", jpg.toString(), png("p.png", field(64, 9)).toString());
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].strip().split("\n");
        assertEquals(3, lines.length, r[1]);
        assertTrue(lines[1].startsWith(jpg + "\tY\t"), lines[1]);
        assertEquals(10, lines[2].split("\t")[3].split(" ").length, lines[2]);
        Path png = png("x.png", field(64, 1));
        r = run("stego", "attack", "calibration", png.toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("error: " + png), r[2]);
    }
}
