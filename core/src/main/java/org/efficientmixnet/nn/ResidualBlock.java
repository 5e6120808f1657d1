package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;

/**
 * What the EfficientNet blocks share: an optional identity shortcut with drop path on the branch, and a
 * scope that frees the block's intermediate arrays as soon as it returns (PyTorch's autograd keeps what
 * the backward pass needs), which halves DJL's peak memory.
 */
public abstract class ResidualBlock extends Layer {
    protected final int inChannels;
    protected final int outChannels;
    protected final boolean hasSkip;
    private double dropPathRate;

    protected ResidualBlock(int inChannels, int outChannels, boolean hasSkip, double dropPathRate) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.hasSkip = hasSkip;
        this.dropPathRate = dropPathRate;
    }

    public int inChannels() { return inChannels; }
    public int outChannels() { return outChannels; }
    public boolean hasSkip() { return hasSkip; }
    public double dropPathRate() { return dropPathRate; }

    public void setDropPathRate(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("drop-path rate must be in [0, 1), got " + rate);
        }
        this.dropPathRate = rate;
    }

    /** Sets the stride of the block's strided convolution (stride surgery). */
    public abstract void setStride(int stride);

    public abstract int stride();

    /** The residual branch. */
    protected abstract NDArray branch(ParameterStore ps, NDArray x, boolean training);

    /** The shortcut: the input itself, or a projection where shapes change (ResNet's downsample). */
    protected NDArray shortcut(ParameterStore ps, NDArray x, boolean training) {
        return x;
    }

    /** Applied to the sum (ResNet's final ReLU); identity for the EfficientNet blocks. */
    protected NDArray afterSum(NDArray sum) {
        return sum;
    }

    /**
     * The output is taken out of the block's scope and handed to the caller's: {@code NDScope.unregister} alone
     * leaves an array in no scope, alive until its manager closes (for a model's input, the model's root
     * manager: one feature map per forward pass, found by counting that manager's arrays over training steps).
     */
    @Override
    public final NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray y;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            y = branch(ps, x, training);
            if (hasSkip) {
                NDArray d = DropPath.apply(y, dropPathRate, training);
                y = afterSum(d.add(shortcut(ps, x, training)));
            }
            NDScope.unregister(y);
        }
        NDScope.register(y);
        return y;
    }
}
