package org.efficientmixnet.stego.dataset;

import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.embed.Hill;
import org.efficientmixnet.stego.embed.Lsb;
import org.efficientmixnet.stego.embed.SUniward;
import org.efficientmixnet.stego.embed.Nsf5;
import org.efficientmixnet.stego.embed.Uerd;
import org.efficientmixnet.stego.embed.JUniward;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.efficientmixnet.stego.embed.DctLayout;
import org.efficientmixnet.stego.embed.EmbeddingSimulator;
import org.efficientmixnet.stego.embed.Simulation;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedJobTest {
    @TempDir
    Path dir;

    static final EmbedJob.Listener QUIET = (done, total) -> { };

    static int[][] texture(int size, long seed) {
        Random r = new Random(seed);
        int[][] px = new int[size][size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                px[y][x] = (int) Math.max(0, Math.min(255, 128 + 50 * Math.sin(x / 3.0 + seed) + r.nextGaussian() * 20));
            }
        }
        return px;
    }

    static BufferedImage colour(int w, int h, long seed) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (int) Math.max(0, Math.min(200, 100 + 40 * Math.sin(y / 4.0) + r.nextGaussian() * 15));
                img.setRGB(x, y, (v + 40) << 16 | v << 8 | (255 - v));
            }
        }
        return img;
    }

    Path covers(String name, boolean jpeg, int n) throws Exception {
        Path c = Files.createDirectories(dir.resolve(name));
        for (int i = 0; i < n; i++) {
            if (jpeg) {
                CoverPreparation.writeJpeg(c.resolve("c" + i + ".jpg"), GrayImages.toImage(texture(64, i)), 75);
            } else {
                GrayImages.writePng(c.resolve("c" + i + ".png"), texture(64, i));
            }
        }
        Files.writeString(c.resolve("README.txt"), "not an image");
        return c;
    }

    static long differences(int[][] a, int[][] b) {
        long d = 0;
        for (int y = 0; y < a.length; y++) {
            for (int x = 0; x < a[0].length; x++) {
                d += a[y][x] != b[y][x] ? 1 : 0;
                assertTrue(Math.abs(a[y][x] - b[y][x]) <= 1, "changes are ±1");
            }
        }
        return d;
    }

    @Test
    void spatialBatchManifestRerunAndDeterminism() throws Exception {
        Path c = covers("png", false, 4);
        Path out1 = dir.resolve("out1");
        List<int[]> calls = new ArrayList<>();
        EmbedJob.Report r = EmbedJob.run(new EmbedJob.Options(Hill.ALGORITHM, 0.4, 0.4, c, out1, 7, 3), (done, total) -> {
            synchronized (calls) {
                calls.add(new int[] {done, total});
            }
        });
        assertEquals(4, r.covers());
        assertEquals(4, r.embedded().size());
        assertEquals(List.of("README.txt"), r.notImages());
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        assertNull(r.errors());
        assertEquals(4, calls.size());
        assertTrue(calls.stream().anyMatch(x -> x[0] == 4 && x[1] == 4));

        List<String> manifest = Files.readAllLines(r.manifest());
        assertEquals("cover,stego,algorithm,payload,unit,seed,message_bits,changes", manifest.get(0));
        assertEquals(5, manifest.size());
        for (int i = 0; i < 4; i++) {
            List<String> f = EmbedJob.parseCsv(manifest.get(i + 1));
            assertEquals(List.of("c" + i + ".png", "c" + i + ".png", "hill", "0.4", "bpp"), f.subList(0, 5));
            long seed = EmbedJob.imageSeed(7, "c" + i + ".png");
            assertEquals(Long.toString(seed), f.get(5));
            assertEquals("1638.400", f.get(6)); // 0.4 bpp × 64 × 64
            // the output is exactly the simulator's stego for that seed, and the manifest counts its changes
            int[][] cover = GrayImages.readGrayscale(c.resolve("c" + i + ".png"));
            int[][] stego = GrayImages.readGrayscale(out1.resolve("c" + i + ".png"));
            Simulation s = Hill.ALGORITHM.embed(cover, 0.4, seed);
            assertTrue(Arrays.deepEquals(s.stego(), stego));
            long diff = differences(cover, stego);
            assertEquals(Long.parseLong(f.get(7)), diff);
            double expected = s.changeProbabilities().expectedChanges();
            assertTrue(Math.abs(diff - expected) < 5 * Math.sqrt(expected) + 1, diff + " changes, expected " + expected);
        }
        assertTrue(Files.readString(c.resolve("README.txt")).equals("not an image"));

        // a rerun skips every existing output and keeps the manifest as it was
        EmbedJob.Report again = EmbedJob.run(new EmbedJob.Options(Hill.ALGORITHM, 0.4, 0.4, c, out1, 7, 2), QUIET);
        assertEquals(List.of("c0.png", "c1.png", "c2.png", "c3.png"), again.skipped());
        assertEquals(0, again.embedded().size());
        assertEquals(manifest, Files.readAllLines(again.manifest()));
        // a deleted output is made again, identical
        byte[] c2 = Files.readAllBytes(out1.resolve("c2.png"));
        Files.delete(out1.resolve("c2.png"));
        EmbedJob.Report redo = EmbedJob.run(new EmbedJob.Options(Hill.ALGORITHM, 0.4, 0.4, c, out1, 7, 2), QUIET);
        assertEquals(1, redo.embedded().size());
        assertArrayEquals(c2, Files.readAllBytes(out1.resolve("c2.png")));
        assertEquals(manifest, Files.readAllLines(redo.manifest()));

        // an output replaced after its row was written (here by its cover) is not trusted on a rerun
        byte[] c1 = Files.readAllBytes(out1.resolve("c1.png"));
        Files.copy(c.resolve("c1.png"), out1.resolve("c1.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        EmbedJob.Report tampered = EmbedJob.run(new EmbedJob.Options(Hill.ALGORITHM, 0.4, 0.4, c, out1, 7, 2), QUIET);
        assertEquals(1, tampered.failures().size(), tampered.failures().toString());
        assertTrue(tampered.failures().get(0).error().contains("manifest row"), tampered.failures().toString());
        Files.write(out1.resolve("c1.png"), c1);

        // one thread or three: identical outputs; another seed: different ones
        Path out2 = dir.resolve("out2");
        EmbedJob.run(new EmbedJob.Options(Hill.ALGORITHM, 0.4, 0.4, c, out2, 7, 1), QUIET);
        Path out3 = dir.resolve("out3");
        EmbedJob.run(new EmbedJob.Options(Hill.ALGORITHM, 0.4, 0.4, c, out3, 8, 2), QUIET);
        for (int i = 0; i < 4; i++) {
            String n = "c" + i + ".png";
            assertArrayEquals(Files.readAllBytes(out1.resolve(n)), Files.readAllBytes(out2.resolve(n)));
            assertFalse(Arrays.equals(Files.readAllBytes(out1.resolve(n)), Files.readAllBytes(out3.resolve(n))));
        }
        assertEquals(manifest, Files.readAllLines(out2.resolve("manifest.csv")));
    }

    @Test
    void lsbMatchingOnPgmAndBmpCoversChangesAtTheCodingBound() throws Exception {
        Path c = Files.createDirectories(dir.resolve("pgm"));
        int[][] px = texture(64, 3);
        StringBuilder header = new StringBuilder("P5\n# made by the test\n64 64\n255\n");
        byte[] data = new byte[64 * 64];
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                data[y * 64 + x] = (byte) px[y][x];
            }
        }
        byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] pgm = Arrays.copyOf(h, h.length + data.length);
        System.arraycopy(data, 0, pgm, h.length, data.length);
        Files.write(c.resolve("a.pgm"), pgm);
        ImageIO.write(GrayImages.toImage(texture(64, 4)), "bmp", c.resolve("b.bmp").toFile());
        assertTrue(Arrays.deepEquals(px, GrayImages.readGrayscale(c.resolve("a.pgm"))));

        EmbedJob.Report r = EmbedJob.run(new EmbedJob.Options(Lsb.MATCHING, 0.4, 0.4, c, dir.resolve("o"), 1, 2), QUIET);
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        double beta = EmbeddingSimulator.inverseBinaryEntropy(0.4); // ≈ 0.0771 changes per pixel
        for (EmbedJob.Row row : r.embedded()) {
            int[][] cover = GrayImages.readGrayscale(c.resolve(row.cover()));
            long diff = differences(cover, GrayImages.readGrayscale(dir.resolve("o").resolve(row.stego())));
            assertEquals(row.changes(), diff);
            double expected = beta * 4096;
            assertTrue(Math.abs(diff - expected) < 5 * Math.sqrt(expected), diff + " vs " + expected);
        }
        assertEquals(List.of("a.png", "b.png"), r.embedded().stream().map(EmbedJob.Row::stego).toList());
    }

    @Test
    void jpegBatchWithRandomPayloadsKeepsTablesAndIsThreadIndependent() throws Exception {
        Path c = covers("jpg", true, 3);
        Path out = dir.resolve("jout");
        EmbedJob.Report r = EmbedJob.run(new EmbedJob.Options(JUniward.ALGORITHM, 0.2, 0.5, c, out, 3, 3), QUIET);
        assertEquals(3, r.embedded().size(), r.failures().toString());
        List<String> manifest = Files.readAllLines(r.manifest());
        for (int i = 0; i < 3; i++) {
            EmbedJob.Row row = r.embedded().get(i);
            List<String> f = EmbedJob.parseCsv(manifest.get(i + 1));
            assertEquals("j-uniward", f.get(2));
            assertEquals("bpnzac", f.get(4));
            assertTrue(row.payload() >= 0.2 && row.payload() <= 0.5);
            assertEquals(row.payload(), Double.parseDouble(f.get(3)), 0.0); // the manifest states the payload exactly
            assertEquals(row.payload(), EmbedJob.imagePayload(new EmbedJob.Options(JUniward.ALGORITHM, 0.2, 0.5, c, out, 3, 1),
                    row.cover()), 0.0);
            JpegCoefficients cover = JpegCoefficients.read(c.resolve(row.cover()));
            JpegCoefficients stego = JpegCoefficients.read(out.resolve(row.stego()));
            assertArrayEquals(cover.quantTableOf(0), stego.quantTableOf(0));
            int[][] a = cover.component(0).toLayout();
            assertEquals(row.payload() * DctLayout.nonZeroAc(a), Double.parseDouble(f.get(6)), 1e-3);
            long changed = differences(a, stego.component(0).toLayout());
            assertEquals(row.changes(), changed);
            assertEquals(Long.parseLong(f.get(7)), changed);
            assertTrue(changed > 0);
        }
        assertTrue(r.embedded().stream().map(EmbedJob.Row::payload).distinct().count() > 1, "payloads are drawn per image");
        Path one = dir.resolve("jout1");
        EmbedJob.run(new EmbedJob.Options(JUniward.ALGORITHM, 0.2, 0.5, c, one, 3, 1), QUIET);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(Files.readAllBytes(out.resolve("c" + i + ".jpg")), Files.readAllBytes(one.resolve("c" + i + ".jpg")));
        }
        assertEquals(manifest, Files.readAllLines(one.resolve("manifest.csv")));
    }

    @Test
    void colourJpegKeepsSamplingAndNsf5ChangesTheExpectedCount() throws Exception {
        Path c = Files.createDirectories(dir.resolve("colour"));
        CoverPreparation.writeJpeg(c.resolve("p.jpg"), colour(48, 40, 1), 85);
        EmbedJob.Report r = EmbedJob.run(new EmbedJob.Options(Nsf5.ALGORITHM, 0.3, 0.3, c, dir.resolve("o"), 5, 1), QUIET);
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        JpegCoefficients cover = JpegCoefficients.read(c.resolve("p.jpg"));
        JpegCoefficients stego = JpegCoefficients.read(dir.resolve("o").resolve("p.jpg"));
        assertEquals(3, stego.numComponents());
        long changed = 0;
        int[][][] comps = new int[3][][];
        for (int k = 0; k < 3; k++) {
            assertEquals(cover.component(k).h(), stego.component(k).h());
            assertEquals(cover.component(k).v(), stego.component(k).v());
            assertArrayEquals(cover.quantTableOf(k), stego.quantTableOf(k));
            comps[k] = cover.component(k).toLayout();
            changed += differences(comps[k], stego.component(k).toLayout());
        }
        long nzac = DctLayout.nonZeroAc(comps);
        // nsF5 at the wet-paper bound changes exactly ⌈h⁻¹(0.3)·nzAC⌉ coefficients, over all components
        assertEquals((long) Math.ceil(EmbeddingSimulator.inverseBinaryEntropy(0.3) * nzac - 1e-9), changed);
        assertEquals(changed, r.embedded().get(0).changes());
        assertEquals(0.3 * nzac, r.embedded().get(0).messageBits(), 1e-9);
    }

    @Test
    void failingImagesAreListedAndTheBatchGoesOn() throws Exception {
        Path c = covers("mixed", true, 2);
        byte[] good = Files.readAllBytes(c.resolve("c0.jpg"));
        Files.write(c.resolve("broken.jpg"), Arrays.copyOf(good, good.length / 2));
        GrayImages.writePng(c.resolve("flat.png"), texture(16, 2));
        Path out = dir.resolve("fout");
        EmbedJob.Report r = EmbedJob.run(new EmbedJob.Options(Uerd.ALGORITHM, 0.3, 0.3, c, out, 1, 2), QUIET);
        assertEquals(2, r.embedded().size());
        assertEquals(List.of("broken.jpg", "flat.png"), r.failures().stream().map(EmbedJob.Failure::cover).toList());
        assertTrue(r.failures().get(0).error().contains("truncated"), r.failures().toString());
        assertTrue(r.failures().get(1).error().contains("not a JPEG") && r.failures().get(1).error().contains("uerd"),
                r.failures().toString());
        assertTrue(Files.notExists(out.resolve("broken.jpg")));
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
        List<String> errors = Files.readAllLines(r.errors());
        assertEquals("cover,error", errors.get(0));
        assertEquals(3, errors.size());
        assertEquals("broken.jpg", EmbedJob.parseCsv(errors.get(1)).get(0));
        assertEquals(r.failures().get(0).error(), EmbedJob.parseCsv(errors.get(1)).get(1));
        assertEquals(3, Files.readAllLines(r.manifest()).size()); // only what was made

        // once the bad covers are gone, a rerun clears the errors file
        Files.delete(c.resolve("broken.jpg"));
        Files.delete(c.resolve("flat.png"));
        EmbedJob.Report fixed = EmbedJob.run(new EmbedJob.Options(Uerd.ALGORITHM, 0.3, 0.3, c, out, 1, 2), QUIET);
        assertTrue(fixed.failures().isEmpty());
        assertTrue(Files.notExists(out.resolve("errors.csv")));
    }

    @Test
    void spatialFailures() throws Exception {
        Path c = covers("sp", false, 1);
        Files.writeString(c.resolve("fake.png"), "text with an image's name");
        ImageIO.write(colour(16, 16, 2), "png", c.resolve("rgb.png").toFile());
        GrayImages.writePng(c.resolve("twin.png"), texture(16, 1));
        ImageIO.write(GrayImages.toImage(texture(16, 1)), "bmp", c.resolve("twin.bmp").toFile());
        EmbedJob.Report r = EmbedJob.run(new EmbedJob.Options(SUniward.ALGORITHM, 0.4, 0.4, c, dir.resolve("o"), 1, 2), QUIET);
        // twin.bmp and twin.png would both make twin.png: the first in name order keeps it
        assertEquals(List.of("c0.png", "twin.bmp"), r.embedded().stream().map(EmbedJob.Row::cover).toList());
        assertEquals(List.of("fake.png", "rgb.png", "twin.png"), r.failures().stream().map(EmbedJob.Failure::cover).toList());
        assertTrue(r.failures().get(0).error().contains("not an image"), r.failures().toString());
        assertTrue(r.failures().get(1).error().contains("grayscale"), r.failures().toString());
        assertTrue(r.failures().get(2).error().contains("twin.bmp"), r.failures().toString());

        // a payload above what an image carries fails that image, naming payload and capacity
        Path big = Files.createDirectories(dir.resolve("big"));
        GrayImages.writePng(big.resolve("a.png"), texture(32, 1));
        GrayImages.writePng(big.resolve("b.png"), texture(32, 2));
        EmbedJob.Report over = EmbedJob.run(new EmbedJob.Options(Lsb.REPLACEMENT, 0.5, 1.2, big, dir.resolve("over"), 4, 1), QUIET);
        assertEquals(2, over.embedded().size() + over.failures().size());
        for (EmbedJob.Failure f : over.failures()) {
            assertTrue(f.error().contains("payload") && f.error().contains("capacity of 1024.0 bits"), f.error());
        }
        EmbedJob.Report all = EmbedJob.run(new EmbedJob.Options(Hill.ALGORITHM, 1.7, 1.7, big, dir.resolve("over2"), 4, 2), QUIET);
        assertEquals(2, all.failures().size());
        assertTrue(all.failures().get(0).error().startsWith("payload 1.7 bpp"), all.failures().get(0).error());
        assertTrue(all.failures().get(0).error().contains("capacity"), all.failures().get(0).error());
    }

    @Test
    void badArgumentsAreRefused() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Algorithm.fromId("f6"));
        assertTrue(e.getMessage().contains("'f6'"), e.getMessage());
        for (Algorithm a : Algorithm.values()) {
            assertTrue(e.getMessage().contains(a.id()), e.getMessage());
            assertEquals(a, Algorithm.fromId(a.id().toUpperCase()));
        }
        assertEquals(JUniward.ALGORITHM, Algorithm.fromId("juniward"));

        Path empty = Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(IllegalArgumentException.class,
                () -> EmbedJob.run(new EmbedJob.Options(Hill.ALGORITHM, 0.4, 0.4, empty, dir.resolve("o"), 1, 1), QUIET));
        assertTrue(e.getMessage().contains("has no images"), e.getMessage());
        Files.writeString(empty.resolve("notes.txt"), "x");
        e = assertThrows(IllegalArgumentException.class,
                () -> EmbedJob.run(new EmbedJob.Options(Hill.ALGORITHM, 0.4, 0.4, empty, dir.resolve("o"), 1, 1), QUIET));
        assertTrue(e.getMessage().contains("has no images") && e.getMessage().contains("1 other file"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EmbedJob.run(
                new EmbedJob.Options(Hill.ALGORITHM, 0.4, 0.4, dir.resolve("missing"), dir.resolve("o"), 1, 1), QUIET));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Path c = covers("same", false, 1);
        e = assertThrows(IllegalArgumentException.class,
                () -> EmbedJob.run(new EmbedJob.Options(Hill.ALGORITHM, 0.4, 0.4, c, c, 1, 1), QUIET));
        assertTrue(e.getMessage().contains("is the cover folder"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> EmbedJob.payloadRange("lots"));
        assertArrayEquals(new double[] {0.2, 0.5}, EmbedJob.payloadRange("0.2:0.5"));
        assertArrayEquals(new double[] {0.4, 0.4}, EmbedJob.payloadRange("0.4"));
        e = assertThrows(IllegalArgumentException.class, () -> new EmbedJob.Options(Hill.ALGORITHM, 0.5, 0.2, empty, empty, 1, 1));
        assertTrue(e.getMessage().contains("payload"));
        assertThrows(IllegalArgumentException.class, () -> new EmbedJob.Options(Hill.ALGORITHM, 0, 0, empty, empty, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new EmbedJob.Options(Hill.ALGORITHM, Double.NaN, Double.NaN, empty, empty, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new EmbedJob.Options(Hill.ALGORITHM, 0.4, 0.4, empty, empty, 1, 0));
    }

    @Test
    void aTornManifestOfAKilledRunIsRepaired() throws Exception {
        Path c = covers("torn", false, 2);
        Path out = dir.resolve("o");
        EmbedJob.Report first = EmbedJob.run(new EmbedJob.Options(Lsb.REPLACEMENT, 0.3, 0.3, c, out, 2, 1), QUIET);
        List<String> lines = Files.readAllLines(first.manifest());
        // as if killed while appending c1's row: c1's output exists, its row is torn; c0 was deleted meanwhile
        Files.writeString(first.manifest(), lines.get(0) + "\n" + lines.get(1) + "\n" + lines.get(2).substring(0, 12));
        Files.delete(out.resolve("c0.png"));
        EmbedJob.Report second = EmbedJob.run(new EmbedJob.Options(Lsb.REPLACEMENT, 0.3, 0.3, c, out, 2, 1), QUIET);
        assertEquals(List.of("c1.png"), second.skipped());
        assertEquals(List.of("c0.png"), second.embedded().stream().map(EmbedJob.Row::cover).toList());
        assertEquals(List.of("c1.png"), second.recovered().stream().map(EmbedJob.Row::cover).toList());
        // c0 made again, the torn line dropped and c1's row rebuilt from cover and output: the same rows as before
        assertEquals(lines, Files.readAllLines(second.manifest()));
        Files.writeString(first.manifest(), "cover,stego,changes\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbedJob.run(new EmbedJob.Options(Lsb.REPLACEMENT, 0.3, 0.3, c, out, 2, 1), QUIET));
        assertTrue(e.getMessage().contains("columns"), e.getMessage());
    }

    @Test
    void manifestBytesThatAreNotUtf8AreRefusedNamingTheManifest() throws Exception {
        Path m = dir.resolve("manifest.csv");
        IllegalArgumentException e = assertThrows(org.efficientmixnet.io.FileFormatException.class,
                () -> EmbedJob.lines(new byte[] {'c', (byte) 0xff, '\n'}, m));
        assertTrue(e.getMessage().startsWith(m.toString()) && e.getMessage().contains("not UTF-8"), e.getMessage());
        assertEquals(List.of("a", "b"), EmbedJob.lines("a\r\nb\n".getBytes(StandardCharsets.UTF_8), m));
        // the local job reads its manifest through the same check
        Path c = Files.createDirectories(dir.resolve("covers"));
        GrayImages.writePng(c.resolve("c0.png"), new int[][] {{1, 2}, {3, 4}});
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.write(out.resolve("manifest.csv"), new byte[] {(byte) 0xfe, (byte) 0xff, 'x'});
        e = assertThrows(org.efficientmixnet.io.FileFormatException.class,
                () -> EmbedJob.run(new EmbedJob.Options(Hill.ALGORITHM, 0.4, 0.4, c, out, 7, 1), QUIET));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    @Test
    void seedsAndPayloadsDependOnNameAndSeedOnly() {
        assertEquals(EmbedJob.imageSeed(1, "a.png"), EmbedJob.imageSeed(1, "a.png"));
        assertNotEquals(EmbedJob.imageSeed(1, "a.png"), EmbedJob.imageSeed(2, "a.png"));
        assertNotEquals(EmbedJob.imageSeed(1, "a.png"), EmbedJob.imageSeed(1, "b.png"));
        EmbedJob.Options o = new EmbedJob.Options(Hill.ALGORITHM, 0.1, 0.6, dir, dir, 9, 1);
        AtomicInteger low = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            double p = EmbedJob.imagePayload(o, i + ".png");
            assertTrue(p >= 0.1 && p <= 0.6);
            assertEquals(p, Math.round(p * 1e6) / 1e6, 0.0);
            low.addAndGet(p < 0.35 ? 1 : 0);
        }
        assertTrue(low.get() > 70 && low.get() < 130, "uniform: " + low.get() + " of 200 below the middle");
    }

    @Test
    void coverPreparationCropsTilesAndRecompresses() throws Exception {
        Path photos = Files.createDirectories(dir.resolve("photos"));
        BufferedImage rgb = new BufferedImage(100, 70, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 70; y++) {
            for (int x = 0; x < 100; x++) {
                rgb.setRGB(x, y, (x * 2) << 16 | (y * 3) << 8 | 40);
            }
        }
        ImageIO.write(rgb, "png", photos.resolve("p.png").toFile());
        GrayImages.writePng(photos.resolve("tiny.png"), texture(16, 1));
        Files.writeString(photos.resolve("notes.txt"), "x");
        List<String> problems = new ArrayList<>();
        List<Path> tiles = CoverPreparation.run(new CoverPreparation.Options(photos, dir.resolve("tiles"), 32, true, 0), problems);
        assertEquals(6, tiles.size()); // 3 × 2 tiles of 32 in 100 × 70
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("tiny.png") && p.contains("smaller")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("notes.txt")), problems.toString());
        int[][] tile = GrayImages.readGrayscale(dir.resolve("tiles").resolve("p_32_64.png"));
        // luma of the photo's pixel (64, 32): R = 128, G = 96, B = 40
        assertEquals(Math.round(0.299 * 128 + 0.587 * 96 + 0.114 * 40), tile[0][0]);

        List<Path> crops = CoverPreparation.run(new CoverPreparation.Options(photos, dir.resolve("crops"), 64, false, 90), new ArrayList<>());
        assertEquals(List.of(dir.resolve("crops").resolve("p.jpg")), crops);
        JpegCoefficients j = JpegCoefficients.read(crops.get(0));
        assertEquals(64, j.width());
        assertEquals(1, j.numComponents());
        // javax.imageio scales the standard luminance table as IJG's quality does: DC 16 → (16·20 + 50)/100 = 3 at 90
        assertEquals(3, j.quantTableOf(0)[0]);
        List<Path> q75 = CoverPreparation.run(new CoverPreparation.Options(photos, dir.resolve("q75"), 0, false, 75), new ArrayList<>());
        JpegCoefficients whole = JpegCoefficients.read(q75.get(0));
        assertEquals(8, whole.quantTableOf(0)[0]); // (16·50 + 50)/100
        assertEquals(100, whole.width());
        assertEquals(70, whole.height());
        assertThrows(IllegalArgumentException.class, () -> new CoverPreparation.Options(photos, photos, 64, false, 101));
    }
}
