package org.efficientmixnet.train.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.io.ImageFiles;

/**
 * Reads an image file into {@link Pixels} with the channel count a model takes: JPEG, PNG, BMP, GIF, TIFF and WBMP
 * through ImageIO, PGM/PPM through {@link PnmReader}. 1 channel = gray (ITU-R 601 luma of colour images), 3 =
 * RGB (gray replicated); any other count only when the file has exactly that many bands. A decoder warning
 * (truncated data) makes the file bad rather than silently gray-filled.
 */
public final class ImageDecoder {
    /** Extensions (lower case) that count as images when a folder is scanned. */
    public static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "tif", "tiff", "pgm", "ppm",
            "pnm", "wbmp");

    private ImageDecoder() {
    }

    public static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** The file's pixels converted to {@code channels}; throws {@link BadImageException} naming the file. */
    public static Pixels read(Path file, int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("channel count must be ≥ 1, got " + channels);
        }
        Pixels raw;
        try {
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".pgm") || n.endsWith(".ppm") || n.endsWith(".pnm")) {
                raw = PnmReader.read(file);
            } else {
                return convert(readImageIo(file), channels, file);
            }
        } catch (BadImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BadImageException(file, "cannot read image: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            // the size checks leave this only to images that fit alone but not beside others decoded at once
            throw new BadImageException(file, "too large to decode in the memory left (raise -Xmx)");
        }
        return convert(raw, channels, file);
    }

    private static BufferedImage readImageIo(Path file) throws IOException {
        try {
            return ImageFiles.read(file);
        } catch (BadImageException e) {
            throw e;
        } catch (FileFormatException e) {
            throw new BadImageException(file, e.getMessage().substring(e.getMessage().indexOf(": ") + 2), e);
        }
    }

    static Pixels convert(BufferedImage img, int channels, Path file) {
        int w = img.getWidth();
        int h = img.getHeight();
        ColorModel cm = img.getColorModel();
        Raster r = img.getRaster();
        boolean gray = cm.getNumColorComponents() == 1 && !(cm instanceof java.awt.image.IndexColorModel);
        if (channels != 1 && channels != 3) {
            if (r.getNumBands() != channels) {
                throw new BadImageException(file, "the model takes " + channels + " channels but the image has "
                        + r.getNumBands() + " (only 1 and 3 are converted)");
            }
            Pixels p = Pixels.blank(channels, h, w);
            for (int c = 0; c < channels; c++) {
                float scale = 255f / ((1 << r.getSampleModel().getSampleSize(c)) - 1);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        p.set(c, y, x, r.getSample(x, y, c) * scale);
                    }
                }
            }
            return p;
        }
        if (gray) {
            int bits = r.getSampleModel().getSampleSize(0);
            float scale = bits == 8 ? 1f : 255f / ((1L << bits) - 1);
            Pixels g = Pixels.blank(1, h, w);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    g.set(0, y, x, r.getSample(x, y, 0) * scale);
                }
            }
            return convert(g, channels, file);
        }
        Pixels rgb = Pixels.blank(3, h, w);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int v = row[x];
                rgb.set(0, y, x, (v >> 16) & 0xff);
                rgb.set(1, y, x, (v >> 8) & 0xff);
                rgb.set(2, y, x, v & 0xff);
            }
        }
        return convert(rgb, channels, file);
    }

    /** Gray ↔ RGB conversion of an image with 1 or 3 channels. */
    static Pixels convert(Pixels p, int channels, Path file) {
        if (p.channels() == channels) {
            return p;
        }
        int hw = p.height() * p.width();
        if (p.channels() == 1 && channels == 3) {
            float[] out = new float[3 * hw];
            for (int c = 0; c < 3; c++) {
                System.arraycopy(p.data(), 0, out, c * hw, hw);
            }
            return new Pixels(3, p.height(), p.width(), out);
        }
        if (p.channels() == 3 && channels == 1) {
            float[] in = p.data();
            float[] out = new float[hw];
            for (int i = 0; i < hw; i++) {
                out[i] = 0.299f * in[i] + 0.587f * in[hw + i] + 0.114f * in[2 * hw + i];
            }
            return new Pixels(1, p.height(), p.width(), out);
        }
        throw new BadImageException(file, "the model takes " + channels + " channels but the image has " + p.channels());
    }
}
