package org.efficientmixnet.nn;

import java.util.List;

/**
 * Inverted residual (MBConv, Sandler et al. 2018; EfficientNet's main block): pointwise expansion, norm + act,
 * depthwise conv (mixed kernels allowed), norm + act, optional SE, pointwise projection, norm. Children
 * {@code conv_pw}, {@code bn1}, {@code conv_dw}, {@code bn2}, {@code se}, {@code conv_pwl}, {@code bn3}.
 */
public final class InvertedResidual extends ResidualBlock {

    public InvertedResidual(int in, int out, int midChannels, List<Integer> dwKernels, List<Integer> expKernels,
            List<Integer> pwKernels, int stride, int seChannels, boolean noSkip, double dropPathRate, LayerOptions o) {
        super(in, out, stride == 1 && in == out && !noSkip, dropPathRate);
        then("conv_pw", MixedConv2d.create(in, midChannels, expKernels, 1, false, o.padding()));
        thenNormAct("bn1", midChannels, o);
        then("conv_dw", MixedConv2d.create(midChannels, midChannels, dwKernels, stride, true, o.padding()));
        thenNormAct("bn2", midChannels, o);
        thenSe(midChannels, seChannels, o);
        then("conv_pwl", MixedConv2d.create(midChannels, out, pwKernels, 1, false, o.padding()));
        then("bn3", o.norm(out));
    }
}
