package org.efficientmixnet.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.nn.ParameterCopy;

/**
 * An exponential moving average of a network's weights (timm's ModelEma): after each optimizer step,
 * shadow = decay·shadow + (1 − decay)·weight (buffers such as running statistics are copied). For validation,
 * {@link #swapIn()} puts the averages into the network and {@link #swapOut()} restores the trained weights.
 */
public final class WeightEma implements AutoCloseable {
    private final float decay;
    private final Map<String, Parameter> params;
    private final Map<String, NDArray> shadow = new LinkedHashMap<>();
    private final Map<String, NDArray> saved = new LinkedHashMap<>();

    public WeightEma(Block net, float decay) {
        if (decay <= 0 || decay >= 1) {
            throw new IllegalArgumentException("EMA decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.params = ModelWeights.namedParameters(net);
        params.forEach((k, p) -> {
            NDArray s = p.getArray().duplicate();
            s.detach();
            shadow.put(k, s);
        });
    }

    public void update() {
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            NDArray w = e.getValue().getArray();
            NDArray s = shadow.get(e.getKey());
            if (org.efficientmixnet.models.Models.isBuffer(e.getValue())) {
                ParameterCopy.copy(w, s);
                continue;
            }
            try (NDArray d = w.sub(s); NDArray step = d.mul(1 - decay)) {
                s.addi(step);
            }
        }
    }

    /** The averaged weights into the network (the trained ones are kept aside). */
    public void swapIn() {
        if (!saved.isEmpty()) {
            throw new IllegalStateException("EMA weights are already swapped in");
        }
        params.forEach((k, p) -> {
            NDArray keep = p.getArray().duplicate();
            keep.detach();
            saved.put(k, keep);
            ParameterCopy.copy(shadow.get(k), p.getArray());
        });
    }

    public void swapOut() {
        params.forEach((k, p) -> ParameterCopy.copy(saved.get(k), p.getArray()));
        saved.values().forEach(NDArray::close);
        saved.clear();
    }

    public NDArray shadow(String name) {
        return shadow.get(name);
    }

    @Override
    public void close() {
        shadow.values().forEach(NDArray::close);
        saved.values().forEach(NDArray::close);
    }
}
