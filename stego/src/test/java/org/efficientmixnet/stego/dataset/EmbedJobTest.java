package org.efficientmixnet.stego.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedJobTest {
    @TempDir
    Path dir;

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

    Path covers(boolean jpeg, int n) throws Exception {
        Path c = Files.createDirectories(dir.resolve(jpeg ? "jpeg-covers" : "png-covers"));
        for (int i = 0; i < n; i++) {
            BufferedImage img = GrayImages.toImage(texture(64, i));
            if (jpeg) {
                CoverPreparation.writeJpeg(c.resolve("c" + i + ".jpg"), img, 75);
            } else {
                GrayImages.writePng(c.resolve("c" + i + ".png"), texture(64, i));
            }
        }
        Files.writeString(c.resolve("README.txt"), "not an image");
        return c;
    }

    @Test
    void spatialBatchManifestRerunAndDeterminism() throws Exception {
        Path c = covers(false, 4);
        Path out1 = dir.resolve("out1");
        EmbedJob.Report r = EmbedJob.run(new EmbedJob.Options(Algorithm.HILL, 0.4, 0.4, c, out1, 7, 2), i -> { });
        assertEquals(4, r.embedded().size());
        assertEquals(1, r.notImages());
        assertTrue(r.failures().isEmpty(), r.failures().toString());
        List<String> manifest = Files.readAllLines(r.manifest());
        assertEquals("cover,stego,algorithm,payload,seed,changes", manifest.get(0));
        assertEquals(5, manifest.size());
        assertTrue(manifest.get(1).startsWith("c0.png,c0.png,hill,0.400000,"), manifest.get(1));
        // changes made ≈ what the manifest says, and about 0.4 bpp worth of them (ternary: 0.4 bits ≥ 1 change per 6.3 px)
        EmbedJob.Row row = r.embedded().get(0);
        int[][] cover = GrayImages.read(c.resolve("c0.png"));
        int[][] stego = GrayImages.read(out1.resolve("c0.png"));
        long diff = 0;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                diff += cover[y][x] != stego[y][x] ? 1 : 0;
            }
        }
        assertEquals(row.changes(), diff);
        assertTrue(diff > 64 * 64 * 0.02 && diff < 64 * 64 * 0.2, "changes " + diff);
        // a rerun skips what exists
        EmbedJob.Report again = EmbedJob.run(new EmbedJob.Options(Algorithm.HILL, 0.4, 0.4, c, out1, 7, 2), i -> { });
        assertEquals(4, again.skipped().size());
        assertEquals(0, again.embedded().size());
        // one thread or three: identical outputs
        Path out2 = dir.resolve("out2");
        EmbedJob.run(new EmbedJob.Options(Algorithm.HILL, 0.4, 0.4, c, out2, 7, 1), i -> { });
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(Files.readAllBytes(out1.resolve("c" + i + ".png")), Files.readAllBytes(out2.resolve("c" + i + ".png")));
        }
    }

    @Test
    void jpegBatchWithRandomPayloadsKeepsQuantizationTables() throws Exception {
        Path c = covers(true, 3);
        Path out = dir.resolve("jout");
        EmbedJob.Report r = EmbedJob.run(new EmbedJob.Options(Algorithm.J_UNIWARD, 0.2, 0.5, c, out, 3, 2), i -> { });
        assertEquals(3, r.embedded().size(), r.failures().toString());
        for (EmbedJob.Row row : r.embedded()) {
            assertTrue(row.payload() >= 0.2 && row.payload() <= 0.5);
            JpegCoefficients cover = JpegCoefficients.read(c.resolve(row.cover()));
            JpegCoefficients stego = JpegCoefficients.read(out.resolve(row.stego()));
            assertArrayEquals(cover.quantTableOf(0), stego.quantTableOf(0));
            long changed = 0;
            int[][] a = cover.component(0).toLayout();
            int[][] b = stego.component(0).toLayout();
            for (int y = 0; y < a.length; y++) {
                for (int x = 0; x < a[0].length; x++) {
                    changed += a[y][x] != b[y][x] ? 1 : 0;
                }
            }
            assertEquals(row.changes(), changed);
            assertTrue(changed > 0);
        }
        assertTrue(r.embedded().stream().map(EmbedJob.Row::payload).distinct().count() > 1, "payloads are drawn per image");
    }

    @Test
    void failuresDoNotStopTheBatchNorLeaveFiles() throws Exception {
        Path c = covers(true, 2);
        byte[] good = Files.readAllBytes(c.resolve("c0.jpg"));
        Files.write(c.resolve("broken.jpg"), java.util.Arrays.copyOf(good, good.length / 2));
        Path out = dir.resolve("fout");
        EmbedJob.Report r = EmbedJob.run(new EmbedJob.Options(Algorithm.UERD, 0.3, 0.3, c, out, 1, 2), i -> { });
        assertEquals(2, r.embedded().size());
        assertEquals(1, r.failures().size());
        assertTrue(r.failures().get(0).startsWith("broken.jpg: ") && r.failures().get(0).contains("truncated"), r.failures().toString());
        assertTrue(Files.notExists(out.resolve("broken.jpg")));
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")));
        }
        assertTrue(Files.readString(out.resolve("failures.txt")).contains("broken.jpg"));
        // a payload above capacity fails per image, naming payload and capacity
        EmbedJob.Report over = EmbedJob.run(new EmbedJob.Options(Algorithm.HILL, 2.5, 2.5, covers(false, 1), dir.resolve("over"), 1, 1), i -> { });
        assertEquals(1, over.failures().size());
        assertTrue(over.failures().get(0).contains("capacity"), over.failures().toString());
    }

    @Test
    void badArgumentsAreRefused() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Algorithm.fromId("f5"));
        assertTrue(e.getMessage().contains("j-uniward"), e.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "x");
        e = assertThrows(IllegalArgumentException.class,
                () -> EmbedJob.run(new EmbedJob.Options(Algorithm.HILL, 0.4, 0.4, empty, dir.resolve("o"), 1, 1), i -> { }));
        assertTrue(e.getMessage().contains("has no images") && e.getMessage().contains("1 other files"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmbedJob.payloadRange("lots"));
        assertArrayEquals(new double[] {0.2, 0.5}, EmbedJob.payloadRange("0.2:0.5"));
        e = assertThrows(IllegalArgumentException.class, () -> new EmbedJob.Options(Algorithm.HILL, 0.5, 0.2, empty, empty, 1, 1));
        assertTrue(e.getMessage().contains("payload"));
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
        javax.imageio.ImageIO.write(rgb, "png", photos.resolve("p.png").toFile());
        GrayImages.writePng(photos.resolve("tiny.png"), texture(16, 1));
        List<String> problems = new ArrayList<>();
        List<Path> tiles = CoverPreparation.run(new CoverPreparation.Options(photos, dir.resolve("tiles"), 32, true, 0), problems);
        assertEquals(6, tiles.size()); // 3 × 2 tiles of 32 in 100 × 70
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("tiny.png")), problems.toString());
        List<Path> crops = CoverPreparation.run(new CoverPreparation.Options(photos, dir.resolve("crops"), 64, false, 90), new ArrayList<>());
        JpegCoefficients j = JpegCoefficients.read(crops.get(0));
        assertEquals(64, j.width());
        assertEquals(1, j.numComponents());
    }
}
