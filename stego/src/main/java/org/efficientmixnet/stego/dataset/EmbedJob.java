package org.efficientmixnet.stego.dataset;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.efficientmixnet.stego.embed.Simulation;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;

/**
 * Makes stego images from a folder of covers, in parallel: one output per cover with the cover's base name (PNG
 * for spatial algorithms, JPEG with the cover's quantization tables and sampling for JPEG ones), a CSV manifest
 * and, when images fail, a CSV of errors. Each image's seed and payload depend only on the global seed and the
 * file name, so results do not depend on the thread count or the order; existing outputs are skipped, and a
 * failing image neither stops the batch nor leaves a partial file (outputs are written to a temporary name in
 * the output folder and renamed).
 *
 * <p>The manifest is a journal: each row is appended as its image is finished (so a killed run keeps the rows of
 * what it wrote), and at the end it is rewritten sorted by cover name, rows of earlier runs kept.
 */
public final class EmbedJob {
    /** The manifest's header. */
    public static final String MANIFEST_HEADER = "cover,stego,algorithm,payload,unit,seed,message_bits,changes";
    /** The errors file's header. */
    public static final String ERRORS_HEADER = "cover,error";
    /** File name extensions taken as images (lower case); other files are skipped with a warning. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "bmp", "gif", "pgm", "tif", "tiff", "jpg", "jpeg");

    /** What to do. {@code payloadMax} equal to {@code payloadMin} means a fixed payload. */
    public record Options(Algorithm algorithm, double payloadMin, double payloadMax, Path covers, Path out, long seed,
            int threads) {
        public Options {
            if (algorithm == null || covers == null || out == null) {
                throw new IllegalArgumentException("algorithm, cover folder and output folder are required");
            }
            if (!(payloadMin > 0) || !(payloadMax >= payloadMin) || Double.isInfinite(payloadMax)) {
                throw new IllegalArgumentException("payload must be a number > 0 (or a range min:max with 0 < min ≤ max),"
                        + " got " + payloadMin + (payloadMax != payloadMin ? ":" + payloadMax : ""));
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
            }
        }

        /** A fixed payload, one thread per core. */
        public static Options of(Algorithm algorithm, double payload, Path covers, Path out, long seed) {
            return new Options(algorithm, payload, payload, covers, out, seed, Runtime.getRuntime().availableProcessors());
        }
    }

    /** Told after each image (from worker threads): how many are finished of how many. */
    @FunctionalInterface
    public interface Listener {
        void finished(int done, int total);
    }

    /** One manifest row; {@code unit} is {@code bpp} or {@code bpnzac}. */
    public record Row(String cover, String stego, String algorithm, double payload, String unit, long seed,
            double messageBits, long changes) {
        String csv() {
            return String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%d,%.3f,%d", EmbedJob.csv(cover), EmbedJob.csv(stego), algorithm,
                    java.math.BigDecimal.valueOf(payload).stripTrailingZeros().toPlainString(), unit, seed, messageBits, changes);
        }
    }

    /** One image that failed, with the reason. */
    public record Failure(String cover, String error) {
        @Override
        public String toString() {
            return cover + ": " + error;
        }
    }

    /**
     * What happened: how many covers were found, rows for the images embedded now (sorted by cover), names skipped
     * because their output existed, rows recovered for skipped outputs that the manifest lacked (a run killed
     * between writing an image and its row: the row is rebuilt from the cover, the output and the settings), failures, files that are not images (skipped with a warning), the manifest,
     * and the errors CSV (null when nothing failed).
     */
    public record Report(int covers, List<Row> embedded, List<String> skipped, List<Row> recovered,
            List<Failure> failures, List<String> notImages, Path manifest, Path errors) {
    }

    private EmbedJob() {
    }

    /** Parses "0.4" or "0.2:0.5" into {min, max}. */
    public static double[] payloadRange(String s) {
        try {
            if (s.contains(":")) {
                String[] p = s.split(":", 2);
                return new double[] {Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim())};
            }
            double v = Double.parseDouble(s.trim());
            return new double[] {v, v};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("payload '" + s + "': expected a number (0.4) or a range (0.2:0.5)");
        }
    }

    static boolean isImageName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    static boolean isJpegName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    /** The per-image seed: FNV-1a of the name, mixed with the global seed. */
    public static long imageSeed(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return new SplittableRandom(h ^ seed).nextLong();
    }

    /**
     * The payload of one image: the fixed one, or drawn uniformly from the range with a stream of its own (not the
     * embedding's), rounded to 6 decimals so that the manifest states it exactly.
     */
    public static double imagePayload(Options o, String name) {
        if (o.payloadMin() == o.payloadMax()) {
            return o.payloadMin();
        }
        double u = new SplittableRandom(imageSeed(o.seed(), name + "\0payload")).nextDouble();
        double p = Math.round((o.payloadMin() + u * (o.payloadMax() - o.payloadMin())) * 1e6) / 1e6;
        return Math.min(o.payloadMax(), Math.max(o.payloadMin(), p));
    }

    /** Runs the batch; see the class comment. Throws only for a missing or empty cover folder and I/O on the out folder. */
    public static Report run(Options o, Listener listener) throws IOException, InterruptedException {
        if (!Files.isDirectory(o.covers())) {
            throw new IllegalArgumentException("cover folder " + o.covers() + " does not exist or is not a folder");
        }
        Files.createDirectories(o.out());
        if (Files.isSameFile(o.covers(), o.out())) {
            throw new IllegalArgumentException("output folder " + o.out() + " is the cover folder; choose another one");
        }
        List<Path> covers = new ArrayList<>();
        List<String> notImages = new ArrayList<>();
        try (var files = Files.list(o.covers())) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".")) {
                    continue; // hidden files, our own temporary files
                }
                if (isImageName(n)) {
                    covers.add(p);
                } else {
                    notImages.add(n);
                }
            }
        }
        if (covers.isEmpty()) {
            throw new IllegalArgumentException("cover folder " + o.covers() + " has no images (." + String.join(" .",
                    new java.util.TreeSet<>(IMAGE_EXTENSIONS)) + ")"
                    + (notImages.isEmpty() ? "" : "; " + notImages.size() + " other file(s) skipped"));
        }
        // two covers with one output name (a.png, a.bmp → a.png): the first keeps it, the others fail
        Map<String, String> owner = new HashMap<>();
        List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        List<Path> work = new ArrayList<>();
        for (Path c : covers) {
            String target = outputName(o.algorithm(), c);
            String first = owner.putIfAbsent(target, c.getFileName().toString());
            if (first == null) {
                work.add(c);
            } else {
                failures.add(new Failure(c.getFileName().toString(), "its output name " + target + " is also that of "
                        + first + "; rename one of them"));
            }
        }
        Path manifest = o.out().resolve("manifest.csv");
        Map<String, String> earlier = readManifest(manifest);
        List<Row> rows = Collections.synchronizedList(new ArrayList<>());
        List<String> skipped = Collections.synchronizedList(new ArrayList<>());
        List<Row> recovered = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger(failures.size());
        int total = covers.size();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(o.threads(), work.size()));
        try (BufferedWriter journal = openJournal(manifest, earlier)) {
            List<Future<?>> fs = new ArrayList<>();
            for (Path cover : work) {
                fs.add(pool.submit(() -> {
                    String name = cover.getFileName().toString();
                    try {
                        Path target = o.out().resolve(outputName(o.algorithm(), cover));
                        Row r;
                        if (Files.exists(target)) {
                            skipped.add(name);
                            r = earlier.containsKey(target.getFileName().toString()) ? null : recover(o, cover, target);
                            if (r != null) {
                                recovered.add(r);
                            }
                        } else {
                            r = one(o, cover);
                            rows.add(r);
                        }
                        if (r != null) {
                            synchronized (journal) {
                                journal.write(r.csv());
                                journal.newLine();
                                journal.flush();
                            }
                        }
                    } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                        failures.add(new Failure(name, message(e)));
                    }
                    listener.finished(done.incrementAndGet(), total);
                }));
            }
            for (Future<?> f : fs) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    failures.add(new Failure("?", message(e.getCause())));
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            throw e;
        } finally {
            pool.shutdown();
        }
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> a.cover().compareTo(b.cover()));
        TreeMap<String, String> all = new TreeMap<>(earlier);
        for (Row r : sorted) {
            all.put(r.stego(), r.csv());
        }
        for (Row r : recovered) {
            all.put(r.stego(), r.csv());
        }
        List<String> lines = new ArrayList<>();
        lines.add(MANIFEST_HEADER);
        all.values().stream().sorted(java.util.Comparator.comparing((String l) -> parseCsv(l).get(0))).forEach(lines::add);
        writeAtomically(manifest, String.join("\n", lines) + "\n");
        List<Failure> fails = new ArrayList<>(failures);
        fails.sort((a, b) -> a.cover().compareTo(b.cover()));
        Path errors = o.out().resolve("errors.csv");
        if (fails.isEmpty()) {
            Files.deleteIfExists(errors); // from an earlier run whose failures are now fixed or skipped
            errors = null;
        } else {
            StringBuilder sb = new StringBuilder(ERRORS_HEADER).append('\n');
            for (Failure f : fails) {
                sb.append(csv(f.cover())).append(',').append(csv(f.error())).append('\n');
            }
            writeAtomically(errors, sb.toString());
        }
        List<String> sk = new ArrayList<>(skipped);
        Collections.sort(sk);
        List<Row> rec = new ArrayList<>(recovered);
        rec.sort((a, b) -> a.cover().compareTo(b.cover()));
        return new Report(covers.size(), sorted, sk, rec, fails, notImages, manifest, errors);
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static String outputName(Algorithm a, Path cover) {
        String n = cover.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String base = dot < 0 ? n : n.substring(0, dot);
        return base + (a.jpeg() ? ".jpg" : ".png");
    }

    /** Embeds one cover (whose output does not exist yet). */
    static Row one(Options o, Path cover) throws IOException {
        Path target = o.out().resolve(outputName(o.algorithm(), cover));
        String name = cover.getFileName().toString();
        long seed = imageSeed(o.seed(), name);
        double payload = imagePayload(o, name);
        Simulation s;
        if (o.algorithm().jpeg()) {
            if (!isJpegName(name)) {
                throw new IllegalArgumentException("not a JPEG: " + o.algorithm().id() + " embeds into JPEG coefficients"
                        + " (make JPEG covers with emn stego prepare --quality Q)");
            }
            JpegCoefficients j = JpegCoefficients.read(cover);
            s = JpegStego.embed(o.algorithm(), j, payload, seed);
            j.write(target, false);
        } else {
            int[][] px = GrayImages.readGrayscale(cover);
            s = o.algorithm().embed(px, payload, seed);
            GrayImages.writePng(target, s.stego());
        }
        return new Row(name, target.getFileName().toString(), o.algorithm().name(), payload, o.algorithm().payloadUnit(),
                seed, s.messageBits(), s.changes());
    }

    /**
     * The manifest row of an existing output made with these settings, rebuilt without embedding: seed and payload
     * from the name, message length from the cover, changes by comparing cover and output.
     */
    static Row recover(Options o, Path cover, Path target) throws IOException {
        String name = cover.getFileName().toString();
        double payload = imagePayload(o, name);
        long changes = 0;
        long count;
        if (o.algorithm().jpeg()) {
            JpegCoefficients a = JpegCoefficients.read(cover);
            JpegCoefficients b = JpegCoefficients.read(target);
            int[][][] comps = new int[a.numComponents()][][];
            for (int c = 0; c < comps.length; c++) {
                comps[c] = a.component(c).toLayout();
                if (c >= b.numComponents()) {
                    throw mismatch(target, cover);
                }
                changes += differences(comps[c], b.component(c).toLayout(), target, cover);
            }
            count = o.algorithm().domain().payloadElements(comps);
        } else {
            int[][] a = GrayImages.readGrayscale(cover);
            changes = differences(a, GrayImages.readGrayscale(target), target, cover);
            count = (long) a.length * a[0].length;
        }
        return new Row(name, target.getFileName().toString(), o.algorithm().name(), payload, o.algorithm().payloadUnit(),
                imageSeed(o.seed(), name), payload * count, changes);
    }

    private static long differences(int[][] a, int[][] b, Path target, Path cover) {
        if (a.length != b.length || a[0].length != b[0].length) {
            throw mismatch(target, cover);
        }
        long d = 0;
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < a[0].length; c++) {
                d += a[r][c] != b[r][c] ? 1 : 0;
            }
        }
        return d;
    }

    private static IllegalArgumentException mismatch(Path target, Path cover) {
        return new IllegalArgumentException("existing output " + target.getFileName() + " has no manifest row and does not"
                + " match the geometry of " + cover.getFileName() + "; delete it to embed again");
    }

    /** Rows of an existing manifest by stego name; a torn last line (a killed run) is dropped. */
    static Map<String, String> readManifest(Path manifest) throws IOException {
        Map<String, String> rows = new TreeMap<>();
        if (!Files.exists(manifest)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return rows;
        }
        if (!lines.get(0).equals(MANIFEST_HEADER)) {
            throw new IllegalArgumentException(manifest + ": columns '" + lines.get(0) + "', expected '"
                    + MANIFEST_HEADER + "'; use a new output folder or move the old manifest away");
        }
        int columns = MANIFEST_HEADER.split(",").length;
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = parseCsv(line);
            if (f.size() == columns && f.get(columns - 1).matches("\\d+")) {
                rows.put(f.get(1), line);
            }
        }
        return rows;
    }

    private static BufferedWriter openJournal(Path manifest, Map<String, String> earlier) throws IOException {
        // start the journal from the clean rows read, so that a torn line of a killed run does not stay in it
        List<String> lines = new ArrayList<>();
        lines.add(MANIFEST_HEADER);
        lines.addAll(earlier.values());
        writeAtomically(manifest, String.join("\n", lines) + "\n");
        return Files.newBufferedWriter(manifest, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Splits one CSV line (RFC 4180 quoting). */
    public static List<String> parseCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    f.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(ch);
            }
        }
        out.add(f.toString());
        return out;
    }

    static String csv(String s) {
        String one = s.replace('\n', ' ').replace('\r', ' ');
        return one.contains(",") || one.contains("\"") ? "\"" + one.replace("\"", "\"\"") + "\"" : one;
    }

    static void writeAtomically(Path file, String text) throws IOException {
        AtomicFile.writeString(file, text);
    }
}
