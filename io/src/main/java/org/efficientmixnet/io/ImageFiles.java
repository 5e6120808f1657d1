package org.efficientmixnet.io;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads an image through ImageIO (PNG, JPEG, BMP, GIF, TIFF, WBMP) with the checks ImageIO leaves out: the size in
 * the header is checked against {@link Limits#IMAGE_PIXELS}, against what a file of this size can code, and against
 * the free heap before a pixel is decoded; a decoder warning (truncated or damaged data, which ImageIO fills with
 * gray) makes the file bad; every failure is a {@link FileFormatException} naming the file.
 */
public final class ImageFiles {
    /** Decoded bytes per pixel assumed for the heap check: the decoded image and one working copy. */
    private static final long HEAP_BYTES_PER_PIXEL = 8;

    private ImageFiles() {
    }

    /** The first image of {@code file}, fully decoded. */
    public static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileFormatException(file, Files.isDirectory(file) ? "is a folder, not an image" : "no such file");
        }
        long size = Files.size(file);
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new FileFormatException(file, "cannot be opened as an image");
            }
            return read(in, file, size);
        }
    }

    /**
     * The first image coded in {@code data} (a file's bytes, e.g. read by a Spark task), fully decoded with the same
     * checks as {@link #read(Path)}; {@code nameForMessages} names it in errors (null: {@code <stream>}).
     */
    public static BufferedImage read(byte[] data, Path nameForMessages) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            return read(in, nameForMessages, data.length);
        }
    }

    private static BufferedImage read(ImageInputStream in, Path file, long size) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new FileFormatException(file, "not an image format ImageIO can read (PNG, JPEG, BMP, GIF, TIFF, WBMP)");
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try {
            reader.setInput(in, true, true);
            int w = reader.getWidth(0);
            int h = reader.getHeight(0);
            checkPixels(file, reader.getFormatName().toLowerCase(Locale.ROOT), w, h, size);
            BufferedImage img = reader.read(0);
            if (!warnings.isEmpty()) {
                throw new FileFormatException(file, "damaged image: " + String.join("; ", warnings));
            }
            return img;
        } catch (FileFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new FileFormatException(file, "cannot decode the image: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // ImageIO's plug-ins trust the file: a corrupt one surfaces as any runtime exception
            throw new FileFormatException(file, "cannot decode the image: " + e, e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * A file name or Hadoop path as a {@link Path} for error messages; a name no {@link Path} can hold (a NUL)
     * has those characters replaced.
     */
    public static Path nameForMessages(String name) {
        try {
            return Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            return Path.of(name.replace('\0', '?'));
        }
    }

    /**
     * Refuses a {@code width}×{@code height} image over {@link Limits#IMAGE_PIXELS}, larger than a {@code format}
     * file of {@code fileSize} bytes can code (PNG: deflate expands at most about 1032:1, so at least one byte per
     * 1100 eight-pixel groups; JPEG: at least one bit per 8×8 block), or larger than the free heap.
     */
    public static void checkPixels(Path file, String format, long width, long height, long fileSize) {
        if (width <= 0 || height <= 0) {
            throw new FileFormatException(file, "image size " + width + "×" + height + " is impossible");
        }
        long pixels = Math.multiplyExact(width, height);
        String what = width + "×" + height + " image";
        Limits.IMAGE_PIXELS.check(file, what, pixels);
        long codable = switch (format) {
            case "png" -> Math.multiplyExact(fileSize, 8 * 1100L);
            case "jpeg", "jpg" -> Math.multiplyExact(fileSize, 8 * 64L);
            default -> Long.MAX_VALUE;
        };
        if (pixels > codable) {
            throw new FileFormatException(file, "header claims a " + what + ", more pixels than a " + fileSize
                    + "-byte " + format.toUpperCase(Locale.ROOT) + " file can code (corrupt or malicious)");
        }
        Limits.checkHeap(file, what, pixels * HEAP_BYTES_PER_PIXEL);
    }
}
