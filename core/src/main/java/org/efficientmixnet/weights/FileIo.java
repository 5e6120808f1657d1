package org.efficientmixnet.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.efficientmixnet.io.Limits;
import org.efficientmixnet.io.FileFormatException;

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

    /**
     * What one weight file has claimed so far: decompressed bytes and tensors, checked against
     * {@link Limits#WEIGHT_BYTES}, {@link Limits#TENSORS} and the free heap before each allocation.
     */
    static final class Budget {
        private final Path file;
        private long bytes;
        private long tensors;

        Budget(Path file) {
            this.file = file;
        }

        /** Accounts for {@code n} more bytes about to be allocated for {@code what}. */
        void bytes(long n, String what) {
            if (n < 0) {
                throw new WeightFormatException(file, what + " claims a negative size " + n);
            }
            long total = bytes + n;
            if (total < 0) {
                total = Long.MAX_VALUE;
            }
            Limits.WEIGHT_BYTES.check(file, what + " (with the " + bytes + " bytes read before it)", total);
            Limits.checkHeap(file, what, n);
            bytes = total;
        }

        /** Accounts for one more tensor. */
        void tensor(String name) {
            tensors++;
            Limits.TENSORS.check(file, "tensor '" + name + "' (number " + tensors + ")", tensors);
        }

        long bytes() {
            return bytes;
        }
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
    static byte[] readEntry(ZipFile zip, ZipEntry e, Path file, Budget budget) throws IOException {
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
        budget.bytes(claimed, "zip entry '" + e.getName() + "'");
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
        } catch (java.util.zip.ZipException | java.io.EOFException ex) {
            throw new WeightFormatException(file, "zip entry '" + e.getName() + "' is corrupt: " + ex, ex);
        }
        // ZipFile checks no CRC (of stored entries not even implicitly): a flipped byte would load as a wrong value
        CRC32 crc = new CRC32();
        crc.update(out);
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw new WeightFormatException(file, String.format("zip entry '%s' fails its CRC check (recorded %08x,"
                    + " computed %08x): the file is corrupt", e.getName(), e.getCrc(), crc.getValue()));
        }
        return out;
    }

    /** Opens a zip archive, turning the JDK's terse errors into ones that name the file. */
    static ZipFile openZip(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (java.nio.file.FileSystemException ex) {
            throw ex;
        } catch (IOException ex) {
            // ZipException, and EOFException for some truncated central directories
            throw new WeightFormatException(file, "not a readable zip archive (truncated or corrupt): " + ex, ex);
        }
    }

    /**
     * The archive's entries, listed once. {@code ZipFile} decodes entry names lazily and throws a bare
     * {@code IllegalArgumentException} ("malformed input") for a name that is not UTF-8 (found by fuzzing
     * {@code torchZip}); that is a bad file, said with its name.
     */
    static java.util.List<ZipEntry> entries(ZipFile zip, Path file) {
        java.util.List<ZipEntry> out = new java.util.ArrayList<>();
        try {
            java.util.Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                out.add(en.nextElement());
            }
        } catch (FileFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new WeightFormatException(file, "zip entry name is not valid UTF-8 (" + e.getMessage() + ")", e);
        }
        return out;
    }

    /** Reverses the byte order of each {@code elementSize}-byte element in place. */
    static void swapBytes(byte[] b, int elementSize) {
        swapBytes(b, 0, elementSize);
    }

    /** Reverses the byte order of each {@code elementSize}-byte element from {@code from} on, in place. */
    static void swapBytes(byte[] b, int from, int elementSize) {
        if (elementSize <= 1) {
            return;
        }
        for (int i = from; i + elementSize <= b.length; i += elementSize) {
            for (int j = 0; j < elementSize / 2; j++) {
                byte t = b[i + j];
                b[i + j] = b[i + elementSize - 1 - j];
                b[i + elementSize - 1 - j] = t;
            }
        }
    }
}
