package org.efficientmixnet.stego.dataset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.efficientmixnet.io.AtomicFile;

/**
 * Covers from any folder of photos: grayscale (luma 0.299 R + 0.587 G + 0.114 B), then a center crop or
 * non-overlapping tiles of a size (or the whole image with size 0), written as PNG or recompressed as a grayscale
 * baseline JPEG at a quality (javax.imageio's JPEG writer: the standard tables scaled by the IJG quality formula).
 * With {@code color} the photos keep their colour: 8-bit RGB PNG, or a three-component YCbCr JPEG (javax.imageio's
 * default: chroma subsampled 2×2, the standard luminance and chrominance tables at the quality); gray photos become
 * three equal channels. Photos smaller than the size, files that are not images and undecodable ones are skipped and
 * listed.
 */
public final class CoverPreparation {
    /**
     * What to make. {@code quality} 0 writes PNG; 1–100 writes JPEG. {@code minNzac} &gt; 0 skips (JPEG) covers with
     * fewer non-zero AC coefficients (flat tiles: sky, walls, black borders). {@code threads} photos are converted at
     * once. {@code color} keeps RGB instead of converting to gray. {@code downscale} k &gt; 1 first replaces every
     * k×k block of the photo (of each channel) by its rounded mean, dropping partial blocks at the right and bottom
     * (the JPEG traces of photos are averaged away, as {@code emn stego attack study --downscale} does).
     */
    public record Options(Path photos, Path out, int size, boolean tile, int quality, int minNzac, int threads,
            boolean color, int downscale) {
        public Options {
            if (downscale < 1 || downscale > 64) {
                throw new IllegalArgumentException("--downscale must be 1..64, got " + downscale);
            }
            if (size != 0 && size < 8) {
                throw new IllegalArgumentException("cover size must be ≥ 8 (or 0 for the whole image), got " + size);
            }
            if (quality < 0 || quality > 100) {
                throw new IllegalArgumentException("JPEG quality must be 1..100 (0 for PNG), got " + quality);
            }
            if (minNzac < 0) {
                throw new IllegalArgumentException("--min-nzac must be ≥ 0, got " + minNzac);
            }
            if (minNzac > 0 && quality == 0) {
                throw new IllegalArgumentException("--min-nzac counts the non-zero AC coefficients of JPEG covers: give "
                        + "--quality too");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
            }
        }

        /** Grayscale covers. */
        public Options(Path photos, Path out, int size, boolean tile, int quality, int minNzac, int threads) {
            this(photos, out, size, tile, quality, minNzac, threads, false, 1);
        }

        /** No flat-tile filter, one thread per core, grayscale. */
        public Options(Path photos, Path out, int size, boolean tile, int quality) {
            this(photos, out, size, tile, quality, 0, Runtime.getRuntime().availableProcessors());
        }
    }

    /** Told after each photo: how many are done of how many. */
    public interface Listener {
        void finished(int done, int total);
    }

    /**
     * What a run made: the covers in photo order, the problems (one line each, photo order), the covers skipped as
     * flat ({@code minNzac}) and the photos read.
     */
    public record Report(List<Path> covers, List<String> problems, int flatSkipped, int photos) {
    }

    private CoverPreparation() {
    }

    /** Returns the covers written; failures and too-small photos are listed in {@code problems}. */
    public static List<Path> run(Options o, List<String> problems) throws IOException {
        Report r = prepare(o, (d, t) -> { });
        problems.addAll(r.problems());
        return r.covers();
    }

    /**
     * Converts every photo, in parallel; outputs and problems come in photo order whatever the threads. Two photos
     * with one base name ({@code a.png}, {@code a.jpg}) both make covers: each is then named with its extension
     * ({@code a_png…}, {@code a_jpg…}).
     */
    public static Report prepare(Options o, Listener listener) throws IOException {
        if (!Files.isDirectory(o.photos())) {
            throw new IllegalArgumentException("photo folder " + o.photos() + " does not exist or is not a folder");
        }
        Files.createDirectories(o.out());
        if (Files.isSameFile(o.photos(), o.out())) {
            throw new IllegalArgumentException("output folder " + o.out() + " is the photo folder; choose another one");
        }
        List<String> problems = new ArrayList<>();
        List<Path> photos = new ArrayList<>();
        try (var files = Files.list(o.photos())) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".")) {
                    continue;
                }
                if (EmbedJob.isImageName(n)) {
                    photos.add(p);
                } else {
                    problems.add(n + ": not an image (by its name), skipped");
                }
            }
        }
        if (photos.isEmpty()) {
            throw new IllegalArgumentException("photo folder " + o.photos() + " has no images");
        }
        List<String> bases = baseNames(photos);
        int n = photos.size();
        @SuppressWarnings("unchecked")
        List<Path>[] made = new List[n];
        String[][] trouble = new String[n][];
        int[] flat = new int[n];
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(o.threads(), n), r -> {
                    Thread t = new Thread(r, "cover-preparation");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                jobs.add(pool.submit(() -> {
                    List<String> pr = new ArrayList<>();
                    int[] f = {0};
                    made[k] = one(o, photos.get(k), bases.get(k), pr, f);
                    trouble[k] = pr.toArray(new String[0]);
                    flat[k] = f[0];
                    listener.finished(done.incrementAndGet(), n);
                    return null;
                }));
            }
            for (var j : jobs) {
                try {
                    j.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
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
        List<Path> out = new ArrayList<>();
        int flats = 0;
        for (int i = 0; i < n; i++) {
            out.addAll(made[i]);
            problems.addAll(List.of(trouble[i]));
            flats += flat[i];
        }
        return new Report(out, problems, flats, n);
    }

    /** Base names for the covers: the file name without extension, with the extension kept where two would clash. */
    static List<String> baseNames(List<Path> photos) {
        java.util.Map<String, Integer> count = new java.util.HashMap<>();
        List<String> plain = new ArrayList<>();
        for (Path p : photos) {
            String b = p.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            plain.add(b);
            count.merge(b, 1, Integer::sum);
        }
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (int i = 0; i < photos.size(); i++) {
            if (count.get(plain.get(i)) == 1) {
                taken.add(plain.get(i));
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            String b = plain.get(i);
            if (count.get(b) > 1) {
                String name = photos.get(i).getFileName().toString();
                String ext = name.substring(name.lastIndexOf('.') + 1);
                String candidate = b + "_" + ext;
                for (int k = 2; taken.contains(candidate); k++) {
                    candidate = b + "_" + ext + k;
                }
                b = candidate;
                taken.add(b);
            }
            out.add(b);
        }
        return out;
    }

    private static List<Path> one(Options o, Path p, String base, List<String> problems, int[] flat) throws IOException {
        List<Path> out = new ArrayList<>();
        int[][] px = null;
        BufferedImage colour = null;
        try {
            if (o.color()) {
                colour = downscale(readRgb(p), o.downscale());
            } else {
                px = org.efficientmixnet.stego.attack.AttackStudy.downscale(GrayImages.read(p), o.downscale());
                if (px.length == 0 || px[0].length == 0) {
                    throw new IllegalArgumentException("smaller than one " + o.downscale() + "×" + o.downscale() + " block");
                }
            }
        } catch (IOException | RuntimeException e) {
            problems.add(p.getFileName() + ": " + EmbedJob.message(e) + ", skipped");
            return out;
        }
        int h = colour != null ? colour.getHeight() : px.length;
        int w = colour != null ? colour.getWidth() : px[0].length;
        if (h < o.size() || w < o.size()) {
            problems.add(p.getFileName() + ": " + w + "×" + h + (o.downscale() > 1 ? " (after downscale " + o.downscale()
                    + ")" : "") + " is smaller than " + o.size() + ", skipped");
            return out;
        }
        int sh = o.size() == 0 ? h : o.size();
        int sw = o.size() == 0 ? w : o.size();
        List<int[]> origins = new ArrayList<>();
        if (o.tile()) {
            for (int y = 0; y + sh <= h; y += sh) {
                for (int x = 0; x + sw <= w; x += sw) {
                    origins.add(new int[] {y, x});
                }
            }
        } else {
            origins.add(new int[] {(h - sh) / 2, (w - sw) / 2});
        }
        for (int[] at : origins) {
            int[][] crop = new int[sh][sw];
            BufferedImage image;
            if (colour != null) {
                image = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_RGB);
                image.setRGB(0, 0, sw, sh, colour.getRGB(at[1], at[0], sw, sh, null, 0, sw), 0, sw);
            } else {
                for (int y = 0; y < sh; y++) {
                    System.arraycopy(px[at[0] + y], at[1], crop[y], 0, sw);
                }
                image = GrayImages.toImage(crop);
            }
            String name = base + (o.tile() ? "_" + at[0] + "_" + at[1] : "") + (o.quality() > 0 ? ".jpg" : ".png");
            Path target = o.out().resolve(name);
            if (o.quality() > 0) {
                byte[] jpeg = jpegBytes(image, o.quality());
                if (o.minNzac() > 0) {
                    var j = org.efficientmixnet.stego.jpeg.JpegCoefficients.read(jpeg, name);
                    if (org.efficientmixnet.stego.embed.DctLayout.nonZeroAc(j.component(0).toLayout()) < o.minNzac()) {
                        flat[0]++;
                        continue;
                    }
                }
                AtomicFile.write(target, jpeg);
            } else if (colour != null) {
                AtomicFile.write(target, tmp -> {
                    if (!ImageIO.write(image, "png", tmp.toFile())) {
                        throw new IOException(target + ": no PNG writer");
                    }
                });
            } else {
                GrayImages.writePng(target, crop);
            }
            out.add(target);
        }
        return out;
    }

    /**
     * A photo as 8-bit RGB (alpha dropped, 16-bit scaled, palettes expanded); PGM and gray photos give three equal
     * channels. Sizes are checked before decoding, as for gray covers.
     */
    static BufferedImage readRgb(Path p) throws IOException {
        BufferedImage img = GrayImages.isPgm(p) ? null : org.efficientmixnet.io.ImageFiles.read(p);
        // getRGB of a gray colour space converts linear gray to sRGB (brighter): gray samples are taken as they are
        if (img == null || (img.getRaster().getNumBands() == 1
                && !(img.getColorModel() instanceof java.awt.image.IndexColorModel))) {
            int[][] g = GrayImages.read(p);
            BufferedImage rgb = new BufferedImage(g[0].length, g.length, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < g.length; y++) {
                for (int x = 0; x < g[0].length; x++) {
                    rgb.setRGB(x, y, g[y][x] * 0x010101);
                }
            }
            return rgb;
        }
        BufferedImage rgb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        int w = img.getWidth();
        int[] row = new int[w];
        for (int y = 0; y < img.getHeight(); y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            rgb.setRGB(0, y, w, 1, row, 0, w);
        }
        return rgb;
    }

    /** Every k×k block of each channel replaced by its rounded mean (partial blocks dropped). */
    static BufferedImage downscale(BufferedImage rgb, int k) {
        if (k == 1) {
            return rgb;
        }
        int h = rgb.getHeight();
        int w = rgb.getWidth();
        if (h < k || w < k) {
            throw new IllegalArgumentException(w + "×" + h + " is smaller than one " + k + "×" + k + " block");
        }
        int rows = h / k;
        int cols = w / k;
        BufferedImage small = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_RGB);
        int[] line = new int[cols * k];
        long[] sum = new long[3 * cols];
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(sum, 0);
            for (int dy = 0; dy < k; dy++) {
                rgb.getRGB(0, r * k + dy, cols * k, 1, line, 0, cols * k);
                for (int x = 0; x < cols * k; x++) {
                    int v = line[x];
                    int c = 3 * (x / k);
                    sum[c] += (v >> 16) & 0xff;
                    sum[c + 1] += (v >> 8) & 0xff;
                    sum[c + 2] += v & 0xff;
                }
            }
            for (int c = 0; c < cols; c++) {
                // the rounded mean, as AttackStudy.downscale takes it for gray covers
                int red = (int) Math.round((double) sum[3 * c] / (k * k));
                int green = (int) Math.round((double) sum[3 * c + 1] / (k * k));
                int blue = (int) Math.round((double) sum[3 * c + 2] / (k * k));
                small.setRGB(c, r, red << 16 | green << 8 | blue);
            }
        }
        return small;
    }

    /** A baseline JPEG at {@code quality} (1–100) in memory, from javax.imageio's writer. */
    static byte[] jpegBytes(BufferedImage img, int quality) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = w.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            w.setOutput(ios);
            w.write(null, new IIOImage(img, null, null), param);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }

    /** A baseline JPEG at {@code quality} (1–100), written to a temporary file and renamed. */
    public static void writeJpeg(Path file, BufferedImage img, int quality) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            AtomicFile.write(file, tmp -> {
                ImageWriteParam param = w.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
                try (ImageOutputStream ios = ImageIO.createImageOutputStream(tmp.toFile())) {
                    w.setOutput(ios);
                    w.write(null, new IIOImage(img, null, null), param);
                }
            });
        } finally {
            w.dispose();
        }
    }
}
