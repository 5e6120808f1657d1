package org.efficientmixnet.advsteg;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.models.ModelSpec;
import org.efficientmixnet.steganalysis.Detector;
import org.efficientmixnet.steganalysis.DetectorConfig;
import org.efficientmixnet.steganalysis.DetectorTraining;
import org.efficientmixnet.stego.ensemble.FldEnsembleTrainer;
import org.efficientmixnet.stego.features.FeatureExtraction;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.efficientmixnet.train.Progress;
import org.efficientmixnet.train.metrics.BinaryMetrics;
import org.efficientmixnet.train.optim.AdamW;

/**
 * Judging a trained scheme by detectors that were not in the game. Stegos are made for held-out covers with random
 * messages and stored as 8-bit images would be; the cover/stego pairs are split by cover into a training and a test
 * half; each fresh detector learns on the training pairs and scores the test pairs. Reported beside them: Eve's own
 * accuracy and P_E on the same test pairs, and Bob's bit accuracy on the stored stegos. A scheme is only as
 * undetectable as the best of these judges says.
 */
public final class Judge {
    /** A detector trained afresh on cover/stego pairs; returns stego scores (higher = more likely stego). */
    public interface FreshDetector {
        String name();

        double[] trainAndScore(Pairs train, Pairs test, long seed, Progress progress);
    }

    /** Covers and their stegos, index by index, as C×S×S floats in [−1, 1]. */
    public record Pairs(List<float[]> covers, List<float[]> stegos, AdvStegConfig config) {
        public int size() {
            return covers.size();
        }
    }

    /** One judge's result on the test pairs: accuracy at its own threshold (score 0.5), P_E, and AUC. */
    public record Verdict(String judge, double accuracy, double pe, double auc, int testPairs) {
        public String line() {
            return String.format(Locale.ROOT, "%-28s accuracy %.3f  P_E %.3f  AUC %.3f  (%d test pairs; chance: accuracy 0.5, "
                    + "P_E 0.5)", judge, accuracy, pe, auc, testPairs);
        }
    }

    public record Report(double bobBitAccuracy, List<Verdict> verdicts) {
    }

    private Judge() {
    }

    /**
     * Makes stegos for {@code covers} with {@code nets}, then scores them with Eve and trains and scores each of
     * {@code judges}. {@code testFraction} of the covers (split by cover, seeded) are the test pairs.
     */
    public static Report judge(AdvStegNetworks nets, CoverSet covers, List<FreshDetector> judges, double testFraction,
            long seed, Progress progress) {
        AdvStegConfig c = nets.config();
        if (covers.size() < 4) {
            throw new IllegalArgumentException("judging needs at least 4 held-out covers, got " + covers.size());
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[] msg = AdvStegTraining.messages(rng, covers.size(), c.messageLength());
        List<float[]> stegos = new ArrayList<>();
        long bits = 0, right = 0;
        int chunk = 16;
        for (int from = 0; from < covers.size(); from += chunk) {
            int n = Math.min(chunk, covers.size() - from);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = from + i;
            }
            float[] m = Arrays.copyOfRange(msg, from * c.messageLength(), (from + n) * c.messageLength());
            float[] s = AdvStegRun.infer(nets, covers.pack(idx), m, n)[0];
            float[] stored = stored8bit(s);
            float[] decoded = AdvStegRun.decode(nets, stored, n);
            for (int i = 0; i < m.length; i++) {
                bits++;
                right += (decoded[i] > 0) == (m[i] > 0) ? 1 : 0;
            }
            for (int i = 0; i < n; i++) {
                stegos.add(Arrays.copyOfRange(stored, i * c.imageValues(), (i + 1) * c.imageValues()));
            }
        }
        List<float[]> stored = new ArrayList<>();
        for (float[] cover : covers.images()) {
            stored.add(stored8bit(cover)); // covers as 8-bit files hold them too: no judge may tell by rounding alone
        }
        int[][] split = AdvStegRun.split(covers.size(), testFraction, seed ^ 0x7E57L);
        Pairs train = pairs(stored, stegos, split[0], c);
        Pairs test = pairs(stored, stegos, split[1], c);
        List<Verdict> verdicts = new ArrayList<>();
        verdicts.add(verdict("Eve (the game's own)", eveScores(nets, test), test.size()));
        for (FreshDetector d : judges) {
            verdicts.add(verdict(d.name(), d.trainAndScore(train, test, seed, progress), test.size()));
        }
        return new Report((double) right / bits, verdicts);
    }

    /** Values in [−1, 1] as an 8-bit image file keeps them. */
    static float[] stored8bit(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = CoverSet.toByte(x[i]) / 127.5f - 1f;
        }
        return out;
    }

    private static Pairs pairs(List<float[]> covers, List<float[]> stegos, int[] idx, AdvStegConfig c) {
        List<float[]> cv = new ArrayList<>();
        List<float[]> st = new ArrayList<>();
        for (int i : idx) {
            cv.add(covers.get(i));
            st.add(stegos.get(i));
        }
        return new Pairs(cv, st, c);
    }

    /** Scores of the test images, covers first then stegos: Eve's logit is positive for covers, so negate it. */
    private static double[] eveScores(AdvStegNetworks nets, Pairs test) {
        double[] out = new double[2 * test.size()];
        AdvStegConfig c = test.config();
        for (int half = 0; half < 2; half++) {
            List<float[]> imgs = half == 0 ? test.covers() : test.stegos();
            for (int i = 0; i < imgs.size(); i++) {
                float[] logit = AdvStegRun.eveLogits(nets, imgs.get(i), 1);
                out[half * test.size() + i] = 1 / (1 + Math.exp(logit[0]));
            }
        }
        return out;
    }

    private static Verdict verdict(String name, double[] scores, int pairs) {
        int[] labels = new int[2 * pairs];
        Arrays.fill(labels, pairs, 2 * pairs, 1);
        int right = 0;
        for (int i = 0; i < scores.length; i++) {
            right += (scores[i] > 0.5) == (labels[i] == 1) ? 1 : 0;
        }
        BinaryMetrics m = new BinaryMetrics(scores, labels);
        return new Verdict(name, (double) right / scores.length, m.pe(), m.auc(), pairs);
    }

    /**
     * Eve's architecture trained anew on the pairs (DCGAN initialization, Adam, binary cross-entropy, each batch
     * holding covers with their own stegos, as steganalysis trains): the detector the game's Eve would have been with
     * a free hand.
     */
    public static FreshDetector freshEve(int epochs, double lr) {
        return new FreshDetector() {
            @Override
            public String name() {
                return "Eve's architecture, fresh";
            }

            @Override
            public double[] trainAndScore(Pairs train, Pairs test, long seed, Progress progress) {
                AdvStegConfig c = train.config();
                int side = c.imageSize();
                try (NDManager m = NDManager.newBaseManager()) {
                    Analyzer eve = Analyzer.eve(c);
                    eve.initialize(m, DataType.FLOAT32, new Shape(1, c.inChannels(), side, side));
                    Engine.getInstance().setRandomSeed((int) seed);
                    Dcgan.initialize(eve, m);
                    AdamW opt = new AdamW(Tracker.fixed((float) lr), 0.9f, 0.999f, 1e-8f, 0f);
                    ParameterStore ps = new ParameterStore(m, false);
                    int half = Math.max(1, Math.min(8, train.size()));
                    int steps = train.size() / half;
                    SplittableRandom rng = new SplittableRandom(seed);
                    for (int e = 1; e <= epochs; e++) {
                        int[] order = AdvStegRun.shuffled(train.size(), rng);
                        progress.begin(String.format(Locale.ROOT, "judge %s %d/%d", name(), e, epochs), steps);
                        double lossSum = 0;
                        for (int s = 0; s < steps; s++) {
                            float[] x = new float[2 * half * c.imageValues()];
                            float[] y = new float[2 * half];
                            for (int i = 0; i < half; i++) {
                                int k = order[s * half + i];
                                System.arraycopy(train.covers().get(k), 0, x, (2 * i) * c.imageValues(), c.imageValues());
                                System.arraycopy(train.stegos().get(k), 0, x, (2 * i + 1) * c.imageValues(), c.imageValues());
                                y[2 * i + 1] = 1;
                            }
                            try (NDManager sm = m.newSubManager()) {
                                NDArray in = sm.create(x, new Shape(2L * half, c.inChannels(), side, side));
                                NDArray target = sm.create(y, new Shape(2L * half, 1));
                                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                    NDArray logit = eve.forward(ps, in, true);
                                    // BCE with logits: softplus(x) − x·y
                                    NDArray loss = Activation.softPlus(logit).sub(logit.mul(target)).mean();
                                    lossSum += loss.getFloat();
                                    gc.backward(loss);
                                }
                                AdvStegTraining.step(opt, eve, sm);
                            }
                            progress.update(s + 1, String.format(Locale.ROOT, "loss %.4f", lossSum / (s + 1)), (long) (s + 1) * 2 * half);
                        }
                        progress.end(String.format(Locale.ROOT, "judge %s epoch %d/%d: loss %.4f", name(), e, epochs,
                                lossSum / Math.max(1, steps)));
                    }
                    double[] out = new double[2 * test.size()];
                    for (int h = 0; h < 2; h++) {
                        List<float[]> imgs = h == 0 ? test.covers() : test.stegos();
                        for (int i = 0; i < imgs.size(); i++) {
                            try (NDManager sm = m.newSubManager()) {
                                NDArray in = sm.create(imgs.get(i), new Shape(1, c.inChannels(), side, side));
                                float logit = eve.forward(ps, in, false).getFloat();
                                out[h * test.size() + i] = 1 / (1 + Math.exp(-logit));
                            }
                        }
                    }
                    return out;
                }
            }
        };
    }

    /**
     * A steganalysis detector of the project trained afresh on the pairs ({@code emn stego train}'s recipe: pairs in
     * every batch, D4 augmentation, best epoch by validation P_E on a fifth of the training pairs), by default an
     * EfficientNet-B0 with the steganalysis surgery (full-resolution stem, inserted post-stem blocks). The pairs are
     * written as PNG under {@code workDir}, so the detector reads exactly what a user's files would hold.
     */
    public static FreshDetector steganalysisNetwork(ModelSpec network, int epochs, int batch, Path workDir) {
        return new FreshDetector() {
            @Override
            public String name() {
                return network.name() + (network.surgery() == null || network.surgery().isBlank() ? ""
                        : " [" + network.surgery() + "]");
            }

            @Override
            public double[] trainAndScore(Pairs train, Pairs test, long seed, Progress progress) {
                try {
                    Path trainCovers = write(workDir.resolve("train/covers"), train.covers(), train.config());
                    Path trainStegos = write(workDir.resolve("train/stegos"), train.stegos(), train.config());
                    Path testCovers = write(workDir.resolve("test/covers"), test.covers(), test.config());
                    Path testStegos = write(workDir.resolve("test/stegos"), test.stegos(), test.config());
                    Path run = workDir.resolve("detector");
                    DetectorConfig cfg = DetectorConfig.builder(trainCovers, List.of(trainStegos), network).epochs(epochs)
                            .batch(batch).seed(seed).valFraction(0.2).testFraction(0).build();
                    DetectorTraining.create(cfg, run).progress(progress).log(line -> { }).fit();
                    List<Path> files = new ArrayList<>(list(testCovers));
                    files.addAll(list(testStegos));
                    double[] out = new double[files.size()];
                    try (Detector d = Detector.load(run)) {
                        Map<Path, Double> byFile = new HashMap<>();
                        Detector.Detection det = d.score(files);
                        if (!det.failures().isEmpty()) {
                            throw new IllegalStateException("the detector could not score " + det.failures().get(0).file()
                                    + ": " + det.failures().get(0).reason());
                        }
                        det.scores().forEach(sc -> byFile.put(sc.file(), sc.stego()));
                        for (int i = 0; i < out.length; i++) {
                            out[i] = byFile.get(files.get(i));
                        }
                    }
                    return out;
                } catch (IOException e) {
                    throw new UncheckedIOException(workDir + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** The spatial rich-model features the ensemble judge uses unless told otherwise (a {@link FeatureExtraction.Kind} id). */
    public static final String DEFAULT_FEATURES = "srmq1";

    /** Features of stored image files, one row per file in order (e.g. {@link FeatureExtraction#extract}). */
    public interface FileFeatures {
        double[][] extract(List<Path> files, FeatureExtraction.Listener listener) throws IOException;
    }

    /**
     * The rich-model ensemble as a judge, with one of the stego module's feature sets ({@code FeatureExtraction.Kind},
     * extracted from the stored PNG files with {@code threads} workers; colour images per channel, see
     * {@link #perChannel}): see {@link #richModelEnsemble(String, FileFeatures, Path, int)}.
     */
    public static FreshDetector richModelEnsemble(FeatureExtraction.Kind kind, Path workDir, int threads) {
        return richModelEnsemble(kind, workDir, threads, 0, 0);
    }

    /** As {@link #richModelEnsemble(FeatureExtraction.Kind, Path, int)} with L and d_sub given (0: automatic). */
    public static FreshDetector richModelEnsemble(FeatureExtraction.Kind kind, Path workDir, int threads, int learners, int dSub) {
        if (kind == FeatureExtraction.Kind.DCTR || kind == FeatureExtraction.Kind.GFR) {
            throw new IllegalArgumentException("--judge-features " + kind.id() + " reads JPEG files, and the judge stores "
                    + "stegos as PNG: use a spatial feature set (srmq1, srm)");
        }
        return richModelEnsemble(kind.id().toUpperCase(Locale.ROOT), perChannel(
                (files, listener) -> FeatureExtraction.extract(files, kind, 0, threads, listener), workDir.resolve("channels")),
                workDir, threads, learners, dSub);
    }

    /**
     * Grayscale features made to take colour images: each channel of a colour file is written as an 8-bit grayscale
     * PNG under {@code dir}, {@code gray} computes the features of every channel image, and an image's row is its
     * channels' rows side by side (R, G, B: three times the dimension). The rich models are defined on one 8-bit
     * plane; per channel keeps every change the stego made, which a luminance conversion would round away. Grayscale
     * files go to {@code gray} as they are.
     */
    public static FileFeatures perChannel(FileFeatures gray, Path dir) {
        return (files, listener) -> {
            List<Path> planes = new ArrayList<>();
            int bands = -1;
            for (int k = 0; k < files.size(); k++) {
                BufferedImage img = ImageIO.read(files.get(k).toFile());
                if (img == null) {
                    throw new IOException(files.get(k) + ": not a readable image");
                }
                int b = img.getRaster().getNumBands();
                if (bands >= 0 && b != bands) {
                    throw new IOException(files.get(k) + ": " + b + " channel(s), the first image has " + bands);
                }
                bands = b;
                if (b == 1) {
                    planes.add(files.get(k));
                    continue;
                }
                for (int c = 0; c < b; c++) {
                    BufferedImage plane = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
                    for (int y = 0; y < img.getHeight(); y++) {
                        for (int x = 0; x < img.getWidth(); x++) {
                            plane.getRaster().setSample(x, y, 0, img.getRaster().getSample(x, y, c));
                        }
                    }
                    Path out = dir.resolve(String.format(Locale.ROOT, "%06d-%d.png", k, c));
                    Files.createDirectories(dir);
                    AtomicFile.write(out, tmp -> ImageIO.write(plane, "png", tmp.toFile()));
                    planes.add(out);
                }
            }
            double[][] x = gray.extract(planes, listener);
            if (bands <= 1) {
                return x;
            }
            double[][] rows = new double[files.size()][];
            for (int k = 0; k < files.size(); k++) {
                int d = x[k * bands].length;
                rows[k] = new double[bands * d];
                for (int c = 0; c < bands; c++) {
                    System.arraycopy(x[k * bands + c], 0, rows[k], c * d, d);
                }
            }
            return rows;
        };
    }

    /**
     * The rich-model ensemble as a judge (Kodovský, Fridrich, Holub, TIFS 2012, {@code emn stego ensemble}'s
     * {@link FldEnsembleTrainer}: Fisher linear discriminants on random subspaces, d_sub and the number of learners
     * chosen automatically by the out-of-bag error): the covers and stegos are written as 8-bit PNG under
     * {@code workDir} (what a user's files would hold), their {@code features} computed, the ensemble trained on the
     * training pairs and its votes on the test images are the scores ((votes/L + 1) / 2: above 0.5 is "stego").
     */
    public static FreshDetector richModelEnsemble(String featureName, FileFeatures features, Path workDir, int threads) {
        return richModelEnsemble(featureName, features, workDir, threads, 0, 0);
    }

    /** As {@link #richModelEnsemble(String, FileFeatures, Path, int)} with L and d_sub given (0: automatic). */
    public static FreshDetector richModelEnsemble(String featureName, FileFeatures features, Path workDir, int threads,
            int learners, int dSub) {
        if (learners < 0 || dSub < 0) {
            throw new IllegalArgumentException("the ensemble's learners and d_sub must be ≥ 0 (0: automatic), got " + learners
                    + " and " + dSub);
        }
        return new FreshDetector() {
            @Override
            public String name() {
                return "ensemble FLD, " + featureName;
            }

            @Override
            public double[] trainAndScore(Pairs train, Pairs test, long seed, Progress progress) {
                try {
                    List<Path> files = new ArrayList<>();
                    files.addAll(files(write(workDir.resolve("train/covers"), train.covers(), train.config()), train.size()));
                    files.addAll(files(write(workDir.resolve("train/stegos"), train.stegos(), train.config()), train.size()));
                    files.addAll(files(write(workDir.resolve("test/covers"), test.covers(), test.config()), test.size()));
                    files.addAll(files(write(workDir.resolve("test/stegos"), test.stegos(), test.config()), test.size()));
                    int count = files.size();
                    progress.begin("judge " + name() + ": features", count);
                    double[][] x = features.extract(files, (done, total) -> {
                        synchronized (progress) { // called from the extraction's workers; total may count channel planes
                            progress.update((int) Math.min(count, (long) done * count / Math.max(1, total)), "", done);
                        }
                    });
                    progress.end(String.format(Locale.ROOT, "judge %s: %d×%d features", name(), x.length,
                            x.length == 0 ? 0 : x[0].length));
                    int n = train.size();
                    int m = test.size();
                    double[][] cov = Arrays.copyOfRange(x, 0, n);
                    double[][] st = Arrays.copyOfRange(x, n, 2 * n);
                    FldEnsembleTrainer.Options o = new FldEnsembleTrainer.Options(seed & 0xFFFFFFFFL, 0, 0, learners, dSub, 500,
                            Math.max(1, threads));
                    FldEnsembleTrainer.Result r = FldEnsembleTrainer.train(cov, st, o, null);
                    progress.end(String.format(Locale.ROOT, "judge %s: d_sub %d, %d learners, OOB error %.4f", name(),
                            r.ensemble().subspaceDimension(), r.ensemble().learners().size(), r.oobError()));
                    double[] out = new double[2 * m];
                    for (int i = 0; i < 2 * m; i++) {
                        out[i] = (r.ensemble().confidence(x[2 * n + i]) + 1) / 2;
                    }
                    return out;
                } catch (IOException e) {
                    throw new UncheckedIOException(workDir + ": " + e.getMessage(), e);
                }
            }
        };
    }

    private static List<Path> files(Path dir, int n) {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(dir.resolve(String.format(Locale.ROOT, "%05d.png", i)));
        }
        return out;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    /** Images as PNG files {@code 00000.png}, … in {@code dir}; cover and stego of a pair share a name. */
    private static Path write(Path dir, List<float[]> images, AdvStegConfig c) throws IOException {
        Files.createDirectories(dir);
        for (int i = 0; i < images.size(); i++) {
            Hiding.writePng(dir.resolve(String.format(Locale.ROOT, "%05d.png", i)), images.get(i), 0, c);
        }
        return dir;
    }
}
