package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Stochastic depth on a residual branch: in training each sample's branch is dropped with probability
 * {@code rate} and kept branches are scaled by 1/(1 - rate), so the expectation is unchanged.
 */
public final class DropPath {
    private DropPath() {
    }

    public static NDArray apply(NDArray branch, double rate, boolean training) {
        if (!training || rate <= 0) {
            return branch;
        }
        try (NDArray scaled = mask(branch, rate)) {
            return branch.mul(scaled);
        }
    }

    /** The (N, 1, 1, 1) factors for a batch like {@code like}: 0 for a dropped sample, 1/(1 - rate) for a kept one. */
    static NDArray mask(NDArray like, double rate) {
        double keep = 1.0 - rate;
        Shape maskShape = new Shape(like.getShape().get(0), 1, 1, 1);
        try (NDArray u = like.getManager().randomUniform(0f, 1f, maskShape, DataType.FLOAT32, like.getDevice());
                NDArray kept = u.lt(keep);
                NDArray mask = kept.toType(like.getDataType(), false)) {
            return mask.div(keep);
        }
    }
}
