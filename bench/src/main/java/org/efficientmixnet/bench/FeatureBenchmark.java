package org.efficientmixnet.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.efficientmixnet.stego.dataset.SyntheticCovers;
import org.efficientmixnet.stego.features.Dctr;
import org.efficientmixnet.stego.features.Gfr;
import org.efficientmixnet.stego.features.Srm;
import org.efficientmixnet.stego.features.Srmq1;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;

/** Throughput of steganalysis feature extraction on 512×512 grayscale images: JPEG decode + features, or features. */
public final class FeatureBenchmark {
    /** One extraction of the benchmark's image. */
    interface Extraction {
        double[] run() throws IOException;
    }

    private FeatureBenchmark() {
    }

    /** One line for DCTR: median seconds per image on one thread, and images/s with every core busy. */
    public static String run(int runs) throws IOException {
        byte[] cover = StegoBenchmark.cover(512, 75);
        return measure("dctr 512×512 gray q75 (8000-D)", runs, () -> Dctr.extract(JpegCoefficients.read(cover, "cover.jpg"), 0));
    }

    /** The same line for GFR (17000-D). */
    public static String gfr(int runs) throws IOException {
        byte[] cover = StegoBenchmark.cover(512, 75);
        return measure("gfr 512×512 gray q75 (17000-D)", runs, () -> Gfr.extract(JpegCoefficients.read(cover, "cover.jpg"), 0));
    }

    /**
     * One line each for SRM and SRMQ1 on a 512×512 8-bit grayscale image (a generated cover, never compressed;
     * features only, no decoding): median seconds per image on one thread, and images/s with every core busy.
     */
    public static List<String> spatial(int runs) throws IOException {
        int[][] px = SyntheticCovers.pixels(512, 1, 0);
        return List.of(
                measure(String.format(Locale.ROOT, "srm 512×512 gray (%,d-D)", Srm.DIMENSION), runs, () -> Srm.extract(px)),
                measure(String.format(Locale.ROOT, "srmq1 512×512 gray (%,d-D)", Srmq1.DIMENSION), runs, () -> Srmq1.extract(px)));
    }

    /** Median of {@code runs} timed extractions after one warm-up, then images/s with every core extracting. */
    static String measure(String label, int runs, Extraction e) throws IOException {
        List<Double> times = new ArrayList<>();
        double check = 0;
        for (int i = 0; i < runs + 1; i++) {
            long t0 = System.nanoTime();
            double[] f = e.run();
            long t1 = System.nanoTime();
            check += f[0];
            if (i > 0) {
                times.add((t1 - t0) / 1e9);
            }
        }
        double median = BenchWorker.median(times);
        int cores = Runtime.getRuntime().availableProcessors();
        int n = Math.max(cores, 2) * Math.max(1, runs / 2);
        long t0 = System.nanoTime();
        double sum = java.util.stream.IntStream.range(0, n).parallel().mapToDouble(i -> {
            try {
                return e.run()[1];
            } catch (IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        }).sum();
        double par = n / ((System.nanoTime() - t0) / 1e9);
        return String.format(Locale.ROOT, "%s: %.3f s per image on one thread (%.2f images/s), "
                + "%.2f images/s on %d cores; median of %d%s", label, median, 1 / median, par, cores, runs, check + sum > -1 ? "" : "?");
    }
}
