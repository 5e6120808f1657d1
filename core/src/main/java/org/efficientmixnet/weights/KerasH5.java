package org.efficientmixnet.weights;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keras {@code .h5} weights of the Keras EfficientNet applications (Keras 2 {@code save_weights} layout: one group
 * per layer, datasets {@code <layer>/<layer>/<weight>:0}; a full-model save nests them under
 * {@code model_weights}). Read with jhdf, a pure-Java HDF5 library, and converted to timm's
 * {@code tf_efficientnet_*} names and PyTorch's layouts: conv kernels HWIO → OIHW, depthwise kernels H W C M →
 * (C·M) 1 H W, dense kernels (in, out) → (out, in), batch-norm gamma / beta / moving_mean / moving_variance →
 * weight / bias / running_mean / running_var.
 */
public final class KerasH5 {
    private static final Pattern BLOCK = Pattern.compile("block(\\d+)([a-z])_(.+)");

    private KerasH5() {
    }

    /** The weights converted to timm's {@code tf_efficientnet_*} names and PyTorch layouts. */
    public static StateDict read(Path file) throws IOException {
        return toTimm(readRaw(file), file);
    }

    /** The weights as stored: keys {@code <layer>/<weight>} ({@code stem_conv/kernel}), Keras layouts. */
    public static StateDict readRaw(Path file) throws IOException {
        long fileSize = Files.size(file);
        StateDict out = new StateDict();
        FileIo.Budget budget = new FileIo.Budget(file);
        if (fileSize > Integer.MAX_VALUE) {
            throw new WeightFormatException(file, "HDF5 file of " + fileSize + " bytes is over the 2 GiB this reader maps");
        }
        // jhdf reading a file channel allocates every structure at the size the file claims and loops at the end of
        // the file on a truncated one (fuzzing findings); over a mapped buffer it slices, and a claim past the end fails
        java.nio.MappedByteBuffer mapped;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
            mapped = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, fileSize);
        }
        try (HdfFile hdf = HdfFile.fromByteBuffer(mapped)) {
            Group root = hdf;
            if (hdf.getChild("model_weights") instanceof Group g) {
                root = g;
            }
            if (root.getChild("layers") instanceof Group && root.getChild("vars") != null) {
                throw new WeightFormatException(file, "is a Keras 3 '.weights.h5' file (layers/<name>/vars/<i>),"
                        + " whose weights are numbered, not named; re-save it with Keras 2 save_weights('x.h5')");
            }
            for (Node layer : root.getChildren().values()) {
                if (layer instanceof Group g) {
                    collect(g, layer.getName(), out, file, fileSize, budget, 0);
                }
            }
        } catch (HdfException e) {
            throw new WeightFormatException(file, "cannot read HDF5 (truncated or corrupt): " + e.getMessage(), e);
        } catch (org.efficientmixnet.io.FileFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // jhdf trusts the file's structures: a corrupt one surfaces as any runtime exception of its parser
            throw new WeightFormatException(file, "cannot read HDF5 (corrupt): " + e, e);
        } catch (OutOfMemoryError e) {
            // jhdf allocates object headers and B-tree nodes at the sizes the file claims, before reading them; the
            // failed allocation is one buffer, so the heap is intact once it is refused (a fuzzing finding)
            throw new WeightFormatException(file, "HDF5 structure claims more memory than the heap holds (corrupt"
                    + " or malicious file)");
        }
        return out;
    }

    /** Keras nests weights two or three groups deep; HDF5 hard links may form cycles, so the walk is bounded. */
    private static final int MAX_GROUP_DEPTH = 16;

    private static void collect(Group g, String layer, StateDict out, Path file, long fileSize, FileIo.Budget budget,
                                int depth) {
        if (depth > MAX_GROUP_DEPTH) {
            throw new WeightFormatException(file, "groups nested more than " + MAX_GROUP_DEPTH + " deep at '"
                    + g.getPath() + "' (a cycle of links, or not Keras weights)");
        }
        for (Node n : g.getChildren().values()) {
            if (n instanceof Group sub) {
                collect(sub, layer, out, file, fileSize, budget, depth + 1);
            } else if (n instanceof Dataset d) {
                String weight = n.getName().replaceFirst(":\\d+$", "");
                budget.tensor(d.getPath());
                out.put(layer + "/" + weight, tensor(d, file, fileSize, budget));
            }
        }
    }

    private static TensorData tensor(Dataset d, Path file, long fileSize, FileIo.Budget budget) {
        long bytes = d.getSizeInBytes();
        boolean filtered = !d.getFilters().isEmpty();
        if (bytes < 0 || bytes > Integer.MAX_VALUE - 16 || (!filtered && bytes > fileSize)
                || bytes > fileSize * FileIo.MAX_DEFLATE_RATIO) {
            throw new WeightFormatException(file, "dataset '" + d.getPath() + "' claims " + bytes
                    + " bytes, impossible for a " + fileSize + "-byte file (corrupt)");
        }
        budget.bytes(bytes, "dataset '" + d.getPath() + "'");
        long[] shape = Arrays.stream(d.getDimensions()).asLongStream().toArray();
        Object flat = d.isScalar() ? scalarAsArray(d.getData()) : d.getDataFlat();
        if (flat instanceof float[] f) {
            return TensorData.ofFloats(shape, f);
        }
        if (flat instanceof double[] v) {
            ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asDoubleBuffer().put(v);
            return new TensorData(DType.FLOAT64, shape, b);
        }
        if (flat instanceof long[] v) {
            ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(v);
            return new TensorData(DType.INT64, shape, b);
        }
        if (flat instanceof int[] v) {
            ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(v);
            return new TensorData(DType.INT32, shape, b);
        }
        throw new WeightFormatException(file, "dataset '" + d.getPath() + "' has unsupported type " + d.getJavaType());
    }

    private static Object scalarAsArray(Object v) {
        if (v instanceof Float f) {
            return new float[] {f};
        }
        if (v instanceof Double x) {
            return new double[] {x};
        }
        if (v instanceof Long x) {
            return new long[] {x};
        }
        if (v instanceof Integer x) {
            return new int[] {x};
        }
        return v;
    }

    /**
     * Renames and transposes raw Keras EfficientNet weights to timm's {@code tf_efficientnet_*} layout. A block
     * without an {@code _expand_conv} becomes timm's DepthwiseSeparable block (conv_dw, bn1, se, conv_pw, bn2),
     * one with it an InvertedResidual (conv_pw, bn1, conv_dw, bn2, se, conv_pwl, bn3). The preprocessing layers
     * ({@code rescaling}, {@code normalization}) carry no learned weights and are dropped.
     */
    public static StateDict toTimm(StateDict raw, Path file) {
        Set<String> layers = new LinkedHashSet<>();
        for (String k : raw.keys()) {
            layers.add(k.substring(0, k.indexOf('/')));
        }
        StateDict out = new StateDict();
        for (Map.Entry<String, TensorData> e : raw.asMap().entrySet()) {
            String key = e.getKey();
            int slash = key.indexOf('/');
            String layer = key.substring(0, slash);
            String weight = key.substring(slash + 1);
            if (layer.startsWith("normalization") || layer.startsWith("rescaling")) {
                continue;
            }
            String module = module(layer, layers);
            if (module == null) {
                throw new WeightFormatException(file, "Keras layer '" + layer + "' is not part of an EfficientNet"
                        + " application; no timm name is known for '" + key + "'");
            }
            TensorData t = e.getValue();
            String param;
            switch (weight) {
                case "kernel" -> {
                    param = "weight";
                    t = t.shape().length == 4 ? t.permuted(3, 2, 0, 1) : t.shape().length == 2 ? t.permuted(1, 0) : t;
                }
                case "depthwise_kernel" -> {
                    param = "weight";
                    long[] s = t.shape();
                    if (s.length != 4) {
                        throw new WeightFormatException(file, "depthwise kernel '" + key + "' has shape " + Arrays.toString(s));
                    }
                    t = t.permuted(2, 3, 0, 1).reshaped(s[2] * s[3], 1, s[0], s[1]);
                }
                case "bias" -> param = "bias";
                case "gamma" -> param = "weight";
                case "beta" -> param = "bias";
                case "moving_mean" -> param = "running_mean";
                case "moving_variance" -> param = "running_var";
                default -> throw new WeightFormatException(file, "unknown Keras weight '" + key + "'");
            }
            out.put(module + "." + param, t);
        }
        return out;
    }

    private static String module(String layer, Set<String> layers) {
        switch (layer) {
            case "stem_conv":
                return "conv_stem";
            case "stem_bn":
                return "bn1";
            case "top_conv":
                return "conv_head";
            case "top_bn":
                return "bn2";
            case "predictions":
                return "classifier";
            default:
                break;
        }
        Matcher m = BLOCK.matcher(layer);
        if (!m.matches()) {
            return null;
        }
        int stage = Integer.parseInt(m.group(1)) - 1;
        int block = m.group(2).charAt(0) - 'a';
        String prefix = "block" + m.group(1) + m.group(2);
        boolean expands = layers.contains(prefix + "_expand_conv");
        String part = m.group(3);
        String name = switch (part) {
            case "expand_conv" -> "conv_pw";
            case "expand_bn" -> "bn1";
            case "dwconv" -> "conv_dw";
            case "bn" -> expands ? "bn2" : "bn1";
            case "se_reduce" -> "se.conv_reduce";
            case "se_expand" -> "se.conv_expand";
            case "project_conv" -> expands ? "conv_pwl" : "conv_pw";
            case "project_bn" -> expands ? "bn3" : "bn2";
            default -> null;
        };
        return name == null ? null : "blocks." + stage + "." + block + "." + name;
    }
}
