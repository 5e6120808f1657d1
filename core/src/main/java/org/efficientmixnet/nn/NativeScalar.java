package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A 0-d tensor made by the engine. DJL's {@code x.mul(2f)} wraps the number in a tensor that points into a Java
 * buffer and releases that buffer when the call returns; autograd keeps the tensor for the backward pass and
 * then reads freed memory (random NaN gradients, measured here). Any scalar that takes part in a
 * differentiated product or quotient must come from here instead.
 */
public final class NativeScalar {
    private NativeScalar() {
    }

    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType(), like.getDevice());
    }

    /** Mean over the last two axes of an (N, C, H, W) array, computed by the engine: (N, C). */
    public static NDArray spatialMean(NDArray x) {
        Shape s = x.getShape();
        if (ScriptedOp.available(x)) {
            try (NDArray m = ScriptedOp.SPATIAL_MEAN.apply(x)) {
                return m.reshape(s.get(0), s.get(1));
            }
        }
        try (NDArray flat = x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3))) {
            return flat.mean(new int[] {2});
        }
    }
}
