package org.efficientmixnet.train.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.io.ImageFiles;

/**
 * Netpbm grayscale and colour images (PGM P2/P5, PPM P3/P6), which Java's ImageIO does not read. Samples with a
 * maximum above 255 are scaled to 0–255; a short file is an error, never silently padded.
 */
public final class PnmReader {
    private PnmReader() {
    }

    public static Pixels read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file, Files.size(file));
        }
    }

    static Pixels read(InputStream in, Path file) throws IOException {
        return read(in, file, Long.MAX_VALUE);
    }

    /** {@code size}: the bytes the stream holds, to refuse a header claiming more samples than that. */
    static Pixels read(InputStream in, Path file, long size) throws IOException {
        if (in.read() != 'P') {
            throw new BadImageException(file, "not a PNM file (no 'P' magic)");
        }
        int kind = in.read() - '0';
        int channels = switch (kind) {
            case 2, 5 -> 1;
            case 3, 6 -> 3;
            default -> throw new BadImageException(file, "unsupported PNM type P" + kind + " (expected P2, P3, P5 or P6)");
        };
        int width = token(in, file);
        int height = token(in, file);
        int max = token(in, file);
        if (width <= 0 || height <= 0 || max <= 0 || max > 65535) {
            throw new BadImageException(file, "bad PNM header: " + width + "×" + height + ", maximum " + max);
        }
        float scale = 255f / max;
        boolean ascii = kind == 2 || kind == 3;
        boolean wide = max > 255;
        // every sample takes at least one byte (binary; two when wide) or two (a digit and a separator)
        long minBytes = (long) width * height * channels * (ascii || wide ? 2 : 1);
        if (minBytes > size) {
            throw new BadImageException(file, "header claims " + width + "×" + height + " pixels, more than the "
                    + size + "-byte file holds (truncated or corrupt)");
        }
        try {
            ImageFiles.checkPixels(file, "pnm", width, height, size);
        } catch (FileFormatException e) {
            throw new BadImageException(file, e.getMessage().substring(e.getMessage().indexOf(": ") + 2), e);
        }
        Pixels p = Pixels.blank(channels, height, width);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    int v;
                    if (ascii) {
                        v = token(in, file);
                    } else if (wide) {
                        v = (readByte(in, file) << 8) | readByte(in, file);
                    } else {
                        v = readByte(in, file);
                    }
                    if (v > max) {
                        throw new BadImageException(file, "sample " + v + " above the maximum " + max);
                    }
                    p.set(c, y, x, max == 255 ? v : v * scale);
                }
            }
        }
        return p;
    }

    private static int readByte(InputStream in, Path file) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new BadImageException(file, "truncated PNM file", new EOFException());
        }
        return b;
    }

    /** The next decimal number, skipping whitespace and '#' comments; consumes one whitespace after it. */
    private static int token(InputStream in, Path file) throws IOException {
        int b = in.read();
        while (true) {
            if (b == '#') {
                while (b != '\n' && b != '\r' && b >= 0) {
                    b = in.read();
                }
            } else if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
                b = in.read();
            } else {
                break;
            }
        }
        if (b < 0) {
            throw new BadImageException(file, "truncated PNM file", new EOFException());
        }
        if (b < '0' || b > '9') {
            throw new BadImageException(file, "bad PNM data: unexpected character '" + (char) b + "'");
        }
        long v = 0;
        while (b >= '0' && b <= '9') {
            v = v * 10 + (b - '0');
            if (v > Integer.MAX_VALUE) {
                throw new BadImageException(file, "number too large in PNM file");
            }
            b = in.read();
        }
        return (int) v;
    }

    /** Writes an 8-bit binary PGM (1 channel) or PPM (3 channels); values are rounded and clamped to 0–255. */
    public static void write(Path file, Pixels p) throws IOException {
        if (p.channels() != 1 && p.channels() != 3) {
            throw new IllegalArgumentException("PNM holds 1 or 3 channels, not " + p.channels());
        }
        byte[] header = ((p.channels() == 1 ? "P5" : "P6") + "\n" + p.width() + " " + p.height() + "\n255\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] body = new byte[p.channels() * p.height() * p.width()];
        int i = 0;
        for (int y = 0; y < p.height(); y++) {
            for (int x = 0; x < p.width(); x++) {
                for (int c = 0; c < p.channels(); c++) {
                    body[i++] = (byte) Math.max(0, Math.min(255, Math.round(p.get(c, y, x))));
                }
            }
        }
        byte[] all = new byte[header.length + body.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(body, 0, all, header.length, body.length);
        Files.write(file, all);
    }
}
