package org.efficientmixnet.stego.inspect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.efficientmixnet.io.FileFormatException;

/**
 * Bytes after the logical end of a JPEG (the EOI marker that ends the first image: segments are walked by their
 * lengths and entropy-coded data is scanned for markers) or of a PNG (the IEND chunk, chunks walked by their
 * lengths): where tools such as "cat secret.zip >> image.jpg" put their data.
 */
public final class Trailer {
    /** The largest file read. */
    public static final long MAX_BYTES = 512L << 20;

    /** Where the image ends ({@code end}, exclusive) and the bytes after it. */
    public record Result(String format, long end, long size, byte[] trailing) {
    }

    private Trailer() {
    }

    public static Result find(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new FileFormatException(file, size + " bytes; at most " + MAX_BYTES + " are read");
        }
        byte[] b = Files.readAllBytes(file);
        int end;
        String format;
        if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) {
            format = "jpeg";
            end = jpegEnd(b, file);
        } else if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            format = "png";
            end = pngEnd(b, file);
        } else {
            throw new FileFormatException(file, "neither a JPEG (FF D8) nor a PNG signature");
        }
        return new Result(format, end, b.length, Arrays.copyOfRange(b, end, b.length));
    }

    static int jpegEnd(byte[] b, Path file) {
        int p = 2;
        while (true) {
            while (p < b.length && (b[p] & 0xff) != 0xFF) {
                p++; // entropy-coded data or garbage between segments
            }
            while (p < b.length && (b[p] & 0xff) == 0xFF) {
                p++; // fill bytes
            }
            if (p >= b.length) {
                throw new FileFormatException(file, "no EOI marker: the JPEG is truncated");
            }
            int m = b[p] & 0xff;
            p++;
            if (m == 0x00 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) {
                continue; // stuffed byte, restart marker, TEM: inside the scan
            }
            if (m == 0xD9) {
                return p;
            }
            if (p + 2 > b.length) {
                throw new FileFormatException(file, "segment FF" + Integer.toHexString(m).toUpperCase() + " truncated at byte " + p);
            }
            int len = (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
            if (len < 2 || p + len > b.length) {
                throw new FileFormatException(file, "segment FF" + Integer.toHexString(m).toUpperCase() + " at byte " + (p - 2)
                        + " has length " + len + ", beyond the end");
            }
            p += len;
        }
    }

    static int pngEnd(byte[] b, Path file) {
        long p = 8;
        while (true) {
            if (p + 12 > b.length) {
                throw new FileFormatException(file, "no IEND chunk: the PNG is truncated at byte " + p);
            }
            int i = (int) p;
            long len = (b[i] & 0xffL) << 24 | (b[i + 1] & 0xffL) << 16 | (b[i + 2] & 0xffL) << 8 | (b[i + 3] & 0xffL);
            String type = new String(b, i + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long next = p + 12 + len;
            if (next > b.length) {
                throw new FileFormatException(file, "chunk " + type + " at byte " + p + " has length " + len + ", beyond the end");
            }
            if (type.equals("IEND")) {
                return (int) next;
            }
            p = next;
        }
    }
}
