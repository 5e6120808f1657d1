package org.efficientmixnet.nn;

import java.util.List;

/**
 * Depthwise-separable block ({@code ds}/{@code dsa}): depthwise conv, norm + act, optional SE, pointwise
 * conv, norm (+ act for {@code dsa}). Children {@code conv_dw}, {@code bn1}, {@code se}, {@code conv_pw}, {@code bn2}.
 */
public final class DepthwiseSeparable extends ResidualBlock {

    /**
     * @param seChannels reduced channels of the SE, 0 for none
     */
    public DepthwiseSeparable(int in, int out, List<Integer> dwKernels, List<Integer> pwKernels, int stride, int seChannels,
            boolean pwAct, boolean noSkip, double dropPathRate, LayerOptions o) {
        super(in, out, stride == 1 && in == out && !noSkip, dropPathRate);
        then("conv_dw", MixedConv2d.create(in, in, dwKernels, stride, true, o.padding()));
        thenNormAct("bn1", in, o);
        thenSe(in, seChannels, o);
        then("conv_pw", MixedConv2d.create(in, out, pwKernels, 1, false, o.padding()));
        if (pwAct) {
            thenNormAct("bn2", out, o);
        } else {
            then("bn2", o.norm(out));
        }
    }
}
