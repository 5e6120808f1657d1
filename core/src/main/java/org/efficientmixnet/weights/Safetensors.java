package org.efficientmixnet.weights;

import org.efficientmixnet.io.AtomicFile;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.HashSet;
import java.util.Set;
import org.efficientmixnet.io.LimitExceededException;
import org.efficientmixnet.io.Limits;
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
            FileIo.Budget budget = new FileIo.Budget(file);
            budget.bytes(ch.size() - h.dataStart, "tensor data");
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
        if (n < 2 || n > size - 8) {
            throw new WeightFormatException(file, "safetensors header length " + Long.toUnsignedString(n)
                    + " is impossible for a file of " + size + " bytes (truncated or not safetensors)");
        }
        Limits.HEADER_BYTES.check(file, "safetensors header", n);
        ByteBuffer hb = FileIo.readAt(ch, file, 8, n, "header");
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb).toString();
        } catch (CharacterCodingException e) {
            throw new WeightFormatException(file, "safetensors header is not valid UTF-8");
        }
        long dataStart = 8 + n;
        long dataSize = size - dataStart;
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        long maxTensors = Limits.TENSORS.value();
        String at = "header";
        // a streaming parse: JsonParser's tree builder recurses and overflows the stack on deeply nested arrays
        try (JsonReader r = new JsonReader(new StringReader(json))) {
            r.setStrictness(Strictness.STRICT);
            Set<String> names = new HashSet<>();
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                at = "header entry '" + name + "'";
                if (!names.add(name)) {
                    throw new WeightFormatException(file, "safetensors header names '" + name + "' twice");
                }
                if (name.equals("__metadata__")) {
                    r.beginObject();
                    while (r.hasNext()) {
                        String k = r.nextName();
                        if (r.peek() != JsonToken.STRING) {
                            throw new WeightFormatException(file, "__metadata__ value '" + k + "' is a " + r.peek()
                                    + ", not a string (the reference accepts only strings)");
                        }
                        metadata.put(k, r.nextString());
                    }
                    r.endObject();
                    continue;
                }
                if (entries.size() >= maxTensors) {
                    throw new LimitExceededException(file, Limits.TENSORS, "safetensors header", entries.size() + 1L);
                }
                entries.add(entry(r, name, file));
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new WeightFormatException(file, "safetensors header has data after its JSON object");
            }
        } catch (MalformedJsonException | IllegalStateException | EOFException | NumberFormatException e) {
            throw new WeightFormatException(file, "safetensors " + at + " is not valid JSON: " + jsonProblem(e), e);
        }
        validate(entries, dataSize, file);
        return new Header(entries, metadata, dataStart);
    }

    /** Gson's message without its troubleshooting URL. */
    static String jsonProblem(Exception e) {
        String m = String.valueOf(e.getMessage());
        int see = m.indexOf("\nSee https://");
        if (see < 0) {
            see = m.indexOf(" See https://");
        }
        if (see < 0) {
            see = m.indexOf("\nSee ");
        }
        return see >= 0 ? m.substring(0, see) : m;
    }

    private static Entry entry(JsonReader r, String name, Path file) throws IOException {
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw new WeightFormatException(file, "tensor '" + name + "' is described by a " + r.peek() + ", not an object");
        }
        r.beginObject();
        while (r.hasNext()) {
            String field = r.nextName();
            switch (field) {
                case "dtype" -> {
                    if (r.peek() != JsonToken.STRING) {
                        throw new WeightFormatException(file, "tensor '" + name + "' has a dtype that is not a string");
                    }
                    dtype = r.nextString();
                }
                case "shape" -> shape = integers(r, file, name, "shape");
                case "data_offsets" -> offsets = integers(r, file, name, "data_offsets");
                default -> throw new WeightFormatException(file, "tensor '" + name + "' has an unknown field '" + field + "'");
            }
        }
        r.endObject();
        if (dtype == null || shape == null || offsets == null) {
            throw new WeightFormatException(file, "tensor '" + name + "' lacks "
                    + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets"));
        }
        DType dt = dtypeOf(dtype, file, name);
        if (offsets.length != 2) {
            throw new WeightFormatException(file, "tensor '" + name + "' has " + offsets.length + " data_offsets, not 2");
        }
        return new Entry(name, dt, shape, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers (usize in the reference): 2.5, -1, 1e3 and strings are refused. */
    private static long[] integers(JsonReader r, Path file, String name, String field) throws IOException {
        if (r.peek() != JsonToken.BEGIN_ARRAY) {
            throw new WeightFormatException(file, "tensor '" + name + "' has a " + field + " that is a " + r.peek()
                    + ", not an array");
        }
        r.beginArray();
        long[] out = new long[4];
        int n = 0;
        while (r.hasNext()) {
            if (r.peek() != JsonToken.NUMBER) {
                throw new WeightFormatException(file, "tensor '" + name + "' has a " + field + " holding a " + r.peek()
                        + ", not an integer");
            }
            String v = r.nextString();
            long x;
            try {
                x = Long.parseLong(v);
            } catch (NumberFormatException e) {
                x = -1;
            }
            if (x < 0) {
                throw new WeightFormatException(file, "tensor '" + name + "' has " + field + " value " + v
                        + ", not a non-negative integer");
            }
            if (n == 64) {
                throw new WeightFormatException(file, "tensor '" + name + "' has a " + field + " of more than 64 values");
            }
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = x;
        }
        r.endArray();
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * The reference library's validation: in the order of their offsets, each tensor starts where the previous one
     * ended (the first at 0), spans exactly its shape's bytes, and the last ends at the end of the file.
     */
    private static void validate(List<Entry> entries, long dataSize, Path file) {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : byOffset) {
            long bytes;
            try {
                bytes = Math.multiplyExact(TensorData.numel(e.shape), (long) e.dtype.bytes());
            } catch (ArithmeticException | IllegalArgumentException x) {
                throw new WeightFormatException(file, "tensor '" + e.name + "' has an impossible shape "
                        + java.util.Arrays.toString(e.shape));
            }
            if (e.begin != expected) {
                throw new WeightFormatException(file, "tensor '" + e.name + "' starts at data offset " + e.begin
                        + " but the previous tensor ends at " + expected + " (" + (e.begin < expected ? "overlapping"
                        : "a gap") + "; the reference library refuses this)");
            }
            if (e.end < e.begin || e.end > dataSize) {
                throw new WeightFormatException(file, "tensor '" + e.name + "' has data_offsets [" + e.begin + ", "
                        + e.end + "] outside the " + dataSize + "-byte data section (truncated or corrupt)");
            }
            if (e.end - e.begin != bytes) {
                throw new WeightFormatException(file, "tensor '" + e.name + "' of shape "
                        + java.util.Arrays.toString(e.shape) + " and dtype " + e.dtype + " needs " + bytes
                        + " bytes but data_offsets [" + e.begin + ", " + e.end + "] span " + (e.end - e.begin));
            }
            expected = e.end;
        }
        if (expected != dataSize) {
            throw new WeightFormatException(file, "the tensors cover " + expected + " of the " + dataSize
                    + " bytes after the header (trailing data; the reference library refuses this)");
        }
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
