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
}
