package org.efficientmixnet.nn;

import java.util.List;

/**
 * Edge residual (fused MBConv, EfficientNet-EdgeTPU / V2): one full k×k expansion conv, norm + act, optional
 * SE, pointwise projection, norm. Children {@code conv_exp}, {@code bn1}, {@code se}, {@code conv_pwl}, {@code bn2}.
 */
public final class EdgeResidual extends ResidualBlock {

    public EdgeResidual(int in, int out, int midChannels, List<Integer> expKernels, List<Integer> pwKernels, int stride,
            int seChannels, boolean noSkip, double dropPathRate, LayerOptions o) {
        super(in, out, stride == 1 && in == out && !noSkip, dropPathRate);
        then("conv_exp", MixedConv2d.create(in, midChannels, expKernels, stride, false, o.padding()));
        thenNormAct("bn1", midChannels, o);
        thenSe(midChannels, seChannels, o);
        then("conv_pwl", MixedConv2d.create(midChannels, out, pwKernels, 1, false, o.padding()));
        then("bn2", o.norm(out));
    }
}
