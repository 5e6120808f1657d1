package org.efficientmixnet.stego.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.io.Npy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FldEnsembleTest {
    @TempDir
    Path dir;

    static Path resource(String name) throws Exception {
        return Path.of(FldEnsembleTest.class.getResource("/ensemble/" + name).toURI());
    }

    /** One run of reference.txt: seeds, trials, chosen (d_sub, L), confidences and decisions on the test set. */
    record Run(long seedSub, long seedBoot, List<double[]> trials, int dSub, int learners, double[] confidence, int[] predict) {
    }

    static List<Run> reference() throws Exception {
        List<Run> runs = new ArrayList<>();
        long[] seeds = null;
        List<double[]> trials = null;
        int[] chosen = null;
        double[] conf = null;
        for (String line : Files.readAllLines(resource("reference.txt"))) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "run" -> {
                    seeds = new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])};
                    trials = new ArrayList<>();
                }
                case "trial" -> trials.add(new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])});
                case "chosen" -> chosen = new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])};
                case "confidence" -> conf = Arrays.stream(f).skip(1).mapToDouble(Double::parseDouble).toArray();
                case "predict" -> runs.add(new Run(seeds[0], seeds[1], trials, chosen[0], chosen[1], conf,
                        Arrays.stream(f).skip(1).mapToInt(Integer::parseInt).toArray()));
                default -> throw new IllegalStateException(line);
            }
        }
        return runs;
    }

    static double[][] concat(double[][] a, double[][] b) {
        double[][] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    void check(Run ref, FldEnsembleTrainer.Options o) throws Exception {
        double[][] tc = FeatureMatrix.read(resource("train_cover.npy"));
        double[][] ts = FeatureMatrix.read(resource("train_stego.npy"));
        double[][] test = concat(FeatureMatrix.read(resource("test_cover.npy")), FeatureMatrix.read(resource("test_stego.npy")));
        FldEnsembleTrainer.Result r = FldEnsembleTrainer.train(tc, ts, o, null);
        assertEquals(ref.seedSub(), r.seedSubspaces());
        assertEquals(ref.seedBoot(), r.seedBootstrap());
        assertEquals(ref.trials().size(), r.trials().size(), r.trials().toString());
        for (int i = 0; i < ref.trials().size(); i++) {
            double[] t = ref.trials().get(i);
            FldEnsembleTrainer.Trial got = r.trials().get(i);
            assertEquals((int) t[0], got.dSub(), "trial " + i);
            assertEquals(t[1], got.oobError(), 1e-12, "trial " + i);
            assertEquals((int) t[2], got.learners(), "trial " + i);
        }
        assertEquals(ref.dSub(), r.ensemble().subspaceDimension());
        assertEquals(ref.learners(), r.ensemble().learners().size());
        for (int i = 0; i < test.length; i++) {
            assertEquals(ref.confidence()[i], r.ensemble().confidence(test[i]), 1e-12, "test sample " + i);
        }
        assertArrayEquals(ref.predict(), r.ensemble().predict(test));
        // a round trip through the file format keeps every decision
        Path f = dir.resolve("e.fld");
        r.ensemble().write(f);
        FldEnsemble back = FldEnsemble.read(f);
        for (double[] x : test) {
            assertEquals(r.ensemble().votes(x), back.votes(x));
        }
    }

    /** Automatic d_sub and L, seed 1234: the same trials, OOB errors, ensemble and decisions as sealwatch. */
    @Test
    void automaticRunMatchesSealwatch() throws Exception {
        check(reference().get(0), new FldEnsembleTrainer.Options(1234, 0, 0, 0, 0, 500, 4));
    }

    /** Fixed L 31 and d_sub 20, seed 77, trained sequentially. */
    @Test
    void fixedRunMatchesSealwatch() throws Exception {
        check(reference().get(1), new FldEnsembleTrainer.Options(77, 0, 0, 31, 20, 500, 1));
    }

    @Test
    void separableClassesAreLearned() {
        java.util.Random r = new java.util.Random(5);
        int n = 200;
        int d = 30;
        double[][] c = new double[n][d];
        double[][] s = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                c[i][j] = r.nextGaussian();
                s[i][j] = r.nextGaussian() + (j < 5 ? 1.5 : 0);
            }
        }
        FldEnsembleTrainer.Result res = FldEnsembleTrainer.train(c, s, FldEnsembleTrainer.Options.automatic(3), null);
        // Bayes error of this problem: Φ(−1.5·√5/2) = 0.047
        assertTrue(res.oobError() < 0.1, "OOB " + res.oobError());
        double[] mid = new double[d];
        double[] far = new double[d];
        Arrays.fill(far, 0, 5, 3.0);
        assertTrue(res.ensemble().votes(far) > 0);
        assertTrue(res.ensemble().votes(mid) < 0);
    }

    @Test
    void fldOnAHandCheckableProblem() {
        // one feature: covers 0, 1; stegos 3, 4 → w ∝ (3.5 − 0.5) / (0.25 + 0.25), threshold between 1 and 3
        double[][] c = {{0}, {1}};
        double[][] s = {{3}, {4}};
        FldLearner l = FldLearner.fit(c, s, new int[] {0}, new int[] {0, 1});
        assertEquals(6.0, l.w()[0], 1e-6);
        assertEquals(12.0, l.b(), 1e-6);
        assertTrue(l.project(new double[] {1.9}) < 0);
        assertTrue(l.project(new double[] {2.1}) > 0);
        // reversed classes flip the sign of w so that stego still projects above the threshold
        FldLearner r = FldLearner.fit(s, c, new int[] {0}, new int[] {0, 1});
        assertTrue(r.project(new double[] {0}) > 0 && r.project(new double[] {4}) < 0);
    }

    @Test
    void mersenneTwisterIsNumpys() {
        MersenneTwister m = new MersenneTwister(1);
        // np.random.RandomState(1).rand(3)
        assertEquals(0.417022004702574, m.rand(), 1e-15);
        assertEquals(0.7203244934421581, m.rand(), 1e-15);
        assertEquals(1.1437481734488664e-4, m.rand(), 1e-19);
    }

    @Test
    void hostileFilesAreRefused() throws Exception {
        Path npy = dir.resolve("f.npy");
        Npy.write(npy, new double[][] {{1, 2}, {3, 4}});
        assertArrayEquals(new double[] {3, 4}, FeatureMatrix.read(npy)[1]);
        byte[] b = Files.readAllBytes(npy);
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, Arrays.copyOf(b, b.length - 3));
        FileFormatException e = assertThrows(FileFormatException.class, () -> FeatureMatrix.read(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
        Path huge = dir.resolve("huge.npy");
        Files.write(huge, new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).replace("(2, 2)", "(99999999, 99)")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThrows(FileFormatException.class, () -> FeatureMatrix.read(huge));
        Path ens = dir.resolve("e.fld");
        Files.write(ens, new byte[] {0x45, 0x4d, 0x4e, 0x46, 0, 0, 0, 1, 0x7f, 0, 0, 0, 0x7f, 0, 0, 0, 0, 0, 0, 1});
        e = assertThrows(FileFormatException.class, () -> FldEnsemble.read(ens));
        assertTrue(e.getMessage().startsWith(ens.toString()), e.getMessage());
    }
}
