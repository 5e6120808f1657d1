package org.efficientmixnet.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.inspect.ModelSummary;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.surgery.Surgery;
import org.efficientmixnet.surgery.SurgerySpec;

/**
 * Measures one benchmark configuration in its own process (so that its peak resident memory is its own) and
 * prints one JSON line. Training steps are forward, cross-entropy, backward and SGD with momentum 0.9, as the
 * PyTorch peer does.
 */
public final class BenchWorker {
    private BenchWorker() {
    }

    /** The steganalysis configurations' surgery, as {@code emn} spells it. */
    public static final String STEGO_SURGERY = "stem-stride=1,insert=2";

    /**
     * The configurations of the benchmark: four ImageNet-shaped ones (3 channels, 1000 classes) and the two of
     * steganalysis (1 grayscale channel, 2 classes, surgery {@value #STEGO_SURGERY}: the stem keeps full
     * resolution and two inverted residuals at the stem's width follow it, the second with stride 2).
     */
    public enum Config {
        INFER_224_B1(false, 224, 1, 100),
        INFER_224_B16(false, 224, 16, 10),
        TRAIN_224_B16(true, 224, 16, 6),
        TRAIN_128_B32(true, 128, 32, 8),
        TRAIN_STEGO_256_B16(true, 256, 16, 4, true),
        INFER_STEGO_256_B32(false, 256, 32, 6, true);

        final boolean training;
        final int resolution;
        final int batch;
        final int defaultRuns;
        final boolean stego;

        Config(boolean training, int resolution, int batch, int defaultRuns) {
            this(training, resolution, batch, defaultRuns, false);
        }

        Config(boolean training, int resolution, int batch, int defaultRuns, boolean stego) {
            this.training = training;
            this.resolution = resolution;
            this.batch = batch;
            this.defaultRuns = defaultRuns;
            this.stego = stego;
        }

        public String id() {
            return (training ? "train" : "infer") + (stego ? "_stego" : "") + "_" + resolution + "_b" + batch;
        }

        public boolean training() {
            return training;
        }

        public int batch() {
            return batch;
        }

        /**
         * Untimed iterations first: 3, or 1 for the steganalysis configurations, whose full-resolution stem makes
         * one iteration take seconds (the allocator has seen every size after one).
         */
        public int warmup() {
            return stego ? 1 : 3;
        }

        /**
         * Untimed iterations (unless none are asked for) go on until this much time has passed as well, on both sides
         * ({@code torch_peer.py} has the same rule): the JVM's compiler threads are busy for the first seconds and
         * take a core from libtorch's second thread. At batch 1, 30 timed runs after 3 warm-up iterations gave 40.7
         * images/s, 200 gave 102.8. A training step at 224/16 spent 23–107 ms of compiler time per 0.6–0.9 s step for
         * the first 8 s and took 440–540 ms from about 9 s on; with 3 s the timed steps fell in the first phase
         * (BENCHMARKS.md, 2026-12-03 afternoon).
         */
        public static final double WARMUP_SECONDS = 10;

        /** Input channels: 1 (grayscale) for steganalysis, else 3. */
        public int inChannels() {
            return stego ? 1 : 3;
        }

        public int classes() {
            return stego ? 2 : 1000;
        }

        /** The network's description for {@code modelName} in this configuration (surgery applied for steganalysis). */
        public EfficientNetConfig network(String modelName) {
            EfficientNetConfig cfg = Presets.efficientNet(modelName).toBuilder().numClasses(classes())
                    .inChannels(inChannels()).resolution(resolution).dropRate(0.2).dropPathRate(0.2).build();
            return stego ? (EfficientNetConfig) Surgery.plan(cfg, SurgerySpec.parse(STEGO_SURGERY), null) : cfg;
        }

        public static Config fromId(String id) {
            for (Config c : values()) {
                if (c.id().equals(id)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown benchmark configuration '" + id + "'; expected one of "
                    + Arrays.stream(values()).map(Config::id).toList());
        }
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Config c = Config.fromId(a.getOrDefault("config", "infer_224_b1"));
        String model = a.getOrDefault("model", "efficientnet_b0");
        int runs = Integer.parseInt(a.getOrDefault("runs", String.valueOf(c.defaultRuns)));
        boolean fuse = Boolean.parseBoolean(a.getOrDefault("fuse", "false"));
        String profile = a.get("profile");
        int profileRuns = Integer.parseInt(a.getOrDefault("profile-runs", "2"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", String.valueOf(c.warmup())));   // 0: none, not even by time
        System.out.println(measure(model, c, runs, warmup, fuse, profile == null ? null : Path.of(profile), profileRuns));
    }

    public static JsonObject measure(String modelName, Config c, int runs, int warmup) throws IOException {
        return measure(modelName, c, runs, warmup, false);
    }

    /** With {@code fuse}, inference runs on the network with batch norms folded into the convolutions. */
    public static JsonObject measure(String modelName, Config c, int runs, int warmup, boolean fuse) throws IOException {
        return measure(modelName, c, runs, warmup, fuse, null, 0);
    }

    /**
     * With {@code profile}, {@code profileRuns} more iterations after the timed ones run under libtorch's profiler, whose
     * Chrome trace goes to that file: every operator with its own time, forward and backward, for comparing with
     * the peer's trace ({@code bench/profile/op-profile.sh}).
     */
    public static JsonObject measure(String modelName, Config c, int runs, int warmup, boolean fuse, Path profile,
            int profileRuns) throws IOException {
        Engine.getInstance().setRandomSeed(0);
        EfficientNetConfig cfg = c.network(modelName);
        List<Double> times = new ArrayList<>();
        List<Long> jitMs = new ArrayList<>();   // the JIT compiler's time during each timed iteration
        int warmed = 0;
        boolean finite;
        long params;
        long macs;
        try (Model model = Models.create(cfg)) {
            Network net = (Network) model.getBlock();
            params = Models.countParameters(net);
            macs = ModelSummary.of(modelName, net, new Shape(1, c.inChannels(), c.resolution, c.resolution)).macs();
            if (fuse && !c.training) {
                net.fuseForInference();
            }
            NDManager m = model.getNDManager();
            ParameterStore ps = new ParameterStore(m, false);
            Map<String, NDArray> momentum = new HashMap<>();
            NDArray x = m.randomNormal(new Shape(c.batch, c.inChannels(), c.resolution, c.resolution));
            NDArray y = m.randomInteger(0, c.classes(), new Shape(c.batch), DataType.INT64).toType(DataType.FLOAT32, false);
            float last = 0;
            java.util.function.Supplier<Float> iteration = () -> {
                if (c.training) {
                    return trainStep(net, ps, x, y, momentum);
                }
                // results of ops on x attach to x's (the root) manager: the scope frees them each iteration
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    return net.forward(ps, x, false).sum().getFloat();
                }
            };
            long warmStart = System.nanoTime();
            while (warmed < warmup || (warmup > 0 && System.nanoTime() - warmStart < Config.WARMUP_SECONDS * 1e9)) {
                last = iteration.get();
                warmed++;
            }
            java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
            for (int i = 0; i < runs; i++) {
                long j0 = jitTimed ? jit.getTotalCompilationTime() : 0;
                long t0 = System.nanoTime();
                last = iteration.get();
                times.add((System.nanoTime() - t0) / 1e9);
                jitMs.add(jitTimed ? jit.getTotalCompilationTime() - j0 : -1);
            }
            if (profile != null && profileRuns > 0) {
                JniUtils.startProfile(false, true, false);
                for (int i = 0; i < profileRuns; i++) {
                    last = iteration.get();
                }
            }
            finite = Float.isFinite(last);
            if (profile != null && profileRuns > 0) {
                JniUtils.stopProfile(profile.toAbsolutePath().toString());
            }
        }
        double median = median(times);
        JsonObject o = new JsonObject();
        o.addProperty("impl", "efficientmixnet");
        o.addProperty("config", c.id());
        o.addProperty("model", modelName);
        o.addProperty("runs", runs);
        o.addProperty("warmup", warmed);
        o.addProperty("min_s", times.stream().mapToDouble(d -> d).min().orElse(Double.NaN));
        o.addProperty("max_s", times.stream().mapToDouble(d -> d).max().orElse(Double.NaN));
        o.addProperty("median_s", median);
        com.google.gson.JsonArray each = new com.google.gson.JsonArray();
        times.forEach(each::add);
        o.add("times_s", each);
        com.google.gson.JsonArray compiler = new com.google.gson.JsonArray();
        jitMs.forEach(compiler::add);
        o.add("jit_ms", compiler);
        o.addProperty("images_per_s", c.batch / median);
        o.addProperty("peak_rss_mb", peakRssMb());
        o.addProperty("params", params);
        o.addProperty("macs", macs);
        o.addProperty("gflops", 2.0 * macs * (c.training ? 3 : 1) * c.batch / median / 1e9);
        o.addProperty("finite", finite);
        o.addProperty("fused", fuse && !c.training);
        o.addProperty("thp", System.getenv().getOrDefault("THP_MEM_ALLOC_ENABLE", "unset"));
        o.addProperty("malloc", System.getenv().getOrDefault("GLIBC_TUNABLES", "unset"));
        o.addProperty("omp", Benchmark.ompWait(System.getenv()));
        o.addProperty("aten", System.getenv().getOrDefault(Benchmark.ATEN_CPU_CAPABILITY, "unset"));
        o.addProperty("jvm", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("-Xmn")).reduce((a, b) -> b).orElse("default young generation"));
        return o;
    }

    /**
     * One SGD step with momentum 0.9 and learning rate 0.01, PyTorch's update ({@code v = 0.9·v + g},
     * {@code w -= 0.01·v}). Everything it makes lives in one scope: the input and the weights belong to the
     * model's root manager, so results computed from them (the loss's intermediates, {@code v·0.01}) would
     * otherwise stay there until the model closes, a weight-sized leak per step.
     */
    static float trainStep(Network net, ParameterStore ps, NDArray x, NDArray y, Map<String, NDArray> momentum) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            float loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = net.forward(ps, x, true);
                NDArray l = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(y), new NDList(out));
                gc.backward(l);
                loss = l.getFloat();
            }
            for (Parameter p : net.getParameters().values()) {
                if (!p.requiresGradient()) {
                    continue;
                }
                NDArray w = p.getArray();
                NDArray g = w.getGradient();
                NDArray v = momentum.get(p.getId());
                if (v == null) {
                    v = g.zerosLike();
                    NDScope.unregister(v);
                    momentum.put(p.getId(), v);
                }
                v.muli(0.9f).addi(g);
                w.subi(v.mul(0.01f));
                g.subi(g);
            }
            return loss;
        }
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** The process's peak resident set (VmHWM), in MiB; -1 where /proc is not there. */
    static double peakRssMb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }
}
