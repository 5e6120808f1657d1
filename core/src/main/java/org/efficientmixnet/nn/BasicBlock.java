package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * ResNet's basic block (two 3×3 convs, the first with the stride) with timm's names: {@code conv1}, {@code bn1},
 * {@code conv2}, {@code bn2}, then what {@link ResNetBlock} adds (optional {@code se} with {@code fc1}, {@code fc2};
 * {@code downsample.0/1}). The activation follows the sum.
 */
public final class BasicBlock extends ResNetBlock {
    private final Conv2d conv1;
    private final Norm2d bn1;
    private final Conv2d conv2;
    private final Norm2d bn2;

    public BasicBlock(int in, int planes, int stride, int seReduction, LayerOptions o) {
        super(in, planes, o);
        conv1 = child("conv1", new Conv2d(in, planes, 3, stride, 1, false, o.padding()));
        bn1 = child("bn1", o.norm(planes));
        conv2 = child("conv2", new Conv2d(planes, planes, 3, 1, 1, false, o.padding()));
        bn2 = child("bn2", o.norm(planes));
        finish(conv1, stride, seReduction, o);
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor v) {
        Shape x = v.visit("conv1", conv1, input);
        x = v.visit("bn1", bn1, x);
        x = v.visit("conv2", conv2, x);
        x = v.visit("bn2", bn2, x);
        return traceTail(input, x, v);
    }

    @Override
    protected NDArray branch(ParameterStore ps, NDArray x, boolean training) {
        return withSe(new Chain(x)
                .then(v -> conv1.forward(ps, v, training)).then(v -> bn1.forward(ps, v, training)).then(v -> Activations.apply(act, v))
                .then(v -> conv2.forward(ps, v, training)).then(v -> bn2.forward(ps, v, training)), ps, training);
    }
}
