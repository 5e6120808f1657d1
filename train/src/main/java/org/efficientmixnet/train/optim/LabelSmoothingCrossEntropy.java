package org.efficientmixnet.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import org.efficientmixnet.nn.NativeScalar;

/**
 * Cross-entropy with label smoothing (Szegedy et al. 2016) as timm's LabelSmoothingCrossEntropy:
 * (1 − ε)·(−log p_y) + ε·mean_c(−log p_c), averaged over the batch; ε = 0 is plain softmax cross-entropy.
 * Labels are class indices; predictions are logits.
 */
public final class LabelSmoothingCrossEntropy extends Loss {
    private final float smoothing;

    public LabelSmoothingCrossEntropy(float smoothing) {
        super("LabelSmoothingCrossEntropy");
        if (smoothing < 0 || smoothing >= 1) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        }
        this.smoothing = smoothing;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray y = labels.singletonOrThrow().toType(ai.djl.ndarray.types.DataType.INT64, false).reshape(-1, 1);
        NDArray logp = logits.logSoftmax(1);
        NDArray nll = logp.gather(y, 1).neg();
        NDArray smooth = logp.neg().mean(new int[] {1}, true);
        NDArray a = NativeScalar.of(logits, 1 - smoothing);
        NDArray b = NativeScalar.of(logits, smoothing);
        return nll.mul(a).add(smooth.mul(b)).mean();
    }
}
