package org.efficientmixnet.train;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.efficientmixnet.weights.StateDict;

/**
 * The one place where a run's optimizer, learning-rate schedule and optimizer state are made and saved. The
 * schedule is a function of the global step, computed by the loop and handed to the optimizer through the
 * tracker, so a resumed run continues the schedule where it stopped.
 */
final class Optimizers {
    private Optimizers() {
    }

    /** The optimizer for a run; {@code lr} is read by the optimizer on every update. */
    static Optimizer create(TrainConfig c, Tracker lr) {
        float wd = (float) c.weightDecay();
        if (c.ema() > 0) {
            throw new IllegalArgumentException("--ema is not available in this build yet (it comes with the project's "
                    + "WeightEma)");
        }
        if (c.lookahead()) {
            throw new IllegalArgumentException("--lookahead is not available in this build yet (it comes with the "
                    + "project's own optimizers)");
        }
        return switch (c.optimizer()) {
            case "sgd" -> Optimizer.sgd().setLearningRateTracker(lr).optMomentum((float) c.momentum())
                    .optWeightDecays(wd).build();
            case "adamw" -> Optimizer.adamW().optLearningRateTracker(lr).optWeightDecays(wd).build();
            case "adam" -> Optimizer.adam().optLearningRateTracker(lr).optWeightDecays(wd).build();
            case "radam" -> throw new IllegalArgumentException("optimizer 'radam' is not available in this build yet "
                    + "(it comes with the project's own optimizers); use sgd or adamw");
            default -> throw new IllegalArgumentException("unknown optimizer '" + c.optimizer()
                    + "': expected sgd, adamw or radam");
        };
    }

    /** Whether resuming continues the optimizer exactly (its state is saved, or it has none). */
    static boolean stateless(TrainConfig c) {
        return c.optimizer().equals("sgd") && c.momentum() == 0;
    }

    /** The optimizer's state for a checkpoint, or null where the optimizer cannot export it. */
    static StateDict state(Optimizer o) {
        return null;
    }

    static void restore(Optimizer o, StateDict state) {
        // DJL's optimizers cannot import state: a resumed run restarts their moments (see stateless()).
    }

    /** Learning rate at a global step (0-based): linear warm-up, then the schedule over the remaining steps. */
    static float learningRate(TrainConfig c, long step, long stepsPerEpoch) {
        double base = c.lr();
        long warm = Math.round(c.warmupEpochs() * stepsPerEpoch);
        long total = (long) c.epochs() * stepsPerEpoch;
        if (step < warm) {
            return (float) (base * (step + 1) / warm);
        }
        double t = total <= warm ? 1 : (double) (step - warm) / (total - warm);
        return (float) switch (c.schedule()) {
            case "cosine" -> base * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, t)));
            case "step" -> base * (t < 0.5 ? 1 : t < 0.75 ? 0.1 : 0.01);
            default -> base;
        };
    }
}
