package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;

/**
 * Edge residual (fused MBConv, EfficientNet-EdgeTPU / V2): one full k×k expansion conv, norm + act, optional
 * SE, pointwise projection, norm. Children {@code conv_exp}, {@code bn1}, {@code se}, {@code conv_pwl}, {@code bn2}.
 */
public final class EdgeResidual extends ResidualBlock {
    private final Layer convExp;
    private final Norm2d bn1;
    private final SqueezeExcite se;
    private final Layer convPwl;
    private final Norm2d bn2;
    private final ActivationType act;
    private int stride;

    public EdgeResidual(int in, int out, int midChannels, List<Integer> expKernels, List<Integer> pwKernels, int stride,
            int seChannels, boolean noSkip, double dropPathRate, LayerOptions o) {
        super(in, out, stride == 1 && in == out && !noSkip, dropPathRate);
        this.stride = stride;
        act = o.activation();
        convExp = child("conv_exp", MixedConv2d.create(in, midChannels, expKernels, stride, false, o.padding()));
        bn1 = child("bn1", o.norm(midChannels));
        se = seChannels > 0 ? child("se", new SqueezeExcite(midChannels, seChannels, act, ActivationType.SIGMOID)) : null;
        convPwl = child("conv_pwl", MixedConv2d.create(midChannels, out, pwKernels, 1, false, o.padding()));
        bn2 = child("bn2", o.norm(out));
    }

    @Override
    public void setStride(int s) {
        MixedConv2d.setStride(convExp, s);
        stride = s;
    }

    @Override
    public int stride() { return stride; }

    @Override
    public Shape trace(Shape input, ShapeVisitor v) {
        Shape x = v.visit("conv_exp", convExp, input);
        x = v.visit("bn1", bn1, x);
        if (se != null) {
            x = v.visit("se", se, x);
        }
        x = v.visit("conv_pwl", convPwl, x);
        return v.visit("bn2", bn2, x);
    }

    @Override
    protected NDArray branch(ParameterStore ps, NDArray x, boolean training) {
        Chain c = new Chain(x)
                .then(v -> convExp.forward(ps, v, training)).then(v -> bn1.forward(ps, v, training)).then(v -> Activations.apply(act, v));
        if (se != null) {
            c.then(v -> se.forward(ps, v, training));
        }
        return c.then(v -> convPwl.forward(ps, v, training)).then(v -> bn2.forward(ps, v, training)).result();
    }
}
