package org.efficientmixnet.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointTest {
    @TempDir
    Path tmp;

    @Test
    void readsAllTensorKindsOfAPlainStateDict() throws IOException {
        StateDict sd = WeightFiles.read(Fixtures.weights("plain.pth"));
        StateDict expected = Npz.read(Fixtures.weights("expected.npz"));
        assertEquals(List.copyOf(expected.keys()), List.copyOf(sd.keys()), "order kept");
        for (String k : expected.keys()) {
            Fixtures.assertSameValues(expected.get(k), sd.get(k), k);
        }
        assertEquals(DType.FLOAT16, sd.get("half").dtype());
        assertEquals(DType.BFLOAT16, sd.get("bf").dtype());
        assertEquals(DType.INT64, sd.get("idx").dtype());
        assertArrayEquals(new long[] {1, -2, 3, 1L << 40}, sd.get("idx").toLongArray());
        assertArrayEquals(new long[] {4, 3}, sd.get("transposed").shape());
        assertArrayEquals(new float[] {0.25f, 0.5f, 1.25f, 1.5f}, sd.get("sliced").toFloatArray());
        assertArrayEquals(new float[] {1f, 1.25f, 1.5f, 1.75f}, sd.get("row").toFloatArray(), "view into shared storage");
        assertEquals(0, sd.get("scalar").shape().length);
        assertEquals(7, sd.get("bn.num_batches_tracked").toLongArray()[0]);
        assertArrayEquals(new float[] {0.25f, 0.75f}, sd.get("param").toFloatArray(), "nn.Parameter");
    }

    @Test
    void convertsHalfPrecisionOnRequest() throws IOException {
        StateDict sd = WeightFiles.read(Fixtures.weights("plain.pth"), ReadOptions.defaults().withToFloat32(true));
        assertEquals(DType.FLOAT32, sd.get("half").dtype());
        assertEquals(DType.FLOAT32, sd.get("bf").dtype());
        assertEquals(DType.INT64, sd.get("idx").dtype(), "integers untouched");
        assertArrayEquals(new float[] {1f, -2.5f, 3.140625f}, java.util.Arrays.copyOf(sd.get("bf").toFloatArray(), 3));
    }

    @Test
    void unwrapsNestedCheckpointsAndReportsWhatItSkipped() throws IOException {
        TorchCheckpoint.Contents c = TorchCheckpoint.load(Fixtures.weights("nested.pth"), ReadOptions.defaults());
        assertEquals("state_dict", c.sourceKey());
        assertEquals(List.of("conv.weight", "idx", "base"), List.copyOf(c.stateDict().keys()));
        assertEquals("int 3", c.skipped().get("epoch"));
        assertEquals("str 'efficientnet_b0'", c.skipped().get("arch"));
        assertEquals("float 77.5", c.skipped().get("best_metric"));
        assertTrue(c.skipped().containsKey("state_dict_ema"));

        StateDict ema = WeightFiles.read(Fixtures.weights("nested.pth"), ReadOptions.defaults().withCheckpointKey("state_dict_ema"));
        StateDict plain = c.stateDict();
        float[] a = plain.get("base").toFloatArray();
        float[] b = ema.get("base").toFloatArray();
        for (int i = 0; i < a.length; i++) {
            assertEquals(2 * a[i], b[i], 0f);
        }
        WeightFormatException e = assertThrows(WeightFormatException.class, () ->
                TorchCheckpoint.load(Fixtures.weights("nested.pth"), ReadOptions.defaults().withCheckpointKey("nope")));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("state_dict_ema"), e.getMessage());
    }

    @Test
    void stripsDataParallelPrefix() throws IOException {
        StateDict sd = WeightFiles.read(Fixtures.weights("module_prefixed.pth"));
        assertEquals(List.of("conv.weight", "half"), List.copyOf(sd.keys()));
        StateDict kept = WeightFiles.read(Fixtures.weights("module_prefixed.pth"), ReadOptions.defaults().withStripPrefixes(List.of()));
        assertEquals(List.of("module.conv.weight", "module.half"), List.copyOf(kept.keys()));
    }

    // ---- hand-made pickles -------------------------------------------------------------------------------

    /** Writes pickle opcodes by hand, so the malicious files are built here and never by Python. */
    static final class Pickle {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle op(int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
            return this;
        }

        Pickle text(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            return this;
        }

        Pickle unicode(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X');
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array());
            out.writeBytes(b);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private Path checkpoint(String name, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Path f = tmp.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("archive/data.pkl", pickle);
            storages.forEach((k, v) -> entries.put("archive/data/" + k, v));
            entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                ze.setMethod(ZipEntry.STORED);
                ze.setSize(e.getValue().length);
                ze.setCompressedSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                ze.setCrc(crc.getValue());
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return f;
    }

    @Test
    void refusesPosixSystemAndRunsNothing() throws IOException {
        Path marker = tmp.resolve("pwned");
        byte[] evil = new Pickle().op(0x80, 2).text("cposix\nsystem\n").op('q', 0)
                .unicode("touch " + marker).op(0x85).op('R').op('.').bytes();
        Path f = checkpoint("evil.pth", evil, Map.of());
        UnsafeCheckpointException e = assertThrows(UnsafeCheckpointException.class, () -> WeightFiles.read(f));
        assertTrue(e.getMessage().contains("evil.pth") && e.getMessage().contains("posix system"), e.getMessage());
        assertFalse(Files.exists(marker), "nothing was executed");
    }

    @Test
    void refusesOsSystemBuiltinsEvalAndUnknownCallables() throws IOException {
        byte[] os = new Pickle().op(0x80, 2).text("cos\nsystem\n").unicode("id").op(0x85, 'R', '.').bytes();
        UnsafeCheckpointException e = assertThrows(UnsafeCheckpointException.class,
                () -> WeightFiles.read(checkpoint("os.pth", os, Map.of())));
        assertTrue(e.getMessage().contains("os system"), e.getMessage());

        // protocol 4 STACK_GLOBAL spelling of builtins.eval
        byte[] eval = new Pickle().op(0x80, 4).unicode("builtins").unicode("eval").op(0x93)
                .unicode("1+1").op(0x85, 'R', '.').bytes();
        e = assertThrows(UnsafeCheckpointException.class, () -> WeightFiles.read(checkpoint("eval.pth", eval, Map.of())));
        assertTrue(e.getMessage().contains("builtins eval"), e.getMessage());

        // an allowed global used where a callable of another kind is expected: REDUCE of a non-global
        byte[] notCallable = new Pickle().op(0x80, 2).unicode("x").op(')', 'R', '.').bytes();
        e = assertThrows(UnsafeCheckpointException.class, () -> WeightFiles.read(checkpoint("nc.pth", notCallable, Map.of())));
        assertTrue(e.getMessage().contains("REDUCE"), e.getMessage());

        // object construction is never interpreted
        byte[] newobj = new Pickle().op(0x80, 2).text("ccollections\nOrderedDict\n").op(')', 0x81, '.').bytes();
        e = assertThrows(UnsafeCheckpointException.class, () -> WeightFiles.read(checkpoint("no.pth", newobj, Map.of())));
        assertTrue(e.getMessage().contains("NEWOBJ"), e.getMessage());
    }

    @Test
    void readsAHandWrittenTensorPickle() throws IOException {
        // {'w': _rebuild_tensor_v2(('storage', FloatStorage, '0', 'cpu', 6), 1, (2, 2), (1, 2), False, OrderedDict())}
        byte[] p = new Pickle().op(0x80, 2).op('}').unicode("w")
                .text("ctorch._utils\n_rebuild_tensor_v2\n").op('(', '(')
                .unicode("storage").text("ctorch\nFloatStorage\n").unicode("0").unicode("cpu").op('K', 6).op('t', 'Q')
                .op('K', 1).op('K', 2, 'K', 2, 0x86).op('K', 1, 'K', 2, 0x86).op(0x89)
                .text("ccollections\nOrderedDict\n").op(')', 'R').op('t', 'R').op('s', '.').bytes();
        ByteBuffer storage = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            storage.putFloat(i);
        }
        StateDict sd = WeightFiles.read(checkpoint("hand.pth", p, Map.of("0", storage.array())));
        assertArrayEquals(new long[] {2, 2}, sd.get("w").shape());
        assertArrayEquals(new float[] {1, 3, 2, 4}, sd.get("w").toFloatArray(), "offset 1, strides (1, 2)");

        // the same view over a storage too small for it
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> WeightFiles.read(checkpoint("small.pth", p, Map.of("0", new byte[24 - 8]))));
        assertTrue(e.getMessage().contains("storage '0'"), e.getMessage());
        // a stride-0 view claiming far more elements than its storage holds
        byte[] bomb = new Pickle().op(0x80, 2).op('}').unicode("w")
                .text("ctorch._utils\n_rebuild_tensor_v2\n").op('(', '(')
                .unicode("storage").text("ctorch\nFloatStorage\n").unicode("0").unicode("cpu").op('K', 6).op('t', 'Q')
                .op('K', 0).op('J', 0, 0, 0, 0x20, 0x85).op('K', 0, 0x85).op(0x89).op(')').op('t', 'R').op('s', '.').bytes();
        e = assertThrows(WeightFormatException.class, () -> WeightFiles.read(checkpoint("bomb.pth", bomb, Map.of("0", storage.array()))));
        assertTrue(e.getMessage().contains("overlapping strides"), e.getMessage());
        // and with the storage missing
        e = assertThrows(WeightFormatException.class, () -> WeightFiles.read(checkpoint("none.pth", p, Map.of())));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void honoursABigEndianByteorderRecord() throws IOException {
        byte[] p = new Pickle().op(0x80, 2).op('}').unicode("w")
                .text("ctorch._utils\n_rebuild_tensor_v2\n").op('(', '(')
                .unicode("storage").text("ctorch\nFloatStorage\n").unicode("0").unicode("cpu").op('K', 2).op('t', 'Q')
                .op('K', 0).op('K', 2, 0x85).op('K', 1, 0x85).op(0x89).op(')').op('t', 'R').op('s', '.').bytes();
        ByteBuffer be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putFloat(1.5f).putFloat(-2f);
        Map<String, byte[]> storages = new LinkedHashMap<>();
        storages.put("0", be.array());
        Path f = checkpoint("big.pth", p, storages);
        // add the byteorder record next to data.pkl
        Path g = tmp.resolve("big2.pth");
        try (var in = new java.util.zip.ZipFile(f.toFile()); ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(g))) {
            for (var en = in.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(in.getInputStream(e).readAllBytes());
                z.closeEntry();
            }
            z.putNextEntry(new ZipEntry("archive/byteorder"));
            z.write("big".getBytes(StandardCharsets.US_ASCII));
            z.closeEntry();
        }
        assertArrayEquals(new float[] {1.5f, -2f}, WeightFiles.read(g).get("w").toFloatArray());
    }

    @Test
    void rejectsLengthsLargerThanThePickle() throws IOException {
        byte[] p = new Pickle().op(0x80, 2, 'X', 0xf0, 0xff, 0xff, 0x7f).text("abc").bytes();
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> WeightFiles.read(checkpoint("len.pth", p, Map.of())));
        assertTrue(e.getMessage().contains("len.pth") && e.getMessage().contains("exceeds"), e.getMessage());
        byte[] cut = new Pickle().op(0x80, 2, '}').unicode("a").bytes();
        e = assertThrows(WeightFormatException.class, () -> WeightFiles.read(checkpoint("cut.pth", cut, Map.of())));
        assertTrue(e.getMessage().contains("unexpected end"), e.getMessage());
    }

    @Test
    void rejectsZipEntriesClaimingMoreThanTheFile() throws IOException {
        Path f = checkpoint("claim.pth", new Pickle().op(0x80, 2, '}', '.').bytes(), Map.of("0", new byte[16]));
        byte[] all = Files.readAllBytes(f);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        // patch the central directory record of archive/data.pkl: claim 2 GB compressed and uncompressed
        for (int i = 0; i + 46 < all.length; i++) {
            if (b.getInt(i) == 0x02014b50) {
                b.putInt(i + 20, 0x7ffffff0).putInt(i + 24, 0x7ffffff0);
                break;
            }
        }
        Files.write(f, all);
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> WeightFiles.read(f));
        assertTrue(e.getMessage().contains("claim.pth"), e.getMessage());
    }

    @Test
    void refusesLegacyAndTruncatedFiles() throws IOException {
        Path legacy = tmp.resolve("legacy.pth");
        Files.write(legacy, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, '.'});
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> WeightFiles.read(legacy));
        assertTrue(e.getMessage().contains("legacy"), e.getMessage());

        byte[] all = Files.readAllBytes(Fixtures.weights("plain.pth"));
        Path cut = tmp.resolve("cut.pth");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length * 2 / 3));
        e = assertThrows(WeightFormatException.class, () -> WeightFiles.read(cut));
        assertTrue(e.getMessage().contains("cut.pth"), e.getMessage());
    }

    @Test
    void gatherChecksBoundsAndPermutes() {
        TensorData t = TensorData.ofFloats(new long[] {2, 3}, new float[] {0, 1, 2, 3, 4, 5});
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, t.permuted(1, 0).toFloatArray());
        assertThrows(IllegalArgumentException.class,
                () -> TensorData.gather(DType.FLOAT32, new long[] {4}, new long[] {2}, 0, t.data()));
        assertInstanceOf(TensorData.class, TensorData.gather(DType.FLOAT32, new long[] {3}, new long[] {2}, 0, t.data()));
    }
}
