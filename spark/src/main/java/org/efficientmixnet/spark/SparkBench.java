package org.efficientmixnet.spark;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.efficientmixnet.models.ModelSpec;
import org.efficientmixnet.stego.dataset.CoverPreparation;
import org.efficientmixnet.stego.dataset.EmbedJob;
import org.efficientmixnet.stego.dataset.GrayImages;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.steganalysis.Detector;
import org.efficientmixnet.steganalysis.DetectorConfig;
import org.efficientmixnet.steganalysis.DetectorTraining;
import org.efficientmixnet.train.Progress;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Images/s of the Spark embedding and scoring jobs in local mode at 1, 2 … cores against the local jobs
 * ({@code emn stego embed} with as many threads, {@code emn stego detect} with one engine thread), on generated
 * covers, and the fixed cost of Spark (session start, per-job overhead). Every run starts from empty outputs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Images/s of the Spark jobs at 1, 2 … local cores against the local jobs, and Spark's overhead.")
final class SparkBench implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--images", defaultValue = "48", description = "covers generated (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--size", defaultValue = "256", description = "side of the covers in pixels (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--algo", defaultValue = "j-uniward", description = "embedding algorithm (default: ${DEFAULT-VALUE})")
    String algo;

    @Option(names = "--payload", defaultValue = "0.4", description = "payload (default: ${DEFAULT-VALUE})")
    double payload;

    @Option(names = "--cores", split = ",", defaultValue = "1,2", description = "local[N] values (default: ${DEFAULT-VALUE})")
    List<Integer> cores;

    @Option(names = "--run", description = "detector run folder to score with (default: a tiny detector trained here for one epoch: it measures the job, not a real network)")
    Path run;

    @Option(names = "--work", description = "working folder (default: a temporary one, deleted at the end)")
    Path work;

    @Override
    public Integer call() throws Exception {
        System.setProperty("ai.djl.pytorch.num_threads", System.getProperty("ai.djl.pytorch.num_threads", "1"));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        PrintWriter out = spec.commandLine().getOut();
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("emn-spark-bench");
        Algorithm a = Algorithm.fromId(algo);
        Path covers = Files.createDirectories(dir.resolve("covers"));
        Random r = new Random(1);
        for (int i = 0; i < images; i++) {
            int[][] px = new int[size][size];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    px[y][x] = (int) Math.max(0, Math.min(255, 128 + 50 * Math.sin(x / 5.0 + i) + 30 * Math.cos(y / 7.0)
                            + r.nextGaussian() * 12));
                }
            }
            String n = String.format(Locale.ROOT, "c%05d", i);
            if (a.jpeg()) {
                CoverPreparation.writeJpeg(covers.resolve(n + ".jpg"), GrayImages.toImage(px), 75);
            } else {
                GrayImages.writePng(covers.resolve(n + ".png"), px);
            }
        }
        out.printf(Locale.ROOT, "%d covers %d×%d, %s at %s; %d cores here, load average %.1f%n", images, size, size,
                a.name(), payload, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<String> lines = new ArrayList<>();
        lines.add("| job | cores | seconds | images/s |");
        lines.add("| --- | ---: | ---: | ---: |");
        // warm the JIT on a few covers so that the first measured run is not the slowest for that reason alone
        EmbedJob.run(new EmbedJob.Options(a, payload, payload, covers, dir.resolve("warm"), 0, 2), (d, t) -> { });
        for (int c : cores) {
            long t0 = System.nanoTime();
            EmbedJob.Report rep = EmbedJob.run(new EmbedJob.Options(a, payload, payload, covers, dir.resolve("local-" + c),
                    0, c), (d, t) -> { });
            lines.add(row("emn stego embed (local job)", c, t0, rep.embedded().size()));
        }
        Path stegos = dir.resolve("local-" + cores.get(0));
        Path detector = run != null ? run : tinyDetector(dir, covers, stegos);
        try (Detector d = Detector.load(detector).workers(1)) {
            d.score(List.of(stegos)); // warm
            long t0 = System.nanoTime();
            Detector.Detection det = d.score(List.of(covers, stegos));
            lines.add(row("emn stego detect (local, 1 engine thread)", 1, t0, det.scores().size()));
        }
        Path warmCovers = Files.createDirectories(dir.resolve("warm-covers"));
        try (var list = Files.list(covers)) {
            for (Path p : list.sorted().limit(2).toList()) {
                Files.copy(p, warmCovers.resolve(p.getFileName()));
            }
        }
        for (int c : cores) {
            long s0 = System.nanoTime();
            SparkSession s = SparkSession.builder().master("local[" + c + "]").appName("emn spark bench")
                    .config("spark.ui.enabled", "false").getOrCreate();
            s.sparkContext().setLogLevel("WARN");
            lines.add(String.format(Locale.ROOT, "| Spark session start | %d | %.2f | |", c, (System.nanoTime() - s0) / 1e9));
            try {
                // one small job first: the first Spark job of a JVM loads and generates code (that cost is Spark's
                // start, reported with the session above, not a per-image rate)
                long w0 = System.nanoTime();
                SparkEmbed.run(s, new SparkEmbed.Options(algo, null, payload, payload, warmCovers.toString(),
                        dir.resolve("spark-warm-" + c).toString(), 0, 0));
                lines.add(String.format(Locale.ROOT, "| first Spark job of the session (2 covers: warm-up) | %d | %.2f | |", c,
                        (System.nanoTime() - w0) / 1e9));
                long t0 = System.nanoTime();
                SparkEmbed.Report e = SparkEmbed.run(s, new SparkEmbed.Options(algo, null, payload, payload,
                        covers.toString(), dir.resolve("spark-" + c).toString(), 0, 0));
                lines.add(row("spark embed", c, t0, e.embedded().size()));
                t0 = System.nanoTime();
                SparkEmbed.Report again = SparkEmbed.run(s, new SparkEmbed.Options(algo, null, payload, payload,
                        covers.toString(), dir.resolve("spark-" + c).toString(), 0, 0));
                lines.add(String.format(Locale.ROOT, "| spark embed, rerun (all %d skipped: the job's fixed cost) | %d | %.2f | |",
                        again.skipped().size(), c, (System.nanoTime() - t0) / 1e9));
                SparkScore.run(s, new SparkScore.Options(detector.toString(), List.of(stegos.toString()),
                        dir.resolve("warm-scores-" + c).toString(), 16, 1, 0, List.of("parquet"))); // loads the detectors
                t0 = System.nanoTime();
                SparkScore.Report sc = SparkScore.run(s, new SparkScore.Options(detector.toString(),
                        List.of(covers.toString(), stegos.toString()), dir.resolve("scores-" + c).toString(), 16, 1, 0,
                        List.of("parquet")));
                lines.add(row("spark score (1 engine thread per task)", c, t0, (int) sc.images()));
            } finally {
                s.stop();
            }
        }
        lines.forEach(out::println);
        out.flush();
        if (work == null) {
            try (var w = Files.walk(dir)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private static String row(String job, int cores, long t0, int n) {
        double secs = (System.nanoTime() - t0) / 1e9;
        return String.format(Locale.ROOT, "| %s | %d | %.2f | %.1f |", job, cores, secs, n / secs);
    }

    private static Path tinyDetector(Path dir, Path covers, Path stegos) throws Exception {
        ModelSpec spec = new ModelSpec("tiny", "cn_r1_k3_s1_c8;ir_r1_k3_s2_e2_c16", null, null, null, null, null, null,
                null, null, "relu", null, null);
        DetectorConfig c = DetectorConfig.builder(covers, List.of(stegos), spec).epochs(1).batch(8).lr(2e-3)
                .valFraction(0.25).testFraction(0.25).workers(1).seed(9).build();
        Path run = dir.resolve("tiny-detector");
        DetectorTraining.create(c, run).progress(Progress.silent()).log(m -> { }).fit();
        return run;
    }
}
