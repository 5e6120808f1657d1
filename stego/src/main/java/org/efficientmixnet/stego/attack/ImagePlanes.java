package org.efficientmixnet.stego.attack;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.efficientmixnet.io.FileFormatException;

/**
 * The 8-bit sample planes of an image file: one plane ({@code gray}) for grayscale, three ({@code R}, {@code G},
 * {@code B}) for colour; an alpha channel is left out. PNG, BMP, GIF, TIFF and JPEG are read with ImageIO after the
 * header's size has been checked against {@link #MAX_PIXELS}; PGM (P5) and PPM (P6) with 8-bit samples are read
 * here. Samples of more than 8 bits are refused: the LSB attacks are defined on 8-bit samples.
 *
 * @param names  the channel names, one per plane
 * @param planes {@code planes[channel][row][col]}, each sample 0–255
 */
public record ImagePlanes(List<String> names, int[][][] planes) {
    /** The largest image read (pixels), checked from the header before anything is allocated. */
    public static final long MAX_PIXELS = 1L << 26;

    public ImagePlanes {
        if (names.size() != planes.length) {
            throw new IllegalArgumentException(names.size() + " names for " + planes.length + " planes");
        }
        names = List.copyOf(names);
    }

    public int rows() {
        return planes[0].length;
    }

    public int cols() {
        return planes[0][0].length;
    }

    /** Reads {@code file}; a file that is not a readable 8-bit image throws a {@link FileFormatException} naming it. */
    public static ImagePlanes read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileFormatException(file, "no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".pgm") || name.endsWith(".ppm") || name.endsWith(".pnm")) {
            return readNetpbm(file);
        }
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new FileFormatException(file, "not an image (PNG, BMP, GIF, TIFF, JPEG, PGM or PPM expected)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > MAX_PIXELS) {
                    throw new FileFormatException(file, "" + reader.getWidth(0) + "×" + reader.getHeight(0)
                            + " pixels; at most " + MAX_PIXELS + " pixels are read");
                }
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new FileFormatException(file, "cannot decode the image (" + e.getMessage() + ")", e);
        }
        return fromImage(img, file);
    }

    /** The planes of a decoded image; {@code source} (may be null) names it in errors. */
    public static ImagePlanes fromImage(BufferedImage img, Path source) {
        int h = img.getHeight();
        int w = img.getWidth();
        ColorModel cm = img.getColorModel();
        Raster raster = img.getRaster();
        if (cm instanceof IndexColorModel icm) {
            boolean gray = true;
            for (int i = 0; i < icm.getMapSize() && gray; i++) {
                gray = icm.getRed(i) == icm.getGreen(i) && icm.getGreen(i) == icm.getBlue(i);
            }
            int[][][] p = new int[gray ? 1 : 3][h][w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = img.getRGB(x, y);
                    if (gray) {
                        p[0][y][x] = rgb & 0xff;
                    } else {
                        p[0][y][x] = (rgb >> 16) & 0xff;
                        p[1][y][x] = (rgb >> 8) & 0xff;
                        p[2][y][x] = rgb & 0xff;
                    }
                }
            }
            return new ImagePlanes(gray ? List.of("gray") : List.of("R", "G", "B"), p);
        }
        int bands = raster.getNumBands();
        for (int b = 0; b < bands; b++) {
            int bits = raster.getSampleModel().getSampleSize(b);
            if (bits != 8) {
                throw new FileFormatException(source, "" + bits + "-bit samples; the LSB attacks need 8-bit samples");
            }
        }
        int colour = cm.getNumColorComponents();
        if (colour != 1 && colour != 3) {
            throw new FileFormatException(source, "" + colour + " colour components; gray or RGB expected");
        }
        int[][][] p = new int[colour][h][w];
        for (int c = 0; c < colour; c++) {
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, c, p[c][y]);
            }
        }
        return new ImagePlanes(colour == 1 ? List.of("gray") : List.of("R", "G", "B"), p);
    }

    /** Binary PGM (P5) or PPM (P6) with maxval ≤ 255. */
    static ImagePlanes readNetpbm(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            String magic = token(in, file);
            if (!magic.equals("P5") && !magic.equals("P6")) {
                throw new FileFormatException(file, "Netpbm magic '" + magic + "'; binary P5 (gray) or P6 (RGB) expected");
            }
            int w = number(in, file, "width");
            int h = number(in, file, "height");
            int max = number(in, file, "maxval");
            if (max < 1 || max > 255) {
                throw new FileFormatException(file, "maxval " + max + "; 8-bit samples (maxval ≤ 255) expected");
            }
            int channels = magic.equals("P5") ? 1 : 3;
            long need = (long) w * h * channels;
            if (w <= 0 || h <= 0 || (long) w * h > MAX_PIXELS || need > size) {
                throw new FileFormatException(file, "header says " + w + "×" + h + "×" + channels
                        + " samples, the file has " + size + " bytes (at most " + MAX_PIXELS + " pixels are read)");
            }
            byte[] data = in.readNBytes((int) need);
            if (data.length < need) {
                throw new FileFormatException(file, "data truncated (" + data.length + " of " + need + " bytes)");
            }
            int[][][] p = new int[channels][h][w];
            int i = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < channels; c++) {
                        int v = data[i++] & 0xff;
                        if (v > max) {
                            throw new FileFormatException(file, "sample " + v + " at (" + y + ", " + x + ") above maxval " + max);
                        }
                        p[c][y][x] = v;
                    }
                }
            }
            return new ImagePlanes(channels == 1 ? List.of("gray") : List.of("R", "G", "B"), p);
        }
    }

    private static String token(InputStream in, Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '#') {
                while ((b = in.read()) != -1 && b != '\n' && b != '\r') {
                    // comment
                }
            } else if (Character.isWhitespace(b)) {
                if (sb.length() > 0) {
                    return sb.toString();
                }
            } else {
                if (sb.length() >= 16) {
                    throw new FileFormatException(file, "header token longer than 16 characters");
                }
                sb.append((char) b);
            }
        }
        throw new FileFormatException(file, "header ends early");
    }

    private static int number(InputStream in, Path file, String what) throws IOException {
        String t = token(in, file);
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new FileFormatException(file, "" + what + " '" + t + "' is not a number");
        }
    }
}
