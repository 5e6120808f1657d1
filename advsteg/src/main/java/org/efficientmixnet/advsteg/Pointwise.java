package org.efficientmixnet.advsteg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import org.efficientmixnet.nn.Layer;

/**
 * A parameterless activation as its own layer, so that the networks' children are numbered as PyTorch's
 * {@code nn.Sequential} numbers them (ReLU, LeakyReLU and Tanh take an index there too) and a state dict of the
 * reference maps one to one.
 */
final class Pointwise extends Layer {
    enum Kind { RELU, LEAKY_RELU, TANH }

    /** The slope of the reference's LeakyReLU. */
    static final float LEAK = 0.2f;

    private final Kind kind;

    Pointwise(Kind kind) {
        this.kind = kind;
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor visitor) {
        return input;
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        return switch (kind) {
            case RELU -> Activation.relu(x);
            case LEAKY_RELU -> Activation.leakyRelu(x, LEAK);
            case TANH -> Activation.tanh(x);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case RELU -> "ReLU";
            case LEAKY_RELU -> "LeakyReLU(" + LEAK + ")";
            case TANH -> "Tanh";
        };
    }
}
