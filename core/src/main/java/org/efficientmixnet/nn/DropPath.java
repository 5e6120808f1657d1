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
        double keep = 1.0 - rate;
        long n = branch.getShape().get(0);
        Shape maskShape = new Shape(n, 1, 1, 1);
        try (NDArray u = branch.getManager().randomUniform(0f, 1f, maskShape, DataType.FLOAT32, branch.getDevice());
                NDArray kept = u.lt(keep);
                NDArray mask = kept.toType(branch.getDataType(), false);
                NDArray scaled = mask.div(keep)) {
            return branch.mul(scaled);
        }
    }
}
