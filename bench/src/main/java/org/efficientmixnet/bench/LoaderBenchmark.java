package org.efficientmixnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Iterator;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.efficientmixnet.stego.jpeg.JpegComponent;
import org.efficientmixnet.steganalysis.InputDecoding;
import org.efficientmixnet.steganalysis.PairBatches;
import org.efficientmixnet.steganalysis.PairDataset;

/**
 * Throughput of the steganalysis training data path on 256×256 grayscale JPEG pairs, as training runs it: the
 * steganalysis module's {@link PairBatches} over a {@link PairDataset} (read the file, decode the coefficients,
 * dequantize and IDCT to real-valued pixels, {@code gray/unrounded/pixels} decoding, one random D4 element per
 * pair, batches of 16 images = 8 pairs) with 1 and more decoding workers. The pairs are written once to a temporary
 * folder and read from it each time (the page cache holds them: this measures the CPU's work, not the disk's).
 */
public final class LoaderBenchmark {
    private LoaderBenchmark() {
    }

    /** The result of one measurement. */
    public record Result(int threads, int images, double seconds) {
        public double imagesPerSecond() {
            return images / seconds;
        }
    }

    static final int SIZE = 256;
    static final int BATCH = 16;

    /** Writes {@code pairs} cover/stego pairs (quality 75; the stego with ±1 changes on 5% of the AC coefficients). */
    static List<Path> writePairs(Path dir, int pairs) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.createDirectories(dir.resolve("covers"));
        Files.createDirectories(dir.resolve("stego"));
        Random r = new Random(7);
        for (int i = 0; i < pairs; i++) {
            byte[] cover = StegoBenchmark.cover(SIZE, 75, i + 1);
            String name = String.format(Locale.ROOT, "%04d.jpg", i);
            Path c = dir.resolve("covers").resolve(name);
            Path s = dir.resolve("stego").resolve(name);
            AtomicFile.write(c, cover);
            JpegCoefficients j = JpegCoefficients.read(cover, c.toString());
            JpegComponent comp = j.component(0);
            for (int bi = 0; bi < comp.heightInBlocks(); bi++) {
                for (int bj = 0; bj < comp.widthInBlocks(); bj++) {
                    for (int k = 1; k < 64; k++) {
                        if (r.nextDouble() < 0.05) {
                            comp.set(bi, bj, k, comp.get(bi, bj, k) + (r.nextBoolean() ? 1 : -1));
                        }
                    }
                }
            }
            AtomicFile.write(s, j.toBytes(false));
            files.add(c);
            files.add(s);
        }
        return files;
    }

    /** One epoch over the pairs in {@code dir} (covers/, stego/), shuffled and augmented, with {@code threads} workers. */
    static Result measure(Path dir, int threads, long seed) throws Exception {
        PairDataset data = PairDataset.open(dir.resolve("covers"), List.of(dir.resolve("stego")));
        int images = 0;
        double checksum = 0;
        long t0 = System.nanoTime();
        try (PairBatches batches = new PairBatches(data, InputDecoding.of("gray", "unrounded", "pixels"), false, BATCH, 0, threads)) {
            for (Iterator<PairBatches.PairBatch> it = batches.epoch(seed, 0, true, true); it.hasNext(); ) {
                PairBatches.PairBatch b = it.next();
                images += b.size();
                checksum += b.data()[0];
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (!Double.isFinite(checksum)) {
            throw new IllegalStateException("non-finite pixels");
        }
        return new Result(threads, images, s);
    }

    /**
     * Writes {@code pairs} pairs to a temporary folder, loads them once to warm up, then {@code runs} times with
     * each thread count; one line per thread count with the median images/s and the spread.
     */
    public static List<String> run(int pairs, int runs, List<Integer> threadCounts) throws Exception {
        Path dir = Files.createTempDirectory("emn-loader-bench");
        try {
            writePairs(dir, pairs);
            measure(dir, 1, 0);
            List<String> lines = new ArrayList<>();
            for (int t : threadCounts) {
                List<Double> ips = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    ips.add(measure(dir, t, i + 1).imagesPerSecond());
                }
                lines.add(String.format(Locale.ROOT,
                        "loader 256×256 gray JPEG pairs (steganalysis PairBatches: decode + IDCT + D4 + batch 16), %d worker(s): %.1f images/s "
                                + "(median of %d, %.1f–%.1f), %d images each",
                        t, BenchWorker.median(ips), runs, ips.stream().mapToDouble(d -> d).min().orElse(0),
                        ips.stream().mapToDouble(d -> d).max().orElse(0), pairs * 2 / BATCH * BATCH));
            }
            return lines;
        } finally {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
