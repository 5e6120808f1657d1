package org.efficientmixnet.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.efficientmixnet.stego.dataset.SyntheticCovers;
import org.efficientmixnet.stego.features.Dctr;
import org.efficientmixnet.stego.features.Gfr;
import org.efficientmixnet.stego.features.Srm;
import org.efficientmixnet.stego.features.Srmq1;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;

/** Throughput of steganalysis feature extraction on a 512×512 grayscale JPEG (quality 75): decode + features. */
public final class FeatureBenchmark {
    /** Decode + features of one JPEG file's bytes. */
    interface Extractor {
        double[] extract(byte[] jpeg) throws IOException;
    }

    private FeatureBenchmark() {
    }

    /** One line for DCTR: median seconds per image on one thread, and images/s with every core busy. */
    public static String run(int runs) throws IOException {
        return measure("dctr 512×512 gray q75 (8000-D)", runs, b -> Dctr.extract(JpegCoefficients.read(b, "cover.jpg"), 0));
    }

    /** The same line for GFR (17000-D). */
    public static String gfr(int runs) throws IOException {
        return measure("gfr 512×512 gray q75 (17000-D)", runs, b -> Gfr.extract(JpegCoefficients.read(b, "cover.jpg"), 0));
    }

    static String measure(String label, int runs, Extractor e) throws IOException {
        byte[] cover = StegoBenchmark.cover(512, 75);
        List<Double> times = new ArrayList<>();
        double check = 0;
        for (int i = 0; i < runs + 1; i++) {
            long t0 = System.nanoTime();
            double[] f = e.extract(cover);
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
                return e.extract(cover)[1];
            } catch (IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        }).sum();
        double par = n / ((System.nanoTime() - t0) / 1e9);
        return String.format(Locale.ROOT, "%s: %.3f s per image on one thread (%.2f images/s), "
                + "%.2f images/s on %d cores; median of %d%s", label, median, 1 / median, par, cores, runs, check + sum > -1 ? "" : "?");
    }

    /**
     * One line each for SRM and SRMQ1 on a 512×512 8-bit grayscale image (a generated cover, never compressed;
     * features only, no decoding): median seconds per image on one thread, and images/s with every core busy.
     */
    public static List<String> spatial(int runs) {
        int[][] px = SyntheticCovers.pixels(512, 1, 0);
        List<String> lines = new ArrayList<>();
        lines.add(spatialLine("srm", Srm.DIMENSION, Srm::extract, px, runs));
        lines.add(spatialLine("srmq1", Srmq1.DIMENSION, Srmq1::extract, px, runs));
        return lines;
    }

    private static String spatialLine(String name, int dim, Function<int[][], double[]> f, int[][] px, int runs) {
        List<Double> times = new ArrayList<>();
        double check = 0;
        for (int i = 0; i < runs + 1; i++) {
            long t0 = System.nanoTime();
            double[] v = f.apply(px);
            long t1 = System.nanoTime();
            check += v[0];
            if (i > 0) {
                times.add((t1 - t0) / 1e9);
            }
        }
        double median = BenchWorker.median(times);
        int cores = Runtime.getRuntime().availableProcessors();
        int n = Math.max(cores, 2) * Math.max(1, runs / 2);
        long t0 = System.nanoTime();
        double sum = java.util.stream.IntStream.range(0, n).parallel().mapToDouble(i -> f.apply(px)[1]).sum();
        double par = n / ((System.nanoTime() - t0) / 1e9);
        return String.format(Locale.ROOT, "%s 512×512 gray (%,d-D): %.3f s per image on one thread (%.2f images/s), "
                + "%.2f images/s on %d cores; median of %d%s", name, dim, median, 1 / median, par, cores, runs,
                check + sum > -1 ? "" : "?");
    }
}
