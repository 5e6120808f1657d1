package org.efficientmixnet.stego.dataset;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.efficientmixnet.io.ImageFiles;
import org.efficientmixnet.io.AtomicFile;

/**
 * Grayscale 8-bit images as {@code int[row][col]} (0–255). PNG, BMP, GIF, TIFF and JPEG are read with ImageIO,
 * PGM (P2/P5) here; written as PNG through a temporary file. {@link #readGrayscale} is for covers and refuses
 * anything that is not already 8-bit gray; {@link #read} converts colour to luma (for preparing covers).
 */
public final class GrayImages {
    private GrayImages() {
    }

    /** An 8-bit grayscale image as it is stored; colour, alpha or 16-bit samples are refused with a clear error. */
    public static int[][] readGrayscale(Path file) throws IOException {
        return read(file, true);
    }

    /** Any image as 8-bit gray: colour converted to luma (0.299 R + 0.587 G + 0.114 B), 16-bit scaled down. */
    public static int[][] read(Path file) throws IOException {
        return read(file, false);
    }

    /** {@link #readGrayscale(Path)} of an image held in memory; {@code name} is its file name (the extension picks PGM). */
    public static int[][] readGrayscale(byte[] data, String name) throws IOException {
        return read(data, name, true);
    }

    /** {@link #read(Path)} of an image held in memory; {@code name} is its file name (the extension picks PGM). */
    public static int[][] read(byte[] data, String name) throws IOException {
        return read(data, name, false);
    }

    private static int[][] read(Path file, boolean strict) throws IOException {
        if (isPgm(file)) {
            return readPgm(Files.readAllBytes(file), file.toString(), strict);
        }
        // sizes checked before decoding; truncated or damaged data (which ImageIO fills with gray) refused
        return pixels(ImageFiles.read(file), file.toString(), strict);
    }

    private static int[][] read(byte[] data, String name, boolean strict) throws IOException {
        if (isPgm(name)) {
            return readPgm(data, name, strict);
        }
        // the same checks as for a file, the data's length standing for the file's size
        return pixels(ImageFiles.read(data, ImageFiles.nameForMessages(name)), name, strict);
    }

    private static int[][] pixels(BufferedImage img, String file, boolean strict) throws IOException {
        int h = img.getHeight();
        int w = img.getWidth();
        int[][] px = new int[h][w];
        ColorModel cm = img.getColorModel();
        WritableRaster raster = img.getRaster();
        boolean plainGray = raster.getNumBands() == 1 && !(cm instanceof IndexColorModel)
                && cm.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
        int bits = raster.getSampleModel().getSampleSize(0);
        if (plainGray && bits == 8) {
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, px[y]);
            }
            return px;
        }
        if (strict && plainGray) {
            throw new IllegalArgumentException(file + ": " + bits + "-bit grayscale; covers must be 8-bit grayscale"
                    + " (emn stego prepare converts)");
        }
        boolean grayPalette = cm instanceof IndexColorModel icm && !icm.hasAlpha() && isGrayPalette(icm);
        if (strict && !grayPalette && !plainGray) {
            throw new IllegalArgumentException(file + ": " + describe(cm, raster.getNumBands())
                    + "; spatial algorithms embed into 8-bit grayscale covers (emn stego prepare converts photos)");
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                double l = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                px[y][x] = (int) Math.round(l);
            }
        }
        return px;
    }

    private static boolean isGrayPalette(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++) {
            if (icm.getRed(i) != icm.getGreen(i) || icm.getGreen(i) != icm.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(ColorModel cm, int bands) {
        if (cm instanceof IndexColorModel) {
            return "a colour palette image";
        }
        return bands + " channels (" + (cm.hasAlpha() ? "with alpha" : "colour") + ")";
    }

    static boolean isPgm(Path file) {
        return isPgm(file.getFileName().toString());
    }

    static boolean isPgm(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".pgm");
    }

    /** Binary (P5) or plain (P2) PGM with maxval ≤ 255 (strict) or ≤ 65535 (scaled to 0–255). */
    static int[][] readPgm(byte[] b, String file, boolean strict) throws IOException {
        int[] pos = {0};
        String magic = token(b, pos, file);
        if (!magic.equals("P5") && !magic.equals("P2")) {
            throw new IOException(file + ": not a PGM file (magic '" + magic + "', expected P5 or P2)");
        }
        int w = number(b, pos, file, "width");
        int h = number(b, pos, file, "height");
        int max = number(b, pos, file, "maxval");
        if (w <= 0 || h <= 0 || max <= 0 || max > 65535) {
            throw new IOException(file + ": PGM header " + w + "×" + h + " maxval " + max + " is invalid");
        }
        // every sample takes at least one byte (P5; two when 16-bit) or two (P2: a digit and a separator)
        if ((long) w * h * (magic.equals("P2") || max > 255 ? 2 : 1) > b.length) {
            throw new IOException(file + ": PGM header claims " + w + "×" + h + " pixels, more than the " + b.length
                    + "-byte file holds (truncated or corrupt)");
        }
        ImageFiles.checkPixels(ImageFiles.nameForMessages(file), "pgm", w, h, b.length);
        if (strict && max > 255) {
            throw new IllegalArgumentException(file + ": PGM with maxval " + max + "; covers must be 8-bit");
        }
        int[][] px = new int[h][w];
        if (magic.equals("P5")) {
            pos[0]++; // the single whitespace after maxval
            int bytesPer = max > 255 ? 2 : 1;
            long need = (long) w * h * bytesPer;
            if (b.length - pos[0] < need) {
                throw new IOException(file + ": PGM data truncated (" + (b.length - pos[0]) + " of " + need + " bytes)");
            }
            int p = pos[0];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int v = bytesPer == 1 ? b[p++] & 0xff : (b[p++] & 0xff) << 8 | (b[p++] & 0xff);
                    px[y][x] = scale(v, max, file);
                }
            }
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px[y][x] = scale(number(b, pos, file, "pixel (" + y + ", " + x + ")"), max, file);
                }
            }
        }
        return px;
    }

    private static int scale(int v, int max, String file) throws IOException {
        if (v > max) {
            throw new IOException(file + ": PGM sample " + v + " above maxval " + max);
        }
        return max == 255 ? v : (int) Math.round(v * 255.0 / max);
    }

    private static String token(byte[] b, int[] pos, String file) throws IOException {
        int p = pos[0];
        while (p < b.length) {
            if (b[p] == '#') {
                while (p < b.length && b[p] != '\n' && b[p] != '\r') {
                    p++;
                }
            } else if (Character.isWhitespace(b[p])) {
                p++;
            } else {
                break;
            }
        }
        int start = p;
        while (p < b.length && !Character.isWhitespace(b[p]) && b[p] != '#') {
            p++;
        }
        if (start == p) {
            throw new IOException(file + ": PGM ends early (truncated header or data)");
        }
        pos[0] = p;
        return new String(b, start, p - start, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static int number(byte[] b, int[] pos, String file, String what) throws IOException {
        String t = token(b, pos, file);
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IOException(file + ": PGM " + what + " '" + t + "' is not a number");
        }
    }

    public static BufferedImage toImage(int[][] px) {
        BufferedImage img = new BufferedImage(px[0].length, px.length, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < px.length; y++) {
            r.setSamples(0, y, px[0].length, 1, 0, px[y]);
        }
        return img;
    }

    /** The PNG {@link #writePng} writes, in memory. */
    public static byte[] pngBytes(int[][] px) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        if (!ImageIO.write(toImage(px), "png", bytes)) {
            throw new IOException("no PNG writer");
        }
        return bytes.toByteArray();
    }

    /** Writes a PNG through a temporary file in the same folder, renamed when complete. */
    public static void writePng(Path file, int[][] px) throws IOException {
        AtomicFile.write(file, tmp -> {
            if (!ImageIO.write(toImage(px), "png", tmp.toFile())) {
                throw new IOException("no PNG writer");
            }
        });
    }
}
