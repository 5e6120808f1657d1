package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.efficientmixnet.arch.ActivationType;
import org.efficientmixnet.arch.Padding;
import org.efficientmixnet.arch.Scaling;

/**
 * What ResNet's basic and bottleneck blocks share: the one strided convolution, the optional squeeze-excitation
 * ({@code se}), the 1×1 convolution and norm on the shortcut ({@code downsample.0}/{@code .1}, timm's names) when the
 * stride or the width changes, and the activation after the sum.
 */
public abstract class ResNetBlock extends ResidualBlock {
    protected final ActivationType act;
    private Conv2d strided;
    private SqueezeExcite se;
    private Sequential downsample;

    protected ResNetBlock(int in, int out, LayerOptions o) {
        super(in, out, true, 0.0);
        act = o.activation();
    }

    /**
     * Adds {@code se} and {@code downsample} after the branch's own layers (timm's order of the state dict); called
     * last by the constructors, with the convolution that carries the block's stride.
     */
    protected final void finish(Conv2d stridedConv, int stride, int seReduction, LayerOptions o) {
        strided = stridedConv;
        se = seReduction > 0 ? child("se", seModule(outChannels, seReduction)) : null;
        if (stride != 1 || inChannels != outChannels) {
            downsample = child("downsample", new Sequential()
                    .add(new Conv2d(inChannels, outChannels, 1, stride, 1, false, Padding.SYMMETRIC))
                    .add(o.norm(outChannels)));
        }
    }

    /** timm's SEModule: reduced width make_divisible(c / reduction, 8) with no 10 % rule, ReLU, sigmoid gate. */
    static SqueezeExcite seModule(int channels, int reduction) {
        int rd = Scaling.makeDivisible(channels / (double) reduction, 8, null, 0.0);
        return new SqueezeExcite(channels, rd, ActivationType.RELU, ActivationType.SIGMOID, "fc1", "fc2");
    }

    @Override
    public void setStride(int stride) {
        strided.setStride(stride);
        if (downsample != null) {
            ((Conv2d) downsample.get(0)).setStride(stride);
        } else if (stride != 1) {
            throw new IllegalArgumentException("this block has no downsample path, so its stride must stay 1");
        }
    }

    @Override
    public int stride() {
        return strided.stride();
    }

    /** The shapes through {@code se} and, beside the branch, {@code downsample}; {@code x} is the branch's output. */
    protected final Shape traceTail(Shape input, Shape x, ShapeVisitor v) {
        Shape y = se != null ? v.visit("se", se, x) : x;
        if (downsample != null) {
            v.visit("downsample", downsample, input);
        }
        return y;
    }

    /** The branch's layers, then {@code se}. */
    protected final NDArray withSe(Chain branch, ParameterStore ps, boolean training) {
        return se != null ? branch.then(v -> se.forward(ps, v, training)).result() : branch.result();
    }

    @Override
    protected NDArray shortcut(ParameterStore ps, NDArray x, boolean training) {
        return downsample != null ? downsample.forward(ps, x, training) : x;
    }

    @Override
    protected NDArray afterSum(NDArray sum) {
        return Activations.apply(act, sum);
    }
}
