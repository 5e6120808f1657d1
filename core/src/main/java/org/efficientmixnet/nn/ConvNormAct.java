package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.efficientmixnet.arch.ActivationType;

/** Convolution, normalization, activation ({@code cn} blocks; timm's ConvBnAct): children {@code conv}, {@code bn1}. */
public final class ConvNormAct extends ResidualBlock {
    private final Conv2d conv;
    private final Norm2d bn1;
    private final ActivationType act;

    public ConvNormAct(int in, int out, int kernel, int stride, boolean skip, double dropPathRate, LayerOptions o) {
        super(in, out, skip && stride == 1 && in == out, dropPathRate);
        conv = child("conv", new Conv2d(in, out, kernel, stride, 1, false, o.padding()));
        bn1 = child("bn1", o.norm(out));
        act = o.activation();
    }

    @Override
    public void setStride(int stride) { conv.setStride(stride); }

    @Override
    public int stride() { return conv.stride(); }

    @Override
    public Shape trace(Shape input, ShapeVisitor v) {
        return v.visit("bn1", bn1, v.visit("conv", conv, input));
    }

    @Override
    protected NDArray branch(ParameterStore ps, NDArray x, boolean training) {
        return new Chain(x).then(v -> conv.forward(ps, v, training)).then(v -> bn1.forward(ps, v, training))
                .then(v -> Activations.apply(act, v)).result();
    }
}
