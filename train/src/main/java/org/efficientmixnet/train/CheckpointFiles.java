package org.efficientmixnet.train;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.efficientmixnet.weights.DType;
import org.efficientmixnet.weights.StateDict;
import org.efficientmixnet.weights.TensorData;

/**
 * The one place where checkpoint tensors meet the disk: float32 safetensors files written to a temporary
 * name in the same folder and renamed. (To be replaced by the weights module's WeightFiles once it lands.)
 */
public final class CheckpointFiles {
    private CheckpointFiles() {
    }

    /** Writes the tensors atomically; returns the CRC-32 of the file's bytes. */
    public static long writeWeights(Path file, StateDict sd) throws IOException {
        JsonObject header = new JsonObject();
        long offset = 0;
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        for (Map.Entry<String, TensorData> e : sd.asMap().entrySet()) {
            float[] v = e.getValue().toFloatArray();
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(v);
            bodies.put(e.getKey(), b.array());
            JsonObject t = new JsonObject();
            t.addProperty("dtype", "F32");
            com.google.gson.JsonArray shape = new com.google.gson.JsonArray();
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            t.add("shape", shape);
            com.google.gson.JsonArray off = new com.google.gson.JsonArray();
            off.add(offset);
            off.add(offset + v.length * 4L);
            t.add("data_offsets", off);
            header.add(e.getKey(), t);
            offset += v.length * 4L;
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        int pad = (8 - h.length % 8) % 8;
        byte[] hp = new byte[h.length + pad];
        System.arraycopy(h, 0, hp, 0, h.length);
        java.util.Arrays.fill(hp, h.length, hp.length, (byte) ' ');
        ByteBuffer out = ByteBuffer.allocate((int) (8 + hp.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(hp.length).put(hp);
        bodies.values().forEach(out::put);
        return writeAtomically(file, out.array());
    }

    public static StateDict readWeights(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < 8) {
            throw new IOException(file + ": not a safetensors file (too short)");
        }
        long n = b.getLong();
        if (n < 2 || 8 + n > all.length) {
            throw new IOException(file + ": not a safetensors file (header length " + n + ")");
        }
        JsonObject header = JsonParser.parseString(new String(all, 8, (int) n, StandardCharsets.UTF_8)).getAsJsonObject();
        StateDict sd = new StateDict();
        int base = (int) (8 + n);
        for (String key : header.keySet()) {
            if (key.equals("__metadata__")) {
                continue;
            }
            JsonObject t = header.getAsJsonObject(key);
            if (!t.get("dtype").getAsString().equals("F32")) {
                throw new IOException(file + ": tensor '" + key + "' has dtype " + t.get("dtype") + ", expected F32");
            }
            var shapeJson = t.getAsJsonArray("shape");
            long[] shape = new long[shapeJson.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeJson.get(i).getAsLong();
            }
            var off = t.getAsJsonArray("data_offsets");
            int from = base + (int) off.get(0).getAsLong();
            int to = base + (int) off.get(1).getAsLong();
            if (to > all.length || from > to) {
                throw new IOException(file + ": tensor '" + key + "' lies outside the file (truncated?)");
            }
            sd.put(key, new TensorData(DType.FLOAT32, shape, ByteBuffer.wrap(all, from, to - from).slice()));
        }
        return sd;
    }

    /** Writes bytes to a temporary file in the same folder, then renames it over {@code file}; returns their CRC-32. */
    public static long writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return crc(bytes);
    }

    public static void writeStringAtomically(Path file, String text) throws IOException {
        writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static long crc(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return c.getValue();
    }

    public static long crc(Path file) throws IOException {
        return crc(Files.readAllBytes(file));
    }
}
