package org.efficientmixnet.weights;

import java.util.List;

/**
 * How a weight file becomes a state dict: which entry of a nested checkpoint to take, which wrapper prefixes to
 * strip, and whether to widen half-precision tensors. Immutable; the {@code with…} methods return copies.
 *
 * @param checkpointKey the entry of a nested checkpoint to use ({@code "state_dict_ema"}, say); null picks the
 *                      first of {@link #AUTO_KEYS} that holds tensors, or the top level if it holds tensors itself
 * @param stripPrefixes prefixes removed from every key that has them ({@code module.} from DataParallel,
 *                      {@code _orig_mod.} from {@code torch.compile})
 * @param toFloat32     convert float16 / bfloat16 / float64 tensors to float32
 * @param allowNonFinite accept NaN / infinite values and negative {@code running_var} entries with a warning on
 *                      stderr naming the tensors, instead of refusing the file (also switched on by the system
 *                      property {@code emn.allowNonFiniteWeights=true} or {@code EMN_ALLOW_NON_FINITE_WEIGHTS=1})
 */
public record ReadOptions(String checkpointKey, List<String> stripPrefixes, boolean toFloat32, boolean allowNonFinite) {
    /** Entries searched, in order, when a checkpoint nests its weights and no key is chosen. */
    public static final List<String> AUTO_KEYS = List.of("state_dict", "model", "model_state_dict", "module",
            "net", "network", "params", "weights");

    public ReadOptions {
        stripPrefixes = List.copyOf(stripPrefixes);
    }

    public static ReadOptions defaults() {
        String p = System.getProperty("emn.allowNonFiniteWeights", System.getenv("EMN_ALLOW_NON_FINITE_WEIGHTS"));
        boolean allow = p != null && (p.equals("1") || p.equalsIgnoreCase("true"));
        return new ReadOptions(null, List.of("module.", "_orig_mod."), false, allow);
    }

    public ReadOptions withCheckpointKey(String key) {
        return new ReadOptions(key, stripPrefixes, toFloat32, allowNonFinite);
    }

    public ReadOptions withStripPrefixes(List<String> prefixes) {
        return new ReadOptions(checkpointKey, prefixes, toFloat32, allowNonFinite);
    }

    public ReadOptions withToFloat32(boolean convert) {
        return new ReadOptions(checkpointKey, stripPrefixes, convert, allowNonFinite);
    }

    public ReadOptions withAllowNonFinite(boolean allow) {
        return new ReadOptions(checkpointKey, stripPrefixes, toFloat32, allow);
    }
}
