package org.efficientmixnet.nn;

/**
 * ResNet's bottleneck block (1×1, 3×3 with the stride, 1×1 to 4× width) with timm's names {@code conv1..3},
 * {@code bn1..3}, then what {@link ResNetBlock} adds (optional {@code se}, {@code downsample.0/1}); the activation
 * follows the sum.
 */
public final class Bottleneck extends ResNetBlock {

    public Bottleneck(int in, int planes, int stride, int seReduction, LayerOptions o) {
        super(in, planes * 4, o);
        int out = planes * 4;
        then("conv1", new Conv2d(in, planes, 1, 1, 1, false, o.padding()));
        thenNormAct("bn1", planes, o);
        then("conv2", new Conv2d(planes, planes, 3, stride, 1, false, o.padding()));
        thenNormAct("bn2", planes, o);
        then("conv3", new Conv2d(planes, out, 1, 1, 1, false, o.padding()));
        then("bn3", o.norm(out));
        finish(stride, seReduction, o);
    }
}
