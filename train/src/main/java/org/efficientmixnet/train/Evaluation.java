package org.efficientmixnet.train;

import ai.djl.ndarray.NDManager;
import java.util.Iterator;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.train.data.Batch;
import org.efficientmixnet.train.data.BatchLoader;

/** Inference over a whole loader (fixed order, no augmentation), accumulated into {@link EvalMetrics}. */
public final class Evaluation {
    private Evaluation() {
    }

    public static EvalMetrics run(Network net, NDManager root, BatchLoader loader, int classes) {
        EvalMetrics m = new EvalMetrics(classes);
        Iterator<Batch> it = loader.epoch(0, 0, false, false);
        while (it.hasNext()) {
            Batch b = it.next();
            m.add(Steps.logits(net, root, b), b.labels());
        }
        return m;
    }
}
