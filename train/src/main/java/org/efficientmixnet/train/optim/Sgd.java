package org.efficientmixnet.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.training.tracker.Tracker;

/**
 * SGD as torch.optim.SGD: L2 weight decay added to the gradient, momentum buffer started at the first
 * gradient, optional Nesterov momentum, and the learning rate outside the buffer (so schedules act at once).
 */
public final class Sgd extends TorchOptimizer {
    private final float momentum;
    private final boolean nesterov;

    public Sgd(Tracker lr, float momentum, boolean nesterov, float weightDecay) {
        super(lr, weightDecay);
        if (nesterov && momentum <= 0) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum > 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected void step(String id, NDArray w, NDArray g, float lr, int t, float wd) {
        NDArray d = wd != 0 ? g.add(w.mul(wd)) : g;
        if (momentum > 0) {
            boolean fresh = !hasSlot(id, "momentum_buffer");
            NDArray buf = slot(id, "momentum_buffer", d::duplicate);
            if (!fresh) {
                buf.muli(momentum).addi(d);
            }
            d = nesterov ? d.add(buf.mul(momentum)) : buf;
        }
        w.subi(d.mul(lr));
    }
}
