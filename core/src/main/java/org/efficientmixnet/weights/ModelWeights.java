package org.efficientmixnet.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.efficientmixnet.nn.ParameterCopy;

/**
 * Moves weights between a network and a {@link StateDict} by PyTorch names: the path of child names joined
 * with dots and the parameter's own name ({@code blocks.1.0.conv_pw.weight}), buffers included.
 */
public final class ModelWeights {
    private ModelWeights() {
    }

    /** How strict a load is. */
    public record LoadOptions(boolean strict, boolean allowShapeMismatch) {
        /** Every key must match in name and shape. */
        public static final LoadOptions STRICT = new LoadOptions(true, false);
        /** Missing and unexpected keys are reported; a shape mismatch is still an error. */
        public static final LoadOptions LENIENT = new LoadOptions(false, false);
        /** Also skips keys whose shapes differ (a new head, other input channels), reporting them. */
        public static final LoadOptions PARTIAL = new LoadOptions(false, true);
    }

    /** Every parameter and buffer of the network under its PyTorch name, in module order. */
    public static Map<String, Parameter> namedParameters(Block root) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(Block b, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : b.getDirectParameters()) {
            out.put(prefix + p.getKey(), p.getValue());
        }
        for (Pair<String, Block> c : b.getChildren()) {
            collect(c.getValue(), prefix + c.getKey() + ".", out);
        }
    }

    /** A copy of the network's current weights (the network must be initialized). */
    public static StateDict stateDict(Block root) {
        StateDict sd = new StateDict();
        namedParameters(root).forEach((name, p) -> {
            NDArray a = p.getArray();
            float[] v = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            sd.put(name, TensorData.ofFloats(a.getShape().getShape(), v));
        });
        return sd;
    }

    public static LoadReport load(Block root, StateDict weights, LoadOptions options) {
        Map<String, Parameter> params = namedParameters(root);
        List<String> loaded = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        List<String> mismatchDetail = new ArrayList<>();
        for (String key : weights.keys()) {
            Parameter p = params.get(key);
            if (p == null) {
                if (key.endsWith("num_batches_tracked")) {
                    ignored.add(key);
                } else {
                    unexpected.add(key);
                }
                continue;
            }
            long[] have = p.getShape().getShape();
            long[] got = weights.get(key).shape();
            if (!Arrays.equals(have, got) && !(sameNumelScalar(have, got))) {
                mismatched.add(key);
                mismatchDetail.add("'" + key + "': the file has " + Arrays.toString(got) + ", the model "
                        + Arrays.toString(have));
            }
        }
        for (String key : params.keySet()) {
            if (!weights.contains(key)) {
                missing.add(key);
            }
        }
        if (!mismatched.isEmpty() && !options.allowShapeMismatch()) {
            throw new WeightsMismatchException("shape mismatch for " + mismatched.size() + " tensor(s); "
                    + String.join("; ", mismatchDetail.subList(0, Math.min(5, mismatchDetail.size())))
                    + (mismatched.size() > 5 ? "; …" : "")
                    + (missing.size() + unexpected.size() > 0 ? " (also " + missing.size() + " missing and "
                            + unexpected.size() + " unexpected keys: are these weights of another architecture?)" : ""));
        }
        if (options.strict() && (!missing.isEmpty() || !unexpected.isEmpty())) {
            LoadReport r = new LoadReport(List.of(), missing, unexpected, mismatched, ignored);
            throw new WeightsMismatchException("weights do not match the model (strict load): " + r.summary(5));
        }
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String key = e.getKey();
            if (!weights.contains(key) || mismatched.contains(key)) {
                continue;
            }
            copy(weights.get(key), e.getValue());
            loaded.add(key);
        }
        return new LoadReport(loaded, missing, unexpected, mismatched, ignored);
    }

    /** A 0-d tensor and a one-element tensor are the same thing to us (safetensors gives 0-d back as (1)). */
    private static boolean sameNumelScalar(long[] a, long[] b) {
        return TensorData.numel(a) == 1 && TensorData.numel(b) == 1;
    }

    private static void copy(TensorData t, Parameter p) {
        NDArray dst = p.getArray();
        NDManager m = dst.getManager();
        float[] v = t.toFloatArray();
        try (NDManager tmp = m.newSubManager()) {
            NDArray src = tmp.create(v, new Shape(p.getShape().getShape()));
            NDArray cast = src.toType(dst.getDataType(), false).toDevice(dst.getDevice(), false);
            ParameterCopy.copy(cast, dst);
        }
    }
}
