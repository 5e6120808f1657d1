package org.efficientmixnet.io;

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

class NpyTest {
    @TempDir
    Path tmp;

    /** The header dict, checked against the format: magic, version 1.0, data aligned to 64 bytes. */
    static String header(byte[] b) {
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, b[6]);
        assertEquals(0, b[7]);
        int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + len) % 64, "data must start at a multiple of 64");
        String h = new String(b, 10, len, StandardCharsets.US_ASCII);
        assertTrue(h.endsWith("\n"));
        return h.trim();
    }

    @Test
    void int32ArrayLayout() throws Exception {
        int[][] a = {{1, -2, 3}, {Integer.MAX_VALUE, 0, Integer.MIN_VALUE}};
        Path f = tmp.resolve("a.npy");
        Npy.write(f, a);
        byte[] b = Files.readAllBytes(f);
        assertEquals("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", header(b));
        int start = b.length - 6 * 4;
        assertEquals(0, start % 64);
        ByteBuffer data = ByteBuffer.wrap(b, start, 24).order(ByteOrder.LITTLE_ENDIAN);
        int[] expected = {1, -2, 3, Integer.MAX_VALUE, 0, Integer.MIN_VALUE};
        for (int v : expected) {
            assertEquals(v, data.getInt());
        }
    }

    @Test
    void float64ArrayLayout() throws Exception {
        double[][] a = {{0.5}, {-1e300}, {Double.NaN}};
        Path f = tmp.resolve("d.npy");
        Npy.write(f, a);
        byte[] b = Files.readAllBytes(f);
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 1), }", header(b));
        ByteBuffer data = ByteBuffer.wrap(b, b.length - 24, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0.5, data.getDouble());
        assertEquals(-1e300, data.getDouble());
        assertTrue(Double.isNaN(data.getDouble()));
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void raggedArrayNamesTheRow() {
        Path f = tmp.resolve("r.npy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.write(f, new int[][] {{1, 2}, {3, 4}, {5}}));
        assertEquals(f + ": row 2 has 1 columns, row 0 has 2", e.getMessage());
        assertTrue(Files.notExists(f));
    }

    @Test
    void float64KeepsInfinity() throws Exception {
        Path f = tmp.resolve("inf.npy");
        Npy.write(f, new double[][] {{0.5, Double.POSITIVE_INFINITY}});
        byte[] b = Files.readAllBytes(f);
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", header(b));
        ByteBuffer data = ByteBuffer.wrap(b, b.length - 16, 16).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0.5, data.getDouble());
        assertEquals(Double.POSITIVE_INFINITY, data.getDouble());
    }

    @Test
    void float32AndNdArraysAndReadingBack() throws Exception {
        Path f = tmp.resolve("f.npy");
        Npy.write(f, new float[][] {{1.5f, -2f}, {Float.NaN, 3e-8f}});
        byte[] b = Files.readAllBytes(f);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", header(b));
        assertEquals(-2f, ByteBuffer.wrap(b, b.length - 12, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
        double[][] back = Npy.readDoubles(f);
        assertEquals(1.5, back[0][0]);
        assertTrue(Double.isNaN(back[1][0]));
        assertEquals((double) 3e-8f, back[1][1]);

        byte[] nd = Npy.toBytes("<i2", new long[] {2, 3, 4}, new byte[48]);
        assertEquals("{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3, 4), }", header(nd));
        assertEquals(nd.length - 48, (nd.length - 48) / 64 * 64);
        assertEquals("{'descr': '|u1', 'fortran_order': False, 'shape': (5,), }",
                header(Npy.toBytes("|u1", new long[] {5}, new byte[5])));
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
                header(Npy.toBytes("<f8", new long[0], new byte[8])));
        assertThrows(IllegalArgumentException.class, () -> Npy.toBytes("<f4", new long[] {3}, new byte[10]));

        Path d = tmp.resolve("d.npy");
        Npy.write(d, new double[][] {{1, 2, 3}});
        assertEquals(3.0, Npy.readDoubles(d)[0][2]);
        Npy.write(d, "<i8", new long[] {1, 1}, new byte[8]);
        FileFormatException e = assertThrows(FileFormatException.class, () -> Npy.readDoubles(d));
        assertTrue(e.getMessage().startsWith(d.toString()) && e.getMessage().contains("<i8"), e.getMessage());
        Files.write(d, new byte[] {1, 2, 3});
        assertThrows(FileFormatException.class, () -> Npy.readDoubles(d));
    }
}
