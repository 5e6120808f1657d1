package org.efficientmixnet.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.efficientmixnet.train.data.Resampling.Interpolation;
import org.junit.jupiter.api.Test;

/** Resizing against Pillow's (fixtures: train/src/test/fixtures/make_resample_fixture.py). */
class ResamplingTest {
    static Pixels read(String name) throws Exception {
        return ImageDecoder.read(Path.of(ResamplingTest.class.getResource("/resample/" + name).toURI()), 3);
    }

    @Test
    void agreesWithPillowWithinOneGreyLevel() throws Exception {
        Pixels in = read("input.png");
        for (Interpolation f : Interpolation.values()) {
            for (int[] wh : new int[][] {{9, 7}, {32, 24}, {61, 20}, {97, 70}}) {
                String name = f.name().toLowerCase(java.util.Locale.ROOT) + "_" + wh[0] + "x" + wh[1] + ".png";
                Pixels want = read(name);
                Pixels got = Resampling.resize(in, wh[1], wh[0], f);
                assertEquals(want.height(), got.height(), name);
                assertEquals(want.width(), got.width(), name);
                double max = 0;
                double sum = 0;
                for (int i = 0; i < got.data().length; i++) {
                    double d = Math.abs(Math.round(got.data()[i]) - want.data()[i]);
                    max = Math.max(max, d);
                    sum += d;
                }
                assertTrue(max <= 1, name + ": largest difference " + max);
                assertTrue(sum / got.data().length < 0.25, name + ": mean difference " + sum / got.data().length);
            }
        }
    }

    @Test
    void shrinkingAveragesInsteadOfSampling() {
        // a 1-pixel checkerboard shrunk 8×: sampling gives 0 or 255, averaging gives the mean
        Pixels p = Pixels.blank(1, 64, 64);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                p.set(0, y, x, (x + y) % 2 == 0 ? 255 : 0);
            }
        }
        Pixels small = Resampling.resize(p, 8, 8, Interpolation.BILINEAR);
        for (float v : small.data()) {
            assertEquals(127.5, v, 1.0);
        }
        assertEquals(Interpolation.BICUBIC, Interpolation.fromName("Bicubic"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Interpolation.fromName("lanczos"));
        assertTrue(e.getMessage().contains("'lanczos'"), e.getMessage());
    }
}
