package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;

/**
 * Batch normalization with fixed statistics and affine (none of its four tensors is trained or updated),
 * as detection backbones use when batches are too small for batch statistics. Same names as
 * {@link BatchNorm2d}, so weights load unchanged.
 */
public final class FrozenBatchNorm2d extends BatchNorm2d {
    public FrozenBatchNorm2d(int channels, double eps) {
        super(channels, eps, 0.0, false);
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        if (folded()) {
            return x;
        }
        var d = x.getDevice();
        NDArray w = ps.getValue(weight, d, false);
        NDArray b = ps.getValue(bias, d, false);
        NDArray rm = ps.getValue(runningMean, d, false);
        NDArray rv = ps.getValue(runningVar, d, false);
        try (NDArray ve = rv.add((float) eps); NDArray inv = ve.pow(-0.5f); NDArray scale = w.mul(inv);
                NDArray ms = rm.mul(scale); NDArray shift = b.sub(ms);
                NDArray s4 = perChannel(scale); NDArray b4 = perChannel(shift); NDArray xs = x.mul(s4)) {
            return xs.add(b4);
        }
    }
}
