package org.efficientmixnet.steganalysis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.efficientmixnet.io.FileFormatException;

/** Width and height of an image from its header, without decoding the pixels (JPEG, PNG, PGM; others via ImageIO). */
final class ImageHeaders {
    private ImageHeaders() {
    }

    /** {@code {width, height}}; a file whose header cannot be read is a {@link FileFormatException}. */
    static int[] size(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64);
        }
        if (head.length >= 24 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return new int[] {be32(head, 16), be32(head, 20)};
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8) {
            return jpeg(file);
        }
        if (head.length >= 2 && head[0] == 'P' && (head[1] == '2' || head[1] == '5')) {
            return pgm(file, head);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> it = in == null ? null : ImageIO.getImageReaders(in);
            if (it == null || !it.hasNext()) {
                throw new FileFormatException(file, "not an image (PNG, PGM, BMP, GIF, TIFF or JPEG expected)");
            }
            ImageReader r = it.next();
            try {
                r.setInput(in);
                return new int[] {r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        }
    }

    private static int be32(byte[] b, int o) {
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }

    private static int[] jpeg(Path file) throws IOException {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            in.skipNBytes(2);
            while (true) {
                int b = in.read();
                while (b == 0xff) {
                    b = in.read();
                    if (b != 0xff) {
                        break;
                    }
                }
                if (b < 0) {
                    break;
                }
                int marker = b;
                if (marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0x01) {
                    continue;
                }
                int len = (in.read() << 8) | in.read();
                if (len < 2) {
                    break;
                }
                if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
                    byte[] sof = in.readNBytes(5);
                    if (sof.length < 5) {
                        break;
                    }
                    int h = ((sof[1] & 0xff) << 8) | (sof[2] & 0xff);
                    int w = ((sof[3] & 0xff) << 8) | (sof[4] & 0xff);
                    return new int[] {w, h};
                }
                if (marker == 0xda || marker == 0xd9) {
                    break;
                }
                in.skipNBytes(len - 2);
            }
        } catch (java.io.EOFException e) {
            // fall through
        }
        throw new FileFormatException(file, "JPEG without a frame header (SOF): truncated or not a JPEG");
    }

    private static int[] pgm(Path file, byte[] head) {
        String s = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).replaceAll("#[^\n]*\n", " ");
        String[] t = s.substring(2).trim().split("\\s+");
        try {
            return new int[] {Integer.parseInt(t[0]), Integer.parseInt(t[1])};
        } catch (RuntimeException e) {
            throw new FileFormatException(file, "PGM header without width and height");
        }
    }
}
