package org.efficientmixnet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.train.data.Batch;
import org.efficientmixnet.train.optim.LabelSmoothingCrossEntropy;

/** The engine side of a batch: input arrays, the loss, and inference to Java arrays. */
final class Steps {
    private Steps() {
    }

    static NDArray input(NDManager m, Batch b) {
        return m.create(b.data(), new Shape(b.shape()));
    }

    static NDArray labels(NDManager m, int[] labels) {
        return m.create(labels);
    }

    /** Mean cross-entropy with label smoothing (the one place for the loss). */
    static NDArray crossEntropy(NDArray logits, NDArray labels, double smoothing) {
        return new LabelSmoothingCrossEntropy((float) smoothing).evaluate(new NDList(labels), new NDList(logits));
    }

    /** Logits of a batch, inference mode, as a row-major Java array. */
    static float[] logits(Network net, NDManager root, Batch b) {
        try (NDManager sm = root.newSubManager()) {
            NDArray x = input(sm, b);
            NDArray out = net.forward(new ParameterStore(sm, false), x, false);
            return out.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }
}
