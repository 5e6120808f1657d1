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

    public SqueezeExcite(int channels, int reducedChannels, ActivationType activation, ActivationType gate) {
        if (reducedChannels < 1) {
            throw new IllegalArgumentException("squeeze-excitation needs ≥ 1 reduced channel, got " + reducedChannels);
        }
        this.channels = channels;
        this.reducedChannels = reducedChannels;
        this.activation = activation;
        this.gate = gate;
        convReduce = child("conv_reduce", new Conv2d(channels, reducedChannels, 1, 1, 1, true, Padding.SYMMETRIC));
        convExpand = child("conv_expand", new Conv2d(reducedChannels, channels, 1, 1, 1, true, Padding.SYMMETRIC));
    }

    public int reducedChannels() {
        return reducedChannels;
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor v) {
        Shape pooled = new Shape(input.get(0), channels, 1, 1);
        Shape r = v.visit("conv_reduce", convReduce, pooled);
        v.visit("conv_expand", convExpand, r);
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

    @Override
    public long macs(Shape input) {
        return input.get(2) * input.get(3) * channels; // the gate's multiplication
    }
}
