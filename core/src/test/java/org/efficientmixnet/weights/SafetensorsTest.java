package org.efficientmixnet.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path tmp;

    @Test
    void readsPythonWrittenFileWithMetadata() throws IOException {
        Path f = Fixtures.weights("python.safetensors");
        StateDict sd = WeightFiles.read(f);
        StateDict expected = Npz.read(Fixtures.weights("expected.npz"));
        assertEquals(List.of("conv.weight", "half", "bf", "idx", "transposed", "scalar"), List.copyOf(sd.keys()));
        assertEquals(DType.FLOAT16, sd.get("half").dtype());
        assertEquals(DType.BFLOAT16, sd.get("bf").dtype());
        assertEquals(DType.INT64, sd.get("idx").dtype());
        for (String k : sd.keys()) {
            Fixtures.assertSameValues(expected.get(k), sd.get(k), k);
        }
        assertEquals(Map.of("format", "pt", "note", "fixture"), Safetensors.readMetadata(f));
        assertArrayEquals(new long[] {1, -2, 3, 1L << 40}, sd.get("idx").toLongArray());
    }

    @Test
    void writesLikeTheReferenceWriter() throws IOException {
        StateDict sd = new StateDict()
                .put("b.weight", TensorData.ofFloats(new long[] {3}, new float[] {1, 2, 3}))
                .put("a.weight", TensorData.ofFloats(new long[] {1, 2}, new float[] {4, 5}))
                .put("h", new TensorData(DType.FLOAT16, new long[] {1}, ByteBuffer.wrap(new byte[] {0, 0x3c})))
                .put("n", new TensorData(DType.INT64, new long[] {}, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 9)));
        Path f = tmp.resolve("out.safetensors");
        WeightFiles.write(f, sd);
        byte[] all = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(all, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"a.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[8,16]},"
                + "\"b.weight\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[16,28]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[28,30]}}", header.stripTrailing());
        assertTrue(header.endsWith(" ") || header.length() % 8 == 0);
        StateDict back = Safetensors.read(f);
        for (String k : sd.keys()) {
            Fixtures.assertSameTensor(sd.get(k), back.get(k), k);
        }
        assertEquals(0, back.get("n").shape().length, "0-d tensors stay 0-d");
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    private Path withHeader(String name, long claimedLength, String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(claimedLength).put(h);
        Path f = tmp.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    @Test
    void rejectsAHeaderLengthOfGigabytesBeforeAllocating() throws IOException {
        Path f = withHeader("huge.safetensors", 5L << 30, "{}", 0);
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> WeightFiles.read(f));
        assertTrue(e.getMessage().contains("huge.safetensors") && e.getMessage().contains("header length"), e.getMessage());
    }

    @Test
    void rejectsOffsetsPastTheEndAndWrongSizesAndBadJson() throws IOException {
        String past = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1000000000],\"data_offsets\":[0,4000000000]}}";
        Path f1 = withHeader("past.safetensors", past.length(), past, 8);
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> Safetensors.read(f1));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("truncated"), e.getMessage());

        String wrong = "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        Path f2 = withHeader("wrong.safetensors", wrong.length(), wrong, 8);
        e = assertThrows(WeightFormatException.class, () -> Safetensors.read(f2));
        assertTrue(e.getMessage().contains("needs 12 bytes"), e.getMessage());

        String bad = "{\"w\":{\"dtype\":";
        Path f3 = withHeader("bad.safetensors", bad.length(), bad, 0);
        e = assertThrows(WeightFormatException.class, () -> Safetensors.read(f3));
        assertTrue(e.getMessage().contains("bad.safetensors") && e.getMessage().contains("JSON"), e.getMessage());

        String dt = "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}";
        Path f4 = withHeader("dt.safetensors", dt.length(), dt, 1);
        e = assertThrows(WeightFormatException.class, () -> Safetensors.read(f4));
        assertTrue(e.getMessage().contains("F8_E4M3"), e.getMessage());
    }

    @Test
    void rejectsATruncatedFile() throws IOException {
        Path f = tmp.resolve("cut.safetensors");
        Safetensors.write(f, new StateDict().put("w", TensorData.ofFloats(new long[] {8}, new float[8])));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 5));
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> WeightFiles.read(f));
        assertTrue(e.getMessage().contains("cut.safetensors"), e.getMessage());
        Files.write(f, java.util.Arrays.copyOf(all, 5));
        assertThrows(WeightFormatException.class, () -> WeightFiles.read(f));
    }
}
