package org.efficientmixnet.stego.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.efficientmixnet.stego.embed.DctLayout;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticCoversTest {
    @TempDir
    Path tmp;

    @Test
    void anImageIsAFunctionOfSeedAndIndex() {
        int[][] a = SyntheticCovers.pixels(64, 7, 3);
        assertArrayEquals(a, SyntheticCovers.pixels(64, 7, 3));
        assertFalse(Arrays.deepEquals(a, SyntheticCovers.pixels(64, 7, 4)));
        assertFalse(Arrays.deepEquals(a, SyntheticCovers.pixels(64, 8, 3)));
    }

    /** Natural-image statistics: content at every scale, falling power with frequency, noise, no clipping blow-out. */
    @Test
    void imagesLookNatural() {
        int n = 128;
        double lowToHigh = 0;
        for (int i = 0; i < 6; i++) {
            int[][] px = SyntheticCovers.pixels(n, 1, i);
            double mean = 0;
            int clipped = 0;
            for (int[] row : px) {
                for (int v : row) {
                    mean += v;
                    clipped += v == 0 || v == 255 ? 1 : 0;
                }
            }
            mean /= n * n;
            double var = 0;
            for (int[] row : px) {
                for (int v : row) {
                    var += (v - mean) * (v - mean);
                }
            }
            double sd = Math.sqrt(var / (n * n));
            assertTrue(sd > 5, "image " + i + " is nearly flat: sd " + sd);
            assertTrue(clipped < n * n / 10, "image " + i + ": " + clipped + " clipped pixels");
            // energy of the smooth component (differences of 8-pixel block means) vs the pixel-level differences
            double fine = 0;
            double coarse = 0;
            for (int y = 0; y < n; y++) {
                for (int x = 1; x < n; x++) {
                    fine += Math.abs(px[y][x] - px[y][x - 1]);
                }
            }
            fine /= n * (n - 1.0);
            for (int y = 0; y + 8 <= n; y += 8) {
                for (int x = 8; x + 8 <= n; x += 8) {
                    coarse += Math.abs(blockMean(px, y, x) - blockMean(px, y, x - 8));
                }
            }
            coarse /= (n / 8.0) * (n / 8.0 - 1);
            assertTrue(fine > 0.3, "image " + i + " has no pixel noise: mean |dx| " + fine);
            lowToHigh += coarse / fine;
        }
        // a 1/f image changes more across 8 pixels than across 1; white noise would give a ratio far below 1
        assertTrue(lowToHigh / 6 > 1.0, "coarse/fine ratio " + lowToHigh / 6);
    }

    private static double blockMean(int[][] px, int y, int x) {
        double s = 0;
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                s += px[y + i][x + j];
            }
        }
        return s / 64;
    }

    @Test
    void powerLawFieldHasTheAskedSpectrumSlope() {
        // average power in two frequency rings; slope ≈ −beta on a log-log scale
        int n = 64;
        double beta = 2.0;
        double[][] f = SyntheticCovers.powerLawField(n, beta, new SplittableRandom(1));
        double sum = 0;
        double sq = 0;
        for (double[] row : f) {
            for (double v : row) {
                sum += v;
                sq += v * v;
            }
        }
        assertEquals(0, sum / (n * n), 1e-9);
        assertEquals(1, sq / (n * n), 1e-9);
        // lag-1 correlation grows with beta: near 0 for white noise, high for a 1/f² field, higher for 1/f³
        double c2 = lag1(f);
        double c0 = lag1(SyntheticCovers.powerLawField(n, 0.0, new SplittableRandom(1)));
        double c3 = lag1(SyntheticCovers.powerLawField(n, 3.0, new SplittableRandom(1)));
        assertTrue(Math.abs(c0) < 0.1, "white noise lag-1 correlation " + c0);
        assertTrue(c2 > 0.5, "beta 2 lag-1 correlation " + c2);
        assertTrue(c3 > c2 + 0.1, "beta 3 lag-1 correlation " + c3 + " vs beta 2 " + c2);
    }

    private static double lag1(double[][] f) {
        int n = f.length;
        double c = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                c += f[y][x] * f[y][(x + 1) % n];
            }
        }
        return c / (n * n);
    }

    @Test
    void writesJpegCoversIdenticallyWhateverTheThreads() throws Exception {
        List<Path> one = SyntheticCovers.write(new SyntheticCovers.Options(tmp.resolve("a"), 5, 64, 75, 3, 1), (d, t) -> { });
        int[] calls = {0};
        List<Path> three = SyntheticCovers.write(new SyntheticCovers.Options(tmp.resolve("b"), 5, 64, 75, 3, 3),
                (d, t) -> {
                    synchronized (calls) {
                        calls[0]++;
                    }
                });
        assertEquals(5, calls[0]);
        assertEquals("synth_000004.jpg", one.get(4).getFileName().toString());
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(Files.readAllBytes(one.get(i)), Files.readAllBytes(three.get(i)));
            JpegCoefficients j = JpegCoefficients.read(one.get(i));
            assertEquals(64, j.width());
            assertEquals(8, j.quantTableOf(0)[0], "quality 75");
            assertTrue(DctLayout.nonZeroAc(j.component(0).toLayout()) > 100, "cover " + i + " has texture");
        }
        List<Path> png = SyntheticCovers.write(new SyntheticCovers.Options(tmp.resolve("p"), 1, 32, 0, 3, 1), (d, t) -> { });
        assertArrayEquals(SyntheticCovers.pixels(32, 3, 0), GrayImages.readGrayscale(png.get(0)));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticCovers.Options(tmp, 0, 64, 75, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new SyntheticCovers.Options(tmp, 1, 4, 75, 1, 1));
    }
}
