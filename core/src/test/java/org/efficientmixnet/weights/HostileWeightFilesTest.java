package org.efficientmixnet.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.io.LimitExceededException;
import org.efficientmixnet.io.Limits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hostile weight files of issue 13, each refused with a one-line error within a bounded time and memory. */
class HostileWeightFilesTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearLimits() {
        for (Limits.Limit l : Limits.ALL) {
            System.clearProperty(l.property());
        }
        System.clearProperty("emn.allowNonFiniteWeights");
    }

    private Path zip(String name, Map<String, byte[]> entries, boolean deflate) throws IOException {
        Path f = tmp.resolve(name);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                if (!deflate) {
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(e.getValue().length);
                    ze.setCompressedSize(e.getValue().length);
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    ze.setCrc(crc.getValue());
                }
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return f;
    }

    private Path checkpoint(String name, byte[] pickle, Map<String, byte[]> storages, boolean deflate) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle);
        storages.forEach((k, v) -> entries.put("archive/data/" + k, v));
        return zip(name, entries, deflate);
    }

    private static FileFormatException refused(Path f) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(FileFormatException.class, () -> WeightFiles.read(f)));
    }

    private static void oneLine(FileFormatException e, Path f) {
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().length() < 600 && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aSelfReferencingListAsPersistentIdIsRefusedWithoutAStackOverflow() throws IOException {
        // \x80\x02]q\x00]q\x01h\x00aaX\x01\x00\x00\x00x\x86Q.
        byte[] p = {(byte) 0x80, 2, ']', 'q', 0, ']', 'q', 1, 'h', 0, 'a', 'a', 'X', 1, 0, 0, 0, 'x', (byte) 0x86, 'Q', '.'};
        Path f = checkpoint("cycle.pth", p, Map.of(), false);
        FileFormatException e = refused(f);
        oneLine(e, f);
        assertTrue(e.getMessage().contains("persistent id"), e.getMessage());
    }

    @Test
    void deeplyNestedListsBeforeAPersistentIdAreRefused() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x80);
        b.write(2);
        for (int i = 0; i < 200_000; i++) {
            b.write('(');
        }
        for (int i = 0; i < 200_000; i++) {
            b.write('l');
        }
        b.write('Q');
        b.write('.');
        Path f = checkpoint("deep.pth", b.toByteArray(), Map.of(), false);
        FileFormatException e = refused(f);
        oneLine(e, f);
        assertTrue(e instanceof LimitExceededException && e.getMessage().contains("emn.limit.nesting"), e.getMessage());
    }

    @Test
    void exponentiallySharedListsInAPersistentIdAreRefusedAtOnce() throws IOException {
        // L0 = []; L_i = [L_{i-1}, L_{i-1}] through the memo, 40 levels; then BINPERSID
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {(byte) 0x80, 2, ']', 'q', 0});
        for (int i = 1; i <= 40; i++) {
            b.writeBytes(new byte[] {'(', 'h', (byte) (i - 1), 'h', (byte) (i - 1), 'l', 'q', (byte) i, '0'});
        }
        b.writeBytes(new byte[] {'h', 40, 'Q', '.'});
        Path f = checkpoint("shared.pth", b.toByteArray(), Map.of(), false);
        long t0 = System.nanoTime();
        FileFormatException e = refused(f);
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "refused within 2 s");
        oneLine(e, f);
    }

    @Test
    void aSafetensorsHeaderOfDeeplyNestedArraysIsRefused() throws IOException {
        String json = "{\"a\":" + "[".repeat(500_000) + "}";
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        Path f = tmp.resolve("nest.safetensors");
        Files.write(f, ByteBuffer.allocate(8 + h.length).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h).array());
        FileFormatException e = refused(f);
        oneLine(e, f);
    }

    /** {@code {'w<i>': _rebuild_tensor_v2(storage '0' of n floats, 0, shape, strides)}} for i < views. */
    private static byte[] views(int views, long n, boolean transposed) {
        TorchCheckpointTest.Pickle p = new TorchCheckpointTest.Pickle().op(0x80, 2).op('}');
        long rows = n / 1024;
        for (int i = 0; i < views; i++) {
            p.unicode("w" + i).text("ctorch._utils\n_rebuild_tensor_v2\n").op('(', '(')
                    .unicode("storage").text("ctorch\nFloatStorage\n").unicode("0").unicode("cpu")
                    .op('J').op(le4(n)).op('t', 'Q').op('K', 0)
                    .op('J').op(le4(transposed ? 1024 : rows)).op('J').op(le4(transposed ? rows : 1024)).op(0x86)
                    .op('J').op(le4(transposed ? 1 : 1024)).op('J').op(le4(transposed ? 1024 : 1)).op(0x86)
                    .op(0x89).op(')').op('t', 'R').op('s');
        }
        return p.op('.').bytes();
    }

    private static int[] le4(long v) {
        return new int[] {(int) (v & 0xff), (int) (v >> 8 & 0xff), (int) (v >> 16 & 0xff), (int) (v >> 24 & 0xff)};
    }

    @Test
    void aStorageViewedByManyTensorsIsHeldOnceAndCopiesCountAgainstTheBudget() throws IOException {
        long n = 1L << 20; // a 4 MiB zero storage, deflated to a few KB
        System.setProperty(Limits.WEIGHT_BYTES.property(), String.valueOf(16L << 20));
        Path shared = checkpoint("shared.pth", views(96, n, false), Map.of("0", new byte[(int) n * 4]), true);
        assertTrue(Files.size(shared) < 64 << 10, "a small file");
        StateDict sd = WeightFiles.read(shared);
        assertEquals(96, sd.size());
        assertArrayEquals(new long[] {1024, 1024}, sd.get("w95").shape());
        // 96 transposed views would be 96 copies: 384 MiB from a tiny file, over the 16 MiB budget
        Path copies = checkpoint("copies.pth", views(96, n, true), Map.of("0", new byte[(int) n * 4]), true);
        FileFormatException e = refused(copies);
        oneLine(e, copies);
        assertTrue(e instanceof LimitExceededException && e.getMessage().contains("emn.limit.weightBytes")
                && e.getMessage().contains("EMN_LIMIT_WEIGHT_BYTES"), e.getMessage());
    }

    @Test
    void zipBombsWithinTheRatioLimitButOverTheTotalAreRefused() throws IOException {
        System.setProperty(Limits.WEIGHT_BYTES.property(), String.valueOf(10L << 20));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            byte[] npy = Npz.toNpy(new TensorData(DType.FLOAT32, new long[] {1 << 20}, ByteBuffer.allocate(4 << 20)), "a");
            entries.put("a" + i + ".npy", npy);
        }
        Path npz = zip("bomb.npz", entries, true);
        FileFormatException e = refused(npz);
        oneLine(e, npz);
        assertTrue(e instanceof LimitExceededException, e.getMessage());

        Map<String, byte[]> st = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            st.put(String.valueOf(i), new byte[4 << 20]);
        }
        // four 4 MiB storages named by four tensors: 16 MiB from a file of a few KB
        TorchCheckpointTest.Pickle p = new TorchCheckpointTest.Pickle().op(0x80, 2).op('}');
        for (int i = 0; i < 4; i++) {
            p.unicode("w" + i).text("ctorch._utils\n_rebuild_tensor_v2\n").op('(', '(')
                    .unicode("storage").text("ctorch\nFloatStorage\n").unicode(String.valueOf(i)).unicode("cpu")
                    .op('J').op(le4(1 << 20)).op('t', 'Q').op('K', 0).op('J').op(le4(1 << 20)).op(0x85)
                    .op('K', 1, 0x85).op(0x89).op(')').op('t', 'R').op('s');
        }
        Path pth = checkpoint("bomb.pth", p.op('.').bytes(), st, true);
        e = refused(pth);
        oneLine(e, pth);
        assertTrue(e instanceof LimitExceededException, e.getMessage());
        System.setProperty(Limits.WEIGHT_BYTES.property(), String.valueOf(20L << 20));
        assertEquals(4, WeightFiles.read(pth).size(), "within a raised limit it loads");
        Path used = checkpoint("used.pth", views(1, 1 << 20, false), Map.of("0", new byte[4 << 20]), true);
        System.setProperty(Limits.WEIGHT_BYTES.property(), String.valueOf(1L << 20));
        e = refused(used);
        assertTrue(e instanceof LimitExceededException, e.getMessage());
    }

    @Test
    void aKerasFileOverTheByteBudgetIsRefused() throws IOException {
        System.setProperty(Limits.WEIGHT_BYTES.property(), "1000");
        Path f = Fixtures.weights("keras_tiny.h5");
        FileFormatException e = refused(f);
        assertTrue(e instanceof LimitExceededException && e.getMessage().contains("dataset"), e.getMessage());
    }

    private Path safetensors(String name, String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        Path f = tmp.resolve(name);
        Files.write(f, ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length).put(h).array());
        return f;
    }

    @Test
    void safetensorsOverTheTensorCountOrHeaderSizeIsRefused() throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < 20; i++) {
            json.append(i == 0 ? "" : ",").append("\"t").append(i).append("\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[")
                    .append(i).append(",").append(i + 1).append("]}");
        }
        Path f = safetensors("many.safetensors", json.append("}").toString(), 20);
        assertEquals(20, WeightFiles.read(f).size());
        System.setProperty(Limits.TENSORS.property(), "10");
        FileFormatException e = refused(f);
        assertTrue(e instanceof LimitExceededException && e.getMessage().contains("emn.limit.tensors"), e.getMessage());
        System.clearProperty(Limits.TENSORS.property());
        System.setProperty(Limits.HEADER_BYTES.property(), "100");
        e = refused(f);
        assertTrue(e instanceof LimitExceededException && e.getMessage().contains("header"), e.getMessage());
    }

    @Test
    void safetensorsIsAsStrictAsTheReference() throws IOException {
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";
        assertEquals(1, WeightFiles.read(safetensors("ok.safetensors", ok, 16)).size());
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("fractional shape", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2.5,2],\"data_offsets\":[0,16]}}");
        bad.put("duplicate key", "{\"a\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[8,16]}}");
        bad.put("overlap", "{\"a\":{\"dtype\":\"U8\",\"shape\":[12],\"data_offsets\":[0,12]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[8,16]}}");
        bad.put("gap", "{\"a\":{\"dtype\":\"U8\",\"shape\":[4],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[8,16]}}");
        bad.put("trailing data", "{\"a\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]}}");
        bad.put("negative dimension", "{\"a\":{\"dtype\":\"U8\",\"shape\":[-16],\"data_offsets\":[0,16]}}");
        bad.put("string offsets", "{\"a\":{\"dtype\":\"U8\",\"shape\":[16],\"data_offsets\":[\"0\",16]}}");
        int i = 0;
        for (Map.Entry<String, String> c : bad.entrySet()) {
            Path f = safetensors("bad" + i++ + ".safetensors", c.getValue(), 16);
            FileFormatException e = assertThrows(FileFormatException.class, () -> WeightFiles.read(f), c.getKey());
            oneLine(e, f);
        }
    }

    @Test
    void aFlippedByteInAStoredZipEntryFailsItsCrc() throws IOException {
        byte[] data = Npz.toNpy(TensorData.ofFloats(new long[] {4}, new float[] {1, 2, 3, 4}), "a");
        Path f = zip("flip.npz", Map.of("a.npy", data), false);
        byte[] all = Files.readAllBytes(f);
        // the last data byte of the entry: the high byte of 4.0f
        int at = indexOf(all, data) + data.length - 1;
        all[at] = (byte) 0x7f;
        Files.write(f, all);
        FileFormatException e = refused(f);
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void nonFiniteWeightsAndNegativeVariancesAreALoadTimeError() throws IOException {
        StateDict sd = new StateDict()
                .put("conv.weight", TensorData.ofFloats(new long[] {2}, new float[] {1, Float.NaN}))
                .put("bn.running_var", TensorData.ofFloats(new long[] {2}, new float[] {1, -0.5f}));
        Path f = tmp.resolve("nan.safetensors");
        Safetensors.write(f, sd);
        FileFormatException e = refused(f);
        assertTrue(e.getMessage().contains("conv.weight") && e.getMessage().contains("bn.running_var")
                && e.getMessage().contains("EMN_ALLOW_NON_FINITE_WEIGHTS"), e.getMessage());
        assertEquals(2, WeightFiles.read(f, ReadOptions.defaults().withAllowNonFinite(true)).size());
        System.setProperty("emn.allowNonFiniteWeights", "true");
        assertEquals(2, WeightFiles.read(f).size());
    }

    @Test
    void hugeIntegersAndControlBytesStayOutOfTheMessage() throws IOException {
        byte[] p = new TorchCheckpointTest.Pickle().op(0x80, 2, 'I').text("9".repeat(100_000) + "\u001b[2J\n").op('.').bytes();
        Path f = checkpoint("int.pth", p, Map.of(), false);
        FileFormatException e = refused(f);
        oneLine(e, f);
        assertTrue(!e.getMessage().contains("\u001b"), e.getMessage());
    }
}
