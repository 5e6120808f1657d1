package org.efficientmixnet.weights;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.efficientmixnet.io.Limits;

/**
 * PyTorch checkpoints ({@code .pth}, {@code .pt}, {@code .bin}) in the zip format {@code torch.save} writes since
 * PyTorch 1.6: {@code <name>/data.pkl} (a pickle), {@code <name>/data/<key>} (raw storages) and
 * {@code <name>/byteorder}. The pickle is read by {@link RestrictedUnpickler}, which executes nothing and refuses
 * anything but plain tensor dicts. The legacy (pre-1.6) format and TorchScript archives are refused with a message.
 */
public final class TorchCheckpoint {
    private TorchCheckpoint() {
    }

    /**
     * What a checkpoint held: the state dict, the nested entry it came from (null for the top level) and the
     * non-tensor entries that were skipped, each with a short description ({@code "epoch" -> "int 3"}).
     */
    public record Contents(StateDict stateDict, String sourceKey, Map<String, String> skipped) {
    }

    /** True for the first bytes of a legacy (non-zip) {@code torch.save} file: a bare protocol-2 pickle. */
    static boolean isLegacy(byte[] head) {
        return head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5;
    }

    /** The whole pickled object: maps, lists, tuples, numbers, strings and {@link TensorData}. */
    public static Object readObject(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, 4);
            if (n >= 2 && isLegacy(head)) {
                throw new WeightFormatException(file, "legacy (pre-1.6, non-zip) torch.save format is not supported;"
                        + " re-save it with a current PyTorch (torch.save(torch.load(f), g)) or convert it to safetensors");
            }
        }
        try (ZipFile zip = FileIo.openZip(file)) {
            FileIo.Budget budget = new FileIo.Budget(file);
            String prefix = null;
            boolean script = false;
            for (ZipEntry entry : FileIo.entries(zip, file)) {
                String name = entry.getName();
                // torch.save puts everything under one top folder (the file's stem, or "archive")
                if (prefix == null && (name.equals("data.pkl") || name.endsWith("/data.pkl")) && name.indexOf('/') == name.lastIndexOf('/')) {
                    prefix = name.substring(0, name.length() - "data.pkl".length());
                }
                if (name.contains("/code/") || name.endsWith("/constants.pkl")) {
                    script = true;
                }
            }
            if (script) {
                throw new WeightFormatException(file, "is a TorchScript archive (torch.jit.save), not a state dict;"
                        + " save model.state_dict() with torch.save instead");
            }
            if (prefix == null) {
                throw new WeightFormatException(file, "zip archive without a data.pkl: not a torch.save checkpoint");
            }
            boolean bigEndian = false;
            ZipEntry bo = zip.getEntry(prefix + "byteorder");
            if (bo != null) {
                String order = new String(FileIo.readEntry(zip, bo, file, budget), StandardCharsets.US_ASCII).strip();
                if (!order.equals("little") && !order.equals("big")) {
                    throw new WeightFormatException(file, "byteorder record says '" + order + "', expected little or big");
                }
                bigEndian = order.equals("big");
            }
            ZipEntry pkl = zip.getEntry(prefix + "data.pkl");
            if (pkl.getSize() <= Files.size(file) * FileIo.MAX_DEFLATE_RATIO) { // else readEntry says it is impossible
                Limits.PICKLE_BYTES.check(file, "pickle '" + pkl.getName() + "'", pkl.getSize());
            }
            byte[] pickle = FileIo.readEntry(zip, pkl, file, budget);
            final String dataDir = prefix + "data/";
            final boolean swap = bigEndian;
            Map<String, ByteBuffer> cache = new HashMap<>();
            RestrictedUnpickler.StorageLoader loader = (dtype, key, numel) -> cache.computeIfAbsent(key, k -> {
                try {
                    ZipEntry e = zip.getEntry(dataDir + k);
                    if (e == null) {
                        throw new WeightFormatException(file, "storage '" + k + "' named by the pickle is missing from the archive");
                    }
                    if (numel < 0 || numel > e.getSize() / dtype.bytes()) {
                        throw new WeightFormatException(file, "storage '" + k + "' holds " + e.getSize() + " bytes but "
                                + numel + " elements of " + dtype + " are claimed (truncated)");
                    }
                    byte[] raw = FileIo.readEntry(zip, e, file, budget);
                    if (swap) {
                        FileIo.swapBytes(raw, dtype.bytes());
                    }
                    return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
                } catch (IOException ex) {
                    throw new WeightFormatException(file, "cannot read storage '" + k + "': " + ex.getMessage(), ex);
                }
            });
            return new RestrictedUnpickler(pickle, file, loader, budget).load();
        }
    }

    /** The state dict with default options (see {@link ReadOptions#defaults()}). */
    public static StateDict read(Path file) throws IOException {
        return load(file, ReadOptions.defaults()).stateDict();
    }

    /** The state dict, unwrapped from a nested checkpoint and prefix-stripped as the options say. */
    public static Contents load(Path file, ReadOptions options) throws IOException {
        return unwrap(readObject(file), file, options);
    }

    static Contents unwrap(Object root, Path file, ReadOptions options) {
        if (root instanceof TensorData t) {
            String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            return new Contents(new StateDict().put(stem, t), null, Map.of());
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new WeightFormatException(file, "checkpoint holds a " + RestrictedUnpickler.typeName(root)
                    + ", not a dict of tensors");
        }
        Map<?, ?> chosen = top;
        String source = null;
        if (options.checkpointKey() != null) {
            Object v = top.get(options.checkpointKey());
            if (!(v instanceof Map<?, ?> m)) {
                throw new WeightFormatException(file, "checkpoint has no dict entry '" + options.checkpointKey()
                        + "'; its entries are " + describeKeys(top));
            }
            chosen = m;
            source = options.checkpointKey();
        } else if (!holdsTensors(top)) {
            for (String k : ReadOptions.AUTO_KEYS) {
                if (top.get(k) instanceof Map<?, ?> m && holdsTensors(m)) {
                    chosen = m;
                    source = k;
                    break;
                }
            }
            if (source == null) {
                throw new WeightFormatException(file, "checkpoint holds no tensors at its top level nor under "
                        + ReadOptions.AUTO_KEYS + "; its entries are " + describeKeys(top)
                        + " (choose one with ReadOptions.withCheckpointKey)");
            }
        }
        StateDict sd = new StateDict();
        Map<String, String> skipped = new LinkedHashMap<>();
        if (source != null) {
            for (Map.Entry<?, ?> e : top.entrySet()) {
                if (!String.valueOf(e.getKey()).equals(source)) {
                    skipped.put(String.valueOf(e.getKey()), summary(e.getValue()));
                }
            }
        }
        for (Map.Entry<?, ?> e : chosen.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (e.getValue() instanceof TensorData t) {
                for (String p : options.stripPrefixes()) {
                    if (key.startsWith(p)) {
                        key = key.substring(p.length());
                    }
                }
                if (sd.contains(key)) {
                    throw new WeightFormatException(file, "two entries become '" + key + "' once prefixes "
                            + options.stripPrefixes() + " are stripped");
                }
                sd.put(key, options.toFloat32() ? t.toFloat32() : t);
            } else {
                skipped.put((source == null ? "" : source + ".") + key, summary(e.getValue()));
            }
        }
        return new Contents(sd, source, skipped);
    }

    private static boolean holdsTensors(Map<?, ?> m) {
        for (Object v : m.values()) {
            if (v instanceof TensorData) {
                return true;
            }
        }
        return false;
    }

    private static String describeKeys(Map<?, ?> m) {
        List<String> out = new ArrayList<>();
        m.forEach((k, v) -> out.add(k + " (" + RestrictedUnpickler.typeName(v) + ")"));
        return out.toString();
    }

    private static String summary(Object v) {
        String t = RestrictedUnpickler.typeName(v);
        if (v instanceof Long || v instanceof Double || v instanceof Boolean) {
            return t + " " + v;
        }
        if (v instanceof String s) {
            return "str '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
        }
        if (v instanceof Map<?, ?> m) {
            return "dict of " + m.size();
        }
        if (v instanceof List<?> l) {
            return "list of " + l.size();
        }
        return t;
    }
}
