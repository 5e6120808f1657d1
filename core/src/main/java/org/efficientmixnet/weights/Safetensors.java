package org.efficientmixnet.weights;

import org.efficientmixnet.io.AtomicFile;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header mapping each name to
 * {@code dtype}, {@code shape} and {@code data_offsets} (relative to the end of the header), an optional
 * {@code __metadata__} string map, then the raw little-endian data. The hub's timm weights use it.
 */
public final class Safetensors {
    /** The reference implementation refuses headers over 100 MB; so do we, before allocating. */
    static final long MAX_HEADER = 100L * 1024 * 1024;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Safetensors() {
    }

    public static String dtypeName(DType t) {
        return switch (t) {
            case FLOAT64 -> "F64";
            case FLOAT32 -> "F32";
            case FLOAT16 -> "F16";
            case BFLOAT16 -> "BF16";
            case INT64 -> "I64";
            case INT32 -> "I32";
            case INT16 -> "I16";
            case INT8 -> "I8";
            case UINT8 -> "U8";
            case BOOL -> "BOOL";
        };
    }

    static DType dtypeOf(String s, Path file, String tensor) {
        return switch (s) {
            case "F64" -> DType.FLOAT64;
            case "F32" -> DType.FLOAT32;
            case "F16" -> DType.FLOAT16;
            case "BF16" -> DType.BFLOAT16;
            case "I64" -> DType.INT64;
            case "I32" -> DType.INT32;
            case "I16" -> DType.INT16;
            case "I8" -> DType.INT8;
            case "U8" -> DType.UINT8;
            case "BOOL" -> DType.BOOL;
            default -> throw new WeightFormatException(file, "tensor '" + tensor + "' has unsupported dtype '" + s
                    + "' (supported: F64 F32 F16 BF16 I64 I32 I16 I8 U8 BOOL)");
        };
    }

    /**
     * The order the Rust writer behind {@code safetensors.torch.save_file} lays tensors out in: larger alignment
     * first (its dtype enum, descending), then by name. Header entries follow the same order.
     */
    private static int writerRank(DType t) {
        return switch (t) {
            case BOOL -> 0;
            case UINT8 -> 1;
            case INT8 -> 2;
            case INT16 -> 5;
            case FLOAT16 -> 7;
            case BFLOAT16 -> 8;
            case INT32 -> 9;
            case FLOAT32 -> 11;
            case FLOAT64 -> 12;
            case INT64 -> 13;
        };
    }

    /** Reads every tensor. */
    public static StateDict read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = header(ch, file);
            StateDict out = new StateDict();
            for (Entry e : h.entries) {
                ByteBuffer b = FileIo.readAt(ch, file, h.dataStart + e.begin, e.end - e.begin, "tensor '" + e.name + "'");
                out.put(e.name, new TensorData(e.dtype, e.shape, b));
            }
            return out;
        }
    }

    /** The free-form {@code __metadata__} string map (empty when absent). */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return header(ch, file).metadata;
        }
    }

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {
    }

    private record Header(List<Entry> entries, Map<String, String> metadata, long dataStart) {
    }

    private static Header header(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new WeightFormatException(file, "safetensors file of " + size + " bytes is too short for its 8-byte header length");
        }
        long n = FileIo.readAt(ch, file, 0, 8, "header length").getLong();
        if (n < 2 || n > MAX_HEADER || n > size - 8) {
            throw new WeightFormatException(file, "safetensors header length " + Long.toUnsignedString(n)
                    + " is impossible for a file of " + size + " bytes (limit " + MAX_HEADER + "; truncated or not safetensors)");
        }
        ByteBuffer hb = FileIo.readAt(ch, file, 8, n, "header");
        String json = StandardCharsets.UTF_8.decode(hb).toString();
        JsonObject root;
        try {
            JsonElement el = JsonParser.parseString(json.stripTrailing());
            if (!el.isJsonObject()) {
                throw new WeightFormatException(file, "safetensors header is not a JSON object");
            }
            root = el.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new WeightFormatException(file, "safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        long dataStart = 8 + n;
        long dataSize = size - dataStart;
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> kv : root.entrySet()) {
            String name = kv.getKey();
            try {
                if (name.equals("__metadata__")) {
                    for (Map.Entry<String, JsonElement> m : kv.getValue().getAsJsonObject().entrySet()) {
                        metadata.put(m.getKey(), m.getValue().getAsString());
                    }
                    continue;
                }
                JsonObject t = kv.getValue().getAsJsonObject();
                DType dt = dtypeOf(t.get("dtype").getAsString(), file, name);
                JsonArray sh = t.getAsJsonArray("shape");
                long[] shape = new long[sh.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = sh.get(i).getAsLong();
                }
                JsonArray off = t.getAsJsonArray("data_offsets");
                long begin = off.get(0).getAsLong();
                long end = off.get(1).getAsLong();
                long bytes;
                try {
                    bytes = Math.multiplyExact(TensorData.numel(shape), (long) dt.bytes());
                } catch (ArithmeticException | IllegalArgumentException e) {
                    throw new WeightFormatException(file, "tensor '" + name + "' has an invalid shape " + sh);
                }
                if (off.size() != 2 || begin < 0 || end < begin || end > dataSize) {
                    throw new WeightFormatException(file, "tensor '" + name + "' has data_offsets " + off
                            + " outside the " + dataSize + "-byte data section (truncated or corrupt)");
                }
                if (end - begin != bytes) {
                    throw new WeightFormatException(file, "tensor '" + name + "' of shape " + sh + " and dtype " + dt
                            + " needs " + bytes + " bytes but data_offsets " + off + " span " + (end - begin));
                }
                entries.add(new Entry(name, dt, shape, begin, end));
            } catch (NullPointerException | ClassCastException | IllegalStateException | IndexOutOfBoundsException
                     | NumberFormatException | UnsupportedOperationException e) {
                throw new WeightFormatException(file, "header entry '" + name + "' is malformed: " + kv.getValue(), e);
            }
        }
        return new Header(entries, metadata, dataStart);
    }

    /** Writes with metadata {@code {"format": "pt"}}, which Hugging Face loaders expect of PyTorch weights. */
    public static void write(Path file, StateDict dict) throws IOException {
        write(file, dict, Map.of("format", "pt"));
    }

    /**
     * Writes atomically (temporary file beside the target, then rename). Layout as the reference writer: tensors
     * ordered by dtype alignment then name, compact JSON header padded with spaces to a multiple of 8 bytes.
     */
    public static void write(Path file, StateDict dict, Map<String, String> metadata) throws IOException {
        List<Map.Entry<String, TensorData>> items = new ArrayList<>(dict.asMap().entrySet());
        items.sort(Comparator.<Map.Entry<String, TensorData>>comparingInt(e -> -writerRank(e.getValue().dtype()))
                .thenComparing(Map.Entry::getKey));
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject m = new JsonObject();
            metadata.forEach(m::addProperty);
            header.add("__metadata__", m);
        }
        long offset = 0;
        for (Map.Entry<String, TensorData> e : items) {
            TensorData t = e.getValue();
            JsonObject o = new JsonObject();
            o.addProperty("dtype", dtypeName(t.dtype()));
            JsonArray sh = new JsonArray();
            for (long d : t.shape()) {
                sh.add(d);
            }
            o.add("shape", sh);
            JsonArray off = new JsonArray();
            off.add(offset);
            offset += t.data().remaining();
            off.add(offset);
            o.add("data_offsets", off);
            header.add(e.getKey(), o);
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - json.length % 8) % 8;
        AtomicFile.write(file, tmp -> {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
                ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length + pad);
                out.write(len.array());
                out.write(json);
                for (int i = 0; i < pad; i++) {
                    out.write(' ');
                }
                for (Map.Entry<String, TensorData> e : items) {
                    out.write(e.getValue().toByteArray());
                }
            }
        });
    }
}
