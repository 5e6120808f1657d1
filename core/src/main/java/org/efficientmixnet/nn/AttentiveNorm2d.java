package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;

/**
 * Attentive normalization (Li, Sun, Wu, Zhang 2019, "Attentive Normalization"): batch normalization without
 * its own affine, followed by a per-sample affine that mixes K learned affine transforms with weights
 * λ = hard_sigmoid(fc(GAP(x))) computed from the layer's input:
 * {@code y = (Σ_k λ_k γ_k) · x̂ + Σ_k λ_k β_k}.
 * Names: {@code weight} and {@code bias} (K×C), {@code running_mean}, {@code running_var} (C), and the attention
 * {@code attn.weight} (K×C), {@code attn.bias} (K). γ starts at N(1, 0.1), β at N(0, 0.1) as in the paper's code.
 */
public final class AttentiveNorm2d extends Norm2d {
    private final int mixtures;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final Linear attn;

    public AttentiveNorm2d(int channels, int mixtures, double eps, double momentum) {
        super(channels, eps);
        if (mixtures < 1) {
            throw new IllegalArgumentException("attentive normalization needs ≥ 1 mixture component, got " + mixtures);
        }
        this.mixtures = mixtures;
        this.momentum = momentum;
        Shape kc = new Shape(mixtures, channels);
        weight = param("weight", Parameter.Type.GAMMA, kc, (m, s, t) -> m.randomNormal(1f, 0.1f, s, t), true);
        bias = param("bias", Parameter.Type.BETA, kc, new NormalInitializer(0.1f), true);
        runningMean = param("running_mean", Parameter.Type.RUNNING_MEAN, new Shape(channels), Initializer.ZEROS, false);
        runningVar = param("running_var", Parameter.Type.RUNNING_VAR, new Shape(channels), Initializer.ONES, false);
        attn = child("attn", new Linear(channels, mixtures));
    }

    public int mixtures() {
        return mixtures;
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor visitor) {
        super.trace(input, visitor);
        visitor.visit("attn", attn, new Shape(input.get(0), channels));
        return input;
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        var d = x.getDevice();
        try (NDArray xhat = normalize(x, ps.getValue(runningMean, d, training), ps.getValue(runningVar, d, training),
                        momentum, training);
                NDArray pooled = spatialMean(x);
                NDArray logits = attn.forward(ps, pooled, training);
                NDArray lambda = Activations.hardSigmoid(logits);
                NDArray gamma = lambda.matMul(ps.getValue(weight, d, training));
                NDArray beta = lambda.matMul(ps.getValue(bias, d, training));
                NDArray g4 = perChannel(gamma);
                NDArray b4 = perChannel(beta);
                NDArray scaled = xhat.mul(g4)) {
            return scaled.add(b4);
        }
    }
}
