package org.efficientmixnet.stego.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoverPreparationTest {
    @TempDir
    Path tmp;

    static int[][] noisy(int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] px = new int[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y][x] = 60 + r.nextInt(120);
            }
        }
        return px;
    }

    @Test
    void photosSharingABaseNameBothMakeCovers() throws Exception {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        GrayImages.writePng(photos.resolve("a.png"), noisy(40, 40, 1));
        ImageIO.write(GrayImages.toImage(noisy(40, 40, 2)), "bmp", photos.resolve("a.bmp").toFile());
        GrayImages.writePng(photos.resolve("b.png"), noisy(40, 40, 3));
        CoverPreparation.Report r = CoverPreparation.prepare(
                new CoverPreparation.Options(photos, tmp.resolve("out"), 32, false, 0, 0, 2), (d, t) -> { });
        assertEquals(List.of("a_bmp.png", "a_png.png", "b.png"),
                r.covers().stream().map(p -> p.getFileName().toString()).toList());
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        assertArrayEquals(crop(noisy(40, 40, 1), 4, 4, 32), GrayImages.readGrayscale(tmp.resolve("out/a_png.png")));
    }

    static int[][] crop(int[][] px, int y0, int x0, int s) {
        int[][] c = new int[s][s];
        for (int y = 0; y < s; y++) {
            System.arraycopy(px[y0 + y], x0, c[y], 0, s);
        }
        return c;
    }

    @Test
    void flatTilesAreSkippedWithMinNzacAndThreadsDoNotChangeTheResult() throws Exception {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        for (int i = 0; i < 4; i++) {
            int[][] px = noisy(32, 64, 10 + i);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    px[y][x] = 128;            // the left tile is flat: no non-zero AC at any quality
                }
            }
            GrayImages.writePng(photos.resolve("p" + i + ".png"), px);
        }
        AtomicInteger calls = new AtomicInteger();
        CoverPreparation.Report one = CoverPreparation.prepare(
                new CoverPreparation.Options(photos, tmp.resolve("one"), 32, true, 75, 10, 1), (d, t) -> calls.incrementAndGet());
        assertEquals(4, calls.get());
        assertEquals(4, one.covers().size());
        assertEquals(4, one.flatSkipped());
        assertTrue(one.covers().stream().allMatch(p -> p.getFileName().toString().endsWith("_0_32.jpg")), one.covers().toString());
        CoverPreparation.Report three = CoverPreparation.prepare(
                new CoverPreparation.Options(photos, tmp.resolve("three"), 32, true, 75, 10, 3), (d, t) -> { });
        assertEquals(one.covers().stream().map(Path::getFileName).toList(),
                three.covers().stream().map(Path::getFileName).toList());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(Files.readAllBytes(one.covers().get(i)), Files.readAllBytes(three.covers().get(i)));
        }
        CoverPreparation.Report all = CoverPreparation.prepare(
                new CoverPreparation.Options(photos, tmp.resolve("all"), 32, true, 75, 0, 2), (d, t) -> { });
        assertEquals(8, all.covers().size());
        assertThrows(IllegalArgumentException.class,
                () -> new CoverPreparation.Options(photos, tmp.resolve("x"), 32, true, 0, 10, 1));
    }

    @Test
    void colorKeepsRgbInPngAndGivesAThreeComponentJpeg() throws Exception {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(48, 40, java.awt.image.BufferedImage.TYPE_INT_RGB);
        SplittableRandom r = new SplittableRandom(5);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 48; x++) {
                img.setRGB(x, y, (200 - 3 * x) << 16 | (40 + 4 * y) << 8 | (50 + r.nextInt(150)));
            }
        }
        ImageIO.write(img, "png", photos.resolve("c.png").toFile());
        GrayImages.writePng(photos.resolve("g.png"), noisy(40, 40, 7));
        CoverPreparation.Report png = CoverPreparation.prepare(
                new CoverPreparation.Options(photos, tmp.resolve("png"), 32, false, 0, 0, 1, true, 1), (d, t) -> { });
        assertEquals(List.of("c.png", "g.png"), png.covers().stream().map(p -> p.getFileName().toString()).toList());
        java.awt.image.BufferedImage c = ImageIO.read(png.covers().get(0).toFile());
        assertEquals(3, c.getRaster().getNumBands());
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertEquals(img.getRGB(8 + x, 4 + y) & 0xffffff, c.getRGB(x, y) & 0xffffff, "pixel " + y + "," + x);
            }
        }
        // a gray photo becomes three equal channels with its own values (no linear-gray to sRGB brightening)
        java.awt.image.BufferedImage g = ImageIO.read(png.covers().get(1).toFile());
        int[][] gray = crop(noisy(40, 40, 7), 4, 4, 32);
        assertEquals(gray[3][5] * 0x010101, g.getRGB(5, 3) & 0xffffff);
        CoverPreparation.Report jpg = CoverPreparation.prepare(
                new CoverPreparation.Options(photos, tmp.resolve("jpg"), 32, false, 75, 0, 1, true, 1), (d, t) -> { });
        var j = org.efficientmixnet.stego.jpeg.JpegCoefficients.read(jpg.covers().get(0));
        assertEquals(3, j.components().size());
        assertEquals(32, j.width());
        var grayJpeg = CoverPreparation.prepare(
                new CoverPreparation.Options(photos, tmp.resolve("gray"), 32, false, 75, 0, 1), (d, t) -> { });
        assertEquals(1, org.efficientmixnet.stego.jpeg.JpegCoefficients.read(grayJpeg.covers().get(0)).components().size());
    }

    @Test
    void downscaleAveragesBlocksPerChannelAsTheAttackStudyDoes() throws Exception {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(70, 66, java.awt.image.BufferedImage.TYPE_INT_RGB);
        SplittableRandom r = new SplittableRandom(9);
        for (int y = 0; y < 66; y++) {
            for (int x = 0; x < 70; x++) {
                img.setRGB(x, y, r.nextInt(256) << 16 | r.nextInt(256) << 8 | r.nextInt(256));
            }
        }
        ImageIO.write(img, "png", photos.resolve("c.png").toFile());
        CoverPreparation.Report col = CoverPreparation.prepare(
                new CoverPreparation.Options(photos, tmp.resolve("col"), 16, false, 0, 0, 1, true, 4), (d, t) -> { });
        java.awt.image.BufferedImage c = ImageIO.read(col.covers().get(0).toFile());
        // 70×66 → 17×16 blocks; the center 16×16 crop starts at column 0, row 0 of the small image
        int[] sum = new int[3];
        for (int dy = 0; dy < 4; dy++) {
            for (int dx = 0; dx < 4; dx++) {
                int v = img.getRGB(4 * 5 + dx, 4 * 3 + dy);
                sum[0] += (v >> 16) & 0xff;
                sum[1] += (v >> 8) & 0xff;
                sum[2] += v & 0xff;
            }
        }
        int want = (int) Math.round(sum[0] / 16.0) << 16 | (int) Math.round(sum[1] / 16.0) << 8 | (int) Math.round(sum[2] / 16.0);
        assertEquals(want, c.getRGB(5, 3) & 0xffffff);
        CoverPreparation.Report gray = CoverPreparation.prepare(
                new CoverPreparation.Options(photos, tmp.resolve("gray"), 16, false, 0, 0, 1, false, 4), (d, t) -> { });
        int[][] small = org.efficientmixnet.stego.attack.AttackStudy.downscale(GrayImages.read(photos.resolve("c.png")), 4);
        assertArrayEquals(crop(small, 0, 0, 16), GrayImages.readGrayscale(gray.covers().get(0)));
        CoverPreparation.Report tooSmall = CoverPreparation.prepare(
                new CoverPreparation.Options(photos, tmp.resolve("small"), 32, false, 0, 0, 1, true, 4), (d, t) -> { });
        assertTrue(tooSmall.covers().isEmpty());
        assertTrue(tooSmall.problems().get(0).contains("after downscale 4"), tooSmall.problems().toString());
        assertThrows(IllegalArgumentException.class,
                () -> new CoverPreparation.Options(photos, tmp.resolve("x"), 32, true, 0, 0, 1, false, 0));
    }
}
