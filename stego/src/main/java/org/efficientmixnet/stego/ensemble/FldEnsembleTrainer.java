package org.efficientmixnet.stego.ensemble;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains an {@link FldEnsemble} on paired cover and stego features (Kodovský, Fridrich, Holub, TIFS 2012), as the
 * authors' {@code ensemble_training.m} (v2.0) and its Python port in sealwatch do: three MT19937 generators (main,
 * subspaces, bootstrap; the latter two seeded from the main one unless given), each learner on a random subspace
 * (the first d_sub of a random permutation) and a bootstrap sample of the pairs (N draws with replacement); the
 * out-of-bag (OOB) error of the majority vote over the learners for which a pair was left out (undecided votes by a
 * coin from MT19937(1)); the number of learners L chosen automatically (at least 25, at most {@code maxLearners}:
 * stop when the last 50 OOB errors, smoothed by a moving average of 5, lie within 0.005), and d_sub by
 * {@link SubspaceSearch}. The same seeds give the same ensemble as sealwatch. Learners are trained in parallel in
 * batches; the random draws and the stopping rule are applied in order, so the result does not depend on threads.
 */
public final class FldEnsembleTrainer {
    /**
     * @param seed          the main seed (0 … 2³²−1)
     * @param seedSubspaces the subspace generator's seed, or 0 to draw it from the main generator
     * @param seedBootstrap the bootstrap generator's seed, or 0 to draw it from the main generator
     * @param learners      the number of learners, or 0 for automatic
     * @param subspaceDim   d_sub, or 0 for automatic
     * @param maxLearners   the most learners of an automatic L (500 in the paper's code)
     * @param threads       learners trained at once (1: sequential)
     */
    public record Options(long seed, long seedSubspaces, long seedBootstrap, int learners, int subspaceDim,
            int maxLearners, int threads) {
        public static Options automatic(long seed) {
            return new Options(seed, 0, 0, 0, 0, 500, Runtime.getRuntime().availableProcessors());
        }
    }

    /** Called after every learner: the d_sub being tried, the learner count and the current OOB error. */
    public interface Listener {
        void learner(int dSub, int count, double oobError);
    }

    /** One d_sub tried: its final OOB error and number of learners. */
    public record Trial(int dSub, double oobError, int learners) {
    }

    /** The ensemble of the best d_sub, every trial, and the seeds used. */
    public record Result(FldEnsemble ensemble, double oobError, List<Trial> trials, long seedSubspaces, long seedBootstrap) {
    }

    private FldEnsembleTrainer() {
    }

    public static Result train(double[][] covers, double[][] stegos, Options o, Listener listener) {
        int n = covers.length;
        if (n < 2 || stegos.length != n) {
            throw new IllegalArgumentException(n + " cover and " + stegos.length + " stego samples; the same number (≥ 2) of pairs expected");
        }
        int dim = covers[0].length;
        for (int i = 0; i < n; i++) {
            if (covers[i].length != dim || stegos[i].length != dim) {
                throw new IllegalArgumentException("sample " + i + " has " + covers[i].length + "/" + stegos[i].length
                        + " features, sample 0 has " + dim);
            }
        }
        if (o.subspaceDim() > dim) {
            throw new IllegalArgumentException("d_sub " + o.subspaceDim() + " above the feature dimension " + dim);
        }
        MersenneTwister main = new MersenneTwister(o.seed());
        long seedSub = o.seedSubspaces() != 0 ? o.seedSubspaces() : (long) Math.ceil(main.rand() * 1e9);
        long seedBoot = o.seedBootstrap() != 0 ? o.seedBootstrap() : (long) Math.ceil(main.rand() * 1e9);
        MersenneTwister rngSub = new MersenneTwister(seedSub);
        MersenneTwister rngBoot = new MersenneTwister(seedBoot);
        boolean autoL = o.learners() <= 0;
        SubspaceSearch search;
        boolean autoD = o.subspaceDim() <= 0 && dim > 1;
        if (autoD) {
            search = new SubspaceSearch(200, dim);
        } else {
            search = null;
        }
        int threads = Math.max(1, o.threads());
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fld-ensemble");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            List<Trial> trials = new ArrayList<>();
            double bestErr = 1;
            List<FldLearner> best = null;
            boolean more = true;
            while (more) {
                int dSub = autoD ? search.next() : (dim == 1 ? 1 : o.subspaceDim());
                List<FldLearner> learners = new ArrayList<>();
                Oob oob = new Oob(n);
                boolean next = true;
                while (next) {
                    int batch = autoL ? threads : Math.min(threads, o.learners() - learners.size());
                    int[][] subs = new int[batch][];
                    int[][] trains = new int[batch][];
                    int[][] tests = new int[batch][];
                    MersenneTwister[][] states = new MersenneTwister[batch][];
                    for (int k = 0; k < batch; k++) {
                        subs[k] = Arrays.copyOf(rngSub.randperm(dim), dSub);
                        trains[k] = new int[n];
                        boolean[] in = new boolean[n];
                        for (int i = 0; i < n; i++) {
                            trains[k][i] = (int) Math.floor(n * rngBoot.rand());
                            in[trains[k][i]] = true;
                        }
                        int[] test = new int[n];
                        int t = 0;
                        for (int i = 0; i < n; i++) {
                            if (!in[i]) {
                                test[t++] = i;
                            }
                        }
                        tests[k] = Arrays.copyOf(test, t);
                        states[k] = new MersenneTwister[] {rngSub.copy(), rngBoot.copy()};
                    }
                    FldLearner[] fitted = fit(covers, stegos, subs, trains, pool);
                    for (int k = 0; k < batch && next; k++) {
                        learners.add(fitted[k]);
                        double err = oob.update(fitted[k], covers, stegos, tests[k]);
                        if (listener != null) {
                            listener.learner(dSub, learners.size(), err);
                        }
                        next = autoL ? oob.goOn(learners.size(), o.maxLearners()) : learners.size() < o.learners();
                        if (!next && k < batch - 1) {
                            rngSub = states[k][0];
                            rngBoot = states[k][1];
                        }
                    }
                }
                double err = oob.last();
                if (err < bestErr) {
                    bestErr = err;
                    best = learners;
                }
                trials.add(new Trial(dSub, err, learners.size()));
                if (autoD) {
                    search.update(dSub, err);
                    more = search.inProgress();
                } else {
                    more = false;
                }
            }
            if (best == null) {
                best = List.of();
                throw new IllegalStateException("no learner reached an OOB error below 1");
            }
            return new Result(new FldEnsemble(dim, best), bestErr, trials, seedSub, seedBoot);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private static FldLearner[] fit(double[][] c, double[][] s, int[][] subs, int[][] trains, ExecutorService pool) {
        FldLearner[] out = new FldLearner[subs.length];
        if (pool == null || subs.length == 1) {
            for (int k = 0; k < subs.length; k++) {
                out[k] = FldLearner.fit(c, s, subs[k], trains[k]);
            }
            return out;
        }
        List<Future<FldLearner>> fs = new ArrayList<>();
        for (int k = 0; k < subs.length; k++) {
            int kk = k;
            fs.add(pool.submit(() -> FldLearner.fit(c, s, subs[kk], trains[kk])));
        }
        try {
            for (int k = 0; k < subs.length; k++) {
                out[k] = fs.get(k).get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
        return out;
    }

    /** The out-of-bag votes and the error history of one d_sub trial. */
    private static final class Oob {
        private final int[] voteC;
        private final int[] voteS;
        private final MersenneTwister ties = new MersenneTwister(1);
        private final List<Double> history = new ArrayList<>();

        Oob(int n) {
            voteC = new int[n];
            voteS = new int[n];
        }

        double update(FldLearner l, double[][] c, double[][] s, int[] test) {
            for (int i : test) {
                voteC[i] += (int) Math.signum(l.project(c[i]));
                voteS[i] += (int) Math.signum(l.project(s[i]));
            }
            int fp = 0;
            int undecided = 0;
            for (int v : voteC) {
                fp += v > 0 ? 1 : 0;
                undecided += v == 0 ? 1 : 0;
            }
            for (int i = 0; i < undecided; i++) {
                fp += ties.rand() > 0.5 ? 1 : 0;
            }
            int md = 0;
            undecided = 0;
            for (int v : voteS) {
                md += v < 0 ? 1 : 0;
                undecided += v == 0 ? 1 : 0;
            }
            for (int i = 0; i < undecided; i++) {
                md += ties.rand() < 0.5 ? 1 : 0;
            }
            double err = (double) (fp + md) / (voteC.length + voteS.length);
            history.add(err);
            return err;
        }

        double last() {
            return history.get(history.size() - 1);
        }

        /** The automatic-L rule: go on below 25 learners; stop when the smoothed last 50 errors lie in a 0.005 tube. */
        boolean goOn(int count, int max) {
            int len = history.size();
            if (len < 25) {
                return true;
            }
            int from = Math.max(0, len - 50);
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = from; i + 5 <= len; i++) {
                double a = 0;
                for (int k = 0; k < 5; k++) {
                    a += history.get(i + k) * 0.2; // as scipy's direct convolution rounds: the stop is an exact comparison
                }
                lo = Math.min(lo, a);
                hi = Math.max(hi, a);
            }
            if (Math.abs(hi - lo) < 0.005) {
                return false;
            }
            return count != max;
        }
    }
}
