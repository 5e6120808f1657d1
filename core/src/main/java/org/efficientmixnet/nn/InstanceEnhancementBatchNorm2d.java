package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;

/**
 * Instance-enhancement batch normalization (Liang et al. 2020, "Instance Enhancement Batch Normalization"):
 * the batch-normalized x̂ is rescaled per sample and channel by a gate computed from its own spatial mean,
 * {@code y = γ · x̂ · sigmoid(mean_hw(x̂) · w_r + b_r) + β}, with w_r starting at 0 and b_r at −1 as in the paper.
 * Names: {@code weight}, {@code bias}, {@code running_mean}, {@code running_var}, {@code weight_readjust},
 * {@code bias_readjust} (all C).
 */
public final class InstanceEnhancementBatchNorm2d extends Norm2d {
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final Parameter weightReadjust;
    private final Parameter biasReadjust;

    public InstanceEnhancementBatchNorm2d(int channels, double eps, double momentum) {
        super(channels, eps);
        this.momentum = momentum;
        Shape c = new Shape(channels);
        weight = param("weight", Parameter.Type.GAMMA, c, Initializer.ONES, true);
        bias = param("bias", Parameter.Type.BETA, c, Initializer.ZEROS, true);
        runningMean = param("running_mean", Parameter.Type.RUNNING_MEAN, c, Initializer.ZEROS, false);
        runningVar = param("running_var", Parameter.Type.RUNNING_VAR, c, Initializer.ONES, false);
        weightReadjust = param("weight_readjust", Parameter.Type.WEIGHT, c, Initializer.ZEROS, true);
        biasReadjust = param("bias_readjust", Parameter.Type.BIAS, c, new ConstantInitializer(-1f), true);
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        var d = x.getDevice();
        try (NDArray xhat = normalize(x, ps.getValue(runningMean, d, training), ps.getValue(runningVar, d, training),
                        momentum, training);
                NDArray local = spatialMean(xhat);
                NDArray lw = local.mul(ps.getValue(weightReadjust, d, training));
                NDArray lb = lw.add(ps.getValue(biasReadjust, d, training));
                NDArray gate = lb.getNDArrayInternal().sigmoid();
                NDArray g4 = perChannel(gate);
                NDArray gated = xhat.mul(g4);
                NDArray w4 = perChannel(ps.getValue(weight, d, training));
                NDArray b4 = perChannel(ps.getValue(bias, d, training));
                NDArray scaled = gated.mul(w4)) {
            return scaled.add(b4);
        }
    }
}
