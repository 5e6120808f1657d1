package org.efficientmixnet.stego.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.efficientmixnet.stego.dataset.GrayImages;
import org.efficientmixnet.stego.embed.Lsb;
import org.efficientmixnet.stego.ensemble.FldEnsemble;
import org.efficientmixnet.stego.ensemble.FldEnsembleTrainer;
import org.junit.jupiter.api.Test;

/**
 * SRMQ1 with the FLD ensemble on LSB-matching stegos at 1 bpp made by our embedder: 64×64 crops of the 16
 * real-photo cover tiles (16 crops each), trained on the crops of the tiles {@code *_0}, tested on those of
 * {@code *_1} (other parts of the same photos). {@code SyntheticCovers} images are not used: their simulated
 * sensor noise (σ ≈ 1–3.5 gray levels) hides ±1 changes from 40 training pairs of 64×64 (OOB error 0.40–0.46
 * measured), while these downsampled photos are nearly noise-free.
 */
class SrmEnsembleTest {
    @Test
    void separatesLsbMatchingFromCovers() throws Exception {
        List<Path> tiles;
        try (Stream<Path> s = Files.list(DctrTest.resource("/attack/covers"))) {
            tiles = s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        assertEquals(16, tiles.size());
        List<int[][]> crops = new ArrayList<>();
        List<Boolean> training = new ArrayList<>();
        for (Path t : tiles) {
            int[][] px = GrayImages.readGrayscale(t);
            for (int r = 0; r < 256; r += 64) {
                for (int c = 0; c < 256; c += 64) {
                    int[][] crop = new int[64][];
                    for (int i = 0; i < 64; i++) {
                        crop[i] = Arrays.copyOfRange(px[r + i], c, c + 64);
                    }
                    crops.add(crop);
                    training.add(t.getFileName().toString().endsWith("_0.png"));
                }
            }
        }
        int n = crops.size();
        double[][] covers = new double[n][];
        double[][] stegos = new double[n][];
        IntStream.range(0, n).parallel().forEach(i -> {
            covers[i] = Srmq1.extract(crops.get(i));
            stegos[i] = Srmq1.extract(Lsb.embedMatching(crops.get(i), 1.0, 1000 + i).stego());
        });
        List<double[]> trainC = new ArrayList<>();
        List<double[]> trainS = new ArrayList<>();
        List<double[]> testC = new ArrayList<>();
        List<double[]> testS = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (training.get(i) ? trainC : testC).add(covers[i]);
            (training.get(i) ? trainS : testS).add(stegos[i]);
        }
        FldEnsembleTrainer.Result r = FldEnsembleTrainer.train(trainC.toArray(double[][]::new),
                trainS.toArray(double[][]::new), new FldEnsembleTrainer.Options(5, 0, 0, 0, 50, 100, 2), null);
        FldEnsemble e = r.ensemble();
        int[] pc = e.predict(testC.toArray(double[][]::new));
        int[] ps = e.predict(testS.toArray(double[][]::new));
        int errors = 0;
        for (int i = 0; i < pc.length; i++) {
            errors += (pc[i] > 0 ? 1 : 0) + (ps[i] < 0 ? 1 : 0);
        }
        double pe = errors / (2.0 * pc.length);
        String what = String.format("OOB %.3f, testing P_E %.3f, d_sub %d, %d learners", r.oobError(), pe,
                e.subspaceDimension(), e.learners().size());
        // chance is 0.5; measured: OOB 0.26, testing P_E 0.16
        assertTrue(r.oobError() < 0.3, what);
        assertTrue(pe < 0.3, what);
    }
}
