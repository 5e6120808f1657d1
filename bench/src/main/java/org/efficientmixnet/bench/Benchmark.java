package org.efficientmixnet.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
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

    /** What to run. {@code python} runs the peer script (Debian's python3-torch / python3-torchvision). */
    public record Options(String model, boolean peer, Integer runs, int threads, String python, Path peerScript,
            List<BenchWorker.Config> configs, boolean fuse) {
    }

    /** One configuration's numbers. */
    public record Row(BenchWorker.Config config, JsonObject ours, JsonObject peer) {
        public double speedRatio() {
            return peer == null ? Double.NaN : ours.get("images_per_s").getAsDouble() / peer.get("images_per_s").getAsDouble();
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
            if (o.peer()) {
                progress.println("bench: " + c.id() + " (PyTorch peer)…");
                peer = peer(o, c);
                check(peer, "peer", c);
                if (ours.get("params").getAsLong() != peer.get("params").getAsLong()) {
                    throw new IllegalStateException("parameter counts differ: ours " + ours.get("params") + ", peer "
                            + peer.get("params") + " — the comparison would be meaningless");
                }
            }
            rows.add(new Row(c, ours, peer));
        }
        return rows;
    }

    private static void check(JsonObject r, String who, BenchWorker.Config c) {
        if (!r.get("finite").getAsBoolean()) {
            throw new IllegalStateException(who + " produced non-finite outputs in " + c.id());
        }
    }

    private static JsonObject ours(Options o, BenchWorker.Config c) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=" + o.threads(),
                "-Dai.djl.pytorch.num_interop_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp", System.getProperty("java.class.path"), BenchWorker.class.getName(),
                "--config", c.id(), "--model", o.model(), "--fuse", String.valueOf(o.fuse())));
        if (o.runs() != null) {
            cmd.addAll(List.of("--runs", o.runs().toString()));
        }
        return exec(cmd, o.threads(), oursEnvironment(System.getenv()));
    }

    /**
     * What our worker's environment adds to the caller's: {@code THP_MEM_ALLOC_ENABLE=1} makes libtorch 2.x
     * (c10's CPU allocator, read once when the library loads) align buffers of 2 MB and more to 2 MB and ask for
     * transparent huge pages. Measured here: training 128/32 peak 1,650 → 1,200 MiB at the same speed, inference
     * 224/16 about 15% faster; glibc otherwise hands the activations back and forth with the kernel 4 KB page by
     * page. The PyTorch 1.13 peer has no such switch. A value the caller set (0 to compare) is kept.
     */
    static Map<String, String> oursEnvironment(Map<String, String> inherited) {
        return inherited.containsKey(THP) ? Map.of() : Map.of(THP, "1");
    }

    static final String THP = "THP_MEM_ALLOC_ENABLE";

    private static JsonObject peer(Options o, BenchWorker.Config c) throws IOException, InterruptedException {
        if (!o.model().equals("efficientnet_b0")) {
            throw new IllegalArgumentException("the PyTorch peer runs torchvision's efficientnet_b0 only, not '" + o.model() + "'");
        }
        if (!Files.exists(o.peerScript())) {
            throw new IllegalArgumentException("peer script not found: " + o.peerScript());
        }
        List<String> cmd = new ArrayList<>(List.of(o.python(), o.peerScript().toString(), "--config", c.id(),
                "--threads", String.valueOf(o.threads())));
        if (o.runs() != null) {
            cmd.addAll(List.of("--runs", o.runs().toString()));
        }
        return exec(cmd, o.threads(), Map.of());
    }

    private static JsonObject exec(List<String> cmd, int threads, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        pb.environment().putAll(env);
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
        sb.append("| configuration | ours img/s | peer img/s | ours/peer speed | ours peak MiB | peer peak MiB | ours/peer memory | ours GFLOP/s |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s | %.0f | %s | %s | %.1f |%n", r.config().id(),
                    r.ours().get("images_per_s").getAsDouble(),
                    r.peer() == null ? "–" : String.format(Locale.ROOT, "%.1f", r.peer().get("images_per_s").getAsDouble()),
                    r.peer() == null ? "–" : String.format(Locale.ROOT, "%.2f×", r.speedRatio()),
                    r.ours().get("peak_rss_mb").getAsDouble(),
                    r.peer() == null ? "–" : String.format(Locale.ROOT, "%.0f", r.peer().get("peak_rss_mb").getAsDouble()),
                    r.peer() == null ? "–" : String.format(Locale.ROOT, "%.2f×", r.memoryRatio()),
                    r.ours().get("gflops").getAsDouble()));
        }
        return sb.toString();
    }

    /** Writes a report (machine, command, table) atomically. */
    public static void writeReport(Path file, List<Row> rows, String command) throws IOException {
        String cpu = "unknown CPU";
        Path info = Path.of("/proc/cpuinfo");
        if (Files.exists(info)) {
            cpu = Files.readAllLines(info).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        }
        String text = "# Benchmarks\n\nMeasured " + LocalDate.now() + " on " + cpu + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, 2 threads each side, with\n`" + command + "`.\n"
                + "Medians over the runs after 3 warm-up iterations; each configuration in its own process (peak = VmHWM).\n"
                + "Ours ran with " + THP + "=" + rows.stream().map(r -> r.ours().has("thp") ? r.ours().get("thp").getAsString() : "?")
                        .distinct().reduce((a, b) -> a + "/" + b).orElse("?")
                + " (libtorch's huge-page allocation; see README, Performance).\n\n"
                + table(rows);
        AtomicFile.writeString(file, text);
    }
}
