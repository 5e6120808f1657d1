package org.efficientmixnet.stego.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.efficientmixnet.stego.jpeg.JpegCompression;

/**
 * Natural-looking grayscale covers made from nothing, for tests and demos that must not download photos.
 * Each image is a dead-leaves scene over a background: occluding ellipses, rotated rectangles and straight
 * edges, each with its own brightness, gradient and texture, where backgrounds and textures are Gaussian fields
 * with a 1/f^β power spectrum (β drawn in 1.6–2.6, natural photos are near 2); then lens blur, vignetting and
 * sensor-like noise (signal-dependent shot noise plus read noise, σ about 0.7–2.5 gray levels at mid-gray and a
 * fixed pattern), clipped and rounded to 8 bits. JPEG covers come from the project's own encoder
 * ({@link JpegCompression}). Image {@code i} of seed {@code s} is the same on every JVM and whatever the thread
 * count ({@link StrictMath} and one {@link SplittableRandom} per image); a 256×256 image takes a few
 * milliseconds.
 */
public final class SyntheticCovers {
    /** What to make: {@code count} square covers of {@code size} pixels, JPEG {@code quality} (0 writes PNG). */
    public record Options(Path out, int count, int size, int quality, long seed, int threads) {
        public Options {
            if (count < 1 || count > 10_000_000) {
                throw new IllegalArgumentException("cover count must be 1..10000000, got " + count);
            }
            if (size < 8 || size > 8192) {
                throw new IllegalArgumentException("cover size must be 8..8192 pixels, got " + size);
            }
            if (quality < 0 || quality > 100) {
                throw new IllegalArgumentException("JPEG quality must be 1..100 (0 for PNG), got " + quality);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
        }
    }

    /** Told after each image: how many are done of how many. */
    public interface Listener {
        void finished(int done, int total);
    }

    private SyntheticCovers() {
    }

    /** The file name of image {@code index}: {@code synth_000042.jpg} (or {@code .png}). */
    public static String fileName(int index, int quality) {
        return String.format(Locale.ROOT, "synth_%06d.%s", index, quality > 0 ? "jpg" : "png");
    }

    /** Image {@code index} of {@code seed} as 8-bit gray pixels {@code [row][col]}. */
    public static int[][] pixels(int size, long seed, int index) {
        if (size < 8 || size > 8192) {
            throw new IllegalArgumentException("cover size must be 8..8192 pixels, got " + size);
        }
        SplittableRandom rnd = new SplittableRandom(mix(seed, index));
        int n = Integer.highestOneBit(size - 1) << 1;
        if (n < size) {
            n = size;
        }
        double[][] img = new double[size][size];
        // background: a 1/f field around a mean brightness, with a gentle illumination gradient
        double[][] back = powerLawField(n, 1.6 + rnd.nextDouble() * 1.0, rnd);
        double[][] tex = powerLawField(n, 1.6 + rnd.nextDouble() * 1.0, rnd);
        double mean = 60 + rnd.nextDouble() * 130;
        double contrast = 12 + rnd.nextDouble() * 28;
        double gx = (rnd.nextDouble() - 0.5) * 60 / size;
        double gy = (rnd.nextDouble() - 0.5) * 60 / size;
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                img[r][c] = mean + contrast * back[r][c] + gx * (c - size / 2.0) + gy * (r - size / 2.0);
            }
        }
        // dead leaves: occluding shapes, far to near, each with its own level, gradient and texture
        int leaves = 3 + rnd.nextInt(12);
        for (int s = 0; s < leaves; s++) {
            drawLeaf(img, tex, n, size, rnd);
        }
        // optics: a small Gaussian blur; vignetting
        double sigma = 0.4 + rnd.nextDouble() * 0.6;
        img = blur(img, sigma);
        double vig = rnd.nextDouble() * 0.25;
        double half = size / 2.0;
        // sensor: shot noise ∝ sqrt(signal), read noise, a weak fixed pattern (column offsets)
        double shot = 0.02 + rnd.nextDouble() * 0.04;
        double read = 0.3 + rnd.nextDouble() * 0.8;
        double[] columns = new double[size];
        double pattern = rnd.nextDouble() * 0.4;
        for (int c = 0; c < size; c++) {
            columns[c] = pattern * gauss(rnd);
        }
        int[][] out = new int[size][size];
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                double dr = (r - half) / half;
                double dc = (c - half) / half;
                double v = img[r][c] * (1 - vig * (dr * dr + dc * dc) / 2);
                double sd = StrictMath.sqrt(shot * Math.max(v, 0) + read * read);
                v += sd * gauss(rnd) + columns[c];
                out[r][c] = (int) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return out;
    }

    /** Image {@code index} of {@code seed} compressed at {@code quality} (1–100) by {@link JpegCompression}. */
    public static JpegCoefficients jpeg(int size, int quality, long seed, int index) {
        return JpegCompression.grayscale(pixels(size, seed, index), quality);
    }

    /**
     * Writes images 0 … count−1 to {@code o.out()} (created if needed) in parallel; an existing file is kept, so
     * a stopped run resumes. Returns the paths in index order.
     */
    public static List<Path> write(Options o, Listener listener) throws IOException {
        Files.createDirectories(o.out());
        List<Path> paths = new ArrayList<>(o.count());
        for (int i = 0; i < o.count(); i++) {
            paths.add(o.out().resolve(fileName(i, o.quality())));
        }
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(o.threads(), r -> {
            Thread t = new Thread(r, "synthetic-covers");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> jobs = new ArrayList<>();
            int chunk = Math.max(1, o.count() / (o.threads() * 8));
            for (int start = 0; start < o.count(); start += chunk) {
                int from = start;
                int to = Math.min(o.count(), start + chunk);
                jobs.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        Path p = paths.get(i);
                        if (!Files.exists(p)) {
                            try {
                                if (o.quality() > 0) {
                                    jpeg(o.size(), o.quality(), o.seed(), i).write(p, false);
                                } else {
                                    GrayImages.writePng(p, pixels(o.size(), o.seed(), i));
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(p + ": " + e.getMessage(), e);
                            }
                        }
                        listener.finished(done.incrementAndGet(), o.count());
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof UncheckedIOException u) {
                        throw u.getCause();
                    }
                    if (c instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new IOException(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return paths;
    }

    /** A standard normal draw (Marsaglia's polar method with StrictMath: the same on every JVM). */
    private static double gauss(SplittableRandom rnd) {
        while (true) {
            double u = 2 * rnd.nextDouble() - 1;
            double v = 2 * rnd.nextDouble() - 1;
            double s = u * u + v * v;
            if (s > 0 && s < 1) {
                return u * StrictMath.sqrt(-2 * StrictMath.log(s) / s);
            }
        }
    }

    private static long mix(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void drawLeaf(double[][] img, double[][] tex, int n, int size, SplittableRandom rnd) {
        int kind = rnd.nextInt(5); // 0-1 ellipse, 2-3 rectangle, 4 half-plane (a long straight edge)
        double cx = rnd.nextDouble() * size;
        double cy = rnd.nextDouble() * size;
        // radii from a power law: many small shapes, a few large ones (scale invariance)
        double rmin = size / 32.0;
        double rmax = size / 2.5;
        double a = rmin * StrictMath.pow(rmax / rmin, rnd.nextDouble());
        double b = a * (0.3 + rnd.nextDouble() * 0.7);
        double angle = rnd.nextDouble() * Math.PI;
        double cos = StrictMath.cos(angle);
        double sin = StrictMath.sin(angle);
        double level = 25 + rnd.nextDouble() * 205;
        double texContrast = 3 + rnd.nextDouble() * 20;
        double lx = (rnd.nextDouble() - 0.5) * 2 * 40 / size;
        double ly = (rnd.nextDouble() - 0.5) * 2 * 40 / size;
        int ox = rnd.nextInt(n);
        int oy = rnd.nextInt(n);
        double reach = kind == 4 ? Double.MAX_VALUE : Math.max(a, b) + 2;
        int r0 = kind == 4 ? 0 : (int) Math.max(0, Math.floor(cy - reach));
        int r1 = kind == 4 ? size - 1 : (int) Math.min(size - 1, Math.ceil(cy + reach));
        int c0 = kind == 4 ? 0 : (int) Math.max(0, Math.floor(cx - reach));
        int c1 = kind == 4 ? size - 1 : (int) Math.min(size - 1, Math.ceil(cx + reach));
        for (int r = r0; r <= r1; r++) {
            for (int c = c0; c <= c1; c++) {
                double x = c + 0.5 - cx;
                double y = r + 0.5 - cy;
                double u = x * cos + y * sin;
                double v = -x * sin + y * cos;
                double d; // signed distance in pixels, negative inside
                if (kind <= 1) {
                    d = (StrictMath.sqrt((u / a) * (u / a) + (v / b) * (v / b)) - 1) * Math.min(a, b);
                } else if (kind <= 3) {
                    d = Math.max(Math.abs(u) - a, Math.abs(v) - b);
                } else {
                    d = v;
                }
                double cover = Math.max(0, Math.min(1, 0.5 - d));
                if (cover > 0) {
                    double value = level + lx * x + ly * y + texContrast * tex[(r + oy) % n][(c + ox) % n];
                    img[r][c] = img[r][c] * (1 - cover) + value * cover;
                }
            }
        }
    }

    /** A zero-mean, unit-variance periodic Gaussian field of side n (a power of 2) with power spectrum 1/f^beta. */
    static double[][] powerLawField(int n, double beta, SplittableRandom rnd) {
        double[][] re = new double[n][n];
        double[][] im = new double[n][n];
        for (int y = 0; y < n; y++) {
            int fy = y <= n / 2 ? y : y - n;
            for (int x = 0; x < n; x++) {
                int fx = x <= n / 2 ? x : x - n;
                double f2 = fx * (double) fx + fy * (double) fy;
                if (f2 == 0) {
                    continue;
                }
                double amp = StrictMath.pow(f2, -beta / 4);
                re[y][x] = amp * gauss(rnd);
                im[y][x] = amp * gauss(rnd);
            }
        }
        fft2(re, im);
        double sum = 0;
        double sq = 0;
        for (double[] row : re) {
            for (double v : row) {
                sum += v;
                sq += v * v;
            }
        }
        double m = sum / ((double) n * n);
        double sd = StrictMath.sqrt(Math.max(1e-30, sq / ((double) n * n) - m * m));
        for (double[] row : re) {
            for (int x = 0; x < n; x++) {
                row[x] = (row[x] - m) / sd;
            }
        }
        return re;
    }

    /** In-place 2-D FFT (rows, then columns) of an n×n array, n a power of 2. */
    private static void fft2(double[][] re, double[][] im) {
        int n = re.length;
        for (int y = 0; y < n; y++) {
            fft(re[y], im[y]);
        }
        double[] cr = new double[n];
        double[] ci = new double[n];
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y++) {
                cr[y] = re[y][x];
                ci[y] = im[y][x];
            }
            fft(cr, ci);
            for (int y = 0; y < n; y++) {
                re[y][x] = cr[y];
                im[y][x] = ci[y];
            }
        }
    }

    /** Iterative radix-2 FFT, in place. */
    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = -2 * Math.PI / len;
            double wr = StrictMath.cos(ang);
            double wi = StrictMath.sin(ang);
            for (int i = 0; i < n; i += len) {
                double cr = 1;
                double ci = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = i + k;
                    int b = a + len / 2;
                    double xr = re[b] * cr - im[b] * ci;
                    double xi = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                    double t = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = t;
                }
            }
        }
    }

    private static double[][] blur(double[][] img, double sigma) {
        int rad = 2;
        double[] k = new double[2 * rad + 1];
        double s = 0;
        for (int i = -rad; i <= rad; i++) {
            k[i + rad] = StrictMath.exp(-i * i / (2 * sigma * sigma));
            s += k[i + rad];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= s;
        }
        int h = img.length;
        int w = img[0].length;
        double[][] tmp = new double[h][w];
        double[][] out = new double[h][w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double v = 0;
                for (int i = -rad; i <= rad; i++) {
                    v += k[i + rad] * img[r][Math.max(0, Math.min(w - 1, c + i))];
                }
                tmp[r][c] = v;
            }
        }
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double v = 0;
                for (int i = -rad; i <= rad; i++) {
                    v += k[i + rad] * tmp[Math.max(0, Math.min(h - 1, r + i))][c];
                }
                out[r][c] = v;
            }
        }
        return out;
    }
}
