package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;

/** Max pooling with symmetric padding (ResNet's stem pool: 3×3, stride 2, padding 1). No parameters. */
public final class MaxPool2d extends Layer {
    private final int kernel;
    private final int stride;
    private final int padding;

    public MaxPool2d(int kernel, int stride, int padding) {
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor visitor) {
        long h = (input.get(2) + 2L * padding - kernel) / stride + 1;
        long w = (input.get(3) + 2L * padding - kernel) / stride + 1;
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("input " + input + " is too small for a " + kernel + "×" + kernel + " max pool");
        }
        return new Shape(input.get(0), input.get(1), h, w);
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        return Pool.maxPool2d(x, new Shape(kernel, kernel), new Shape(stride, stride), new Shape(padding, padding), false);
    }
}
