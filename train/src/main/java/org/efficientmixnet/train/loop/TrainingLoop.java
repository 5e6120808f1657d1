package org.efficientmixnet.train.loop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The training loop and nothing else: it owns epochs, steps and where a resumed run continues; a task supplies the
 * batches ({@link EpochBatches}), the step ({@link TrainingStep}) and the end-of-epoch metrics ({@link Evaluator});
 * {@link TrainingListener}s do the rest (progress bar, history, plots, checkpoints, early stopping, the log).
 *
 * <p>Each epoch: the listeners' {@code onEpochStart}; every batch through the step, then {@code onStep}; the
 * evaluators; the epoch's {@link EpochResult} (see there for its metric names), the {@link Objective}'s
 * bookkeeping (best value, best epoch, epochs without improvement); {@code onEpochEnd}. A stop requested from any
 * thread ({@link #requestStop}, e.g. on SIGTERM through {@link ShutdownGuard}) takes effect after the current step;
 * an epoch cut short that way is not reported, so a resumed run repeats it from the last checkpoint.
 *
 * <pre>{@code
 * TrainingLoop<PairBatch> loop = TrainingLoop.builder(batches, step).epochs(20).objective(Objective.min("p_e"))
 *         .evaluator(epoch -> Map.of("p_e", validationPE())).listener(new CheckpointListener(checkpoints))
 *         .listener(new HistoryListener(dir)).listener(new ProgressListener(Progress.stderr())).build();
 * LoopState end = loop.run();
 * }</pre>
 *
 * @param <B> the batch type
 */
public final class TrainingLoop<B> {
    private final EpochBatches<B> batches;
    private final TrainingStep<B> step;
    private final List<Evaluator> evaluators;
    private final List<TrainingListener> listeners;
    private final Objective objective;
    private final int epochs;
    private LoopState state;
    private volatile String stopReason;
    private boolean stoppedMidEpoch;
    private boolean ran;

    private TrainingLoop(Builder<B> b) {
        this.batches = b.batches;
        this.step = b.step;
        this.evaluators = List.copyOf(b.evaluators);
        this.listeners = List.copyOf(b.listeners);
        this.objective = b.objective;
        this.epochs = b.epochs;
        LoopState f = b.from;
        // the best flags of a resumed history, as this loop's objective sets them
        this.state = f.history().isEmpty() ? f : new LoopState(f.epoch(), f.globalStep(), objective.mark(f.history()),
                f.best(), f.bestEpoch(), f.badEpochs());
    }

    public static <B> Builder<B> builder(EpochBatches<B> batches, TrainingStep<B> step) {
        return new Builder<>(batches, step);
    }

    /**
     * Runs the epochs after {@code state().epoch()} up to {@link #epochs()}, or until a stop; returns where the run
     * stands. Exceptions of the step, an evaluator or a listener end the run and propagate.
     */
    public LoopState run() throws IOException {
        if (ran) {
            throw new IllegalStateException("a training loop runs once");
        }
        ran = true;
        for (TrainingListener l : listeners) {
            l.onStart(this);
        }
        int steps = batches.stepsPerEpoch();
        for (int epoch = state.epoch() + 1; epoch <= epochs && stopReason == null; epoch++) {
            for (TrainingListener l : listeners) {
                l.onEpochStart(this, epoch);
            }
            long t0 = System.nanoTime();
            Map<String, Double> sums = new LinkedHashMap<>();
            Map<String, Double> values = new LinkedHashMap<>();
            long examples = 0;
            long global = state.globalStep();
            int i = 0;
            Iterator<B> it = batches.epoch(epoch);
            while (stopReason == null && it.hasNext()) {
                B batch = it.next();
                StepContext ctx = new StepContext(epoch, i, global, steps);
                StepResult r = Objects.requireNonNull(step.run(batch, ctx), "a training step returned null");
                for (TrainingListener l : listeners) {
                    l.onStep(this, ctx, r);
                }
                r.sums().forEach((k, v) -> sums.merge(k, v, Double::sum));
                values.putAll(r.values());
                examples += r.examples();
                i++;
                global++;
            }
            if (stopReason != null) {
                stoppedMidEpoch = true;
                break;
            }
            if (examples == 0) {
                throw new IllegalArgumentException("epoch " + epoch + " had no training examples: every batch was empty "
                        + "(inputs that cannot be used are skipped with a warning)");
            }
            double trainSecs = (System.nanoTime() - t0) / 1e9;
            Map<String, Double> metrics = new LinkedHashMap<>(values);
            for (Map.Entry<String, Double> e : sums.entrySet()) {
                metrics.put("train_" + e.getKey(), examples == 0 ? Double.NaN : e.getValue() / examples);
            }
            for (Evaluator ev : evaluators) {
                Map<String, Double> m = ev.evaluate(epoch);
                for (Map.Entry<String, Double> e : m.entrySet()) {
                    if (metrics.putIfAbsent(e.getKey(), e.getValue()) != null) {
                        throw new IllegalStateException("two metrics named '" + e.getKey() + "' at epoch " + epoch);
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            metrics.put("seconds", secs);
            metrics.put("images_per_s", examples / trainSecs);
            double v = new EpochResult(epoch, metrics, false).get(objective.metric());
            boolean improved = objective.improves(v, state.best());
            EpochResult result = new EpochResult(epoch, metrics, improved);
            List<EpochResult> history = new ArrayList<>(state.history());
            history.add(result);
            state = improved ? new LoopState(epoch, global, history, v, epoch, 0)
                    : new LoopState(epoch, global, history, state.best(), state.bestEpoch(), state.badEpochs() + 1);
            for (TrainingListener l : listeners) {
                l.onEpochEnd(this, result);
            }
        }
        for (TrainingListener l : listeners) {
            l.onEnd(this);
        }
        return state;
    }

    /**
     * Asks the loop to stop after the current step (from any thread; the first reason given is kept). From a
     * listener's {@code onEpochEnd} it stops after that epoch, which is then complete.
     */
    public void requestStop(String reason) {
        synchronized (this) {
            if (stopReason == null) {
                stopReason = Objects.requireNonNull(reason);
            }
        }
    }

    /** Why the run stopped before its last epoch, or null. */
    public String stopReason() {
        return stopReason;
    }

    /** Whether a stop cut an epoch short (its steps were done and not reported; a resume repeats them). */
    public boolean stoppedMidEpoch() {
        return stoppedMidEpoch;
    }

    /** Where the run stands: after the last finished epoch (before {@link #run}: where it starts). */
    public LoopState state() {
        return state;
    }

    public int epochs() {
        return epochs;
    }

    public Objective objective() {
        return objective;
    }

    public int stepsPerEpoch() {
        return batches.stepsPerEpoch();
    }

    /** Settings of a loop; {@link #build} checks them. */
    public static final class Builder<B> {
        private final EpochBatches<B> batches;
        private final TrainingStep<B> step;
        private final List<Evaluator> evaluators = new ArrayList<>();
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Objective objective = Objective.min("train_loss");
        private int epochs = 1;
        private LoopState from = LoopState.fresh();

        Builder(EpochBatches<B> batches, TrainingStep<B> step) {
            this.batches = Objects.requireNonNull(batches, "batches");
            this.step = Objects.requireNonNull(step, "step");
        }

        /** The last epoch (1-based, inclusive). */
        public Builder<B> epochs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("epochs must be ≥ 1, got " + n);
            }
            epochs = n;
            return this;
        }

        /** The metric that picks the best epoch (default: min {@code train_loss}). */
        public Builder<B> objective(Objective o) {
            objective = Objects.requireNonNull(o);
            return this;
        }

        /** Adds end-of-epoch metrics; evaluators run in the order added. */
        public Builder<B> evaluator(Evaluator e) {
            evaluators.add(Objects.requireNonNull(e));
            return this;
        }

        /** Adds a listener; listeners run in the order added (see {@link TrainingListener}). */
        public Builder<B> listener(TrainingListener l) {
            listeners.add(Objects.requireNonNull(l));
            return this;
        }

        public Builder<B> listeners(List<? extends TrainingListener> ls) {
            ls.forEach(this::listener);
            return this;
        }

        /** Continues a run from a checkpoint's state (the task restores weights and optimizer state itself). */
        public Builder<B> resumeFrom(LoopState s) {
            from = Objects.requireNonNull(s);
            return this;
        }

        public TrainingLoop<B> build() {
            return new TrainingLoop<>(this);
        }
    }
}
