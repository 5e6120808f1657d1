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
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.nn.ParameterCopy;
import org.efficientmixnet.nn.ScriptedBlock;

/**
 * Same-process A/B measurements of the inference levers, each alternating A and B iteration by iteration so
 * that both see the same machine load:
 * <ul>
 * <li>batch-norm folding: two copies of one network with the same weights and non-trivial batch-norm statistics,
 * one folded; images/s of each and the largest logit difference;</li>
 * <li>intra-op threads: one network, libtorch's thread count switched between iterations;</li>
 * <li>per-call overhead: the same network at batch 1 on a 32×32 input (the arithmetic nearly vanishes, the ~250
 * operator calls through JNI, the NDArray bookkeeping and the scopes stay) beside the configuration's input;</li>
 * <li>whole-block TorchScript ({@link ScriptedBlock}): one network, its residual blocks switched between one scripted
 * call and the step-by-step path between iterations; at inference (folded, as the bench runs it) and for a training
 * step.</li>
 * </ul>
 */
public final class LeverBenchmark {
    private LeverBenchmark() {
    }

    /** The levers by name: {@code fold}, {@code threads}, {@code overhead} (inference only), {@code scripted}. */
    public static final Set<String> ALL = new LinkedHashSet<>(List.of("fold", "threads", "overhead", "scripted"));

    /** The lines of the report for configuration {@code c}; a training configuration has only the scripted-block lever. */
    public static List<String> run(String modelName, BenchWorker.Config c, int runs, Set<String> levers) {
        for (String l : levers) {
            if (!ALL.contains(l)) {
                throw new IllegalArgumentException("unknown lever '" + l + "'; expected some of " + ALL);
            }
        }
        if (c.training()) {
            return levers.contains("scripted") ? List.of(scriptedTraining(modelName, c, runs)) : List.of();
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
            if (levers.contains("scripted")) {
                out.add(scriptedInference(c, nb, ps, x, runs));
            }
            if (!levers.contains("fold") && !levers.contains("threads") && !levers.contains("overhead")) {
                return out;
            }
            float diff;
            float scale;
            try (NDScope s = new NDScope()) {
                s.suppressNotUsedWarning();
                NDArray ya = na.forward(ps, x, false);
                diff = ya.sub(nb.forward(ps, x, false)).abs().max().getFloat();
                scale = ya.abs().max().getFloat();
            }
            if (levers.contains("fold")) {
                double[] fuse = alternate(runs, i -> forward(i % 2 == 0 ? na : nb, ps, x));
                out.add(String.format(Locale.ROOT, "%s batch-norm folding (%d folded): off %.1f, on %.1f images/s (on/off %.2f×),"
                        + " max |Δlogit| %.2e (max |logit| %.2e, relative %.1e)", c.id(), folded, c.batch() / fuse[0], c.batch() / fuse[1],
                        fuse[0] / fuse[1], diff, scale, diff / scale));
            }
            if (levers.contains("threads")) {
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
            }
            if (levers.contains("overhead")) {
                NDArray tiny = m.randomNormal(new Shape(1, c.inChannels(), 32, 32));
                NDArray one = m.randomNormal(new Shape(1, c.inChannels(), cfg.resolution(), cfg.resolution()));
                double[] ov = alternate(Math.max(runs, 10), i -> forward(nb, ps, i % 2 == 0 ? tiny : one));
                out.add(String.format(Locale.ROOT, "%s per-call overhead (folded, batch 1): 32×32 input %.2f ms per forward, "
                        + "%d×%d input %.2f ms: %.0f%% of a batch-1 forward is spent outside the arithmetic that grows with the image",
                        c.id(), ov[0] * 1e3, cfg.resolution(), cfg.resolution(), ov[1] * 1e3, 100 * ov[0] / ov[1]));
            }
        }
        return out;
    }

    /** Folded inference with and without whole-block TorchScript, alternating on one network; the logits compared. */
    private static String scriptedInference(BenchWorker.Config c, Network n, ParameterStore ps, NDArray x, int runs) {
        float[] off = logits(n, ps, x, false);
        long before = ScriptedBlock.calls();
        float[] on = logits(n, ps, x, true);
        long calls = ScriptedBlock.calls() - before;
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < off.length; i++) {
            diff = Math.max(diff, Math.abs(off[i] - on[i]));
            scale = Math.max(scale, Math.abs(off[i]));
        }
        int blocks = ScriptedBlock.use(n, false);
        double[] t = alternate(runs, i -> {
            ScriptedBlock.use(n, i % 2 == 1);
            forward(n, ps, x);
        });
        String line = String.format(Locale.ROOT, "%s whole-block TorchScript (folded, %d of %d residual blocks scripted): off %.1f, "
                + "on %.1f images/s (on/off %.2f×), max |Δlogit| %.2e (max |logit| %.2e)", c.id(), calls, blocks, c.batch() / t[0],
                c.batch() / t[1], t[0] / t[1], diff, scale);
        if (c.batch() == 1) {
            // the fixed cost per forward, where the arithmetic nearly vanishes: what the scripted blocks can save
            NDArray tiny = x.getManager().randomNormal(new Shape(1, x.getShape().get(1), 32, 32));
            double[] f = alternate(Math.max(runs, 10), i -> {
                ScriptedBlock.use(n, i % 2 == 1);
                forward(n, ps, tiny);
            });
            line += String.format(Locale.ROOT, "; 32×32 input: off %.2f, on %.2f ms per forward", f[0] * 1e3, f[1] * 1e3);
        }
        ScriptedBlock.use(n, ScriptedBlock.ENABLED);
        return line;
    }

    private static float[] logits(Network n, ParameterStore ps, NDArray x, boolean scripted) {
        ScriptedBlock.use(n, scripted);
        try (NDScope s = new NDScope()) {
            s.suppressNotUsedWarning();
            return n.forward(ps, x, false).toFloatArray();
        }
    }

    /** Training steps (BenchWorker's SGD step) with and without whole-block TorchScript, alternating on one network. */
    private static String scriptedTraining(String modelName, BenchWorker.Config c, int runs) {
        Engine.getInstance().setRandomSeed(0);
        EfficientNetConfig cfg = c.network(modelName);
        try (Model model = Models.create(cfg)) {
            Network n = (Network) model.getBlock();
            NDManager m = model.getNDManager();
            ParameterStore ps = new ParameterStore(m, false);
            NDArray x = m.randomNormal(new Shape(c.batch(), c.inChannels(), cfg.resolution(), cfg.resolution()));
            NDArray y = m.randomInteger(0, c.classes(), new Shape(c.batch()), DataType.INT64).toType(DataType.FLOAT32, false);
            Map<String, NDArray> momentum = new HashMap<>();
            int blocks = ScriptedBlock.use(n, false);
            long[] calls = new long[1];
            double[] t = alternate(runs, i -> {
                ScriptedBlock.use(n, i % 2 == 1);
                long before = ScriptedBlock.calls();
                BenchWorker.trainStep(n, ps, x, y, momentum);
                calls[0] = Math.max(calls[0], ScriptedBlock.calls() - before);
            });
            ScriptedBlock.use(n, ScriptedBlock.ENABLED);
            return String.format(Locale.ROOT, "%s whole-block TorchScript (SGD step, drop path %.1f, %d of %d residual blocks "
                    + "scripted): off %.2f, on %.2f images/s (on/off %.2f×)", c.id(), cfg.dropPathRate(), calls[0], blocks,
                    c.batch() / t[0], c.batch() / t[1], t[0] / t[1]);
        }
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

    /**
     * Batch-norm statistics and affine terms away from their initial 0/1, so that folding has something to fold. By
     * parameter type: the keys of {@code getParameters} are DJL's joined names ({@code …_bn1_running_mean}), and
     * matching them against DJL's own names ({@code runningMean}, {@code beta}) found none.
     */
    static void randomizeNorms(Network n, NDManager m) {
        for (Pair<String, Parameter> p : n.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            NDArray w = p.getValue().getArray();
            NDArray v;
            if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.BETA) {
                v = m.randomNormal(0, 0.2f, w.getShape(), w.getDataType());
            } else if (type == Parameter.Type.RUNNING_VAR || type == Parameter.Type.GAMMA) {
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
