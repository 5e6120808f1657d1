package org.efficientmixnet.train.loop;

import java.util.Locale;
import java.util.Map;

/** The one line that reports a finished epoch (under the progress bar and in {@code train.log}). */
@FunctionalInterface
public interface EpochLine {
    String format(EpochResult result, int epochs);

    /**
     * {@code epoch 3/10  train_loss 0.4132  p_e 0.2310  …  41 img/s  12.3s  (best)}: every metric but {@code seconds}
     * and {@code images_per_s} with four decimals ({@code %.3g} for {@code lr}), then speed and time.
     */
    static EpochLine standard() {
        return (r, epochs) -> {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d", r.epoch(), epochs));
            for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
                String k = e.getKey();
                if (k.equals("seconds") || k.equals("images_per_s")) {
                    continue;
                }
                sb.append(String.format(Locale.ROOT, k.equals("lr") ? "  %s %.3g" : "  %s %.4f", k, e.getValue()));
            }
            sb.append(String.format(Locale.ROOT, "  %.0f img/s  %.1fs", r.getOrNaN("images_per_s"), r.getOrNaN("seconds")));
            return sb.append(r.best() ? "  (best)" : "").toString();
        };
    }
}
