package org.efficientmixnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import org.efficientmixnet.arch.Padding;

/**
 * A 2-D convolution with PyTorch's parameter names and layout ({@code weight} O×I/g×k×k, {@code bias} O) and
 * either PyTorch's symmetric padding or TensorFlow's "SAME" padding, which depends on the input size and
 * may put one more pixel at the bottom/right. DJL's own Conv2d only pads symmetrically, hence this layer.
 */
public final class Conv2d extends Layer {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int groups;
    private final boolean hasBias;
    private final Padding padding;
    private final int stride;
    private final Parameter weight;
    private final Parameter bias;
    private NDArray foldedBias;
    /**
     * What the fused inference call ({@link #forwardPointwise}) takes besides input and bias, per geometry and input
     * size: the most recent few, so that a data set's last, smaller batch does not evict the full one.
     */
    private final java.util.Map<java.util.List<Long>, FusedArgs> fused = new java.util.LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<java.util.List<Long>, FusedArgs> eldest) {
            if (size() <= FUSED_KEPT) {
                return false;
            }
            eldest.getValue().close();
            return true;
        }
    };
    private static final int FUSED_KEPT = 4;

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int groups, boolean bias, Padding padding) {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("convolution channels must be ≥ 1, got in=" + inChannels + " out=" + outChannels);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("groups " + groups + " must divide in=" + inChannels + " and out=" + outChannels);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.groups = groups;
        this.hasBias = bias;
        this.padding = padding;
        // timm's EfficientNet init: N(0, sqrt(2 / fan_out)), fan_out = k·k·out / groups
        float std = (float) Math.sqrt(2.0 / ((double) kernel * kernel * outChannels / groups));
        this.weight = param("weight", Parameter.Type.WEIGHT, new Shape(outChannels, inChannels / groups, kernel, kernel),
                new NormalInitializer(std), true);
        this.bias = bias ? param("bias", Parameter.Type.BIAS, new Shape(outChannels), Initializer.ZEROS, true) : null;
    }

    public int inChannels() { return inChannels; }
    public int outChannels() { return outChannels; }
    public int kernel() { return kernel; }
    public int groups() { return groups; }
    public int stride() { return stride; }
    public boolean hasBias() { return hasBias; }
    public Padding padding() { return padding; }

    /** Total padding along one dimension of size {@code size}: [before, after]. */
    int[] pad(long size) {
        if (padding == Padding.VALID) {
            return new int[] {0, 0};
        }
        if (padding == Padding.SAME) {
            long out = (size + stride - 1) / stride;
            long total = Math.max((out - 1) * stride + kernel - size, 0);
            return new int[] {(int) (total / 2), (int) (total - total / 2)};
        }
        int p = ((stride - 1) + (kernel - 1)) / 2;
        return new int[] {p, p};
    }

    private long outSize(long size) {
        int[] p = pad(size);
        return (size + p[0] + p[1] - kernel) / stride + 1;
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor visitor) {
        if (input.dimension() != 4 || input.get(1) != inChannels) {
            throw new IllegalArgumentException("convolution expects (N, " + inChannels + ", H, W), got " + input);
        }
        long h = outSize(input.get(2));
        long w = outSize(input.get(3));
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("input " + input + " is too small for a " + kernel + "×" + kernel
                    + " convolution with stride " + stride);
        }
        return new Shape(input.get(0), outChannels, h, w);
    }

    /** The weight as this forward pass uses it. */
    NDArray weight(ParameterStore ps, Device d, boolean training) {
        return ps.getValue(weight, d, training);
    }

    /** The bias as this forward pass uses it: the parameter, the folded batch norm's shift, or null. */
    NDArray bias(ParameterStore ps, Device d, boolean training) {
        return bias == null ? foldedBias : ps.getValue(bias, d, training);
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = weight(ps, x.getDevice(), training);
        NDArray b = bias(ps, x.getDevice(), training);
        int[] ph = pad(x.getShape().get(2));
        int[] pw = pad(x.getShape().get(3));
        NDArray in = x;
        Shape convPad;
        if (ph[0] == ph[1] && pw[0] == pw[1]) {
            convPad = new Shape(ph[0], pw[0]);
        } else {
            in = x.pad(new Shape(pw[0], pw[1], ph[0], ph[1]), 0);
            convPad = new Shape(0, 0);
        }
        NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(in, w, b, new Shape(stride, stride), convPad,
                new Shape(1, 1), groups).singletonOrThrow();
        if (in != x) {
            in.close();
        }
        return y;
    }

    /**
     * This convolution, followed by SiLU when {@code silu}, in one libtorch call on the prepacked weight, or null
     * where that call cannot serve: no bias (the call is only used on folded networks, whose convolutions all have
     * one), or "SAME" padding that is larger at the bottom/right. The caller checks that this is CPU inference
     * ({@link Fusion#convActivation}, {@link Fusion#convNorm}).
     */
    NDArray forwardPointwise(ParameterStore ps, NDArray x, boolean silu) {
        NDArray b = bias(ps, x.getDevice(), false);
        int[] ph = pad(x.getShape().get(2));
        int[] pw = pad(x.getShape().get(3));
        if (b == null || ph[0] != ph[1] || pw[0] != pw[1]) {
            return null;
        }
        FusedArgs f = fusedArgs(ps, x, new long[] {ph[0], pw[0], stride, stride, groups, silu ? 1 : 0});
        return ScriptedOp.CONV_POINTWISE.apply(x, f.weight(), b, f.geometryArray());
    }

    /**
     * A 1×1 convolution with stride 1 on a 1×1 map as the matrix product it is: (N, in) → (N, out). At batch 16
     * libtorch's {@code linear} takes a quarter of the convolution's time on squeeze-excitation sizes.
     */
    NDArray forwardMatrix(ParameterStore ps, NDArray x) {
        NDArray w = weight(ps, x.getDevice(), false);
        try (NDArray w2 = w.reshape(outChannels, inChannels)) {
            return ai.djl.nn.core.Linear.linear(x, w2, bias(ps, x.getDevice(), false)).singletonOrThrow();
        }
    }

    /** Read once; {@code -Defficientmixnet.prepack_conv=false} passes the plain weight to the fused call (to compare). */
    static final boolean PREPACK = Boolean.parseBoolean(System.getProperty("efficientmixnet.prepack_conv", "true"));

    /**
     * The fused call's geometry (pad h, pad w, stride h, stride w, groups, activation) as the int64 array the
     * scripted module takes, and the weight: prepacked in oneDNN's layout (owned here), or the parameter itself.
     * Both live with the weights, not in the caller's scope.
     */
    private record FusedArgs(NDArray geometryArray, NDArray weight, boolean ownsWeight) {
        void close() {
            geometryArray.close();
            if (ownsWeight) {
                weight.close();
            }
        }
    }

    /**
     * The arguments for this geometry and input: made on first use, then reused. The weight is packed for a
     * channels-last input of this size when the network computes in channels-last ({@link MemoryLayout}): packed
     * without the size, oneDNN chose a layout for NCHW input and the call reordered the weight again every time
     * (EfficientNet-B0, batch 16: 53 weight reorders, 6 ms of a 100 ms forward).
     */
    private synchronized FusedArgs fusedArgs(ParameterStore ps, NDArray x, long[] g) {
        long[] size = MemoryLayout.CHANNELS_LAST ? x.getShape().getShape() : new long[0];
        java.util.List<Long> key = new java.util.ArrayList<>(g.length + size.length);
        for (long v : g) {
            key.add(v);
        }
        for (long v : size) {
            key.add(v);
        }
        FusedArgs f = fused.get(key);
        if (f == null) {
            NDArray w = weight(ps, x.getDevice(), false);
            NDArray geometry = w.getManager().create(g);
            NDScope.unregister(geometry);
            NDArray weightArg = w;
            if (PREPACK) {
                try (NDArray inputSize = w.getManager().create(size)) {
                    weightArg = ScriptedOp.CONV_WEIGHT_PACK.apply(w, geometry, inputSize);
                }
                NDScope.unregister(weightArg);
                weightArg.attach(w.getManager());
            }
            f = new FusedArgs(geometry, weightArg, PREPACK);
            fused.put(key, f);
        }
        return f;
    }

    /**
     * Folds a following batch normalization into this convolution for inference: the weights are scaled in place
     * and the shift becomes the bias. Output channels {@code [from, from + out)} of the norm belong to this conv.
     */
    synchronized void foldNorm(NDArray scale, NDArray shift) {
        fused.values().forEach(FusedArgs::close);   // packed from the weights before this fold
        fused.clear();
        NDArray w = weight.getArray();
        try (NDArray s4 = scale.reshape(outChannels, 1, 1, 1); NDArray scaled = w.mul(s4)) {
            ParameterCopy.copy(scaled, w);
        }
        if (bias != null) {
            NDArray b = bias.getArray();
            try (NDArray bs = b.mul(scale); NDArray nb = bs.add(shift)) {
                ParameterCopy.copy(nb, b);
            }
        } else {
            foldedBias = shift.duplicate();
            foldedBias.attach(w.getManager());
        }
    }

    @Override
    public long macs(Shape input) {
        Shape out = trace(input, ShapeVisitor.SHAPES);
        return out.get(2) * out.get(3) * outChannels * (long) (inChannels / groups) * kernel * kernel;
    }

    @Override
    public String toString() {
        return "Conv2d(" + inChannels + ", " + outChannels + ", k=" + kernel + ", s=" + stride
                + (groups > 1 ? ", groups=" + groups : "") + (hasBias ? "" : ", bias=False")
                + (padding == Padding.SAME ? ", same" : "") + ")";
    }
}
