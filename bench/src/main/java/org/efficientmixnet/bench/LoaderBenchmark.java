package org.efficientmixnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.efficientmixnet.stego.jpeg.JpegComponent;
import org.efficientmixnet.stego.jpeg.JpegPixels;

/**
 * Throughput of the steganalysis training data path on 256×256 grayscale JPEG pairs: read the file, decode the
 * coefficients (stego module), dequantize and IDCT to real-valued pixels ({@link JpegPixels#component}, as the
 * detectors take JPEG input: no rounding), scale to [-1, 1], one random D4 transform (the same for cover and
 * stego of a pair) and copy into a batch of 16 images (8 pairs) in NCHW order. Single-threaded and with a pool of
 * workers, one image per task. The pairs are written once to a temporary folder and read from it each time (the
 * page cache holds them: this measures the CPU's work, not the disk's).
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
        Random r = new Random(7);
        for (int i = 0; i < pairs; i++) {
            byte[] cover = StegoBenchmark.cover(SIZE, 75, i + 1);
            Path c = dir.resolve(String.format(Locale.ROOT, "%04d-cover.jpg", i));
            Path s = dir.resolve(String.format(Locale.ROOT, "%04d-stego.jpg", i));
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

    /** One image through the data path into {@code batch} at image slot {@code slot}, D4 element {@code t}. */
    static void load(Path file, int t, float[] batch, int slot) throws IOException {
        JpegCoefficients j = JpegCoefficients.read(file);
        double[][] px = JpegPixels.component(j, 0);
        int h = px.length;
        int w = px[0].length;
        if (h != SIZE || w != SIZE) {
            throw new IllegalArgumentException(file + ": expected " + SIZE + "×" + SIZE + ", got " + w + "×" + h);
        }
        int base = slot * SIZE * SIZE;
        for (int y = 0; y < h; y++) {
            double[] row = px[y];
            for (int x = 0; x < w; x++) {
                // D4 element t: bit 2 transposes, bit 1 flips rows, bit 0 flips columns
                int yy = (t & 2) != 0 ? h - 1 - y : y;
                int xx = (t & 1) != 0 ? w - 1 - x : x;
                int oy = (t & 4) != 0 ? xx : yy;
                int ox = (t & 4) != 0 ? yy : xx;
                batch[base + oy * SIZE + ox] = (float) (row[x] / 127.5 - 1.0);
            }
        }
    }

    /** Loads every file once, in batches of 16, with {@code threads} workers (1: in this thread). */
    static Result measure(List<Path> files, int threads, long seed) throws Exception {
        Random r = new Random(seed);
        int n = files.size() / BATCH * BATCH;
        long t0 = System.nanoTime();
        double checksum = 0;
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        try {
            for (int b = 0; b < n; b += BATCH) {
                float[] batch = new float[BATCH * SIZE * SIZE];
                int[] transforms = new int[BATCH / 2];
                for (int p = 0; p < transforms.length; p++) {
                    transforms[p] = r.nextInt(8);
                }
                if (pool == null) {
                    for (int i = 0; i < BATCH; i++) {
                        load(files.get(b + i), transforms[i / 2], batch, i);
                    }
                } else {
                    List<Future<?>> fs = new ArrayList<>();
                    for (int i = 0; i < BATCH; i++) {
                        int slot = i;
                        Path f = files.get(b + i);
                        fs.add(pool.submit(() -> {
                            load(f, transforms[slot / 2], batch, slot);
                            return null;
                        }));
                    }
                    for (Future<?> f : fs) {
                        f.get();
                    }
                }
                checksum += batch[0];
            }
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (!Double.isFinite(checksum)) {
            throw new IllegalStateException("non-finite pixels");
        }
        return new Result(threads, n, s);
    }

    /**
     * Writes {@code pairs} pairs to a temporary folder, loads them once to warm up, then {@code runs} times with
     * each thread count; one line per thread count with the median images/s and the spread.
     */
    public static List<String> run(int pairs, int runs, List<Integer> threadCounts) throws Exception {
        Path dir = Files.createTempDirectory("emn-loader-bench");
        try {
            List<Path> files = writePairs(dir, pairs);
            measure(files, 1, 0);
            List<String> lines = new ArrayList<>();
            for (int t : threadCounts) {
                List<Double> ips = new ArrayList<>();
                for (int i = 0; i < runs; i++) {
                    ips.add(measure(files, t, i + 1).imagesPerSecond());
                }
                lines.add(String.format(Locale.ROOT,
                        "loader 256×256 gray JPEG pairs (decode + IDCT + D4 + batch 16), %d thread(s): %.1f images/s "
                                + "(median of %d, %.1f–%.1f), %d images each",
                        t, BenchWorker.median(ips), runs, ips.stream().mapToDouble(d -> d).min().orElse(0),
                        ips.stream().mapToDouble(d -> d).max().orElse(0), pairs * 2 / BATCH * BATCH));
            }
            return lines;
        } finally {
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
