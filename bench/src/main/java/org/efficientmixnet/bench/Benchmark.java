package org.efficientmixnet.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.efficientmixnet.io.AtomicFile;

/**
 * Runs the benchmark configurations, each in a fresh process, ours and (with the peer) PyTorch's alternating,
 * and reports images/s, peak memory and the ratios ours/peer. Before timing it checks that outputs are finite
 * and that both networks have the same number of parameters.
 */
public final class Benchmark {
    private Benchmark() {
    }

    /**
     * What to run. {@code python} runs the peer script ({@link #defaultPython()}: the venv of
     * {@code bench/peer/setup-venv.sh}, else Debian's python3-torch); with {@code compile}, inference is also
     * measured against {@code torch.compile}.
     */
    public record Options(String model, boolean peer, Integer runs, int threads, String python, Path peerScript,
            List<BenchWorker.Config> configs, boolean fuse, boolean compile) {
        public Options(String model, boolean peer, Integer runs, int threads, String python, Path peerScript,
                List<BenchWorker.Config> configs, boolean fuse) {
            this(model, peer, runs, threads, python, peerScript, configs, fuse, false);
        }
    }

    /** The peer's venv, as {@code bench/peer/setup-venv.sh} makes it by default. */
    public static Path peerVenvPython(Map<String, String> env) {
        return Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache", "emn-peer", "venv", "bin", "python");
    }

    /** The peer venv's python when it exists (current torch and timm), else Debian's {@code /usr/bin/python3}. */
    public static String defaultPython() {
        Path venv = peerVenvPython(System.getenv());
        return Files.isExecutable(venv) ? venv.toString() : "/usr/bin/python3";
    }

    /**
     * One configuration's numbers: ours, the peer's best eager setting ({@code peer}: NCHW or channels-last,
     * whichever was faster in this run; the other in {@code peerOther}) and, for inference, {@code torch.compile}
     * ({@code peerCompiled}, null when not measured).
     */
    public record Row(BenchWorker.Config config, JsonObject ours, JsonObject peer, JsonObject peerOther,
            JsonObject peerCompiled) {
        public Row(BenchWorker.Config config, JsonObject ours, JsonObject peer) {
            this(config, ours, peer, null, null);
        }

        public double speedRatio() {
            return peer == null ? Double.NaN : ours.get("images_per_s").getAsDouble() / peer.get("images_per_s").getAsDouble();
        }

        public double compiledRatio() {
            return peerCompiled == null ? Double.NaN
                    : ours.get("images_per_s").getAsDouble() / peerCompiled.get("images_per_s").getAsDouble();
        }

        /**
         * The same two ratios from each side's fastest timed iteration ({@code min_s}) instead of the median: on this
         * project's shared VMs other guests slow whole stretches of iterations, and the fastest one is the least
         * disturbed. NaN where a side did not record it.
         */
        public double fastestRatio() {
            return minRatio(peer);
        }

        public double fastestCompiledRatio() {
            return minRatio(peerCompiled);
        }

        private double minRatio(JsonObject other) {
            return other == null || !other.has("min_s") || !ours.has("min_s") ? Double.NaN
                    : other.get("min_s").getAsDouble() / ours.get("min_s").getAsDouble();
        }

        public double memoryRatio() {
            return peer == null ? Double.NaN : ours.get("peak_rss_mb").getAsDouble() / peer.get("peak_rss_mb").getAsDouble();
        }
    }

    public static List<Row> run(Options o, PrintStream progress) throws IOException, InterruptedException {
        List<Row> rows = new ArrayList<>();
        for (BenchWorker.Config c : o.configs()) {
            progress.println("bench: " + c.id() + " (ours)…");
            JsonObject ours = ours(o, c);
            check(ours, "ours", c);
            JsonObject peer = null;
            JsonObject other = null;
            JsonObject compiled = null;
            if (o.peer()) {
                progress.println("bench: " + c.id() + " (PyTorch peer, NCHW)…");
                JsonObject nchw = peer(o, c, "nchw", false);
                check(nchw, "peer", c);
                if (ours.get("params").getAsLong() != nchw.get("params").getAsLong()) {
                    throw new IllegalStateException("parameter counts differ: ours " + ours.get("params") + ", peer "
                            + nchw.get("params") + " — the comparison would be meaningless");
                }
                progress.println("bench: " + c.id() + " (PyTorch peer, channels-last)…");
                JsonObject cl = peer(o, c, "channels_last", false);
                check(cl, "peer", c);
                boolean clFaster = cl.get("images_per_s").getAsDouble() > nchw.get("images_per_s").getAsDouble();
                peer = clFaster ? cl : nchw;
                other = clFaster ? nchw : cl;
                if (o.compile() && !c.training()) {
                    progress.println("bench: " + c.id() + " (PyTorch peer, torch.compile, " + peer.get("layout").getAsString() + ")…");
                    compiled = peer(o, c, peer.get("layout").getAsString(), true);
                    check(compiled, "peer (compiled)", c);
                }
            }
            rows.add(new Row(c, ours, peer, other, compiled));
        }
        return rows;
    }

    private static void check(JsonObject r, String who, BenchWorker.Config c) {
        if (!r.get("finite").getAsBoolean()) {
            throw new IllegalStateException(who + " produced non-finite outputs in " + c.id());
        }
    }

    /**
     * The JVM options bin/emn gives every command but {@code emn spark} ({@code EMN_JVM_OPTS} in bin/emn-env.sh; a
     * test compares): a 64 MB young generation, so that the heap's eden does not add 230 MB of touched pages to the
     * peak over the first minute of inference.
     */
    static final String JVM_OPTS = "-Xmn64m";

    private static JsonObject ours(Options o, BenchWorker.Config c) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                JVM_OPTS, "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=" + o.threads(),
                "-Dai.djl.pytorch.num_interop_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", System.getProperty("java.class.path"), BenchWorker.class.getName(),
                "--config", c.id(), "--model", o.model(), "--fuse", String.valueOf(o.fuse())));
        if (o.runs() != null) {
            cmd.addAll(List.of("--runs", o.runs().toString()));
        }
        return exec(cmd, o.threads(), oursEnvironment(System.getenv(), !c.training() && !c.stego));
    }

    /**
     * What our worker's environment adds to the caller's, the settings {@code bin/emn} exports (a test checks that
     * they agree). {@code THP_MEM_ALLOC_ENABLE=1} makes libtorch 2.x (c10's CPU allocator, read once when the
     * library loads) align buffers of 2 MB and more to 2 MB and ask for transparent huge pages: training 128/32 peak
     * 1,650 → 1,200 MiB at the same speed, inference 224/16 about 15% faster. {@link #MALLOC_TUNABLES} keeps glibc
     * from mapping and unmapping activations every step, which it otherwise does for JNI calls from the JVM's main
     * thread (a secondary arena, whose heaps hold at most 64 MiB; BENCHMARKS.md: training 1.2–1.45× faster), and the
     * 224 inference configurations ({@code inference}) get {@link #MALLOC_TUNABLES_INFERENCE}, as bin/emn gives
     * {@code emn predict} and {@code emn eval}.
     * A value the caller set (0, or empty, to compare) is kept; one of bin/emn's two malloc values counts as unset,
     * since {@code emn bench} itself is launched with the training one.
     */
    static Map<String, String> oursEnvironment(Map<String, String> inherited, boolean inference) {
        Map<String, String> env = new java.util.TreeMap<>();
        if (!inherited.containsKey(THP)) {
            env.put(THP, "1");
        }
        String malloc = inherited.get(GLIBC_TUNABLES);
        if (malloc == null || isOurMalloc(malloc)) {
            String mine = inference ? MALLOC_TUNABLES_INFERENCE : MALLOC_TUNABLES;
            if (!mine.equals(malloc)) {
                env.put(GLIBC_TUNABLES, mine);
            }
        }
        if (!inherited.containsKey(OMP_WAIT_POLICY) && !inherited.containsKey(GOMP_SPINCOUNT)) {
            env.put(GOMP_SPINCOUNT, SPIN_COUNT);
        }
        if (!inherited.containsKey(ATEN_CPU_CAPABILITY) && hasAvx512(cpuFlags())) {
            env.put(ATEN_CPU_CAPABILITY, "avx512");
        }
        return env;
    }

    /**
     * libtorch's choice of its own kernels' instruction set, as bin/emn-env.sh sets it: libtorch 2.7.1 runs the AVX2
     * builds of its element-wise kernels on this project's AVX-512 machines unless asked (training 224/16 +7–17 %).
     */
    static final String ATEN_CPU_CAPABILITY = "ATEN_CPU_CAPABILITY";

    /** Whether a CPU flags line has what libtorch's AVX-512 kernels need (F, BW, VL, DQ); it does not check itself. */
    static boolean hasAvx512(String flags) {
        java.util.Set<String> f = java.util.Set.of(flags.trim().split("\\s+"));
        return f.containsAll(java.util.List.of("avx512f", "avx512bw", "avx512vl", "avx512dq"));
    }

    /** The first flags line of /proc/cpuinfo, or "" where there is none. */
    static String cpuFlags() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("flags")).findFirst().map(l -> l.substring(l.indexOf(':') + 1)).orElse("");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    static final String OMP_WAIT_POLICY = "OMP_WAIT_POLICY";

    /** The OpenMP waiting settings of an environment, for reports ("unset" where a variable is absent). */
    static String ompWait(Map<String, String> env) {
        return OMP_WAIT_POLICY + "=" + env.getOrDefault(OMP_WAIT_POLICY, "unset") + " " + GOMP_SPINCOUNT + "="
                + env.getOrDefault(GOMP_SPINCOUNT, "unset");
    }

    /** The environment the peer's process sees: the inherited one changed by {@link #peerEnvironment}. */
    static Map<String, String> peerView(Map<String, String> inherited) {
        Map<String, String> env = new java.util.HashMap<>(inherited);
        applyChanges(env, peerEnvironment(inherited));
        return env;
    }

    /** Applies environment changes: a value sets its variable, a null value removes it. */
    static void applyChanges(Map<String, String> env, Map<String, String> changes) {
        changes.forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
    }

    static final String GOMP_SPINCOUNT = "GOMP_SPINCOUNT";

    /**
     * How long libtorch's OpenMP threads spin before they sleep, as {@code bin/emn} sets it: about 0.1 ms by libgomp's
     * count. Sleeping at once (OMP_WAIT_POLICY=PASSIVE) halved inference at batch 1 on idle cores; libgomp's default
     * (about 3 ms) collapsed training when other processes kept the cores busy (BENCHMARKS.md).
     */
    static final String SPIN_COUNT = "10000";

    static final String GLIBC_TUNABLES = "GLIBC_TUNABLES";

    /**
     * glibc's malloc as {@code bin/emn} sets it: one arena (the process's main heap, which may grow past 64 MiB),
     * blocks under 32 MiB from that heap rather than their own mappings, and up to 1 GiB of free heap kept.
     */
    static final String MALLOC_TUNABLES =
            "glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824";

    /**
     * The same for {@code emn predict} and {@code emn eval}: blocks up to 128 MiB from the heap, so a pass's
     * activations, freed at once, serve the next pass instead of fresh pages (BENCHMARKS.md: inference 224/16, three
     * rounds each, medians 149 → 176 images/s). Training and the steganalysis commands keep {@link #MALLOC_TUNABLES}:
     * more in the heap raised their peak memory (the steganalysis inference's to 1.02× the peer's).
     */
    static final String MALLOC_TUNABLES_INFERENCE =
            "glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=134217728:glibc.malloc.trim_threshold=1073741824";

    /** Whether a GLIBC_TUNABLES value (or null, unset) is one of bin/emn's. */
    static boolean isOurMalloc(String value) {
        return MALLOC_TUNABLES.equals(value) || MALLOC_TUNABLES_INFERENCE.equals(value);
    }

    static final String THP = "THP_MEM_ALLOC_ENABLE";

    private static JsonObject peer(Options o, BenchWorker.Config c, String layout, boolean compile)
            throws IOException, InterruptedException {
        if (!o.model().equals("efficientnet_b0")) {
            throw new IllegalArgumentException("the PyTorch peer runs efficientnet_b0 only, not '" + o.model() + "'");
        }
        if (!Files.exists(o.peerScript())) {
            throw new IllegalArgumentException("peer script not found: " + o.peerScript());
        }
        List<String> cmd = new ArrayList<>(List.of(o.python(), o.peerScript().toString(), "--config", c.id(),
                "--threads", String.valueOf(o.threads()), "--layout", layout));
        if (compile) {
            cmd.add("--compile");
        }
        if (o.runs() != null) {
            cmd.addAll(List.of("--runs", o.runs().toString()));
        }
        return exec(cmd, o.threads(), peerEnvironment(System.getenv()));
    }

    /**
     * The peer runs with glibc's malloc and libgomp's spin defaults, as a Python user does, unless the caller chose
     * other settings: bin/emn's malloc values make up for the JVM's secondary arena, which Python's main thread does
     * not use (the peer measured the same or slower with it), and {@link #SPIN_COUNT}, inherited from {@code bin/emn},
     * is removed (a null value: {@link #exec} unsets it). Libtorch's own settings it inherits.
     */
    static Map<String, String> peerEnvironment(Map<String, String> inherited) {
        Map<String, String> env = new java.util.TreeMap<>();
        if (isOurMalloc(inherited.get(GLIBC_TUNABLES))) {
            env.put(GLIBC_TUNABLES, "");
        }
        if (SPIN_COUNT.equals(inherited.get(GOMP_SPINCOUNT))) {
            env.put(GOMP_SPINCOUNT, null);
        }
        return env;
    }

    /**
     * Runs a benchmark process with {@code threads} OpenMP threads and the environment changed by {@code env} (a null
     * value removes the variable); returns the JSON object of its last line.
     */
    static JsonObject exec(List<String> cmd, int threads, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        applyChanges(pb.environment(), env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("benchmark process failed (exit " + (p.isAlive() ? "timeout" : p.exitValue()) + "): "
                    + String.join(" ", cmd.subList(0, Math.min(3, cmd.size()))) + " …");
        }
        String[] lines = out.strip().split("\n");
        return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    }

    /** The results as a Markdown table. */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| configuration | ours img/s | peer best eager img/s | ours/peer speed | peer other layout img/s"
                + " | torch.compile img/s (compile s) | ours/compiled | ours peak MiB | peer peak MiB | ours/peer memory"
                + " | ours GFLOP/s |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            JsonObject p = r.peer();
            sb.append(String.format(Locale.ROOT, "| %s | %.1f%s | %s | %s | %s | %s | %s | %.0f | %s | %s | %.1f |%n",
                    r.config().id(), r.ours().get("images_per_s").getAsDouble(), spread(r.config(), r.ours()),
                    p == null ? "–" : String.format(Locale.ROOT, "%.1f%s%s", p.get("images_per_s").getAsDouble(), spread(r.config(), p), layout(p)),
                    p == null ? "–" : String.format(Locale.ROOT, "%.2f×", r.speedRatio()),
                    r.peerOther() == null ? "–" : String.format(Locale.ROOT, "%.1f%s",
                            r.peerOther().get("images_per_s").getAsDouble(), layout(r.peerOther())),
                    r.peerCompiled() == null ? "–" : String.format(Locale.ROOT, "%.1f (%.0f s)",
                            r.peerCompiled().get("images_per_s").getAsDouble(), r.peerCompiled().get("compile_s").getAsDouble()),
                    r.peerCompiled() == null ? "–" : String.format(Locale.ROOT, "%.2f×", r.compiledRatio()),
                    r.ours().get("peak_rss_mb").getAsDouble(),
                    p == null ? "–" : String.format(Locale.ROOT, "%.0f", p.get("peak_rss_mb").getAsDouble()),
                    p == null ? "–" : String.format(Locale.ROOT, "%.2f×", r.memoryRatio()),
                    r.ours().get("gflops").getAsDouble()));
        }
        rows.stream().map(Row::peer).filter(p -> p != null && p.has("impl")).map(p -> p.get("impl").getAsString()).distinct()
                .forEach(impl -> sb.append("\nPeer: ").append(impl).append('.'));
        if (rows.stream().anyMatch(r -> r.peer() != null)) {
            sb.append('\n');
        }
        return sb.toString();
    }

    /** " (lo–hi)": images/s of the slowest and fastest timed iteration, where the result has them. */
    private static String spread(BenchWorker.Config c, JsonObject r) {
        return r.has("min_s") && r.has("max_s") ? String.format(Locale.ROOT, " (%.1f–%.1f)",
                c.batch() / r.get("max_s").getAsDouble(), c.batch() / r.get("min_s").getAsDouble()) : "";
    }

    private static String layout(JsonObject peer) {
        return peer.has("layout") ? (peer.get("layout").getAsString().equals("channels_last") ? " (CL)" : " (NCHW)") : "";
    }

    /** The CPU model and its vector-instruction flags (avx*, fma, amx*, vnni) from /proc/cpuinfo. */
    public static String machine() throws IOException {
        String cpu = "unknown CPU";
        Path info = Path.of("/proc/cpuinfo");
        if (Files.exists(info)) {
            cpu = Files.readAllLines(info).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        }
        String flags = java.util.Arrays.stream(cpuFlags().trim().split("\\s+"))
                .filter(f -> f.startsWith("avx") || f.equals("fma") || f.startsWith("amx") || f.contains("vnni"))
                .collect(java.util.stream.Collectors.joining(" "));
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, flags: " + (flags.isEmpty() ? "none of avx/fma" : flags);
    }

    /** The 1-minute load average (/proc/loadavg), or NaN. */
    public static double loadAverage() throws IOException {
        Path p = Path.of("/proc/loadavg");
        return Files.exists(p) ? Double.parseDouble(Files.readString(p).trim().split("\\s+")[0]) : Double.NaN;
    }

    /**
     * Several rounds of the same configurations side by side: per configuration the ratios of every round in order
     * and their median (speed against the best eager peer and against torch.compile; memory as a range). On a machine
     * whose timings swing between processes a single round's ratio moves by ±0.3; the median of rounds is the figure
     * to quote, with the rounds beside it. The same ratios from each side's fastest iteration follow, as a second
     * view that other guests on the host disturb less.
     */
    public static String roundsSummary(List<List<Row>> rounds) {
        StringBuilder sb = new StringBuilder();
        sb.append("| configuration | ours img/s: median (rounds) | ours/peer eager: median (rounds)"
                + " | ours/torch.compile: median (rounds) | fastest iteration, ours/eager · ours/compile: median (rounds)"
                + " | ours/peer memory |\n");
        sb.append("| --- | --- | --- | --- | --- | --- |\n");
        for (int i = 0; i < rounds.get(0).size(); i++) {
            int k = i;
            List<Row> byRound = rounds.stream().map(r -> r.get(k)).toList();
            double[] mem = byRound.stream().mapToDouble(Row::memoryRatio).filter(d -> !Double.isNaN(d)).sorted().toArray();
            sb.append("| ").append(byRound.get(0).config().id())
                    .append(" | ").append(medianAndRounds(byRound.stream().mapToDouble(r -> r.ours().get("images_per_s").getAsDouble()).toArray(), "%.1f"))
                    .append(" | ").append(medianAndRounds(byRound.stream().mapToDouble(Row::speedRatio).toArray(), "%.2f×"))
                    .append(" | ").append(medianAndRounds(byRound.stream().mapToDouble(Row::compiledRatio).toArray(), "%.2f×"))
                    .append(" | ").append(medianAndRounds(byRound.stream().mapToDouble(Row::fastestRatio).toArray(), "%.2f×"))
                    .append(" · ").append(medianAndRounds(byRound.stream().mapToDouble(Row::fastestCompiledRatio).toArray(), "%.2f×"))
                    .append(" | ").append(mem.length == 0 ? "–" : String.format(Locale.ROOT, "%.2f–%.2f×", mem[0], mem[mem.length - 1]))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** "1.12× (1.12×, 0.99×, 1.60×)": the median, then each round in order; "–" where nothing was measured. */
    private static String medianAndRounds(double[] r, String format) {
        List<Double> v = java.util.Arrays.stream(r).filter(d -> !Double.isNaN(d)).boxed().toList();
        if (v.isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, format, BenchWorker.median(v)) + " ("
                + v.stream().map(d -> String.format(Locale.ROOT, format, d)).reduce((a, b) -> a + ", " + b).orElse("") + ")";
    }

    /** The distinct values of one of our workers' recorded settings over the rows, joined ("?" where not recorded). */
    private static String oursSetting(List<Row> rows, String key, String separator) {
        String joined = rows.stream().map(r -> r.ours().has(key) ? r.ours().get(key).getAsString() : "?").distinct()
                .collect(java.util.stream.Collectors.joining(separator));
        return joined.isEmpty() ? "?" : joined;
    }

    /**
     * Writes a report atomically: machine, command, and the table of each round, after the summary of the rounds when
     * there are several.
     */
    public static void writeReport(Path file, List<List<Row>> rounds, String command) throws IOException {
        List<Row> rows = rounds.stream().flatMap(List::stream).toList();
        String text = "# Benchmarks\n\nMeasured " + java.time.Instant.now().toString().substring(0, 16) + " UTC on " + machine()
                + ", load average " + loadAverage() + " at the end, threads as given each side, with\n`" + command + "`.\n"
                + "Medians over the runs after at least 3 warm-up iterations (1 for the steganalysis configurations) and " + BenchWorker.Config.WARMUP_SECONDS + " s; each configuration in its own process (peak = VmHWM).\n"
                + "Ours ran with " + THP + "=" + oursSetting(rows, "thp", "/")
                + " (libtorch's huge-page allocation; see README, Performance) and " + GLIBC_TUNABLES + "="
                + oursSetting(rows, "malloc", " / ")
                + "; " + ATEN_CPU_CAPABILITY + "=" + oursSetting(rows, "aten", " / ") + " (libtorch's own kernels)"
                + "; the JVM with " + oursSetting(rows, "jvm", " / ")
                + "; OpenMP's waiting: ours " + oursSetting(rows, "omp", " / ")
                + ", the peer's " + ompWait(peerView(System.getenv())) + ".\n\n"
                + (rounds.size() > 1 ? roundsSummary(rounds) + "\nEach round:\n\n" : "")
                + rounds.stream().map(Benchmark::table).reduce((a, b) -> a + "\n" + b).orElse("");
        AtomicFile.writeString(file, text);
    }
}
