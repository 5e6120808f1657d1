package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.embed.Uerd;
import org.efficientmixnet.stego.dataset.CostPictures;
import org.efficientmixnet.stego.dataset.CoverPreparation;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StegoCliTest {
    @TempDir
    Path dir;

    static BufferedImage texture(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (int) Math.max(0, Math.min(255, 120 + 40 * Math.sin(x / 4.0) + r.nextGaussian() * 15)));
            }
        }
        return img;
    }

    Path photos() throws Exception {
        Path p = Files.createDirectories(dir.resolve("photos"));
        ImageIO.write(texture(80, 80, 5), "png", p.resolve("a.png").toFile());
        CoverPreparation.writeJpeg(p.resolve("b.jpg"), texture(96, 72, 6), 80);
        return p;
    }

    /** The int32 or float64 values of a 2-D .npy written by Npy, as doubles, and its shape. */
    static double[] npy(Path f, int[] shape) throws Exception {
        byte[] b = Files.readAllBytes(f);
        int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        String h = new String(b, 10, len, java.nio.charset.StandardCharsets.US_ASCII);
        var m = java.util.regex.Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(h);
        assertTrue(m.find(), h);
        shape[0] = Integer.parseInt(m.group(1));
        shape[1] = Integer.parseInt(m.group(2));
        boolean ints = h.contains("'<i4'");
        ByteBuffer data = ByteBuffer.wrap(b, 10 + len, b.length - 10 - len).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[shape[0] * shape[1]];
        for (int i = 0; i < v.length; i++) {
            v[i] = ints ? data.getInt() : data.getDouble();
        }
        assertEquals(0, data.remaining());
        return v;
    }

    @Test
    void prepareThenEmbedSpatialAndJpeg() throws Exception {
        Path photos = photos();
        Files.writeString(photos.resolve("notes.txt"), "x");
        CliTest.Result prep = CliTest.run("stego", "prepare", "--photos", photos.toString(), "--out", dir.resolve("jcovers").toString(),
                "--size", "64", "--quality", "75");
        assertEquals(0, prep.code(), prep.err());
        assertTrue(prep.out().contains("prepared 2 covers"), prep.out());
        assertTrue(prep.err().contains("warning: notes.txt"), prep.err());
        CliTest.Result png = CliTest.run("stego", "prepare", "--photos", photos.toString(), "--out", dir.resolve("covers").toString(),
                "--size", "32", "--tile");
        assertEquals(0, png.code(), png.err());
        assertTrue(png.out().contains("prepared 10 covers"), png.out()); // 2×2 tiles of a, 3×2 of b
        CliTest.Result tooSmall = CliTest.run("stego", "prepare", "--photos", photos.toString(), "--out", dir.resolve("none").toString(),
                "--size", "512");
        assertEquals(1, tooSmall.code());
        assertTrue(tooSmall.err().contains("a.png: 80×80 is smaller than 512") && tooSmall.err().contains("no covers made"), tooSmall.err());

        Path out = dir.resolve("stego");
        String[] embed = {"stego", "embed", "--algo", "s-uniward", "--payload", "0.2:0.5", "--covers",
                dir.resolve("covers").toString(), "--out", out.toString(), "--seed", "3", "--threads", "3"};
        CliTest.Result emb = CliTest.run(embed);
        assertEquals(0, emb.code(), emb.err());
        assertTrue(emb.out().contains("10 covers: embedded 10, skipped 0 (output existed), failed 0"), emb.out());
        assertTrue(emb.err().contains("embed [##############################] 10/10"), emb.err());
        List<String> manifest = Files.readAllLines(out.resolve("manifest.csv"));
        assertEquals(11, manifest.size());
        assertTrue(manifest.get(1).startsWith("a_0_0.png,a_0_0.png,s-uniward,0."), manifest.get(1));
        assertTrue(manifest.get(1).contains(",bpp,"), manifest.get(1));
        CliTest.Result again = CliTest.run(embed);
        assertTrue(again.out().contains("embedded 0, skipped 10"), again.out());
        assertEquals(manifest, Files.readAllLines(out.resolve("manifest.csv")));

        CliTest.Result jpeg = CliTest.run("stego", "embed", "--algo", "j-uniward", "--payload", "0.4", "--covers",
                dir.resolve("jcovers").toString(), "--out", dir.resolve("jstego").toString(), "--threads", "1");
        assertEquals(0, jpeg.code(), jpeg.err());
        assertTrue(jpeg.out().contains("2 covers: embedded 2"), jpeg.out());
        JpegCoefficients c = JpegCoefficients.read(dir.resolve("jcovers").resolve("a.jpg"));
        JpegCoefficients s = JpegCoefficients.read(dir.resolve("jstego").resolve("a.jpg"));
        assertArrayEquals(c.quantTableOf(0), s.quantTableOf(0));
    }

    @Test
    void embedReportsFailuresAndRefusesBadArguments() throws Exception {
        Path photos = photos();
        Path covers = Files.createDirectories(dir.resolve("covers"));
        Files.copy(photos.resolve("b.jpg"), covers.resolve("b.jpg"));
        byte[] b = Files.readAllBytes(covers.resolve("b.jpg"));
        Files.write(covers.resolve("cut.jpg"), java.util.Arrays.copyOf(b, b.length - 200));
        Files.writeString(covers.resolve("list.csv"), "x");
        CliTest.Result r = CliTest.run("stego", "embed", "--algo", "nsf5", "--payload", "0.3", "--covers", covers.toString(),
                "--out", dir.resolve("o").toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("2 covers: embedded 1, skipped 0 (output existed), failed 1; 1 non-image"), r.out());
        assertTrue(r.out().contains("failed: cut.jpg: ") && r.out().contains("errors: "), r.out());
        assertTrue(r.err().contains("warning: list.csv is not an image"), r.err());
        assertTrue(Files.readString(dir.resolve("o").resolve("errors.csv")).contains("cut.jpg,"));

        CliTest.Result bad = CliTest.run("stego", "embed", "--algo", "f6", "--payload", "0.4", "--covers", photos.toString(),
                "--out", dir.resolve("x").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("unknown embedding algorithm 'f6'") && bad.err().contains("lsb-replacement, lsb-matching, hill,"
                + " wow, hugo, mipod, s-uniward, nsf5, f5, uerd, j-uniward, ebs, j-mipod"), bad.err());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliTest.Result none = CliTest.run("stego", "embed", "--algo", "hill", "--payload", "0.4", "--covers", empty.toString(),
                "--out", dir.resolve("y").toString());
        assertTrue(none.code() != 0 && none.err().contains("has no images"), none.err());
        assertTrue(!none.err().contains("\tat "), "no stack trace");
        CliTest.Result payload = CliTest.run("stego", "embed", "--algo", "hill", "--payload", "0.5:0.1", "--covers", photos.toString(),
                "--out", dir.resolve("z").toString());
        assertTrue(payload.code() != 0 && payload.err().contains("payload"), payload.err());
    }

    @Test
    void costsAsPngAndNpy() throws Exception {
        Path photos = photos();
        Path jpg = photos.resolve("b.jpg");
        Path png = dir.resolve("cost.png");
        Path npy = dir.resolve("cost.npy");
        CliTest.Result costs = CliTest.run("stego", "costs", jpg.toString(), "--algo", "uerd", "--png", png.toString(),
                "--npy", npy.toString());
        assertEquals(0, costs.code(), costs.err());
        assertTrue(costs.out().contains("uerd costs of") && costs.out().contains("96×72"), costs.out());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(96, img.getWidth());
        assertEquals(72, img.getHeight());
        int[] shape = new int[2];
        double[] v = npy(npy, shape);
        assertArrayEquals(new int[] {72, 96}, shape);
        double[][] expected = CostPictures.costs(jpg, Uerd.ALGORITHM, 0);
        for (int r = 0; r < 72; r++) {
            for (int c = 0; c < 96; c++) {
                assertEquals(expected[r][c], v[r * 96 + c], 0.0);
            }
        }
        // --variant: the named cost variant, and a clear error for an unknown one
        CliTest.Result zero = CliTest.run("stego", "costs", jpg.toString(), "--algo", "uerd", "--variant", "zero-boundary",
                "--png", png.toString(), "--npy", npy.toString());
        assertEquals(0, zero.code(), zero.err());
        assertTrue(zero.out().contains("uerd:zero-boundary costs of"), zero.out());
        double[] z = npy(npy, shape);
        double[][] zeroExpected = CostPictures.costs(jpg, Uerd.ALGORITHM.variant("zero-boundary"), 0);
        assertEquals(zeroExpected[0][0], z[0], 0.0);
        assertTrue(zeroExpected[0][0] != expected[0][0], "an edge block differs between the boundaries");
        CliTest.Result unknown = CliTest.run("stego", "costs", jpg.toString(), "--algo", "uerd", "--variant", "nope",
                "--png", png.toString());
        assertTrue(unknown.code() != 0 && unknown.err().contains("unknown variant 'nope' of uerd"), unknown.err());

        Path pmap = dir.resolve("p.png");
        Path pnpy = dir.resolve("p.npy");
        CliTest.Result change = CliTest.run("stego", "costs", photos.resolve("a.png").toString(), "--algo", "hill", "--png",
                pmap.toString(), "--change-map", "--payload", "0.4", "--npy", pnpy.toString(), "--palette", "heat");
        assertEquals(0, change.code(), change.err());
        double[] p = npy(pnpy, shape);
        assertArrayEquals(new int[] {80, 80}, shape);
        double sum = 0;
        for (double x : p) {
            assertTrue(x >= 0 && x <= 2.0 / 3 + 1e-12);
            sum += x;
        }
        assertTrue(sum > 80 * 80 * 0.03 && sum < 80 * 80 * 0.3, "expected changes " + sum);
        assertEquals(80, ImageIO.read(pmap.toFile()).getWidth());

        CliTest.Result bad = CliTest.run("stego", "costs", jpg.toString(), "--algo", "uerd", "--png", png.toString(), "--component", "2");
        assertTrue(bad.code() != 0 && bad.err().contains("has components 0..0"), bad.err());
    }

    @Test
    void coeffsPrintsGeometryAndTablesAndDumpsInt32() throws Exception {
        Path photos = photos();
        Path colour = dir.resolve("c.jpg");
        BufferedImage rgb = new BufferedImage(40, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 40; x++) {
                rgb.setRGB(x, y, (x * 6) << 16 | (y * 10) << 8 | 90);
            }
        }
        CoverPreparation.writeJpeg(colour, rgb, 90);
        JpegCoefficients j = JpegCoefficients.read(colour);
        Path npy = dir.resolve("cb.npy");
        CliTest.Result r = CliTest.run("stego", "coeffs", colour.toString(), "--npy", npy.toString(), "--component", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("40×24, 3 component(s), sequential"), r.out());
        assertTrue(r.out().contains("component 0: id 1, sampling " + j.component(0).h() + "×" + j.component(0).v() + ", "
                + j.component(0).widthInBlocks() + "×" + j.component(0).heightInBlocks() + " blocks"), r.out());
        assertTrue(r.out().contains("quantization table 0:") && r.out().contains("quantization table 1:"), r.out());
        int[] q = j.quantTable(0);
        StringBuilder row0 = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            row0.append(String.format("%5d", q[k]));
        }
        assertTrue(r.out().contains(row0), r.out());
        int[] shape = new int[2];
        double[] v = npy(npy, shape);
        int[][] cb = j.component(1).toLayout();
        assertArrayEquals(new int[] {cb.length, cb[0].length}, shape);
        for (int y = 0; y < cb.length; y++) {
            for (int x = 0; x < cb[0].length; x++) {
                assertEquals(cb[y][x], (int) v[y * cb[0].length + x]);
            }
        }
        CliTest.Result missing = CliTest.run("stego", "coeffs", dir.resolve("nothere.jpg").toString());
        assertTrue(missing.code() != 0 && missing.err().contains("nothere.jpg: no such file"), missing.err());
        CliTest.Result notJpeg = CliTest.run("stego", "coeffs", photos.resolve("a.png").toString());
        assertTrue(notJpeg.code() != 0 && notJpeg.err().contains("not a JPEG"), notJpeg.err());
        CliTest.Result comp = CliTest.run("stego", "coeffs", colour.toString(), "--npy", npy.toString(), "--component", "3");
        assertTrue(comp.code() != 0 && comp.err().contains("has components 0..2"), comp.err());
    }
}
