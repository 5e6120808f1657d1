package org.efficientmixnet.stego.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.efficientmixnet.stego.dataset.EmbedJob;
import org.efficientmixnet.stego.jpeg.JpegCompression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cover without any non-zero AC coefficient is refused the same way by every JPEG algorithm. */
class FlatCoverTest {
    @TempDir
    Path tmp;

    @Test
    void everyJpegAlgorithmRefusesAFlatCoverWithOneMessage() {
        int[][] coef = new int[16][16];
        coef[0][0] = 12;
        coef[8][8] = -3;    // DC only
        int[] q = JpegCompression.luminanceTable(75);
        List<Supplier<Simulation>> all = List.of(() -> Nsf5.embed(coef, 0.4, 1), () -> Uerd.embed(coef, q, 0.4, 1),
                () -> JUniward.embed(coef, q, 0.4, 1), () -> Ebs.embed(coef, q, 0.4, 1));
        for (Supplier<Simulation> s : all) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::get);
            assertTrue(e.getMessage().startsWith("the cover has no non-zero AC coefficient (a flat image)"), e.getMessage());
            assertTrue(e.getMessage().contains("--min-nzac"), e.getMessage());
        }
        // a cover with texture still embeds
        coef[1][2] = 5;
        coef[9][10] = -2;
        assertEquals(0.4 * 2, Uerd.embed(coef, q, 0.4, 1).messageBits(), 1e-12);
    }

    @Test
    void theBatchListsFlatCoversAsFailuresForNsf5AndJUniwardAlike() throws Exception {
        Path covers = Files.createDirectories(tmp.resolve("covers"));
        int[][] flat = new int[32][32];
        for (int[] row : flat) {
            java.util.Arrays.fill(row, 100);
        }
        JpegCompression.grayscale(flat, 75).write(covers.resolve("flat.jpg"), false);
        JpegCompression.grayscale(CoverTexture.of(32), 75).write(covers.resolve("texture.jpg"), false);
        for (Algorithm a : List.of(Algorithms.get("nsf5"), Algorithms.get("j-uniward"))) {
            EmbedJob.Report r = EmbedJob.run(EmbedJob.Options.of(a, 0.4, covers, tmp.resolve(a.id()), 1), (d, t) -> { });
            assertEquals(1, r.embedded().size(), a.id());
            assertEquals(1, r.failures().size(), a.id());
            assertTrue(r.failures().get(0).toString().contains("flat.jpg")
                    && r.failures().get(0).toString().contains("no non-zero AC coefficient"), r.failures().toString());
        }
    }

    /** A textured 8-bit image. */
    static final class CoverTexture {
        static int[][] of(int n) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(5);
            int[][] px = new int[n][n];
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    px[y][x] = 40 + r.nextInt(170);
                }
            }
            return px;
        }
    }
}
