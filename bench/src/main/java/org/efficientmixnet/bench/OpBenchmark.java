package org.efficientmixnet.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.nn.Activations;
import org.efficientmixnet.nn.MemoryLayout;
import org.efficientmixnet.nn.NativeScalar;

/**
 * Per-operation evidence for the engine question of BENCHMARKS.md: the operations EfficientNet-B0's forward is
 * made of, at B0's own shapes, timed one at a time through the calls our layers make (DJL 0.35.1 → libtorch
 * 2.7.1, channels-last input as the networks compute) and, with a peer Python, the same operations in the peer's
 * PyTorch ({@code bench/peer/torch_ops_peer.py}). Where a whole-network ratio is below 1, this says whether the
 * engine's kernels are the reason (same operation, slower) or what we call (the peer's compiler fuses
 * convolution and SiLU into one oneDNN call, shown beside).
 */
public final class OpBenchmark {
    private OpBenchmark() {
    }

    /** One operation at one of B0's shapes; {@code size} is the input's height and width. */
    public record Op(String name, String kind, int cin, int cout, int size, int kernel, int stride, int groups) {
        String shape(int batch) {
            String in = batch + "×" + cin + "×" + size + "×" + size;
            return kind.equals("conv") ? in + " → " + cout + ", k" + kernel + " s" + stride + (groups > 1 ? " dw" : "") : in;
        }
    }

    /**
     * The layers that take most of B0's time at batch 1 (stem, the 112×112 and 56×56 stages, SE, head). Batch norms
     * are folded away at inference (predict, eval, detect, bench) and are listed for training.
     */
    public static final List<Op> B0_OPS = List.of(
            new Op("conv_stem", "conv", 3, 32, 224, 3, 2, 1),
            new Op("blocks.0 conv_dw", "conv", 32, 32, 112, 3, 1, 32),
            new Op("blocks.1.0 conv_pw", "conv", 16, 96, 112, 1, 1, 1),
            new Op("blocks.1.0 conv_dw", "conv", 96, 96, 112, 3, 2, 96),
            new Op("blocks.1.0 conv_pwl", "conv", 96, 24, 56, 1, 1, 1),
            new Op("blocks.1.1 conv_pw", "conv", 24, 144, 56, 1, 1, 1),
            new Op("blocks.5.0 conv_dw", "conv", 672, 672, 14, 5, 1, 672),
            new Op("conv_head", "conv", 320, 1280, 7, 1, 1, 1),
            new Op("bn 96@112", "bn", 96, 96, 112, 0, 0, 0),
            new Op("bn 144@56", "bn", 144, 144, 56, 0, 0, 0),
            new Op("silu 96@112", "silu", 96, 96, 112, 0, 0, 0),
            new Op("silu 144@56", "silu", 144, 144, 56, 0, 0, 0),
            new Op("se mean 144@56", "mean", 144, 144, 56, 0, 0, 0),
            new Op("se scale 144@56", "mul", 144, 144, 56, 0, 0, 0),
            new Op("skip add 24@56", "add", 24, 24, 56, 0, 0, 0),
            // a few elements: the time is the call itself (ours: JNI and NDArray bookkeeping; the peer: Python and dispatch)
            new Op("per call: silu 8@2", "silu", 8, 8, 2, 0, 0, 0),
            new Op("per call: mul 8@2", "mul", 8, 8, 2, 0, 0, 0),
            new Op("per call: conv 8@2", "conv", 8, 8, 2, 1, 1, 1));

    /**
     * Median microseconds of each operation, ours, in this process; with {@code training}, forward and backward of
     * the output's sum with the input and every weight requiring gradients (as a training step runs it).
     */
    public static Map<String, Double> ours(List<Op> ops, int batch, int runs, boolean training) {
        Map<String, Double> out = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager()) {
            for (Op op : ops) {
                NDArray x = MemoryLayout.forCompute(m.randomNormal(new Shape(batch, op.cin(), op.size(), op.size())));
                List<NDArray> leaves = new ArrayList<>(List.of(x));
                java.util.function.Supplier<NDArray> f = switch (op.kind()) {
                    case "conv" -> {
                        NDArray w = m.randomNormal(new Shape(op.cout(), op.cin() / op.groups(), op.kernel(), op.kernel())).mul(0.1f);
                        NDArray b = m.randomNormal(new Shape(op.cout()));
                        leaves.addAll(List.of(w, b));
                        int p = op.kernel() / 2;
                        yield () -> ai.djl.nn.convolutional.Conv2d.conv2d(x, w, b, new Shape(op.stride(), op.stride()),
                                new Shape(p, p), new Shape(1, 1), op.groups()).singletonOrThrow();
                    }
                    case "bn" -> {
                        NDArray mean = m.zeros(new Shape(op.cin()));
                        NDArray var = m.ones(new Shape(op.cin()));
                        NDArray gamma = m.ones(new Shape(op.cin()));
                        NDArray beta = m.zeros(new Shape(op.cin()));
                        leaves.addAll(List.of(gamma, beta));
                        // as nn.BatchNorm2d calls it: PyTorch's batch_norm directly (axis -1), batch statistics in training
                        yield () -> x.getNDArrayInternal().batchNorm(x, mean, var, gamma, beta, -1, 0.9f, 1e-5f, training).singletonOrThrow();
                    }
                    case "silu" -> () -> Activations.apply(ActivationType.SWISH, x);
                    case "mean" -> () -> NativeScalar.spatialMean(x);
                    case "mul" -> {
                        NDArray s = m.randomNormal(new Shape(batch, op.cin(), 1, 1));
                        leaves.add(s);
                        yield () -> x.mul(s);
                    }
                    case "add" -> {
                        NDArray y = MemoryLayout.forCompute(m.randomNormal(new Shape(batch, op.cin(), op.size(), op.size())));
                        leaves.add(y);
                        yield () -> x.add(y);
                    }
                    default -> throw new IllegalArgumentException("unknown operation kind " + op.kind());
                };
                Runnable r;
                if (training) {
                    leaves.forEach(a -> a.setRequiresGradient(true));
                    r = () -> {
                        try (ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector();
                                NDArray y = f.get(); NDArray sum = y.sum()) {
                            gc.backward(sum);
                        }
                    };
                } else {
                    r = () -> f.get().close();
                }
                out.put(op.name(), medianMicros(r, runs));
            }
        }
        return out;
    }

    static double medianMicros(Runnable r, int runs) {
        for (int i = 0; i < Math.max(10, runs / 10); i++) {
            r.run();
        }
        List<Double> t = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            long s = System.nanoTime();
            r.run();
            t.add((System.nanoTime() - s) / 1e3);
        }
        return BenchWorker.median(t);
    }

    /** The peer's medians (and, where its torch has it, convolution + SiLU fused), from {@code torch_ops_peer.py}. */
    public static JsonObject peer(String python, Path script, List<Op> ops, int batch, int runs, int threads, boolean training)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--ops", new Gson().toJson(ops), "--batch", String.valueOf(batch),
                "--runs", String.valueOf(runs), "--threads", String.valueOf(threads)));
        cmd.add(training ? "--training" : "--fused");
        return Benchmark.exec(cmd, threads, Benchmark.peerEnvironment(System.getenv()));
    }

    /** Markdown table: ours, the peer's, the time ratio, and the peer's fused convolution + SiLU where it has one. */
    public static String table(List<Op> ops, int batch, Map<String, Double> ours, JsonObject peer) {
        StringBuilder sb = new StringBuilder();
        JsonObject p = peer == null ? new JsonObject() : peer.getAsJsonObject("ops");
        sb.append("| operation | shape | ours µs | peer µs | ours/peer time | peer conv+SiLU fused µs |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | ---: |\n");
        double sumOurs = 0;
        double sumPeer = 0;
        for (Op op : ops) {
            double o = ours.get(op.name());
            sumOurs += o;
            String peerCell = "–";
            String ratio = "–";
            if (p.has(op.name())) {
                double q = p.get(op.name()).getAsDouble();
                sumPeer += q;
                peerCell = String.format(Locale.ROOT, "%.0f", q);
                ratio = String.format(Locale.ROOT, "%.2f×", o / q);
            }
            String fused = p.has(op.name() + "+silu fused") ? String.format(Locale.ROOT, "%.0f", p.get(op.name() + "+silu fused").getAsDouble()) : "–";
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %s | %s |%n", op.name(), op.shape(batch), o, peerCell, ratio, fused));
        }
        if (sumPeer > 0) {
            sb.append(String.format(Locale.ROOT, "| all of the above | | %.0f | %.0f | %.2f× | |%n", sumOurs, sumPeer, sumOurs / sumPeer));
        }
        if (peer != null && peer.has("torch")) {
            sb.append("\nPeer: pytorch ").append(peer.get("torch").getAsString()).append('.');
        }
        // both sides inherit it; with it, operations with multi-megabyte outputs pay huge-page faults (see BENCHMARKS.md)
        sb.append(" THP_MEM_ALLOC_ENABLE=").append(System.getenv().getOrDefault("THP_MEM_ALLOC_ENABLE", "unset")).append('\n');
        return sb.toString();
    }

    /** Both sides, alternating {@code rounds} times (ours, peer, ours, …); each operation's median of the rounds' medians. */
    public static String run(String python, Path script, int batch, int runs, int threads, int rounds, boolean peer, boolean training)
            throws IOException, InterruptedException {
        // this process's engine, set as the workers set theirs (ai.djl.pytorch.num_threads)
        ai.djl.engine.Engine.getEngine("PyTorch"); // loads the native library
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
        List<Map<String, Double>> o = new ArrayList<>();
        List<JsonObject> q = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            o.add(ours(B0_OPS, batch, runs, training));
            if (peer) {
                q.add(peer(python, script, B0_OPS, batch, runs, threads, training));
            }
        }
        Map<String, Double> oursMedian = new LinkedHashMap<>();
        for (Op op : B0_OPS) {
            oursMedian.put(op.name(), BenchWorker.median(o.stream().map(m -> m.get(op.name())).toList()));
        }
        JsonObject peerMedian = null;
        if (peer) {
            peerMedian = new JsonObject();
            peerMedian.addProperty("torch", q.get(0).get("torch").getAsString());
            JsonObject ops = new JsonObject();
            for (String k : q.get(0).getAsJsonObject("ops").keySet()) {
                ops.addProperty(k, BenchWorker.median(q.stream().map(j -> j.getAsJsonObject("ops").get(k).getAsDouble()).toList()));
            }
            peerMedian.add("ops", ops);
        }
        return (training ? "Forward + backward of each operation's sum (training).\n\n" : "Forward only (inference).\n\n")
                + table(B0_OPS, batch, oursMedian, peerMedian);
    }
}
