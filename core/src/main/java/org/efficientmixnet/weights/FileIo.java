package org.efficientmixnet.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Bounded reads shared by the format readers. Every read checks a claimed size against what the file can actually
 * hold before allocating, so a lying header fails fast instead of exhausting memory. (Writes are not here: every
 * writer goes through {@link org.efficientmixnet.io.AtomicFile}.)
 */
final class FileIo {
    /** Deflate cannot expand data by more than about 1032:1; a larger claim is a lie or a zip bomb. */
    static final long MAX_DEFLATE_RATIO = 1100;

    private FileIo() {
    }

    /** Reads {@code length} bytes at {@code position}, failing with the file's name if it ends early. */
    static ByteBuffer readAt(FileChannel ch, Path file, long position, long length, String what) throws IOException {
        long size = ch.size();
        if (length < 0 || position < 0 || position > size || length > size - position) {
            throw new WeightFormatException(file, what + " claims " + length + " bytes at offset " + position
                    + " but the file has only " + size + " bytes (truncated or corrupt)");
        }
        if (length > Integer.MAX_VALUE - 16) {
            throw new WeightFormatException(file, what + " is " + length + " bytes, over the 2 GiB limit of one tensor");
        }
        ByteBuffer b = ByteBuffer.allocate((int) length).order(ByteOrder.LITTLE_ENDIAN);
        long p = position;
        while (b.hasRemaining()) {
            int r = ch.read(b, p);
            if (r < 0) {
                throw new WeightFormatException(file, what + " ends early at byte " + p + " (truncated)");
            }
            p += r;
        }
        return b.flip();
    }

    /**
     * Reads one zip entry whole, after checking its claimed size against the archive's size (stored entries) or
     * the largest expansion deflate allows (compressed entries), and that exactly that many bytes arrive.
     */
    static byte[] readEntry(ZipFile zip, ZipEntry e, Path file) throws IOException {
        long claimed = e.getSize();
        long packed = e.getCompressedSize();
        long fileSize = Files.size(file);
        if (claimed < 0) {
            throw new WeightFormatException(file, "zip entry '" + e.getName() + "' does not record its size");
        }
        boolean stored = e.getMethod() == ZipEntry.STORED;
        if ((stored && claimed > fileSize) || (!stored && (packed > fileSize || claimed > packed * MAX_DEFLATE_RATIO + (1 << 20)))) {
            throw new WeightFormatException(file, "zip entry '" + e.getName() + "' claims " + claimed
                    + " bytes, more than a " + fileSize + "-byte archive can hold (corrupt or malicious)");
        }
        if (claimed > Integer.MAX_VALUE - 16) {
            throw new WeightFormatException(file, "zip entry '" + e.getName() + "' is " + claimed + " bytes, over the 2 GiB limit");
        }
        byte[] out = new byte[(int) claimed];
        try (InputStream in = zip.getInputStream(e)) {
            int off = 0;
            while (off < out.length) {
                int r = in.read(out, off, out.length - off);
                if (r < 0) {
                    throw new WeightFormatException(file, "zip entry '" + e.getName() + "' ends after " + off
                            + " of " + claimed + " bytes (truncated)");
                }
                off += r;
            }
            if (in.read() >= 0) {
                throw new WeightFormatException(file, "zip entry '" + e.getName() + "' holds more than the " + claimed
                        + " bytes it claims (corrupt)");
            }
        } catch (java.util.zip.ZipException ex) {
            throw new WeightFormatException(file, "zip entry '" + e.getName() + "' is corrupt: " + ex.getMessage(), ex);
        }
        return out;
    }

    /** Opens a zip archive, turning the JDK's terse errors into ones that name the file. */
    static ZipFile openZip(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (java.util.zip.ZipException ex) {
            throw new WeightFormatException(file, "not a readable zip archive (truncated or corrupt): " + ex.getMessage(), ex);
        }
    }

    /** Reverses the byte order of each {@code elementSize}-byte element in place. */
    static void swapBytes(byte[] b, int elementSize) {
        if (elementSize <= 1) {
            return;
        }
        for (int i = 0; i + elementSize <= b.length; i += elementSize) {
            for (int j = 0; j < elementSize / 2; j++) {
                byte t = b[i + j];
                b[i + j] = b[i + elementSize - 1 - j];
                b[i + elementSize - 1 - j] = t;
            }
        }
    }
}
