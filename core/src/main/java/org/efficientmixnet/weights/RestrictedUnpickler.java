package org.efficientmixnet.weights;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.efficientmixnet.io.Excerpt;
import org.efficientmixnet.io.Limits;

/**
 * A pickle reader that understands exactly what {@code torch.save(state_dict)} writes and nothing more. It never
 * runs code: a GLOBAL is only a name, checked against an allow-list the moment it is read; REDUCE is only
 * interpreted for the handful of allowed callables (ordered dicts, tensor and parameter rebuilds, storage types);
 * object-building ops ({@code NEWOBJ}, {@code INST}, {@code OBJ}, extension codes) are refused. Every length
 * field is checked against the bytes left before anything is allocated.
 *
 * <p>Values: {@code String}, {@code Long}, {@code BigInteger}, {@code Double}, {@code Boolean}, {@code null},
 * {@code byte[]}, {@link Tuple}, {@code List}, {@code LinkedHashMap}, {@link TensorData}.
 */
final class RestrictedUnpickler {
    /** A Python tuple. */
    record Tuple(List<Object> items) {
        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    /** A name read by GLOBAL / STACK_GLOBAL that passed the allow-list. */
    record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** Storage classes and the element types they hold. */
    static final Map<String, DType> STORAGE_TYPES = Map.ofEntries(
            Map.entry("FloatStorage", DType.FLOAT32), Map.entry("DoubleStorage", DType.FLOAT64),
            Map.entry("HalfStorage", DType.FLOAT16), Map.entry("BFloat16Storage", DType.BFLOAT16),
            Map.entry("LongStorage", DType.INT64), Map.entry("IntStorage", DType.INT32),
            Map.entry("ShortStorage", DType.INT16), Map.entry("CharStorage", DType.INT8),
            Map.entry("ByteStorage", DType.UINT8), Map.entry("BoolStorage", DType.BOOL));

    private static final Set<String> ALLOWED = Set.of(
            "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state", "torch.Size", "_codecs.encode");

    /** Resolves a persistent id {@code ('storage', type, key, location, numel)} to the storage's bytes. */
    interface StorageLoader {
        ByteBuffer load(DType dtype, String key, long numel);
    }

    private static final Object MARK = new Object();

    private final byte[] b;
    private final Path file;
    private final StorageLoader storages;
    private final FileIo.Budget budget;
    private final long maxMarks = Limits.NESTING.value();
    private final long maxMemo = Limits.PICKLE_MEMO.value();
    private int pos;
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();
    private final HashMap<Long, Object> memo = new HashMap<>();

    RestrictedUnpickler(byte[] pickle, Path file, StorageLoader storages) {
        this(pickle, file, storages, new FileIo.Budget(file));
    }

    RestrictedUnpickler(byte[] pickle, Path file, StorageLoader storages, FileIo.Budget budget) {
        this.b = pickle;
        this.file = file;
        this.storages = storages;
        this.budget = budget;
    }

    private WeightFormatException corrupt(String what) {
        return new WeightFormatException(file, "pickle: " + what + " at byte " + pos + " (corrupt or truncated checkpoint)");
    }

    private UnsafeCheckpointException unsafe(String what) {
        return new UnsafeCheckpointException(file, "refused to load: " + what + " at pickle byte " + pos
                + ". Only plain tensor dicts are read, nothing is executed; save model.state_dict() instead, or"
                + " convert the file to safetensors in a trusted environment");
    }

    private int u8() {
        if (pos >= b.length) {
            throw corrupt("unexpected end of data");
        }
        return b[pos++] & 0xff;
    }

    private byte[] bytes(long n) {
        if (n < 0 || n > b.length - pos) {
            throw corrupt("a length of " + n + " bytes exceeds the " + (b.length - pos) + " bytes left");
        }
        byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    private long le(int n) {
        byte[] x = bytes(n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (x[i] & 0xff);
        }
        return v;
    }

    private String line() {
        int start = pos;
        while (pos < b.length && b[pos] != '\n') {
            pos++;
        }
        if (pos >= b.length) {
            throw corrupt("unterminated text argument");
        }
        String s = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
        pos++;
        return s;
    }

    private Object pop() {
        if (stack.isEmpty()) {
            throw corrupt("stack underflow");
        }
        Object o = stack.remove(stack.size() - 1);
        if (o == MARK) {
            throw corrupt("unexpected MARK on the stack");
        }
        return o;
    }

    private Object peek() {
        if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
            throw corrupt("stack underflow");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw corrupt("no MARK to pop to");
        }
        int m = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private Global global(String module, String name) {
        String full = module + "." + name;
        if (ALLOWED.contains(full) || (module.equals("torch") && STORAGE_TYPES.containsKey(name))) {
            return new Global(module, name);
        }
        throw unsafe("GLOBAL '" + module + " " + name + "' is not on the allow-list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> asMap(Object o, String op) {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw corrupt(op + " on a " + typeName(o) + " instead of a dict");
    }

    private Object checkKey(Object k) {
        if (k == null || k instanceof String || k instanceof Long || k instanceof BigInteger || k instanceof Boolean
                || k instanceof Double) {
            return k;
        }
        throw corrupt("unsupported dict key of type " + typeName(k));
    }

    static String typeName(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Tuple) {
            return "tuple";
        }
        if (o instanceof List) {
            return "list";
        }
        if (o instanceof Map) {
            return "dict";
        }
        if (o instanceof TensorData t) {
            return t.toString();
        }
        if (o instanceof byte[]) {
            return "bytes";
        }
        return o.getClass().getSimpleName().replace("Long", "int").replace("Double", "float")
                .replace("String", "str").replace("Boolean", "bool");
    }

    /** Runs the pickle to its STOP and returns the top object. */
    Object load() {
        while (true) {
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int v = u8();
                    if (v > 5) {
                        throw corrupt("unsupported pickle protocol " + v);
                    }
                }
                case 0x95 -> le(8); // FRAME: a hint only
                case '.' -> { // STOP
                    Object top = pop();
                    return top;
                }
                case '(' -> {
                    if (marks.size() >= maxMarks) {
                        throw new org.efficientmixnet.io.LimitExceededException(file, Limits.NESTING,
                                "pickle MARK nesting at byte " + pos, marks.size() + 1L);
                    }
                    marks.add(stack.size());
                    stack.add(MARK);
                }
                case '0' -> pop();
                case '1' -> popMark();
                case '2' -> stack.add(peek());
                case 'N' -> stack.add(null);
                case 0x88 -> stack.add(Boolean.TRUE);
                case 0x89 -> stack.add(Boolean.FALSE);
                case 'J' -> stack.add((long) (int) le(4));
                case 'K' -> stack.add(le(1));
                case 'M' -> stack.add(le(2));
                case 0x8a, 0x8b -> { // LONG1, LONG4
                    long n = op == 0x8a ? le(1) : le(4);
                    if (n > 64) {
                        throw corrupt("integer of " + n + " bytes is too long for a checkpoint");
                    }
                    byte[] le = bytes(n);
                    byte[] be = new byte[le.length];
                    for (int i = 0; i < le.length; i++) {
                        be[i] = le[le.length - 1 - i];
                    }
                    BigInteger v = be.length == 0 ? BigInteger.ZERO : new BigInteger(be);
                    stack.add(v.bitLength() < 64 ? (Object) v.longValue() : v);
                }
                case 'I' -> {
                    String s = line().strip();
                    stack.add(s.equals("00") ? Boolean.FALSE : s.equals("01") ? Boolean.TRUE : parseLong(s));
                }
                case 'L' -> {
                    String s = line().strip();
                    stack.add(parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s));
                }
                case 'G' -> stack.add(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble());
                case 'F' -> {
                    try {
                        stack.add(Double.parseDouble(line().strip()));
                    } catch (NumberFormatException e) {
                        throw corrupt("malformed FLOAT");
                    }
                }
                case 'X' -> stack.add(new String(bytes(le(4)), StandardCharsets.UTF_8));
                case 0x8c -> stack.add(new String(bytes(le(1)), StandardCharsets.UTF_8));
                case 0x8d -> stack.add(new String(bytes(le(8)), StandardCharsets.UTF_8));
                case 'T' -> stack.add(new String(bytes(le(4)), StandardCharsets.ISO_8859_1));
                case 'U' -> stack.add(new String(bytes(le(1)), StandardCharsets.ISO_8859_1));
                case 'B' -> stack.add(bytes(le(4)));
                case 'C' -> stack.add(bytes(le(1)));
                case 0x8e -> stack.add(bytes(le(8)));
                case 'S', 'V' -> {
                    String s = line();
                    if (op == 'S' && s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"')) {
                        s = s.substring(1, s.length() - 1);
                    }
                    stack.add(s);
                }
                case ')' -> stack.add(new Tuple(List.of()));
                case 't' -> stack.add(new Tuple(popMark()));
                case 0x85, 0x86, 0x87 -> {
                    int n = op - 0x84;
                    Object[] items = new Object[n];
                    for (int i = n - 1; i >= 0; i--) {
                        items[i] = pop();
                    }
                    stack.add(new Tuple(java.util.Arrays.asList(items)));
                }
                case ']' -> stack.add(new ArrayList<>());
                case 'l' -> stack.add(new ArrayList<>(popMark()));
                case 0x8f -> stack.add(new ArrayList<>()); // EMPTY_SET, kept as a list
                case 'a' -> {
                    Object v = pop();
                    list(peek(), "APPEND").add(v);
                }
                case 'e', 0x90 -> { // APPENDS, ADDITEMS
                    List<Object> items = popMark();
                    list(peek(), "APPENDS").addAll(items);
                }
                case 0x91 -> stack.add(popMark()); // FROZENSET
                case '}' -> stack.add(new LinkedHashMap<>());
                case 'd' -> {
                    List<Object> items = popMark();
                    Map<Object, Object> m = new LinkedHashMap<>();
                    putPairs(m, items);
                    stack.add(m);
                }
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    asMap(peek(), "SETITEM").put(checkKey(k), v);
                }
                case 'u' -> {
                    List<Object> items = popMark();
                    putPairs(asMap(peek(), "SETITEMS"), items);
                }
                case 'c' -> {
                    String module = line();
                    String name = line();
                    stack.add(global(module, name));
                }
                case 0x93 -> {
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw corrupt("STACK_GLOBAL without two strings");
                    }
                    stack.add(global(m, n));
                }
                case 'R' -> {
                    Object args = pop();
                    Object fn = pop();
                    stack.add(reduce(fn, args));
                }
                case 'b' -> { // BUILD: only harmless state on dicts (OrderedDict._metadata) and tensors
                    Object state = pop();
                    Object target = peek();
                    if (!(target instanceof Map) && !(target instanceof TensorData)) {
                        throw unsafe("BUILD on a " + typeName(target));
                    }
                }
                case 'Q' -> stack.add(persistent(pop()));
                case 'P' -> throw unsafe("text PERSID '" + line() + "'");
                case 'q' -> memoPut(le(1));
                case 'r' -> memoPut(le(4));
                case 'p' -> memoPut(parseLong(line().strip()));
                case 0x94 -> memoPut(memo.size());
                case 'h' -> stack.add(memoGet(le(1)));
                case 'j' -> stack.add(memoGet(le(4)));
                case 'g' -> stack.add(memoGet(parseLong(line().strip())));
                case 0x81 -> throw unsafe("NEWOBJ (object construction)");
                case 0x92 -> throw unsafe("NEWOBJ_EX (object construction)");
                case 'i' -> throw unsafe("INST '" + line() + "'");
                case 'o' -> throw unsafe("OBJ (object construction)");
                case 0x82, 0x83, 0x84 -> throw unsafe("EXT (extension registry)");
                case 0x96, 0x97, 0x98 -> throw unsafe("out-of-band buffers");
                default -> throw corrupt(String.format("unknown pickle opcode 0x%02x", op));
            }
        }
    }

    private long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw corrupt("malformed or too long integer '" + Excerpt.of(s, 40) + "'");
        }
    }

    private void memoPut(long key) {
        Object v = peek();
        if (memo.put(key, v) == null && memo.size() > maxMemo) {
            throw new org.efficientmixnet.io.LimitExceededException(file, Limits.PICKLE_MEMO,
                    "pickle memo at byte " + pos, memo.size());
        }
    }

    private Object memoGet(long k) {
        if (!memo.containsKey(k)) {
            throw corrupt("memo key " + k + " was never stored");
        }
        return memo.get(k);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o, String op) {
        if (o instanceof List<?> l && !(o instanceof Tuple)) {
            return (List<Object>) l;
        }
        throw corrupt(op + " on a " + typeName(o) + " instead of a list");
    }

    private void putPairs(Map<Object, Object> m, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw corrupt("odd number of items for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            Object k = items.get(i);
            m.put(checkKey(k), items.get(i + 1));
        }
    }

    private Object persistent(Object pid) {
        if (!(pid instanceof Tuple t) || t.size() < 5 || !"storage".equals(t.get(0))) {
            throw unsafe("persistent id " + describe(pid) + " (expected ('storage', type, key, location, numel))");
        }
        if (!(t.get(1) instanceof Global g) || !STORAGE_TYPES.containsKey(g.name())
                || !(t.get(2) instanceof String key) || !(t.get(4) instanceof Long numel)) {
            throw corrupt("malformed storage id " + describe(pid));
        }
        return new Storage(STORAGE_TYPES.get(g.name()), storages.load(STORAGE_TYPES.get(g.name()), key, numel), key);
    }

    /** A loaded storage: its element type and raw little-endian bytes. */
    record Storage(DType dtype, ByteBuffer bytes, String key) {
    }

    /**
     * A short description of a pickled value for an error message: one level deep, at most 8 items, strings cut.
     * Never {@code toString()} of a container: a pickle can build self-referencing or exponentially shared lists,
     * whose string form overflows the stack or never ends.
     */
    static String describe(Object o) {
        if (o instanceof Tuple t) {
            StringBuilder sb = new StringBuilder("(");
            int n = 0;
            for (Object x : t.items()) {
                if (n++ == 8) {
                    sb.append(", … ").append(t.size()).append(" items");
                    break;
                }
                sb.append(n > 1 ? ", " : "").append(leaf(x));
            }
            return sb.append(")").toString();
        }
        return leaf(o);
    }

    private static String leaf(Object x) {
        if (x instanceof String s) {
            return "'" + Excerpt.of(s, 40) + "'";
        }
        if (x instanceof Long || x instanceof Double || x instanceof Boolean || x instanceof Global) {
            return String.valueOf(x);
        }
        if (x instanceof BigInteger v) {
            return "int of " + v.bitLength() + " bits";
        }
        if (x instanceof java.util.Collection<?> c) {
            return typeName(x) + " of " + c.size();
        }
        if (x instanceof Map<?, ?> m) {
            return "dict of " + m.size();
        }
        return typeName(x);
    }

    private Object reduce(Object fn, Object argsObj) {
        if (!(fn instanceof Global g)) {
            throw unsafe("REDUCE of a " + typeName(fn) + " (only allow-listed callables are interpreted)");
        }
        if (!(argsObj instanceof Tuple args)) {
            throw corrupt("REDUCE arguments are a " + typeName(argsObj) + ", not a tuple");
        }
        switch (g.toString()) {
            case "collections.OrderedDict" -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                if (args.size() == 1 && args.get(0) instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (p instanceof Tuple kv && kv.size() == 2) {
                            m.put(checkKey(kv.get(0)), kv.get(1));
                        } else if (p instanceof List<?> kv && kv.size() == 2) {
                            m.put(checkKey(kv.get(0)), kv.get(1));
                        } else {
                            throw corrupt("OrderedDict item is not a pair");
                        }
                    }
                } else if (args.size() != 0) {
                    throw corrupt("OrderedDict called with " + args.size() + " arguments");
                }
                return m;
            }
            case "torch._utils._rebuild_tensor_v2" -> {
                return rebuildTensor(args);
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                if (args.size() < 1 || !(args.get(0) instanceof TensorData t)) {
                    throw corrupt("_rebuild_parameter without a tensor");
                }
                return t;
            }
            case "torch.Size" -> {
                if (args.size() == 0) {
                    return new Tuple(List.of());
                }
                if (args.get(0) instanceof Tuple t) {
                    return t;
                }
                throw corrupt("torch.Size of a " + typeName(args.get(0)));
            }
            case "_codecs.encode" -> {
                if (args.size() >= 1 && args.get(0) instanceof String s) {
                    return s.getBytes(StandardCharsets.ISO_8859_1);
                }
                throw corrupt("_codecs.encode of a " + (args.size() > 0 ? typeName(args.get(0)) : "nothing"));
            }
            default -> throw unsafe("REDUCE of '" + g + "'");
        }
    }

    private TensorData rebuildTensor(Tuple a) {
        if (a.size() < 4 || !(a.get(0) instanceof Storage s) || !(a.get(1) instanceof Long offset)
                || !(a.get(2) instanceof Tuple size) || !(a.get(3) instanceof Tuple stride)) {
            throw corrupt("_rebuild_tensor_v2 arguments are not (storage, offset, size, stride, ...)");
        }
        long[] shape = longs(size, "size");
        long[] strides = longs(stride, "stride");
        budget.tensor("view of storage '" + Excerpt.of(s.key(), 40) + "'");
        long storageElems = s.bytes().remaining() / s.dtype().bytes();
        long numel;
        try {
            numel = TensorData.numel(shape);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw corrupt("impossible tensor size " + java.util.Arrays.toString(shape));
        }
        if (numel > Math.max(storageElems, 1)) {
            // only overlapping or zero strides give a view more elements than its storage: materializing it
            // would let a tiny file claim gigabytes
            throw new WeightFormatException(file, "tensor of " + numel + " elements over storage '" + s.key()
                    + "' of " + storageElems + " (overlapping strides) refused");
        }
        if (!TensorData.isContiguous(shape, strides)) {
            // only views that are not contiguous are copied; a contiguous one shares its storage's bytes
            budget.bytes(numel * s.dtype().bytes(), "strided view of storage '" + Excerpt.of(s.key(), 40) + "'");
        }
        try {
            return TensorData.gather(s.dtype(), shape, strides, offset, s.bytes());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new WeightFormatException(file, "tensor on storage '" + s.key() + "': " + e.getMessage());
        }
    }

    private long[] longs(Tuple t, String what) {
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.get(i) instanceof Long v)) {
                throw corrupt("tensor " + what + " holds a " + typeName(t.get(i)));
            }
            out[i] = v;
        }
        return out;
    }
}
