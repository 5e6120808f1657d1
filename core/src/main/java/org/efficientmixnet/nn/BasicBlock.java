package org.efficientmixnet.nn;

/**
 * ResNet's basic block (two 3×3 convs, the first with the stride) with timm's names: {@code conv1}, {@code bn1},
 * {@code conv2}, {@code bn2}, then what {@link ResNetBlock} adds (optional {@code se} with {@code fc1}, {@code fc2};
 * {@code downsample.0/1}). The activation follows the sum.
 */
public final class BasicBlock extends ResNetBlock {

    public BasicBlock(int in, int planes, int stride, int seReduction, LayerOptions o) {
        super(in, planes, o);
        then("conv1", new Conv2d(in, planes, 3, stride, 1, false, o.padding()));
        thenNormAct("bn1", planes, o);
        then("conv2", new Conv2d(planes, planes, 3, 1, 1, false, o.padding()));
        then("bn2", o.norm(planes));
        finish(stride, seReduction, o);
    }
}
