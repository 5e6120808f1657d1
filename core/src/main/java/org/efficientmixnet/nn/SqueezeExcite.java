package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.Padding;

/**
 * Squeeze-and-excitation (Hu et al. 2018) as in EfficientNet: global average, 1×1 reduce with bias, the
 * block's activation, 1×1 expand with bias, sigmoid gate multiplied into the input. Names
 * {@code conv_reduce}, {@code conv_expand}.
 */
public final class SqueezeExcite extends Layer {
    private final int channels;
    private final int reducedChannels;
    private final ActivationType activation;
    private final ActivationType gate;
    private final Conv2d convReduce;
    private final Conv2d convExpand;
    private final String reduceName;
    private final String expandName;

    public SqueezeExcite(int channels, int reducedChannels, ActivationType activation, ActivationType gate) {
        this(channels, reducedChannels, activation, gate, "conv_reduce", "conv_expand");
    }

    /** With other names for the two convolutions: timm's ResNet SE module calls them {@code fc1} and {@code fc2}. */
    public SqueezeExcite(int channels, int reducedChannels, ActivationType activation, ActivationType gate,
            String reduceName, String expandName) {
        if (reducedChannels < 1) {
            throw new IllegalArgumentException("squeeze-excitation needs ≥ 1 reduced channel, got " + reducedChannels);
        }
        this.channels = channels;
        this.reducedChannels = reducedChannels;
        this.activation = activation;
        this.gate = gate;
        this.reduceName = reduceName;
        this.expandName = expandName;
        convReduce = child(reduceName, new Conv2d(channels, reducedChannels, 1, 1, 1, true, Padding.SYMMETRIC));
        convExpand = child(expandName, new Conv2d(reducedChannels, channels, 1, 1, 1, true, Padding.SYMMETRIC));
    }

    public int reducedChannels() {
        return reducedChannels;
    }

    ActivationType activation() { return activation; }
    ActivationType gate() { return gate; }
    Conv2d convReduce() { return convReduce; }
    Conv2d convExpand() { return convExpand; }

    @Override
    public Shape trace(Shape input, ShapeVisitor v) {
        Shape pooled = new Shape(input.get(0), channels, 1, 1);
        Shape r = v.visit(reduceName, convReduce, pooled);
        v.visit(expandName, convExpand, r);
        return input;
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        try (NDArray m = Norm2d.spatialMean(x);
                NDArray pooled = m.reshape(m.getShape().get(0), channels, 1, 1);
                NDArray r = convReduce.forward(ps, pooled, training);
                NDArray a = Activations.apply(activation, r);
                NDArray e = convExpand.forward(ps, a, training);
                NDArray g = Activations.apply(gate, e)) {
            return x.mul(g);
        }
    }

    /** Read once; {@code -Defficientmixnet.se_inference=false} runs inference through {@link #forward} (to compare). */
    static final boolean FAST_INFERENCE = Boolean.parseBoolean(System.getProperty("efficientmixnet.se_inference", "true"));

    /**
     * Inference on a block's intermediate, which nothing else reads: the two 1×1 convolutions on the pooled (N, C)
     * vector as matrix products, and the gate multiplied into {@code x} itself instead of a new activation-sized
     * array. Null where {@link #forward} must run: training, autograd recording, or turned off.
     */
    NDArray forwardInPlace(ParameterStore ps, NDArray x, boolean training) {
        if (training || !FAST_INFERENCE || !"PyTorch".equals(x.getManager().getEngine().getEngineName())
                || ai.djl.pytorch.jni.JniUtils.isGradMode()) {
            return null;
        }
        try (NDArray pooled = Norm2d.spatialMean(x);   // (N, C)
                NDArray r = convReduce.forwardMatrix(ps, pooled);
                NDArray a = Activations.apply(activation, r);
                NDArray e = convExpand.forwardMatrix(ps, a);
                NDArray g = Activations.apply(gate, e);
                NDArray g4 = g.reshape(x.getShape().get(0), channels, 1, 1)) {
            return x.muli(g4);
        }
    }

    @Override
    public long macs(Shape input) {
        return input.get(2) * input.get(3) * channels; // the gate's multiplication
    }
}
