package org.efficientmixnet.stego.attack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The accuracy of the structural attacks on covers with {@link RandomLsbReplacement} at known rates: for every
 * method and rate the bias (mean of estimate − rate), the spread (standard deviation of the estimates), the median
 * absolute error and the 5th and 95th percentiles of the error. Covers are grayscale planes; {@link #covers} makes
 * them from photos (luma, block-averaged by an integer factor so that JPEG traces are averaged away, cut into
 * tiles).
 */
public final class AttackStudy {
    /** A named estimator of the payload (bits per pixel) of one plane. */
    public record Method(String name, ToDoubleFunction<int[][]> estimator) {
        public static Method of(StructuralAttack a) {
            return new Method(a.id(), a::estimate);
        }
    }

    /** One method at one rate over {@code n} images. */
    public record Row(String method, double rate, int n, double bias, double spread, double medianAbsError,
            double p5, double p95) {
    }

    private AttackStudy() {
    }

    /** Every method at every rate on every cover; cover i at rate j is embedded with seed {@code seed + 1000 i + j}. */
    public static List<Row> run(List<int[][]> covers, List<Method> methods, double[] rates, long seed) {
        double[][][] est = new double[covers.size()][rates.length][methods.size()];
        IntStream.range(0, covers.size()).parallel().forEach(i -> {
            for (int j = 0; j < rates.length; j++) {
                int[][] stego = RandomLsbReplacement.embed(covers.get(i), rates[j], seed + 1000L * i + j);
                for (int m = 0; m < methods.size(); m++) {
                    est[i][j][m] = methods.get(m).estimator().applyAsDouble(stego);
                }
            }
        });
        List<Row> rows = new ArrayList<>();
        for (int m = 0; m < methods.size(); m++) {
            for (int j = 0; j < rates.length; j++) {
                double[] err = new double[covers.size()];
                double[] abs = new double[covers.size()];
                for (int i = 0; i < err.length; i++) {
                    err[i] = est[i][j][m] - rates[j];
                    abs[i] = Math.abs(err[i]);
                }
                double mean = Arrays.stream(err).average().orElse(Double.NaN);
                double var = Arrays.stream(err).map(e -> (e - mean) * (e - mean)).sum() / Math.max(1, err.length - 1);
                Arrays.sort(err);
                Arrays.sort(abs);
                rows.add(new Row(methods.get(m).name(), rates[j], err.length, mean, Math.sqrt(var), quantile(abs, 0.5),
                        quantile(err, 0.05), quantile(err, 0.95)));
            }
        }
        return rows;
    }

    /** The q-quantile of sorted values, interpolated linearly. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** The rows as a Markdown table. */
    public static String markdown(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| method | rate (bpp) | images | bias | spread (std) | median abs error | error 5% | error 95% |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f | %d | %+.4f | %.4f | %.4f | %+.4f | %+.4f |%n",
                    r.method(), r.rate(), r.n(), r.bias(), r.spread(), r.medianAbsError(), r.p5(), r.p95()));
        }
        return sb.toString();
    }

    /**
     * Grayscale covers from the images in {@code folder} (sorted by name): luma, averaged over
     * {@code downscale}×{@code downscale} blocks, then cut into non-overlapping {@code tile}×{@code tile} tiles
     * (tile 0: the whole image), at most {@code maxCovers} in all.
     */
    public static List<int[][]> covers(Path folder, int downscale, int tile, int maxCovers) throws IOException {
        if (downscale < 1 || tile < 0 || maxCovers < 1) {
            throw new IllegalArgumentException("downscale ≥ 1, tile ≥ 0 and max covers ≥ 1 expected");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(f -> Files.isRegularFile(f) && isImageName(f)).sorted().toList();
        }
        List<int[][]> out = new ArrayList<>();
        for (Path f : files) {
            ImagePlanes img = ImagePlanes.read(f);
            int[][] gray = luma(img);
            int[][] small = downscale(gray, downscale);
            if (tile == 0) {
                out.add(small);
            } else {
                for (int r = 0; r + tile <= small.length; r += tile) {
                    for (int c = 0; c + tile <= small[0].length; c += tile) {
                        int[][] t = new int[tile][];
                        for (int y = 0; y < tile; y++) {
                            t[y] = Arrays.copyOfRange(small[r + y], c, c + tile);
                        }
                        out.add(t);
                    }
                }
            }
            if (out.size() >= maxCovers) {
                return out.subList(0, maxCovers);
            }
        }
        return out;
    }

    /** Whether the file name ends in an image extension we read. */
    public static boolean isImageName(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.matches(".*\\.(png|bmp|gif|tif|tiff|jpg|jpeg|pgm|ppm|pnm)");
    }

    /** 0.299 R + 0.587 G + 0.114 B rounded, or the gray plane itself. */
    public static int[][] luma(ImagePlanes img) {
        int[][][] p = img.planes();
        if (p.length == 1) {
            return p[0];
        }
        int[][] g = new int[img.rows()][img.cols()];
        for (int y = 0; y < g.length; y++) {
            for (int x = 0; x < g[0].length; x++) {
                g[y][x] = (int) Math.round(0.299 * p[0][y][x] + 0.587 * p[1][y][x] + 0.114 * p[2][y][x]);
            }
        }
        return g;
    }

    /** The mean of every k×k block, rounded (the last partial blocks are dropped). */
    public static int[][] downscale(int[][] x, int k) {
        if (k == 1) {
            return x;
        }
        int rows = x.length / k;
        int cols = x[0].length / k;
        int[][] y = new int[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int s = 0;
                for (int dy = 0; dy < k; dy++) {
                    for (int dx = 0; dx < k; dx++) {
                        s += x[r * k + dy][c * k + dx];
                    }
                }
                y[r][c] = (int) Math.round((double) s / (k * k));
            }
        }
        return y;
    }
}
