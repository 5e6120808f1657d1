package org.efficientmixnet.weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** An ordered map from PyTorch-style parameter names to tensors, as a state dict is in PyTorch. */
public final class StateDict {
    private final LinkedHashMap<String, TensorData> tensors = new LinkedHashMap<>();

    public StateDict() {
    }

    public StateDict(Map<String, TensorData> entries) {
        tensors.putAll(entries);
    }

    public StateDict put(String name, TensorData tensor) {
        tensors.put(name, tensor);
        return this;
    }

    public TensorData get(String name) {
        return tensors.get(name);
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    public TensorData remove(String name) {
        return tensors.remove(name);
    }

    public Set<String> keys() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    public Map<String, TensorData> asMap() {
        return Collections.unmodifiableMap(tensors);
    }

    public int size() {
        return tensors.size();
    }

    /** A copy with every key renamed; a key mapped to {@code null} is dropped. */
    public StateDict renamed(Function<String, String> mapping) {
        StateDict out = new StateDict();
        tensors.forEach((k, v) -> {
            String n = mapping.apply(k);
            if (n != null) {
                if (out.contains(n)) {
                    throw new IllegalArgumentException("two keys map to '" + n + "' (the second is '" + k + "')");
                }
                out.put(n, v);
            }
        });
        return out;
    }

    /** A copy with float16, bfloat16 and float64 tensors converted to float32 (integer tensors untouched). */
    public StateDict toFloat32() {
        StateDict out = new StateDict();
        tensors.forEach((k, v) -> out.put(k, v.toFloat32()));
        return out;
    }

    /** A copy where every key starting with {@code prefix} loses that prefix (other keys are kept as they are). */
    public StateDict withPrefixStripped(String prefix) {
        return renamed(k -> k.startsWith(prefix) ? k.substring(prefix.length()) : k);
    }

    @Override
    public String toString() {
        return "StateDict" + tensors;
    }
}
