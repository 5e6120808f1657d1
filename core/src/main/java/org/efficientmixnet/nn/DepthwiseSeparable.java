package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.efficientmixnet.arch.ActivationType;

/**
 * Depthwise-separable block ({@code ds}/{@code dsa}): depthwise conv, norm + act, optional SE, pointwise
 * conv, norm (+ act for {@code dsa}). Children {@code conv_dw}, {@code bn1}, {@code se}, {@code conv_pw}, {@code bn2}.
 */
public final class DepthwiseSeparable extends ResidualBlock {
    private final Layer convDw;
    private final Norm2d bn1;
    private final SqueezeExcite se;
    private final Layer convPw;
    private final Norm2d bn2;
    private final ActivationType act;
    private final boolean pwAct;
    private int stride;

    /**
     * @param seChannels reduced channels of the SE, 0 for none
     */
    public DepthwiseSeparable(int in, int out, List<Integer> dwKernels, List<Integer> pwKernels, int stride, int seChannels,
            boolean pwAct, boolean noSkip, double dropPathRate, LayerOptions o) {
        super(in, out, stride == 1 && in == out && !noSkip, dropPathRate);
        this.stride = stride;
        this.pwAct = pwAct;
        act = o.activation();
        convDw = child("conv_dw", MixedConv2d.create(in, in, dwKernels, stride, true, o.padding()));
        bn1 = child("bn1", o.norm(in));
        se = seChannels > 0 ? child("se", new SqueezeExcite(in, seChannels, act, ActivationType.SIGMOID)) : null;
        convPw = child("conv_pw", MixedConv2d.create(in, out, pwKernels, 1, false, o.padding()));
        bn2 = child("bn2", o.norm(out));
    }

    @Override
    public void setStride(int s) {
        MixedConv2d.setStride(convDw, s);
        stride = s;
    }

    @Override
    public int stride() { return stride; }

    @Override
    public Shape trace(Shape input, ShapeVisitor v) {
        Shape x = v.visit("conv_dw", convDw, input);
        x = v.visit("bn1", bn1, x);
        if (se != null) {
            x = v.visit("se", se, x);
        }
        x = v.visit("conv_pw", convPw, x);
        return v.visit("bn2", bn2, x);
    }

    @Override
    protected NDArray branch(ParameterStore ps, NDArray x, boolean training) {
        Chain c = new Chain(x)
                .then(v -> convDw.forward(ps, v, training)).then(v -> bn1.forward(ps, v, training)).then(v -> Activations.apply(act, v));
        if (se != null) {
            c.then(v -> se.forward(ps, v, training));
        }
        c.then(v -> convPw.forward(ps, v, training)).then(v -> bn2.forward(ps, v, training));
        return pwAct ? c.then(v -> Activations.apply(act, v)).result() : c.result();
    }
}
