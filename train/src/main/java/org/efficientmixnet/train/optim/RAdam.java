package org.efficientmixnet.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.Tracker;

/**
 * RAdam (Liu et al. 2019, "On the Variance of the Adaptive Learning Rate and Beyond") as torch.optim.RAdam:
 * ρ∞ = 2/(1−β₂) − 1, ρ_t = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ); while ρ_t ≤ 5 the variance of the adaptive rate is not
 * tractable and the step is plain momentum, lr·m̂; after, the adaptive step is rectified by
 * r_t = √((ρ_t−4)(ρ_t−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρ_t)): lr·m̂·r_t·√(1−β₂ᵗ)/(√v + ε). Weight decay is L2 (added to the
 * gradient) as in torch, or decoupled (AdamW-style) when asked.
 */
public final class RAdam extends TorchOptimizer {
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final boolean decoupled;

    public RAdam(Tracker lr, float beta1, float beta2, float eps, float weightDecay, boolean decoupledDecay) {
        super(lr, weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.decoupled = decoupledDecay;
    }

    @Override
    protected void step(String id, NDArray w, NDArray g, float lr, int t, float wd) {
        NDArray grad = g;
        if (wd != 0) {
            if (decoupled) {
                w.muli(1 - lr * wd);
            } else {
                grad = g.add(w.mul(wd));
            }
        }
        NDArray m = slot(id, "exp_avg", g::zerosLike);
        NDArray v = slot(id, "exp_avg_sq", g::zerosLike);
        m.muli(beta1).addi(grad.mul(1 - beta1));
        v.muli(beta2).addi(grad.mul(grad).mul(1 - beta2));
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        double rhoInf = 2 / (1 - beta2) - 1;
        double rhoT = rhoInf - 2 * t * Math.pow(beta2, t) / bc2;
        NDArray mHat = m.div((float) bc1);
        if (rhoT > 5) {
            double rect = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
            NDArray adaptive = v.sqrt().add(eps).pow(-1).mul((float) Math.sqrt(bc2));
            w.subi(mHat.mul(adaptive).mul((float) (lr * rect)));
        } else {
            w.subi(mHat.mul(lr));
        }
    }
}
