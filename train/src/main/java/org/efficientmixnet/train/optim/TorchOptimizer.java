package org.efficientmixnet.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.StateDict;
import org.efficientmixnet.weights.TensorData;

/**
 * Base of our optimizers: DJL optimizers (so DJL's trainer or our loop can drive them) with PyTorch's update
 * rules, weight decay kept off one-dimensional parameters (biases and normalization parameters, timm's
 * convention), per-parameter step counts, and a state that can be saved and restored by parameter name for
 * exact resumption. Temporaries of an update are freed when it returns; the weight's gradient is zeroed
 * afterwards (DJL hands optimizers a copy, so nobody else would).
 */
public abstract class TorchOptimizer extends Optimizer {
    private final Tracker lr;
    private final float weightDecay;
    private final Map<String, Integer> steps = new HashMap<>();
    private final Map<String, Map<String, NDArray>> state = new HashMap<>();
    private int updates;

    protected TorchOptimizer(Tracker lr, float weightDecay) {
        super(new OptimizerBuilder<>() {
            @Override
            protected OptimizerBuilder self() {
                return this;
            }
        });
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    /** One update of {@code weight} (in place) with learning rate {@code lr} at this parameter's step {@code t}. */
    protected abstract void step(String id, NDArray weight, NDArray grad, float lr, int t, float weightDecay);

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        int t = steps.merge(parameterId, 1, Integer::sum);
        updates = Math.max(updates, t);
        float rate = lr.getNewValue(updates);
        float wd = weight.getShape().dimension() > 1 ? weightDecay : 0f;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            step(parameterId, weight, grad, rate, t, wd);
        }
        if (weight.hasGradient()) {
            NDArray g = weight.getGradient();
            g.subi(g);
            g.close();
        }
    }

    /** A state slot of a parameter, made from {@code init} (then kept beyond the update's scope) on first use. */
    protected NDArray slot(String id, String name, java.util.function.Supplier<NDArray> init) {
        Map<String, NDArray> s = state.computeIfAbsent(id, k -> new LinkedHashMap<>());
        return s.computeIfAbsent(name, k -> {
            NDArray a = init.get();
            NDScope.unregister(a);
            a.detach();
            return a;
        });
    }

    protected boolean hasSlot(String id, String name) {
        return state.containsKey(id) && state.get(id).containsKey(name);
    }

    /** The state by PyTorch-style names ({@code blocks.0.0.conv_dw.weight.exp_avg}, {@code ….step}). */
    public StateDict stateDict(Block block) {
        StateDict out = new StateDict();
        for (Map.Entry<String, Parameter> e : ModelWeights.namedParameters(block).entrySet()) {
            String id = e.getValue().getId();
            Map<String, NDArray> s = state.get(id);
            if (s == null) {
                continue;
            }
            for (Map.Entry<String, NDArray> slot : s.entrySet()) {
                NDArray a = slot.getValue();
                out.put(e.getKey() + "." + slot.getKey(), TensorData.ofFloats(a.getShape().getShape(), a.toFloatArray()));
            }
            out.put(e.getKey() + ".step", TensorData.ofFloats(new long[] {1}, new float[] {steps.getOrDefault(id, 0)}));
        }
        return out;
    }

    /** Restores a state saved by {@link #stateDict} into the optimizer of the same (initialized) block. */
    public void loadStateDict(Block block, StateDict saved) {
        for (Map.Entry<String, Parameter> e : ModelWeights.namedParameters(block).entrySet()) {
            String name = e.getKey();
            String id = e.getValue().getId();
            NDArray w = e.getValue().getArray();
            for (String key : saved.keys()) {
                if (!key.startsWith(name + ".")) {
                    continue;
                }
                String slotName = key.substring(name.length() + 1);
                if (slotName.contains(".")) {
                    continue;
                }
                TensorData t = saved.get(key);
                if (slotName.equals("step")) {
                    int s = (int) t.toFloatArray()[0];
                    steps.put(id, s);
                    updates = Math.max(updates, s);
                    continue;
                }
                NDArray a = w.getManager().create(t.toFloatArray(), new ai.djl.ndarray.types.Shape(t.shape()));
                a.detach();
                NDArray old = state.computeIfAbsent(id, k -> new LinkedHashMap<>()).put(slotName, a);
                if (old != null) {
                    old.close();
                }
            }
        }
    }
}
