package org.efficientmixnet.train.loop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.efficientmixnet.train.Progress;

/**
 * The progress bar: begun at each epoch, redrawn with the epoch's running means of the steps' sums (and images/s,
 * ETA), ended with the epoch's line.
 */
public final class ProgressListener implements TrainingListener {
    /** A running mean shown on the bar: the step sum's name, its label and its format (e.g. {@code %.4f}). */
    public record Shown(String sum, String label, String format) {
    }

    private final Progress progress;
    private final List<Shown> shown;
    private final EpochLine line;
    private final Map<String, Double> sums = new LinkedHashMap<>();
    private long examples;

    /** Shows the given running means; {@code shown} empty: every sum the steps report, with four decimals. */
    public ProgressListener(Progress progress, List<Shown> shown, EpochLine line) {
        this.progress = progress;
        this.shown = List.copyOf(shown);
        this.line = line;
    }

    public ProgressListener(Progress progress) {
        this(progress, List.of(), EpochLine.standard());
    }

    @Override
    public void onEpochStart(TrainingLoop<?> loop, int epoch) {
        sums.clear();
        examples = 0;
        progress.begin(String.format(Locale.ROOT, "epoch %d/%d", epoch, loop.epochs()), loop.stepsPerEpoch());
    }

    @Override
    public void onStep(TrainingLoop<?> loop, StepContext step, StepResult result) {
        result.sums().forEach((k, v) -> sums.merge(k, v, Double::sum));
        examples += result.examples();
        StringBuilder sb = new StringBuilder();
        if (shown.isEmpty()) {
            sums.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%s %.4f", k,
                    v / examples)));
        } else {
            for (Shown s : shown) {
                double v = sums.getOrDefault(s.sum(), Double.NaN);
                sb.append(sb.length() == 0 ? "" : " ").append(s.label()).append(' ')
                        .append(String.format(Locale.ROOT, s.format(), v / examples));
            }
        }
        progress.update(step.index() + 1, sb.toString(), examples);
    }

    @Override
    public void onEpochEnd(TrainingLoop<?> loop, EpochResult result) {
        progress.end(line.format(result, loop.epochs()));
    }
}
