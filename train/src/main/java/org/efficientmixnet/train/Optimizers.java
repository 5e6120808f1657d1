package org.efficientmixnet.train;

import ai.djl.nn.Block;
import ai.djl.training.tracker.Tracker;
import org.efficientmixnet.train.optim.AdamW;
import org.efficientmixnet.train.optim.Lookahead;
import org.efficientmixnet.train.optim.RAdam;
import org.efficientmixnet.train.optim.Schedules;
import org.efficientmixnet.train.optim.Sgd;
import org.efficientmixnet.train.optim.TorchOptimizer;
import org.efficientmixnet.weights.StateDict;

/**
 * The one place where a run's optimizer, learning-rate schedule and optimizer state are made and saved. The
 * schedule is evaluated by the loop at the global step and handed to the optimizer through the tracker, so a
 * resumed run continues the schedule where it stopped; the optimizer's state is saved beside the weights.
 */
public final class Optimizers {
    private Optimizers() {
    }

    /** The optimizer for a run; {@code lr} is read by the optimizer on every update. */
    public static TorchOptimizer create(TrainConfig c, Tracker lr) {
        float wd = (float) c.weightDecay();
        TorchOptimizer inner = switch (c.optimizer()) {
            case "sgd" -> new Sgd(lr, (float) c.momentum(), false, wd);
            case "nesterov" -> new Sgd(lr, (float) c.momentum(), true, wd);
            case "adamw" -> new AdamW(lr, 0.9f, 0.999f, 1e-8f, wd);
            case "radam" -> new RAdam(lr, 0.9f, 0.999f, 1e-8f, wd, true);
            default -> throw new IllegalArgumentException("unknown optimizer '" + c.optimizer()
                    + "': expected sgd, nesterov, adamw or radam");
        };
        return c.lookahead() ? new Lookahead(inner, 6, 0.5f) : inner;
    }

    /** The optimizer's state for a checkpoint (by parameter name). */
    static StateDict state(TorchOptimizer o, Block net) {
        return o.stateDict(net);
    }

    static void restore(TorchOptimizer o, Block net, StateDict state) {
        o.loadStateDict(net, state);
    }

    /**
     * Learning rate at a global step (0-based) of {@code stepsPerEpoch × epochs}: cosine to 0 after a linear
     * warm-up, step decay (×0.1 at each third of the run), one-cycle, or constant.
     */
    public static float learningRate(TrainConfig c, long step, long stepsPerEpoch) {
        float base = (float) c.lr();
        int total = (int) Math.max(2, (long) c.epochs() * stepsPerEpoch);
        int warm = (int) Math.min(total - 1, Math.round(c.warmupEpochs() * stepsPerEpoch));
        int n = (int) Math.min(Integer.MAX_VALUE, step + 1);
        return switch (c.schedule()) {
            case "cosine" -> Schedules.cosine(base, warm, total, 0f).getNewValue(n);
            case "step" -> Schedules.step(base, (int) Math.max(1, (total + 2) / 3), 0.1f).getNewValue(n);
            case "onecycle" -> Schedules.oneCycle(base, total, 0.3, 25, 1e4).getNewValue(n);
            default -> n <= warm ? base * n / warm : base;
        };
    }
}
