package org.efficientmixnet.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.tracker.Tracker;
import java.util.HashMap;
import java.util.Map;
import org.efficientmixnet.weights.StateDict;
import org.efficientmixnet.nn.ParameterCopy;

/**
 * Lookahead (Zhang, Lucas, Hinton, Ba 2019): any inner optimizer moves the fast weights; every {@code k} steps
 * the slow weights move a fraction {@code alpha} towards them, slow += α(fast − slow), and the fast weights
 * restart from the slow ones. Defaults k = 6, α = 0.5 (timm's).
 */
public final class Lookahead extends TorchOptimizer {
    private final TorchOptimizer inner;
    private final int k;
    private final float alpha;
    private final Map<String, Integer> counts = new HashMap<>();

    public Lookahead(TorchOptimizer inner, int k, float alpha) {
        super(Tracker.fixed(0f), 0f);
        if (k < 1 || alpha <= 0 || alpha > 1) {
            throw new IllegalArgumentException("lookahead needs k ≥ 1 and 0 < alpha ≤ 1, got k=" + k + " alpha=" + alpha);
        }
        this.inner = inner;
        this.k = k;
        this.alpha = alpha;
    }

    public TorchOptimizer inner() {
        return inner;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        slot(parameterId, "slow", weight::duplicate);
        inner.update(parameterId, weight, grad);
        super.update(parameterId, weight, grad);
    }

    @Override
    protected void step(String id, NDArray w, NDArray g, float lr, int t, float wd) {
        if (t % k != 0) {
            return;
        }
        NDArray slow = slot(id, "slow", w::duplicate);
        slow.addi(w.sub(slow).mul(alpha));
        ParameterCopy.copy(slow, w);
    }

    @Override
    public StateDict stateDict(Block block) {
        StateDict own = super.stateDict(block);
        StateDict in = inner.stateDict(block);
        for (String key : in.keys()) {
            own.put("inner." + key, in.get(key));
        }
        return own;
    }

    @Override
    public void loadStateDict(Block block, StateDict saved) {
        StateDict own = new StateDict();
        StateDict in = new StateDict();
        for (String key : saved.keys()) {
            if (key.startsWith("inner.")) {
                in.put(key.substring(6), saved.get(key));
            } else {
                own.put(key, saved.get(key));
            }
        }
        super.loadStateDict(block, own);
        inner.loadStateDict(block, in);
    }
}
