package org.efficientmixnet.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/**
 * Batch normalization with PyTorch's names ({@code weight}, {@code bias}, {@code running_mean},
 * {@code running_var}) and momentum convention (the weight of the new batch statistic).
 */
public class BatchNorm2d extends Norm2d {
    private final double momentum;
    protected final Parameter weight;
    protected final Parameter bias;
    protected final Parameter runningMean;
    protected final Parameter runningVar;

    public BatchNorm2d(int channels, double eps, double momentum) {
        this(channels, eps, momentum, true);
    }

    protected BatchNorm2d(int channels, double eps, double momentum, boolean trainable) {
        super(channels, eps);
        this.momentum = momentum;
        Shape c = new Shape(channels);
        weight = param("weight", Parameter.Type.GAMMA, c, Initializer.ONES, trainable);
        bias = param("bias", Parameter.Type.BETA, c, Initializer.ZEROS, trainable);
        runningMean = param("running_mean", Parameter.Type.RUNNING_MEAN, c, Initializer.ZEROS, false);
        runningVar = param("running_var", Parameter.Type.RUNNING_VAR, c, Initializer.ONES, false);
    }

    private boolean folded;

    public double momentum() {
        return momentum;
    }

    /** True once folded into the preceding convolution: the layer passes its input through. */
    public boolean folded() {
        return folded;
    }

    /** The per-channel scale γ/√(σ²+ε) and shift β − μ·scale that inference applies; marks the layer folded. */
    NDArray[] foldInto() {
        NDArray w = weight.getArray();
        NDArray b = bias.getArray();
        NDArray rm = runningMean.getArray();
        NDArray rv = runningVar.getArray();
        try (NDArray ve = rv.add((float) eps); NDArray inv = ve.pow(-0.5f)) {
            NDArray scale = w.mul(inv);
            NDArray shift;
            try (NDArray ms = rm.mul(scale)) {
                shift = b.sub(ms);
            }
            folded = true;
            return new NDArray[] {scale, shift};
        }
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        if (folded) {
            if (training) {
                throw new IllegalStateException("this network was fused for inference; it cannot be trained");
            }
            return x;
        }
        NDArray[] t = tensors(ps, x.getDevice(), training);
        // axis -1 makes DJL call PyTorch's batch_norm directly (channel axis 1) instead of swapping axes
        return x.getNDArrayInternal().batchNorm(x, t[2], t[3], t[0], t[1], -1, (float) (1 - momentum), (float) eps,
                training).singletonOrThrow();
    }

    /** Weight, bias, running mean and running variance as this forward pass uses them. */
    NDArray[] tensors(ParameterStore ps, Device d, boolean training) {
        return new NDArray[] {ps.getValue(weight, d, training), ps.getValue(bias, d, training),
            ps.getValue(runningMean, d, training), ps.getValue(runningVar, d, training)};
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + channels + ", eps=" + eps + ")";
    }
}
