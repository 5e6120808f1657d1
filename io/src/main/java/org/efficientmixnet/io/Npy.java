package org.efficientmixnet.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes 2-D {@code int32} and {@code float64} arrays as NumPy {@code .npy} files (format 1.0, little-endian,
 * C order), so that coefficient arrays, pixels, cost and change-probability maps open with {@code numpy.load} next to
 *  jpeglib / conseal output. The project's one .npy writer, in the JDK-only io module so that every module (stego,
 * weights, the CLI) uses it.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private Npy() {
    }

    /** Writes {@code array} as {@code <i4}; the file is written to a temporary name in its folder and renamed. */
    public static void write(Path file, int[][] array) throws IOException {
        int cols = columns(array, file);
        atomically(file, out -> {
            header(out, "<i4", array.length, cols);
            ByteBuffer row = ByteBuffer.allocate(cols * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int[] r : array) {
                row.clear();
                row.asIntBuffer().put(r);
                out.write(row.array(), 0, cols * 4);
            }
        });
    }

    /** Writes {@code array} as {@code <f8}; the file is written to a temporary name in its folder and renamed. */
    public static void write(Path file, double[][] array) throws IOException {
        int cols = columns(array, file);
        atomically(file, out -> {
            header(out, "<f8", array.length, cols);
            ByteBuffer row = ByteBuffer.allocate(cols * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (double[] r : array) {
                row.clear();
                row.asDoubleBuffer().put(r);
                out.write(row.array(), 0, cols * 8);
            }
        });
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static void atomically(Path file, Body body) throws IOException {
        AtomicFile.write(file, tmp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                body.write(out);
            }
        });
    }

    /** Columns of a non-empty rectangular array; the message names the row that breaks it. */
    private static int columns(Object[] rows, Path file) {
        if (rows.length == 0) {
            throw new IllegalArgumentException(file + ": no rows to write");
        }
        int cols = java.lang.reflect.Array.getLength(rows[0]);
        for (int i = 1; i < rows.length; i++) {
            int n = java.lang.reflect.Array.getLength(rows[i]);
            if (n != cols) {
                throw new IllegalArgumentException(file + ": row " + i + " has " + n + " columns, row 0 has " + cols);
            }
        }
        return cols;
    }

    /** Magic, version, header length and the dict, padded with spaces so that the data starts at a multiple of 64. */
    private static void header(OutputStream out, String descr, int rows, int cols) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        out.write(MAGIC);
        out.write(header.length() & 0xff);
        out.write(header.length() >>> 8);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
    }
}
