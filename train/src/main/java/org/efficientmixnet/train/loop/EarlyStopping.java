package org.efficientmixnet.train.loop;

import java.util.Locale;
import java.util.function.Consumer;

/** Stops the run after {@code patience} epochs in a row without improving the objective (0: never). */
public final class EarlyStopping implements TrainingListener {
    private final int patience;
    private final Consumer<String> log;
    private boolean fired;

    public EarlyStopping(int patience, Consumer<String> log) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be ≥ 0, got " + patience);
        }
        this.patience = patience;
        this.log = log;
    }

    @Override
    public void onEpochEnd(TrainingLoop<?> loop, EpochResult result) {
        LoopState s = loop.state();
        if (patience > 0 && s.badEpochs() >= patience) {
            String m = String.format(Locale.ROOT, "early stop: %s has not improved for %d epochs (best %.4f at epoch %d)",
                    loop.objective().metric(), s.badEpochs(), s.best(), s.bestEpoch());
            log.accept(m);
            fired = true;
            loop.requestStop(m);
        }
    }

    /** Whether it stopped the run. */
    public boolean fired() {
        return fired;
    }
}
