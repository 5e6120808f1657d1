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
    /** The smallest payload: the manifest states payloads to 6 decimals. */
    public static final double MIN_PAYLOAD = 1e-6;

    public record Options(Algorithm algorithm, double payloadMin, double payloadMax, Path covers, Path out, long seed,
            int threads) {
        public Options {
            if (algorithm == null || covers == null || out == null) {
                throw new IllegalArgumentException("algorithm, cover folder and output folder are required");
            }
            if (!(payloadMin >= MIN_PAYLOAD) || !(payloadMax >= payloadMin) || Double.isInfinite(payloadMax)) {
                throw new IllegalArgumentException("payload must be a number ≥ " + MIN_PAYLOAD + " (the manifest's"
                        + " resolution; or a range min:max with min ≤ max), got " + payloadMin
                        + (payloadMax != payloadMin ? ":" + payloadMax : ""));
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
        /** The row as a manifest line. */
        public String csv() {
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

    /** Whether a file name is taken as an image ({@link #IMAGE_EXTENSIONS}). */
    public static boolean isImageName(String name) {
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
        return imagePayload(o.payloadMin(), o.payloadMax(), o.seed(), name);
    }

    /** {@link #imagePayload(Options, String)} from the payload range and the global seed alone. */
    public static double imagePayload(double payloadMin, double payloadMax, long seed, String name) {
        if (payloadMin == payloadMax) {
            return payloadMin;
        }
        double u = new SplittableRandom(imageSeed(seed, name + "\0payload")).nextDouble();
        double p = Math.round((payloadMin + u * (payloadMax - payloadMin)) * 1e6) / 1e6;
        return Math.min(payloadMax, Math.max(payloadMin, p));
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
                            // an existing output is trusted only once it matches the cover and its manifest row
                            Row check = recover(o, cover, target);
                            String row = earlier.get(target.getFileName().toString());
                            if (row == null) {
                                r = check;
                                recovered.add(r);
                            } else {
                                verify(row, check, target.getFileName().toString());
                                r = null;
                            }
                            skipped.add(name);
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
        List<Row> fresh = new ArrayList<>(sorted);
        fresh.addAll(recovered);
        writeAtomically(manifest, manifestText(earlier, fresh));
        List<Failure> fails = new ArrayList<>(failures);
        fails.sort((a, b) -> a.cover().compareTo(b.cover()));
        Path errors = o.out().resolve("errors.csv");
        if (fails.isEmpty()) {
            Files.deleteIfExists(errors); // from an earlier run whose failures are now fixed or skipped
            errors = null;
        } else {
            writeAtomically(errors, errorsText(fails));
        }
        List<String> sk = new ArrayList<>(skipped);
        Collections.sort(sk);
        List<Row> rec = new ArrayList<>(recovered);
        rec.sort((a, b) -> a.cover().compareTo(b.cover()));
        return new Report(covers.size(), sorted, sk, rec, fails, notImages, manifest, errors);
    }

    /**
     * The manifest {@link #run} writes at its end: the rows of {@code earlier} (by stego name, as
     * {@link #parseManifest} returns them) with {@code rows} added (replacing those of the same stego), sorted by cover.
     */
    public static String manifestText(Map<String, String> earlier, java.util.Collection<Row> rows) {
        TreeMap<String, String> all = new TreeMap<>(earlier);
        for (Row r : rows) {
            all.put(r.stego(), r.csv());
        }
        List<String> lines = new ArrayList<>();
        lines.add(MANIFEST_HEADER);
        all.values().stream().sorted(java.util.Comparator.comparing((String l) -> parseCsv(l).get(0))).forEach(lines::add);
        return String.join("\n", lines) + "\n";
    }

    /** The errors CSV {@link #run} writes for these failures (in the order given). */
    public static String errorsText(List<Failure> failures) {
        StringBuilder sb = new StringBuilder(ERRORS_HEADER).append('\n');
        for (Failure f : failures) {
            sb.append(csv(f.cover())).append(',').append(csv(f.error())).append('\n');
        }
        return sb.toString();
    }

    /** The one-line reason of a failure: its message, or its class name when it has none. */
    public static String message(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "too large to process in the memory left beside the other images in work (raise -Xmx through"
                    + " EMN_JAVA_OPTS, or use fewer --threads)";
        }
        if (e instanceof StackOverflowError) {
            return "stack overflow while processing it (report this file as a bug)";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    static String outputName(Algorithm a, Path cover) {
        return outputName(a, cover.getFileName().toString());
    }

    /** The output's file name for a cover's file name: its base name with .png (spatial) or .jpg (JPEG algorithms). */
    public static String outputName(Algorithm a, String coverName) {
        int dot = coverName.lastIndexOf('.');
        String base = dot < 0 ? coverName : coverName.substring(0, dot);
        return base + (a.jpeg() ? ".jpg" : ".png");
    }

    /** The largest cover read (bytes), checked before reading it. */
    public static final long MAX_COVER_BYTES = 512L << 20;

    /** One stego image in memory (the bytes {@link #run} writes to {@code row.stego()}) and its manifest row. */
    public record Embedded(Row row, byte[] stego) {
    }

    /** Embeds one cover (whose output does not exist yet). */
    static Row one(Options o, Path cover) throws IOException {
        Path target = o.out().resolve(outputName(o.algorithm(), cover));
        Embedded e = embed(o.algorithm(), o.payloadMin(), o.payloadMax(), o.seed(), cover.getFileName().toString(),
                cover.toString(), readCover(cover));
        AtomicFile.write(target, e.stego());
        return e.row();
    }

    private static byte[] readCover(Path cover) throws IOException {
        long size = Files.size(cover);
        if (size > MAX_COVER_BYTES) {
            throw new IllegalArgumentException(cover + ": " + size + " bytes is larger than a cover we read ("
                    + (MAX_COVER_BYTES >> 20) + " MiB)");
        }
        return Files.readAllBytes(cover);
    }

    /**
     * What {@link #run} does for one cover, without files: the cover's bytes in, the stego's bytes and the manifest
     * row out, with the seed and payload {@link #run} derives from {@code name} (the cover's file name) and the
     * global settings, so the result is byte-identical to the local job's. {@code source} names the cover in error
     * messages (its path).
     */
    public static Embedded embed(Algorithm a, double payloadMin, double payloadMax, long globalSeed, String name,
            String source, byte[] cover) throws IOException {
        long seed = imageSeed(globalSeed, name);
        double payload = imagePayload(payloadMin, payloadMax, globalSeed, name);
        Simulation s;
        byte[] out;
        if (a.jpeg()) {
            if (!isJpegName(name)) {
                throw new IllegalArgumentException("not a JPEG: " + a.id() + " embeds into JPEG coefficients"
                        + " (make JPEG covers with emn stego prepare --quality Q)");
            }
            JpegCoefficients j = JpegCoefficients.read(cover, source);
            s = JpegStego.embed(a, j, payload, seed);
            out = j.toBytes(false);
        } else {
            int[][] px = GrayImages.readGrayscale(cover, source.endsWith(name) ? source : name);
            s = a.embed(px, payload, seed);
            out = GrayImages.pngBytes(s.stego());
        }
        return new Embedded(new Row(name, outputName(a, name), a.name(), payload, a.payloadUnit(), seed,
                s.messageBits(), s.changes()), out);
    }

    /**
     * The manifest row of an existing output made with these settings, rebuilt without embedding: seed and payload
     * from the name, message length from the cover, changes by comparing cover and output.
     */
    static Row recover(Options o, Path cover, Path target) throws IOException {
        return recover(o.algorithm(), o.payloadMin(), o.payloadMax(), o.seed(), cover.getFileName().toString(),
                cover.toString(), readCover(cover), target.toString(), readCover(target));
    }

    /**
     * Refuses an existing output whose manifest row disagrees with what it holds: other settings (algorithm,
     * payload, unit, seed) or another number of changes from its cover (a replaced, edited or half-written file).
     * {@code actual} is what {@link #recover} finds in the output; {@code target} names the output in the error.
     */
    public static void verify(String manifestRow, Row actual, String target) {
        List<String> m = parseCsv(manifestRow);
        List<String> a = parseCsv(actual.csv());
        String[] names = {"cover", "stego", "algorithm", "payload", "unit", "seed", "message_bits", "changes"};
        for (int i : new int[] {0, 1, 2, 3, 4, 5, 7}) {
            if (i >= m.size() || !m.get(i).equals(a.get(i))) {
                throw new IllegalArgumentException("existing output " + target + " does not match its"
                        + " manifest row (" + names[i] + ": manifest " + (i < m.size() ? m.get(i) : "?") + ", file/settings "
                        + a.get(i) + "); delete it to embed again");
            }
        }
    }

    /**
     * {@link #recover(Options, Path, Path)} without files: the row of an existing output ({@code target}, named
     * {@code targetSource}) made from {@code cover} (file name {@code name}, named {@code source}) with these settings.
     */
    public static Row recover(Algorithm a, double payloadMin, double payloadMax, long globalSeed, String name,
            String source, byte[] cover, String targetSource, byte[] target) throws IOException {
        double payload = imagePayload(payloadMin, payloadMax, globalSeed, name);
        String targetName = outputName(a, name);
        long changes = 0;
        long count;
        if (a.jpeg()) {
            JpegCoefficients ca = JpegCoefficients.read(cover, source);
            JpegCoefficients cb = JpegCoefficients.read(target, targetSource);
            int[][][] comps = new int[ca.numComponents()][][];
            for (int c = 0; c < comps.length; c++) {
                comps[c] = ca.component(c).toLayout();
                if (c >= cb.numComponents()) {
                    throw mismatch(targetName, name);
                }
                changes += differences(comps[c], cb.component(c).toLayout(), targetName, name);
            }
            count = a.domain().payloadElements(comps);
        } else {
            int[][] pa = GrayImages.readGrayscale(cover, source.endsWith(name) ? source : name);
            changes = differences(pa, GrayImages.readGrayscale(target, targetSource.endsWith(targetName) ? targetSource
                    : targetName), targetName, name);
            count = (long) pa.length * pa[0].length;
        }
        return new Row(name, targetName, a.name(), payload, a.payloadUnit(), imageSeed(globalSeed, name),
                payload * count, changes);
    }

    private static long differences(int[][] a, int[][] b, String target, String cover) {
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

    private static IllegalArgumentException mismatch(String target, String cover) {
        return new IllegalArgumentException("existing output " + target + " has no manifest row and does not"
                + " match the geometry of " + cover + "; delete it to embed again");
    }

    /** Rows of an existing manifest by stego name; a torn last line (a killed run) is dropped. */
    static Map<String, String> readManifest(Path manifest) throws IOException {
        Map<String, String> rows = new TreeMap<>();
        if (!Files.exists(manifest)) {
            return rows;
        }
        return parseManifest(lines(Files.readAllBytes(manifest), manifest), manifest.toString());
    }

    /**
     * The lines of a manifest's bytes; bytes that are not UTF-8 are refused (so not a manifest written by emn stego
     * embed). {@code manifest} names it in the error.
     */
    public static List<String> lines(byte[] text, Path manifest) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(text)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new org.efficientmixnet.io.FileFormatException(manifest, "is not UTF-8 text, so not a manifest"
                    + " written by emn stego embed; use a new output folder or move it away");
        }
        List<String> out = new ArrayList<>(java.util.Arrays.asList(s.split("\r?\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** {@link #readManifest} of a manifest's lines; {@code manifest} names it in errors. */
    public static Map<String, String> parseManifest(List<String> lines, String manifest) {
        Map<String, String> rows = new TreeMap<>();
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
