package org.efficientmixnet.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.arch.Pooling;
import org.efficientmixnet.nn.Layer;
import org.efficientmixnet.nn.Linear;
import org.efficientmixnet.nn.NativeScalar;

/**
 * What every classification network shares: features, then global pooling, dropout and a linear classifier
 * (which may be absent).
 */
public abstract class Network extends Layer implements Backbone {
    private final Pooling pooling;
    private final double dropRate;

    protected Network(Pooling pooling, double dropRate) {
        this.pooling = pooling;
        this.dropRate = dropRate;
    }

    public abstract NetworkConfig config();

    /** The classifier, or null when the network has none. */
    public abstract Linear classifier();

    /** The classifier's name in the state dict ({@code classifier}, ResNet's {@code fc}). */
    public abstract String classifierName();

    /** The input channels the stem takes. */
    public int inChannels() {
        return config().inChannels();
    }

    public Pooling pooling() {
        return pooling;
    }

    public double dropRate() {
        return dropRate;
    }

    /** Global pooling of a feature map, (N, C, H, W) → (N, C). */
    public static NDArray pool(NDArray f, Pooling pooling) {
        return switch (pooling) {
            case AVG -> NativeScalar.spatialMean(f);
            case MAX -> max(f);
            case AVGMAX -> {
                try (NDArray a = NativeScalar.spatialMean(f); NDArray m = max(f); NDArray s = a.add(m);
                        NDArray half = NativeScalar.of(f, 0.5)) {
                    yield s.mul(half);
                }
            }
            case NONE -> f;
        };
    }

    /** DJL's PyTorch max takes one axis only: flatten H and W first. */
    private static NDArray max(NDArray f) {
        Shape s = f.getShape();
        try (NDArray flat = f.reshape(s.get(0), s.get(1), s.get(2) * s.get(3))) {
            return flat.max(new int[] {2});
        }
    }

    /** Pooling, dropout and classifier on a feature map. */
    public NDArray forwardHead(ParameterStore ps, NDArray features, boolean training) {
        if (pooling == Pooling.NONE) {
            return features;
        }
        NDArray p = pool(features, pooling);
        Linear classifier = classifier();
        if (classifier == null) {
            return p;
        }
        NDArray d = p;
        if (training && dropRate > 0) {
            d = ai.djl.nn.norm.Dropout.dropout(p, (float) dropRate, true).singletonOrThrow();
            p.close();
        }
        NDArray out = classifier.forward(ps, d, training);
        d.close();
        return out;
    }

    /** Shape after the head for a feature-map shape. */
    protected Shape headShape(Shape features, ShapeVisitor v) {
        if (pooling == Pooling.NONE) {
            return features;
        }
        Shape pooled = new Shape(features.get(0), features.get(1));
        Linear c = classifier();
        return c == null ? pooled : v.visit(classifierName(), c, pooled);
    }

    @Override
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray f = forwardFeatures(ps, x, training);
        NDArray out = forwardHead(ps, f, training);
        if (out != f) {
            f.close();
        }
        return out;
    }

    /**
     * Folds batch normalizations into the convolutions before them, for inference only (outputs equal within
     * float rounding; the network can no longer be trained). Returns the number folded.
     */
    public int fuseForInference() {
        return org.efficientmixnet.nn.Fusion.fuseForInference(this, Models.inputShape(config(), 1, config().resolution()));
    }

    /** Shape of the pre-pool features for an input shape. */
    public abstract Shape featureShape(Shape input);
}
