package org.efficientmixnet.stego.embed;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a 2-D {@code double} array as a NumPy {@code .npy} file (format version 1.0, little-endian
 * float64, C order), so cost and probability maps open with {@code numpy.load} for plots; a 2-D {@code int}
 * array (JPEG coefficients in the {@link DctLayout} layout) as little-endian int32.
 * The file is written under a temporary name in the same folder and then renamed.
 */
public final class NpyWriter {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private NpyWriter() {
    }

    public static void write(Path file, double[][] array) throws IOException {
        Arrays2d.requireRectangular(array, "array written to " + file);
        writeAtomically(file, out -> write(out, array));
    }

    /** Writes a rectangular {@code int} array as int32 ({@code '<i4'}). */
    public static void write(Path file, int[][] array) throws IOException {
        requireRectangular(array, "array written to " + file);
        writeAtomically(file, out -> write(out, array));
    }

    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void writeAtomically(Path file, Body body) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
                body.writeTo(out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void requireRectangular(int[][] array, String what) {
        if (array == null || array.length == 0 || array[0] == null || array[0].length == 0) {
            throw new IllegalArgumentException(what + ": expected a non-empty 2-D array");
        }
        for (int r = 0; r < array.length; r++) {
            if (array[r] == null || array[r].length != array[0].length) {
                throw new IllegalArgumentException(what + ": row " + r + " has "
                        + (array[r] == null ? "no" : array[r].length) + " columns, expected " + array[0].length);
            }
        }
    }

    /** Writes the header and int32 data to a stream (left open). */
    public static void write(OutputStream out, int[][] array) throws IOException {
        requireRectangular(array, "array");
        int cols = array[0].length;
        writeHeader(out, "<i4", array.length, cols);
        ByteBuffer row = ByteBuffer.allocate(cols * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] r : array) {
            row.clear();
            row.asIntBuffer().put(r);
            out.write(row.array(), 0, cols * 4);
        }
    }

    /** Writes the header and data to a stream (left open). */
    public static void write(OutputStream out, double[][] array) throws IOException {
        Arrays2d.requireRectangular(array, "array");
        int cols = array[0].length;
        writeHeader(out, "<f8", array.length, cols);
        ByteBuffer row = ByteBuffer.allocate(cols * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double[] r : array) {
            row.clear();
            row.asDoubleBuffer().put(r);
            out.write(row.array(), 0, cols * 8);
        }
    }

    private static void writeHeader(OutputStream out, String descr, int rows, int cols) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        // magic (8) + header length (2) + dict + padding + '\n' must be a multiple of 64
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        out.write(MAGIC);
        int len = header.length();
        out.write(len & 0xff);
        out.write((len >>> 8) & 0xff);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
    }
}
