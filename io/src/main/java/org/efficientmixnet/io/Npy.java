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
 * NumPy {@code .npy} files: 2-D {@code int32}, {@code float32} and {@code float64} arrays (coefficient arrays,
 * pixels, cost and change-probability maps that open with {@code numpy.load} next to jpeglib / conseal output),
 * and any dtype and n-d shape from little-endian bytes ({@link #toBytes}, what {@code .npz} weights use). Format
 * 1.0 (2.0 when the header needs it), little-endian, C order, data aligned to 64 bytes. The project's one .npy
 * writer, in the JDK-only io module so that every module (stego, weights, the CLI) uses it; {@link #readDoubles}
 * reads the 2-D arrays back (the weights module parses general .npy itself).
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

    /** Writes {@code array} as {@code <f4}; the file is written to a temporary name in its folder and renamed. */
    public static void write(Path file, float[][] array) throws IOException {
        int cols = columns(array, file);
        atomically(file, out -> {
            header(out, "<f4", array.length, cols);
            ByteBuffer row = ByteBuffer.allocate(cols * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] r : array) {
                row.clear();
                row.asFloatBuffer().put(r);
                out.write(row.array(), 0, cols * 4);
            }
        });
    }

    /**
     * The whole {@code .npy} image of an array of any shape: {@code descr} a NumPy type string such as
     * {@code <f4}, {@code <i8} or {@code |u1}, {@code data} its elements in C order, little-endian.
     *
     * @throws IllegalArgumentException if the data length is not the shape's element count times a whole size
     */
    public static byte[] toBytes(String descr, long[] shape, byte[] data) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + java.util.Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n > 0 && data.length % n != 0 || n == 0 && data.length != 0) {
            throw new IllegalArgumentException(data.length + " data bytes do not fill shape "
                    + java.util.Arrays.toString(shape) + " with whole elements");
        }
        byte[] head = header(descr, shape);
        byte[] out = java.util.Arrays.copyOf(head, head.length + data.length);
        System.arraycopy(data, 0, out, head.length, data.length);
        return out;
    }

    /** {@link #toBytes} written to {@code file} through a temporary file and a rename. */
    public static void write(Path file, String descr, long[] shape, byte[] data) throws IOException {
        AtomicFile.write(file, toBytes(descr, shape, data));
    }

    /**
     * Reads a 2-D {@code <f8}, {@code <f4} or {@code <i4} array (C order, version 1–3) as doubles.
     *
     * @throws FileFormatException naming the file and what is wrong with it
     */
    public static double[][] readDoubles(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 64) {
            throw new FileFormatException(file, ".npy of " + size + " bytes is over the 2 GiB limit");
        }
        byte[] b = Files.readAllBytes(file);
        if (b.length < 10 || !java.util.Arrays.equals(b, 0, 6, MAGIC, 0, 6)) {
            throw new FileFormatException(file, "does not start with the .npy magic string");
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int major = b[6];
        int start = major == 1 ? 10 : 12;
        long len = major == 1 ? bb.getShort(8) & 0xffff : b.length >= 12 ? bb.getInt(8) & 0xffffffffL : -1;
        if (major < 1 || major > 3 || len < 0 || len > b.length - start) {
            throw new FileFormatException(file, "unsupported .npy version " + major + " or truncated header");
        }
        String h = new String(b, start, (int) len, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher d = java.util.regex.Pattern.compile("'descr'\\s*:\\s*'([^']*)'").matcher(h);
        java.util.regex.Matcher sh = java.util.regex.Pattern.compile("'shape'\\s*:\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,?\\s*\\)")
                .matcher(h);
        if (!d.find() || !sh.find() || !h.matches("(?s).*'fortran_order'\\s*:\\s*False.*")) {
            throw new FileFormatException(file, "not a 2-D C-order array: header " + h.strip());
        }
        int width = switch (d.group(1)) {
            case "<f8" -> 8;
            case "<f4", "<i4" -> 4;
            default -> throw new FileFormatException(file, "dtype " + d.group(1) + " (expected <f8, <f4 or <i4)");
        };
        long rows = Long.parseLong(sh.group(1));
        long cols = Long.parseLong(sh.group(2));
        int dataStart = start + (int) len;
        if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE || rows * cols * width != b.length - dataStart) {
            throw new FileFormatException(file, "shape (" + rows + ", " + cols + ") of " + d.group(1) + " needs "
                    + rows * cols * width + " data bytes, " + (b.length - dataStart) + " follow the header");
        }
        double[][] out = new double[(int) rows][(int) cols];
        bb.position(dataStart);
        for (double[] row : out) {
            for (int c = 0; c < row.length; c++) {
                row[c] = switch (d.group(1)) {
                    case "<f8" -> bb.getDouble();
                    case "<f4" -> bb.getFloat();
                    default -> bb.getInt();
                };
            }
        }
        return out;
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

    private static void header(OutputStream out, String descr, int rows, int cols) throws IOException {
        out.write(header(descr, new long[] {rows, cols}));
    }

    /**
     * Magic, version, header length and the dict, padded with spaces so that the data starts at a multiple of 64;
     * version 2.0 (4-byte length) only when the header would not fit version 1.0's 2-byte length.
     */
    static byte[] header(String descr, long[] shape) {
        StringBuilder sh = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sh.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        sh.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
        int pre = 10;
        int pad = (64 - (pre + dict.length() + 1) % 64) % 64;
        boolean v2 = dict.length() + 1 + pad > 0xffff;
        if (v2) {
            pre = 12;
            pad = (64 - (pre + dict.length() + 1) % 64) % 64;
        }
        int headerLen = dict.length() + pad + 1;
        ByteBuffer out = ByteBuffer.allocate(pre + headerLen).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC, 0, 6).put((byte) (v2 ? 2 : 1)).put((byte) 0);
        if (v2) {
            out.putInt(headerLen);
        } else {
            out.putShort((short) headerLen);
        }
        out.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        out.put(" ".repeat(pad).getBytes(StandardCharsets.ISO_8859_1));
        out.put((byte) '\n');
        return out.array();
    }
}
