package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
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

    /** The block's intermediates are freed when it returns; its output belongs to the caller's scope. */
    @Override
    public final NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        return inOwnScopeOne(() -> {
            NDArray y = branch(ps, x, training);
            if (hasSkip) {
                NDArray d = DropPath.apply(y, dropPathRate, training);
                y = afterSum(d.add(shortcut(ps, x, training)));
            }
            return y;
        });
    }
}
