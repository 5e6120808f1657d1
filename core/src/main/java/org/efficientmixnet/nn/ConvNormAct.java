package org.efficientmixnet.nn;

/** Convolution, normalization, activation ({@code cn} blocks; timm's ConvBnAct): children {@code conv}, {@code bn1}. */
public final class ConvNormAct extends ResidualBlock {

    public ConvNormAct(int in, int out, int kernel, int stride, boolean skip, double dropPathRate, LayerOptions o) {
        super(in, out, skip && stride == 1 && in == out, dropPathRate);
        then("conv", new Conv2d(in, out, kernel, stride, 1, false, o.padding()));
        thenNormAct("bn1", out, o);
    }
}
