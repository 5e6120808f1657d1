package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;

/**
 * Inverted residual (MBConv, Sandler et al. 2018; EfficientNet's main block): pointwise expansion, norm + act,
 * depthwise conv (mixed kernels allowed), norm + act, optional SE, pointwise projection, norm. Children
 * {@code conv_pw}, {@code bn1}, {@code conv_dw}, {@code bn2}, {@code se}, {@code conv_pwl}, {@code bn3}.
 */
public final class InvertedResidual extends ResidualBlock {
    private final Layer convPw;
    private final Norm2d bn1;
    private final Layer convDw;
    private final Norm2d bn2;
    private final SqueezeExcite se;
    private final Layer convPwl;
    private final Norm2d bn3;
    private final ActivationType act;
    private final int midChannels;
    private int stride;

    public InvertedResidual(int in, int out, int midChannels, List<Integer> dwKernels, List<Integer> expKernels,
            List<Integer> pwKernels, int stride, int seChannels, boolean noSkip, double dropPathRate, LayerOptions o) {
        super(in, out, stride == 1 && in == out && !noSkip, dropPathRate);
        this.stride = stride;
        this.midChannels = midChannels;
        act = o.activation();
        convPw = child("conv_pw", MixedConv2d.create(in, midChannels, expKernels, 1, false, o.padding()));
        bn1 = child("bn1", o.norm(midChannels));
        convDw = child("conv_dw", MixedConv2d.create(midChannels, midChannels, dwKernels, stride, true, o.padding()));
        bn2 = child("bn2", o.norm(midChannels));
        se = seChannels > 0 ? child("se", new SqueezeExcite(midChannels, seChannels, act, ActivationType.SIGMOID)) : null;
        convPwl = child("conv_pwl", MixedConv2d.create(midChannels, out, pwKernels, 1, false, o.padding()));
        bn3 = child("bn3", o.norm(out));
    }

    public int midChannels() { return midChannels; }

    @Override
    public void setStride(int s) {
        MixedConv2d.setStride(convDw, s);
        stride = s;
    }

    @Override
    public int stride() { return stride; }

    @Override
    public Shape trace(Shape input, ShapeVisitor v) {
        Shape x = v.visit("conv_pw", convPw, input);
        x = v.visit("bn1", bn1, x);
        x = v.visit("conv_dw", convDw, x);
        x = v.visit("bn2", bn2, x);
        if (se != null) {
            x = v.visit("se", se, x);
        }
        x = v.visit("conv_pwl", convPwl, x);
        return v.visit("bn3", bn3, x);
    }

    @Override
    protected NDArray branch(ParameterStore ps, NDArray x, boolean training) {
        Chain c = new Chain(x)
                .then(v -> convPw.forward(ps, v, training)).then(v -> bn1.forward(ps, v, training)).then(v -> Activations.apply(act, v))
                .then(v -> convDw.forward(ps, v, training)).then(v -> bn2.forward(ps, v, training)).then(v -> Activations.apply(act, v));
        if (se != null) {
            c.then(v -> se.forward(ps, v, training));
        }
        return c.then(v -> convPwl.forward(ps, v, training)).then(v -> bn3.forward(ps, v, training)).result();
    }
}
