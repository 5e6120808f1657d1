package org.efficientmixnet.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.efficientmixnet.train.loop.EpochLine;
import org.efficientmixnet.train.loop.EpochResult;
import org.efficientmixnet.train.loop.HistoryFormat;
import org.efficientmixnet.train.loop.ProgressListener;

/**
 * One epoch of a classifier run (what {@code history.csv}, {@code history.json} and the checkpoints record): the
 * classifier's view of the loop's named metrics {@code lr}, {@code train_loss}, {@code train_acc}, {@code val_loss},
 * {@code val_acc}, {@code val_top5}, {@code seconds}, {@code images_per_s}, {@code skipped}. Validation values are
 * NaN when the run has no validation data.
 */
public record EpochStats(int epoch, double lr, double trainLoss, double trainAcc, double valLoss, double valAcc,
        double valTop5, double seconds, double imagesPerSecond, int skipped) {

    public static final String CSV_HEADER = "epoch,lr,train_loss,train_acc,val_loss,val_acc,val_top5,seconds,images_per_s,skipped";

    /** The classifier's epoch line (progress bar and {@code train.log}). */
    public static final EpochLine LINE = (r, epochs) -> String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  acc %.4f  "
            + "val_loss %.4f  val_acc %.4f  lr %.3g  %.0f img/s  %.1fs%s", r.epoch(), epochs, r.get("train_loss"),
            r.get("train_acc"), r.get("val_loss"), r.get("val_acc"), r.get("lr"), r.get("images_per_s"),
            r.get("seconds"), r.best() ? "  (best)" : "");

    /** What the progress bar shows: the running loss and accuracy. */
    public static final List<ProgressListener.Shown> SHOWN = List.of(new ProgressListener.Shown("loss", "loss", "%.4f"),
            new ProgressListener.Shown("acc", "acc", "%.3f"));

    /** {@code history.csv} with {@link #CSV_HEADER}, {@code history.json} as a list of these records. */
    public static final HistoryFormat FORMAT = new HistoryFormat() {
        private final Gson gson = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

        @Override
        public String csv(List<EpochResult> history) {
            StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
            history.forEach(h -> sb.append(of(h).csv()).append('\n'));
            return sb.toString();
        }

        @Override
        public String json(List<EpochResult> history) {
            return gson.toJson(history.stream().map(EpochStats::of).toList());
        }
    };

    public String csv() {
        return epoch + "," + lr + "," + trainLoss + "," + trainAcc + "," + valLoss + "," + valAcc + "," + valTop5 + ","
                + seconds + "," + imagesPerSecond + "," + skipped;
    }

    public static boolean higherIsBetter(String metric) {
        return !metric.endsWith("loss");
    }

    /** The classifier's stats of a loop epoch (a metric the epoch lacks is NaN; {@code skipped} 0). */
    public static EpochStats of(EpochResult r) {
        return new EpochStats(r.epoch(), r.getOrNaN("lr"), r.getOrNaN("train_loss"), r.getOrNaN("train_acc"),
                r.getOrNaN("val_loss"), r.getOrNaN("val_acc"), r.getOrNaN("val_top5"), r.getOrNaN("seconds"),
                r.getOrNaN("images_per_s"), (int) r.metrics().getOrDefault("skipped", 0.0).doubleValue());
    }

    /** As the loop's named metrics, in the order the loop makes them (for a resumed run's history). */
    public EpochResult toResult() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("train_loss", trainLoss);
        m.put("train_acc", trainAcc);
        m.put("val_loss", valLoss);
        m.put("val_acc", valAcc);
        m.put("val_top5", valTop5);
        m.put("skipped", (double) skipped);
        m.put("seconds", seconds);
        m.put("images_per_s", imagesPerSecond);
        return new EpochResult(epoch, m, false);
    }
}
