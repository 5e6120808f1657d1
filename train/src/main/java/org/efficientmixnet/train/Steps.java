package org.efficientmixnet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.efficientmixnet.models.EfficientNet;
import org.efficientmixnet.train.data.Batch;

/** The engine side of a batch: input arrays, the loss, and inference to Java arrays. */
final class Steps {
    private Steps() {
    }

    static NDArray input(NDManager m, Batch b) {
        return m.create(b.data(), new Shape(b.shape()));
    }

    /** Smoothed one-hot targets: 1 − ε + ε/K on the label, ε/K elsewhere. */
    static NDArray targets(NDManager m, int[] labels, int classes, double smoothing) {
        float off = (float) (smoothing / classes);
        float on = (float) (1 - smoothing) + off;
        float[] t = new float[labels.length * classes];
        java.util.Arrays.fill(t, off);
        for (int i = 0; i < labels.length; i++) {
            t[i * classes + labels[i]] = on;
        }
        return m.create(t, new Shape(labels.length, classes));
    }

    /**
     * Mean cross-entropy of logits against target distributions (label smoothing when the targets are smoothed).
     * Only engine arrays take part, no Java scalars (see NativeScalar). The one place to switch to the project's
     * LabelSmoothingCrossEntropy once it lands.
     */
    static NDArray crossEntropy(NDArray logits, NDArray targets) {
        NDArray logp = logits.logSoftmax(1);
        return logp.mul(targets).sum(new int[] {1}).neg().mean();
    }

    /** Logits of a batch, inference mode, as a row-major Java array. */
    static float[] logits(EfficientNet net, NDManager root, Batch b) {
        try (NDManager sm = root.newSubManager()) {
            NDArray x = input(sm, b);
            NDArray out = net.forward(new ParameterStore(sm, false), x, false);
            return out.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }
}
