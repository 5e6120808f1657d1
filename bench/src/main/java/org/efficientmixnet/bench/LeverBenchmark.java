package org.efficientmixnet.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.nn.ParameterCopy;

/**
 * Same-process A/B measurements of the inference levers, each alternating A and B iteration by iteration so
 * that both see the same machine load:
 * <ul>
 * <li>batch-norm folding: two copies of one network with the same weights and non-trivial batch-norm statistics,
 * one folded; images/s of each and the largest logit difference;</li>
 * <li>intra-op threads: one network, libtorch's thread count switched between iterations;</li>
 * <li>per-call overhead: the same network at batch 1 on a 32×32 input (the arithmetic nearly vanishes, the ~250
 * operator calls through JNI, the NDArray bookkeeping and the scopes stay) beside the configuration's input.</li>
 * </ul>
 */
public final class LeverBenchmark {
    private LeverBenchmark() {
    }

    /** The lines of the report for inference configuration {@code c}. */
    public static List<String> run(String modelName, BenchWorker.Config c, int runs) {
        if (c.training()) {
            throw new IllegalArgumentException("the levers are measured on inference configurations, not " + c.id());
        }
        List<String> out = new ArrayList<>();
        Engine.getInstance().setRandomSeed(0);
        EfficientNetConfig cfg = c.network(modelName);
        Shape in = new Shape(c.batch(), c.inChannels(), cfg.resolution(), cfg.resolution());
        try (Model a = Models.create(cfg); Model b = Models.create(cfg)) {
            Network na = (Network) a.getBlock();
            Network nb = (Network) b.getBlock();
            randomizeNorms(na, a.getNDManager());
            copyParameters(na, nb);
            int folded = nb.fuseForInference();
            NDManager m = a.getNDManager();
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(in);
            float diff;
            float scale;
            try (NDScope s = new NDScope()) {
                s.suppressNotUsedWarning();
                NDArray ya = na.forward(ps, x, false);
                diff = ya.sub(nb.forward(ps, x, false)).abs().max().getFloat();
                scale = ya.abs().max().getFloat();
            }
            double[] fuse = alternate(runs, i -> forward(i % 2 == 0 ? na : nb, ps, x));
            out.add(String.format(Locale.ROOT, "%s batch-norm folding (%d folded): off %.1f, on %.1f images/s (on/off %.2f×),"
                    + " max |Δlogit| %.2e (max |logit| %.2e, relative %.1e)", c.id(), folded, c.batch() / fuse[0], c.batch() / fuse[1],
                    fuse[0] / fuse[1], diff, scale, diff / scale));
            int before = JniUtils.getNumThreads();
            try {
                double[] th = alternate(runs, i -> {
                    JniUtils.setNumThreads(i % 2 == 0 ? 1 : 2);
                    forward(nb, ps, x);
                });
                out.add(String.format(Locale.ROOT, "%s intra-op threads (folded): 1 thread %.1f, 2 threads %.1f images/s (2/1 %.2f×)",
                        c.id(), c.batch() / th[0], c.batch() / th[1], th[0] / th[1]));
            } finally {
                JniUtils.setNumThreads(before);
            }
            NDArray tiny = m.randomNormal(new Shape(1, c.inChannels(), 32, 32));
            NDArray one = m.randomNormal(new Shape(1, c.inChannels(), cfg.resolution(), cfg.resolution()));
            double[] ov = alternate(Math.max(runs, 10), i -> forward(nb, ps, i % 2 == 0 ? tiny : one));
            out.add(String.format(Locale.ROOT, "%s per-call overhead (folded, batch 1): 32×32 input %.2f ms per forward, "
                    + "%d×%d input %.2f ms: %.0f%% of a batch-1 forward is spent outside the arithmetic that grows with the image",
                    c.id(), ov[0] * 1e3, cfg.resolution(), cfg.resolution(), ov[1] * 1e3, 100 * ov[0] / ov[1]));
        }
        return out;
    }

    private static void forward(Network n, ParameterStore ps, NDArray x) {
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            n.forward(ps, x, false).sum().getFloat();
        }
    }

    /** Runs {@code 2·(2 + runs)} iterations, even ones A, odd ones B; the medians of A and B after 2 warm-ups each. */
    static double[] alternate(int runs, IntConsumer step) {
        List<Double> ta = new ArrayList<>();
        List<Double> tb = new ArrayList<>();
        for (int i = 0; i < 2 * (2 + runs); i++) {
            long t0 = System.nanoTime();
            step.accept(i);
            double s = (System.nanoTime() - t0) / 1e9;
            if (i >= 4) {
                (i % 2 == 0 ? ta : tb).add(s);
            }
        }
        return new double[] {BenchWorker.median(ta), BenchWorker.median(tb)};
    }

    /** Batch-norm statistics and affine terms away from their initial 0/1, so that folding has something to fold. */
    static void randomizeNorms(Network n, NDManager m) {
        for (Pair<String, Parameter> p : n.getParameters()) {
            String name = p.getKey();
            NDArray w = p.getValue().getArray();
            NDArray v;
            if (name.endsWith("runningMean") || name.endsWith("beta")) {
                v = m.randomNormal(0, 0.2f, w.getShape(), w.getDataType());
            } else if (name.endsWith("runningVar") || name.endsWith("gamma")) {
                v = m.randomUniform(0.5f, 1.5f, w.getShape(), w.getDataType());
            } else {
                continue;
            }
            ParameterCopy.copy(v, w);
            v.close();
        }
    }

    static void copyParameters(Network from, Network to) {
        var src = from.getParameters();
        var dst = to.getParameters();
        for (int i = 0; i < src.size(); i++) {
            ParameterCopy.copy(src.get(i).getValue().getArray(), dst.get(i).getValue().getArray());
        }
    }
}
