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
 * float64, C order), so cost and probability maps open with {@code numpy.load} for plots.
 * The file is written under a temporary name in the same folder and then renamed.
 */
public final class NpyWriter {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private NpyWriter() {
    }

    public static void write(Path file, double[][] array) throws IOException {
        Arrays2d.requireRectangular(array, "array written to " + file);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                write(out, array);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes the header and data to a stream (left open). */
    public static void write(OutputStream out, double[][] array) throws IOException {
        Arrays2d.requireRectangular(array, "array");
        int rows = array.length;
        int cols = array[0].length;
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + rows + ", " + cols + "), }";
        // magic (8) + header length (2) + dict + padding + '\n' must be a multiple of 64
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        out.write(MAGIC);
        int len = header.length();
        out.write(len & 0xff);
        out.write((len >>> 8) & 0xff);
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer row = ByteBuffer.allocate(cols * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double[] r : array) {
            row.clear();
            row.asDoubleBuffer().put(r);
            out.write(row.array(), 0, cols * 8);
        }
    }
}
