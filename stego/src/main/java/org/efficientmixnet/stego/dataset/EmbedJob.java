package org.efficientmixnet.stego.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.efficientmixnet.stego.embed.Simulation;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;

/**
 * Makes stego images from a folder of covers, in parallel: one output per cover with the cover's name (PNG for
 * spatial algorithms, JPEG with the cover's quantization tables for JPEG ones), a CSV manifest, and a list of
 * failures. Each image's seed and payload depend only on the global seed and the file name, so results do not
 * depend on the thread count or the order; existing outputs are skipped, and a failing image neither stops the
 * batch nor leaves a partial file.
 */
public final class EmbedJob {
    /** What to do. {@code payloadMax} equal to {@code payloadMin} means a fixed payload. */
    public record Options(Algorithm algorithm, double payloadMin, double payloadMax, Path covers, Path out, long seed,
            int threads) {
        public Options {
            if (payloadMin <= 0 || payloadMax < payloadMin) {
                throw new IllegalArgumentException("payload must be > 0 (or a range min:max with min ≤ max), got "
                        + payloadMin + (payloadMax != payloadMin ? ":" + payloadMax : ""));
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
            }
        }
    }

    /** One manifest row. */
    public record Row(String cover, String stego, String algorithm, double payload, long seed, long changes) {
    }

    /** What happened: rows for the images embedded now, names skipped because their output existed, failures. */
    public record Report(List<Row> embedded, List<String> skipped, List<String> failures, int notImages, Path manifest) {
    }

    private EmbedJob() {
    }

    /** Parses "0.4" or "0.2:0.5" into {min, max}. */
    public static double[] payloadRange(String s) {
        try {
            if (s.contains(":")) {
                String[] p = s.split(":", 2);
                return new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1])};
            }
            double v = Double.parseDouble(s);
            return new double[] {v, v};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("payload '" + s + "': expected a number (0.4) or a range (0.2:0.5)");
        }
    }

    static boolean isImageName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".bmp") || n.endsWith(".gif") || n.endsWith(".jpg") || n.endsWith(".jpeg")
                || n.endsWith(".pgm");
    }

    /** FNV-1a of the name, mixed with the seed: the per-image seed. */
    static long imageSeed(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return new SplittableRandom(h ^ seed).nextLong();
    }

    public static Report run(Options o, IntConsumer progress) throws IOException, InterruptedException {
        if (!Files.isDirectory(o.covers())) {
            throw new IllegalArgumentException("cover folder " + o.covers() + " does not exist or is not a folder");
        }
        List<Path> covers = new ArrayList<>();
        int[] notImages = {0};
        try (var files = Files.list(o.covers())) {
            files.filter(Files::isRegularFile).sorted().forEach(p -> {
                if (isImageName(p.getFileName().toString())) {
                    covers.add(p);
                } else {
                    notImages[0]++;
                }
            });
        }
        if (covers.isEmpty()) {
            throw new IllegalArgumentException("cover folder " + o.covers() + " has no images (.png .bmp .gif .jpg .jpeg)"
                    + (notImages[0] > 0 ? "; " + notImages[0] + " other files were skipped" : ""));
        }
        Files.createDirectories(o.out());
        List<Row> rows = Collections.synchronizedList(new ArrayList<>());
        List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(o.threads());
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (Path cover : covers) {
                fs.add(pool.submit(() -> {
                    try {
                        Row r = one(o, cover);
                        if (r == null) {
                            skipped.add(cover.getFileName().toString());
                        } else {
                            rows.add(r);
                        }
                    } catch (Exception | OutOfMemoryError e) {
                        failures.add(cover.getFileName() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    }
                    progress.accept(done.incrementAndGet());
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause().toString());
                }
            }
        } finally {
            pool.shutdown();
        }
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> a.cover().compareTo(b.cover()));
        Path manifest = o.out().resolve("manifest.csv");
        writeManifest(manifest, sorted);
        List<String> fails = new ArrayList<>(failures);
        Collections.sort(fails);
        if (!fails.isEmpty()) {
            writeAtomically(o.out().resolve("failures.txt"), String.join("\n", fails) + "\n");
        }
        List<String> sk = new ArrayList<>(skipped);
        Collections.sort(sk);
        return new Report(sorted, sk, fails, notImages[0], manifest);
    }

    static String outputName(Algorithm a, Path cover) {
        String n = cover.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String base = dot < 0 ? n : n.substring(0, dot);
        return base + (a.jpeg() ? ".jpg" : ".png");
    }

    /** Embeds one cover; null when its output exists already. */
    static Row one(Options o, Path cover) throws IOException {
        Path target = o.out().resolve(outputName(o.algorithm(), cover));
        if (Files.exists(target)) {
            return null;
        }
        String name = cover.getFileName().toString();
        long seed = imageSeed(o.seed(), name);
        double payload = o.payloadMin() == o.payloadMax() ? o.payloadMin()
                : o.payloadMin() + new SplittableRandom(seed).nextDouble() * (o.payloadMax() - o.payloadMin());
        Simulation s;
        if (o.algorithm().jpeg()) {
            JpegCoefficients j = JpegCoefficients.read(cover);
            s = o.algorithm().embed(j, payload, seed);
            j.write(target, false);
        } else {
            int[][] px = GrayImages.read(cover);
            s = o.algorithm().embed(px, payload, seed);
            GrayImages.writePng(target, s.stego());
        }
        return new Row(name, target.getFileName().toString(), o.algorithm().id(), payload, seed, s.changes());
    }

    /** The manifest: header, then one row per stego image (rows of earlier runs kept, new ones added). */
    static void writeManifest(Path manifest, List<Row> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.exists(manifest)) {
            lines.addAll(Files.readAllLines(manifest));
        } else {
            lines.add("cover,stego,algorithm,payload,seed,changes");
        }
        for (Row r : rows) {
            lines.add(String.format(Locale.ROOT, "%s,%s,%s,%.6f,%d,%d", csv(r.cover()), csv(r.stego()), r.algorithm(),
                    r.payload(), r.seed(), r.changes()));
        }
        writeAtomically(manifest, String.join("\n", lines) + "\n");
    }

    static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
