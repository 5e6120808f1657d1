package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.efficientmixnet.arch.NormType;

/** A normalization layer over the channels of an NCHW array; {@link #create} builds one of any {@link NormType}. */
public abstract class Norm2d extends Layer {
    protected final int channels;
    protected final double eps;

    protected Norm2d(int channels, double eps) {
        if (channels < 1) {
            throw new IllegalArgumentException("normalization needs ≥ 1 channel, got " + channels);
        }
        this.channels = channels;
        this.eps = eps;
    }

    public int channels() {
        return channels;
    }

    public double eps() {
        return eps;
    }

    /**
     * @param momentum PyTorch's convention: the weight of the new batch statistic (0.1 by default)
     * @param mixtures affine mixture components, for attentive normalization only
     */
    public static Norm2d create(NormType type, int channels, double eps, double momentum, int mixtures) {
        return switch (type) {
            case BATCH_NORM -> new BatchNorm2d(channels, eps, momentum);
            case FROZEN_BATCH_NORM -> new FrozenBatchNorm2d(channels, eps);
            case ATTENTIVE -> new AttentiveNorm2d(channels, mixtures, eps, momentum);
            case IEBN -> new InstanceEnhancementBatchNorm2d(channels, eps, momentum);
        };
    }

    @Override
    public Shape trace(Shape input, ShapeVisitor visitor) {
        if (input.dimension() != 4 || input.get(1) != channels) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " expects (N, " + channels + ", H, W), got " + input);
        }
        return input;
    }

    /**
     * Batch normalization without affine (the layers that apply their own). DJL's engine call needs real
     * scale and shift arrays, so ones and zeros are passed.
     */
    protected NDArray normalize(NDArray x, NDArray runningMean, NDArray runningVar, double momentum, boolean training) {
        try (NDArray ones = runningMean.onesLike(); NDArray zeros = runningMean.zerosLike()) {
            return x.getNDArrayInternal().batchNorm(x, runningMean, runningVar, ones, zeros, -1, (float) (1 - momentum),
                    (float) eps, training).singletonOrThrow();
        }
    }

    /** Mean over H and W, shape (N, C). */
    static NDArray spatialMean(NDArray x) {
        return NativeScalar.spatialMean(x);
    }

    /** (N, C) or (C) → broadcastable against NCHW. */
    static NDArray perChannel(NDArray v) {
        Shape s = v.getShape();
        if (s.dimension() == 1) {
            return v.reshape(1, s.get(0), 1, 1);
        }
        return v.reshape(s.get(0), s.get(1), 1, 1);
    }
}
