package org.efficientmixnet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.efficientmixnet.stego.ensemble.FeatureMatrix;
import org.efficientmixnet.stego.ensemble.FldEnsemble;
import org.efficientmixnet.stego.ensemble.FldEnsembleTrainer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code emn stego ensemble train|eval|detect}: the FLD ensemble classifier on feature matrices (.npy). */
@Command(name = "ensemble", description = "The FLD ensemble classifier (Kodovský, Fridrich, Holub 2012) on .npy features.",
        subcommands = {StegoEnsembleCommand.Train.class, StegoEnsembleCommand.Eval.class, StegoEnsembleCommand.Detect.class})
final class StegoEnsembleCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Paired features: one file of covers then stegos (as emn stego features writes with two folders), or two files. */
    static final class Pairs {
        @Option(names = "--features", description = "one .npy: the first half of the rows covers, the second half their stegos")
        Path features;

        @Option(names = "--covers", description = ".npy of cover features (with --stegos)")
        Path covers;

        @Option(names = "--stegos", description = ".npy of stego features, row i the stego of cover row i")
        Path stegos;

        double[][][] read() throws Exception {
            if (features != null) {
                double[][] x = FeatureMatrix.read(features);
                if (x.length % 2 != 0 || x.length < 4) {
                    throw new IllegalArgumentException(features + ": " + x.length + " rows; an even number (covers, then stegos) of at least 4 expected");
                }
                int n = x.length / 2;
                return new double[][][] {Arrays.copyOfRange(x, 0, n), Arrays.copyOfRange(x, n, 2 * n)};
            }
            if (covers == null || stegos == null) {
                throw new IllegalArgumentException("give --features FILE, or --covers FILE and --stegos FILE");
            }
            double[][] c = FeatureMatrix.read(covers);
            double[][] s = FeatureMatrix.read(stegos);
            if (c.length != s.length || c[0].length != s[0].length) {
                throw new IllegalArgumentException(stegos + ": " + s.length + "×" + s[0].length + ", the covers are " + c.length + "×" + c[0].length);
            }
            return new double[][][] {c, s};
        }
    }

    @Command(name = "train", description = "Train on paired cover/stego features; d_sub and L automatic unless given.")
    static final class Train implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Pairs pairs;

        @Option(names = "--out", required = true, description = "the trained ensemble (.fld)")
        Path out;

        @Option(names = "--seed", defaultValue = "1", description = "main seed, 0 … 2³²−1 (default 1)")
        long seed;

        @Option(names = "--learners", defaultValue = "0", description = "number of base learners L (default 0: automatic by OOB error)")
        int learners;

        @Option(names = "--dsub", defaultValue = "0", description = "subspace dimension (default 0: automatic search)")
        int dSub;

        @Option(names = "--max-learners", defaultValue = "500")
        int maxLearners;

        @Option(names = "--threads", description = "learners trained at once (default: all cores)")
        Integer threads;

        @Option(names = "--holdout", defaultValue = "0", description = "fraction of the pairs (drawn with --seed) kept out of training and tested: prints the testing P_E (default 0)")
        double holdout;

        @Override
        public Integer call() throws Exception {
            double[][][] all = pairs.read();
            if (!(holdout >= 0 && holdout < 1)) {
                throw new IllegalArgumentException("--holdout " + holdout + " is not in [0, 1)");
            }
            int n = all[0].length;
            int nTest = (int) Math.round(holdout * n);
            int[] perm = java.util.stream.IntStream.range(0, n).toArray();
            java.util.Random rnd = new java.util.Random(seed);
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            double[][][] cs = {new double[n - nTest][], new double[n - nTest][]};
            double[][][] test = {new double[nTest][], new double[nTest][]};
            for (int i = 0; i < n; i++) {
                double[][][] dst = i < nTest ? test : cs;
                int k = i < nTest ? i : i - nTest;
                dst[0][k] = all[0][perm[i]];
                dst[1][k] = all[1][perm[i]];
            }
            if (cs[0].length < 2) {
                throw new IllegalArgumentException(n + " pairs leave " + cs[0].length + " for training; at least 2 needed");
            }
            PrintWriter err = spec.commandLine().getErr();
            int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            long t0 = System.nanoTime();
            long[] last = {0};
            FldEnsembleTrainer.Result r = FldEnsembleTrainer.train(cs[0], cs[1],
                    new FldEnsembleTrainer.Options(seed, 0, 0, learners, dSub, maxLearners, t), (d, count, e) -> {
                        long now = System.nanoTime();
                        if (now - last[0] > 200_000_000L) {
                            last[0] = now;
                            err.printf(Locale.ROOT, "\rd_sub %d  L %d  OOB %.4f   ", d, count, e);
                            err.flush();
                        }
                    });
            err.println();
            r.ensemble().write(out);
            PrintWriter o = spec.commandLine().getOut();
            for (FldEnsembleTrainer.Trial tr : r.trials()) {
                o.printf(Locale.ROOT, "d_sub %5d  L %3d  OOB error %.4f%n", tr.dSub(), tr.learners(), tr.oobError());
            }
            o.printf(Locale.ROOT, "%s: %d pairs × %d features, d_sub %d, L %d, OOB error %.4f, seeds %d/%d, %.1f s%n", out,
                    cs[0].length, cs[0][0].length, r.ensemble().subspaceDimension(), r.ensemble().learners().size(),
                    r.oobError(), r.seedSubspaces(), r.seedBootstrap(), (System.nanoTime() - t0) / 1e9);
            if (nTest > 0) {
                int[] pc = r.ensemble().predict(test[0]);
                int[] ps = r.ensemble().predict(test[1]);
                double pfa = (double) Arrays.stream(pc).filter(v -> v > 0).count() / nTest;
                double pmd = (double) Arrays.stream(ps).filter(v -> v < 0).count() / nTest;
                o.printf(Locale.ROOT, "testing on %d held-out pairs: P_E %.4f  P_FA %.4f  P_MD %.4f%n", nTest, (pfa + pmd) / 2, pfa, pmd);
            }
            o.flush();
            return 0;
        }
    }

    @Command(name = "eval", description = "P_E, P_FA and P_MD of a trained ensemble on paired features.")
    static final class Eval implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Pairs pairs;

        @Option(names = "--model", required = true)
        Path model;

        @Override
        public Integer call() throws Exception {
            FldEnsemble e = FldEnsemble.read(model);
            double[][][] cs = pairs.read();
            int[] pc = e.predict(cs[0]);
            int[] ps = e.predict(cs[1]);
            long fa = Arrays.stream(pc).filter(v -> v > 0).count();
            long md = Arrays.stream(ps).filter(v -> v < 0).count();
            double pfa = (double) fa / pc.length;
            double pmd = (double) md / ps.length;
            spec.commandLine().getOut().printf(Locale.ROOT, "P_E %.4f  P_FA %.4f  P_MD %.4f  (%d covers, %d stegos, %d learners, d_sub %d)%n",
                    (pfa + pmd) / 2, pfa, pmd, pc.length, ps.length, e.learners().size(), e.subspaceDimension());
            return 0;
        }
    }

    @Command(name = "detect", description = "Decision and vote of a trained ensemble for every row of a feature file.")
    static final class Detect implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--model", required = true)
        Path model;

        @Option(names = "--features", required = true, description = ".npy, one row per image (names from FEATURES.files.txt when present)")
        Path features;

        @Override
        public Integer call() throws Exception {
            FldEnsemble e = FldEnsemble.read(model);
            double[][] x = FeatureMatrix.read(features);
            Path namesFile = features.resolveSibling(features.getFileName() + ".files.txt");
            List<String> names = Files.isRegularFile(namesFile) ? Files.readAllLines(namesFile) : List.of();
            int[] d = e.predict(x);
            PrintWriter o = spec.commandLine().getOut();
            o.println("image\tdecision\tconfidence");
            for (int i = 0; i < x.length; i++) {
                String name = names.size() == x.length ? names.get(i) : "row " + i;
                o.printf(Locale.ROOT, "%s\t%s\t%+.4f%n", name, d[i] > 0 ? "stego" : "cover", e.confidence(x[i]));
            }
            o.flush();
            return 0;
        }
    }
}
