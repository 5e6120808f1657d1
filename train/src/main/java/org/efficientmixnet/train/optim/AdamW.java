package org.efficientmixnet.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.Tracker;

/** AdamW as torch.optim.AdamW (Loshchilov &amp; Hutter 2019): decoupled weight decay, bias-corrected moments. */
public final class AdamW extends TorchOptimizer {
    private final float beta1;
    private final float beta2;
    private final float eps;

    public AdamW(Tracker lr, float beta1, float beta2, float eps, float weightDecay) {
        super(lr, weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    protected void step(String id, NDArray w, NDArray g, float lr, int t, float wd) {
        if (wd != 0) {
            w.muli(1 - lr * wd);
        }
        NDArray m = slot(id, "exp_avg", g::zerosLike);
        NDArray v = slot(id, "exp_avg_sq", g::zerosLike);
        m.muli(beta1).addi(g.mul(1 - beta1));
        v.muli(beta2).addi(g.mul(g).mul(1 - beta2));
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        NDArray denom = v.sqrt().div((float) Math.sqrt(bc2)).add(eps);
        w.subi(m.div(denom).mul((float) (lr / bc1)));
    }
}
