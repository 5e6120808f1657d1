package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;

/** A fully connected layer with PyTorch's names and layout ({@code weight} out×in, {@code bias} out). */
public final class Linear extends Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weight;
    private final Parameter bias;

    public Linear(int inFeatures, int outFeatures) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        // timm's EfficientNet init for the classifier: U(-r, r), r = 1/sqrt(out)
        float r = (float) (1.0 / Math.sqrt(outFeatures));
        weight = param("weight", Parameter.Type.WEIGHT, new Shape(outFeatures, inFeatures), new UniformInitializer(r), true);
        bias = param("bias", Parameter.Type.BIAS, new Shape(outFeatures), Initializer.ZEROS, true);
    }

    public int inFeatures() { return inFeatures; }
    public int outFeatures() { return outFeatures; }

    @Override
    public Shape trace(Shape input, ShapeVisitor visitor) {
        if (input.get(input.dimension() - 1) != inFeatures) {
            throw new IllegalArgumentException("linear layer expects " + inFeatures + " features, got shape " + input);
        }
        return new Shape(input.get(0), outFeatures);
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        return ai.djl.nn.core.Linear.linear(x, w, b).singletonOrThrow();
    }

    @Override
    public long macs(Shape input) {
        return (long) inFeatures * outFeatures;
    }

    @Override
    public String toString() {
        return "Linear(" + inFeatures + ", " + outFeatures + ")";
    }
}
