package org.efficientmixnet.stego.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
    @TempDir
    Path dir;

    /** The header dict and the little-endian data after it. */
    static String header(byte[] b) {
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + len) % 64, "data starts on a 64-byte boundary");
        return new String(b, 10, len, StandardCharsets.US_ASCII);
    }

    @Test
    void int32InRowMajorOrder() throws Exception {
        int[][] a = {{1, -2, 1023}, {-1023, 0, 7}};
        Path f = dir.resolve("c.npy");
        NpyWriter.write(f, a);
        byte[] b = Files.readAllBytes(f);
        String h = header(b);
        assertTrue(h.startsWith("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }"), h);
        ByteBuffer data = ByteBuffer.wrap(b, 10 + h.length(), 24).order(ByteOrder.LITTLE_ENDIAN);
        int[] got = new int[6];
        data.asIntBuffer().get(got);
        assertEquals(java.util.List.of(1, -2, 1023, -1023, 0, 7), java.util.Arrays.stream(got).boxed().toList());
        assertEquals(10 + h.length() + 24, b.length);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
        assertThrows(IllegalArgumentException.class, () -> NpyWriter.write(dir.resolve("r.npy"), new int[][] {{1, 2}, {3}}));
    }

    @Test
    void float64KeepsInfinity() throws Exception {
        Path f = dir.resolve("d.npy");
        NpyWriter.write(f, new double[][] {{0.5, Double.POSITIVE_INFINITY}});
        byte[] b = Files.readAllBytes(f);
        String h = header(b);
        assertTrue(h.contains("'<f8'") && h.contains("(1, 2)"), h);
        ByteBuffer data = ByteBuffer.wrap(b, 10 + h.length(), 16).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0.5, data.getDouble());
        assertEquals(Double.POSITIVE_INFINITY, data.getDouble());
    }
}
