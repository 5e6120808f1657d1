package org.efficientmixnet.steganalysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.efficientmixnet.train.CheckpointFiles;

/**
 * A trained detector from a run folder of {@link DetectorTraining}: scores new images with the run's decoding
 * (whole images, any size; images of one size are batched together) and evaluates held-out covers and stegos.
 *
 * <pre>{@code
 * try (Detector d = Detector.load(Path.of("runs/det"))) {
 *     Detector.Detection r = d.score(List.of(Path.of("suspect.jpg"), Path.of("folder/")));
 *     r.scores().forEach(s -> System.out.println(s.file() + " " + s.stego()));
 *     DetectionMetrics m = d.evaluate(Path.of("covers"), List.of(Path.of("stegos")), Path.of("eval-out"));
 * }
 * }</pre>
 */
public final class Detector implements AutoCloseable {
    /** The largest image scored, in pixels (larger ones are listed as failures). */
    public static final long MAX_PIXELS = 64L << 20;

    /** One image: the probability that it is stego (1 − P(cover)) and every class's probability. */
    public record Score(Path file, double stego, float[] probabilities) {
    }

    /** An image that could not be scored, and why. */
    public record Failure(Path file, String reason) {
    }

    /** Scores in input order, and the files that could not be scored. */
    public record Detection(List<Score> scores, List<Failure> failures) {
    }

    /** Told after each batch: images done (scored or failed) of all. */
    @FunctionalInterface
    public interface Listener {
        void done(int done, int total);
    }

    private final Path runDir;
    private final DetectorRun run;
    private final DetectorNet net;
    private int workers = 2;
    private int batch = 16;
    private volatile boolean stopRequested;

    private Detector(Path runDir, DetectorRun run, DetectorNet net) {
        this.runDir = runDir;
        this.run = run;
        this.net = net;
    }

    /** The detector of a run folder (its best checkpoint, else its last); a folder that is not a detector is refused. */
    public static Detector load(Path runDir) throws IOException {
        DetectorRun run = DetectorRun.read(runDir);
        Path weights = run.weights(runDir);
        DetectorNet net = run.build();
        try {
            net.load(CheckpointFiles.readWeights(weights));
        } catch (RuntimeException e) {
            net.close();
            throw new org.efficientmixnet.io.FileFormatException(weights, "does not fit the detector described in "
                    + DetectorRun.FILE + " (" + e.getMessage() + ")", e);
        }
        // batch norms folded into their convolutions: 1.19x at batch 1, logits within 1e-6 (BENCHMARKS.md, levers);
        // a Detector only scores, so its network is never trained again
        net.network().fuseForInference();
        return new Detector(runDir, run, net);
    }

    public Detector workers(int n) {
        workers = Math.max(1, n);
        return this;
    }

    /** Images per forward pass (images of different sizes go to different passes). */
    public Detector batch(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("--batch must be ≥ 1, got " + n);
        }
        batch = n;
        return this;
    }

    /**
     * Asks a running {@link #score} or {@link #evaluate} to stop after the batch in flight (from any thread, e.g. a
     * shutdown hook): the network is then never in use when the process ends. What was scored is returned; a stopped
     * evaluation is an error.
     */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    public List<String> classes() {
        return run.classes();
    }

    public DetectorRun run() {
        return run;
    }

    public DetectorNet network() {
        return net;
    }

    /** Scores image files and every image under folders. */
    public Detection score(List<Path> inputs) throws IOException {
        return score(inputs, (d, t) -> { });
    }

    public Detection score(List<Path> inputs, Listener listener) throws IOException {
        List<Path> files = expand(inputs);
        List<Score> scores = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        Score[] byIndex = new Score[files.size()];
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "detector-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            // decoding runs at most two batches ahead of the network, so a huge folder never sits in memory
            List<Future<Object>> futures = new ArrayList<>();
            int submitted = 0;
            int done = 0;
            for (int start = 0; start < files.size() && !stopRequested; start += batch) {
                int end = Math.min(files.size(), start + batch);
                while (submitted < Math.min(files.size(), end + 2 * batch)) {
                    Path f = files.get(submitted++);
                    futures.add(pool.submit(() -> decodeOrFailure(f)));
                }
                Map<String, List<Integer>> bySize = new LinkedHashMap<>();
                Map<Integer, InputDecoding.Image> images = new LinkedHashMap<>();
                for (int i = start; i < end; i++) {
                    Object o = get(futures.get(i));
                    if (o instanceof Failure fl) {
                        failures.add(fl);
                        continue;
                    }
                    InputDecoding.Image im = (InputDecoding.Image) o;
                    images.put(i, im);
                    bySize.computeIfAbsent(im.channels() + "x" + im.height() + "x" + im.width(), k -> new ArrayList<>()).add(i);
                }
                for (List<Integer> idx : bySize.values()) {
                    InputDecoding.Image first = images.get(idx.get(0));
                    int per = first.data().length;
                    float[] data = new float[per * idx.size()];
                    for (int k = 0; k < idx.size(); k++) {
                        System.arraycopy(images.get(idx.get(k)).data(), 0, data, k * per, per);
                    }
                    float[][] p;
                    try {
                        p = DetectorTraining.probabilities(net, net.model().getNDManager(), data,
                                new long[] {idx.size(), first.channels(), first.height(), first.width()});
                    } catch (RuntimeException e) { // e.g. an image smaller than the network's kernels
                        String why = String.format(java.util.Locale.ROOT, "the network cannot score a %d×%d image (%s)",
                                first.width(), first.height(), String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                        idx.forEach(i -> failures.add(new Failure(files.get(i), why)));
                        continue;
                    }
                    for (int k = 0; k < idx.size(); k++) {
                        int i = idx.get(k);
                        byIndex[i] = new Score(files.get(i), 1.0 - p[k][0], p[k]);
                    }
                }
                for (int i = start; i < end; i++) {
                    futures.set(i, null); // let the decoded image go
                }
                done = end;
                listener.done(done, files.size());
            }
        } finally {
            pool.shutdownNow();
        }
        for (Score s : byIndex) {
            if (s != null) {
                scores.add(s);
            }
        }
        return new Detection(scores, failures);
    }

    private Object decodeOrFailure(Path f) {
        try {
            int[] size = ImageHeaders.size(f);
            if ((long) size[0] * size[1] > MAX_PIXELS) {
                return new Failure(f, String.format(java.util.Locale.ROOT, "%d×%d pixels, more than the %,d this "
                        + "detector scores", size[0], size[1], MAX_PIXELS));
            }
            return run.decoding().decode(f);
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String prefix = f + ": ";
            return new Failure(f, m.startsWith(prefix) ? m.substring(prefix.length()) : m);
        }
    }

    private static Object get(Future<Object> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(PairDataset::isImage).sorted().forEach(out::add);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException(p + ": no such image or folder");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no images in " + inputs);
        }
        return out;
    }

    /**
     * Metrics on held-out covers and stegos (paired as for training, every group used; whole images, or the centre
     * window when the run was trained with a crop), written to {@code out}: {@code eval-metrics.json},
     * {@code eval-scores.csv}, {@code roc.png}, {@code histogram.png}.
     */
    public DetectionMetrics evaluate(Path covers, List<Path> stegos, Path out) throws IOException {
        return evaluate(PairDataset.open(covers, stegos), out);
    }

    /** The metrics of one part (train, val, test) of the run's own split ({@code split.csv}). */
    public DetectionMetrics evaluateSplit(String part, Path out) throws IOException {
        DetectorConfig c = run.config();
        PairDataset all = PairDataset.open(Path.of(c.covers()), DetectorTraining.paths(c.stegos()));
        Path sf = runDir.resolve("split.csv");
        PairDataset d = Split.read(sf).part(all, part, sf);
        if (d.groups().isEmpty()) {
            throw new IllegalArgumentException(sf + ": the " + part + " part is empty");
        }
        return evaluate(d, out);
    }

    private DetectionMetrics evaluate(PairDataset data, Path out) throws IOException {
        DetectorConfig c = run.config();
        Files.createDirectories(out);
        try (PairBatches b = new PairBatches(data, run.decoding(), false, batch, c.crop(), workers)) {
            DetectorTraining.Scores s = DetectorTraining.score(net, net.model().getNDManager(), b.epoch(0, 0, false, false),
                    () -> stopRequested, true);
            if (stopRequested) {
                throw new IllegalStateException("evaluation stopped: the process was asked to stop");
            }
            s.write(out, "eval", classes());
            return s.metrics();
        }
    }

    @Override
    public void close() {
        net.close();
    }
}
