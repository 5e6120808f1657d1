package org.efficientmixnet.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path tmp;

    @Test
    void readsNumpyWrittenArraysOfEveryLayout() throws IOException {
        StateDict sd = WeightFiles.read(Fixtures.weights("numpy.npz"));
        assertEquals(List.of("f32", "big", "fortran", "f16", "i64", "u8"), List.copyOf(sd.keys()));
        float[] a = {0, 1, 2, 3, 4, 5};
        assertArrayEquals(a, sd.get("f32").toFloatArray());
        assertArrayEquals(new long[] {2, 3}, sd.get("big").shape());
        assertArrayEquals(a, sd.get("big").toFloatArray(), "big-endian swapped");
        TensorData f = sd.get("fortran");
        assertEquals(DType.FLOAT64, f.dtype());
        assertArrayEquals(new long[] {2, 3, 4}, f.shape());
        float[] c = new float[24];
        for (int i = 0; i < 24; i++) {
            c[i] = i;
        }
        assertArrayEquals(c, f.toFloatArray(), "Fortran order becomes C order");
        assertEquals(DType.FLOAT16, sd.get("f16").dtype());
        assertArrayEquals(a, sd.get("f16").toFloatArray());
        assertArrayEquals(new long[] {5, -6}, sd.get("i64").toLongArray());
        assertArrayEquals(new long[] {1, 255}, sd.get("u8").toLongArray());
    }

    @Test
    void readsCompressedNpz() throws IOException {
        StateDict sd = Npz.read(Fixtures.weights("numpy_compressed.npz"));
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, sd.get("f32").toFloatArray());
        assertEquals(256, sd.get("zeros").numel());
    }

    @Test
    void roundTripsStoredAndCompressed() throws IOException {
        StateDict sd = new StateDict()
                .put("a.weight", TensorData.ofFloats(new long[] {2, 2}, new float[] {1, -2, 3.5f, 4}))
                .put("scalar", TensorData.ofFloats(new long[] {}, new float[] {7}))
                .put("vec", TensorData.ofFloats(new long[] {3}, new float[] {1, 2, 3}));
        for (boolean compressed : new boolean[] {false, true}) {
            Path f = tmp.resolve("rt" + compressed + ".npz");
            Npz.write(f, sd, compressed);
            StateDict back = Npz.read(f);
            assertEquals(List.copyOf(sd.keys()), List.copyOf(back.keys()));
            for (String k : sd.keys()) {
                Fixtures.assertSameTensor(sd.get(k), back.get(k), k);
            }
            try (ZipFile z = new ZipFile(f.toFile())) {
                assertEquals(compressed ? ZipEntry.DEFLATED : ZipEntry.STORED, z.getEntry("vec.npy").getMethod());
            }
        }
        try (var files = Files.list(tmp)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void writesHeadersNumpyAccepts() throws IOException {
        byte[] npy = Npz.toNpy(TensorData.ofFloats(new long[] {3}, new float[] {1, 2, 3}), "v");
        int headerLen = ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertEquals(0, (10 + headerLen) % 64, "data aligned to 64 bytes");
        String header = new String(npy, 10, headerLen);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), header);
        assertTrue(header.endsWith("\n"));
    }

    @Test
    void refusesBfloat16WithAHint() {
        StateDict sd = new StateDict().put("b", new TensorData(DType.BFLOAT16, new long[] {1}, ByteBuffer.allocate(2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npz.write(tmp.resolve("b.npz"), sd, false));
        assertTrue(e.getMessage().contains("toFloat32"), e.getMessage());
    }

    @Test
    void rejectsAnNpyHeaderClaimingGigabytes() throws IOException {
        byte[] good = Npz.toNpy(TensorData.ofFloats(new long[] {2}, new float[] {1, 2}), "x");
        String header = new String(good, 10, good.length - 10 - 8, java.nio.charset.StandardCharsets.ISO_8859_1);
        String lying = header.replace("(2,)", "(100000, 100000)");
        byte[] bad = new byte[10 + lying.length() + 8];
        System.arraycopy(good, 0, bad, 0, 10);
        System.arraycopy(lying.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, bad, 10, lying.length());
        ByteBuffer.wrap(bad, 8, 2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) lying.length());
        Path f = tmp.resolve("lie.npy");
        Files.write(f, bad);
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> WeightFiles.read(f));
        assertTrue(e.getMessage().contains("lie.npy") && e.getMessage().contains("40000000000"), e.getMessage());
    }

    @Test
    void rejectsTruncatedNpyAndZipEntriesClaimingTooMuch() throws IOException {
        Path f = tmp.resolve("t.npy");
        Npz.writeNpy(f, TensorData.ofFloats(new long[] {4}, new float[] {1, 2, 3, 4}));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 3));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> WeightFiles.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        // an npz whose .npy entry is cut short
        Path z = tmp.resolve("cut.npz");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(z))) {
            out.putNextEntry(new ZipEntry("w.npy"));
            out.write(java.util.Arrays.copyOf(all, all.length - 3));
            out.closeEntry();
        }
        e = assertThrows(WeightFormatException.class, () -> WeightFiles.read(z));
        assertTrue(e.getMessage().contains("cut.npz") && e.getMessage().contains("w.npy"), e.getMessage());

        // a stored npz cut in half: the central directory is gone
        Path st = tmp.resolve("half.npz");
        Npz.write(st, new StateDict().put("w", TensorData.ofFloats(new long[] {64}, new float[64])), false);
        byte[] zb = Files.readAllBytes(st);
        Files.write(st, java.util.Arrays.copyOf(zb, zb.length / 2));
        e = assertThrows(WeightFormatException.class, () -> WeightFiles.read(st));
        assertTrue(e.getMessage().contains("half.npz"), e.getMessage());
    }
}
