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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.efficientmixnet.train.Progress;
import org.efficientmixnet.train.metrics.BinaryMetrics;
import org.efficientmixnet.train.optim.AdamW;
import org.efficientmixnet.weights.ModelWeights;

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
            float[] stored = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                stored[i] = CoverSet.toByte(s[i]) / 127.5f - 1f; // as a PNG keeps it
            }
            float[] decoded = AdvStegRun.infer(nets, stored, m, n)[1];
            for (int i = 0; i < m.length; i++) {
                bits++;
                right += (decoded[i] > 0) == (m[i] > 0) ? 1 : 0;
            }
            for (int i = 0; i < n; i++) {
                stegos.add(Arrays.copyOfRange(stored, i * c.imageValues(), (i + 1) * c.imageValues()));
            }
        }
        int[][] split = AdvStegRun.split(covers.size(), testFraction, seed ^ 0x7E57L);
        Pairs train = pairs(covers, stegos, split[0], c);
        Pairs test = pairs(covers, stegos, split[1], c);
        List<Verdict> verdicts = new ArrayList<>();
        verdicts.add(verdict("Eve (the game's own)", eveScores(nets, test), test.size()));
        for (FreshDetector d : judges) {
            verdicts.add(verdict(d.name(), d.trainAndScore(train, test, seed, progress), test.size()));
        }
        return new Report((double) right / bits, verdicts);
    }

    private static Pairs pairs(CoverSet covers, List<float[]> stegos, int[] idx, AdvStegConfig c) {
        List<float[]> cv = new ArrayList<>();
        List<float[]> st = new ArrayList<>();
        for (int i : idx) {
            cv.add(covers.images().get(i));
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
                float[] logit = AdvStegRun.infer(nets, imgs.get(i), new float[c.messageLength()], 1)[2];
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
                                for (Parameter p : ModelWeights.namedParameters(eve).values()) {
                                    NDArray w = p.getArray();
                                    if (p.requiresGradient() && w.hasGradient()) {
                                        NDArray g = w.getGradient();
                                        g.attach(sm);
                                        opt.update(p.getId(), w, g);
                                    }
                                }
                            }
                            progress.update(s + 1, lossSum / (s + 1), Double.NaN, (long) (s + 1) * 2 * half);
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
}
