package org.efficientmixnet.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.efficientmixnet.train.plots.Charts;

/** A run's curves as pictures, through the plots package: loss.png, accuracy.png and lr.png in the run folder. */
public final class RunPlots {
    private RunPlots() {
    }

    public static List<Path> write(List<EpochStats> history, Path dir) throws IOException {
        Path loss = dir.resolve("loss.png");
        Path acc = dir.resolve("accuracy.png");
        Path lr = dir.resolve("lr.png");
        Charts.line(loss, "loss", "epoch", "cross-entropy", List.of(series("train", history, EpochStats::trainLoss),
                series("validation", history, EpochStats::valLoss)));
        Charts.line(acc, "accuracy", "epoch", "accuracy", List.of(series("train", history, EpochStats::trainAcc),
                series("validation", history, EpochStats::valAcc), series("validation top-5", history, EpochStats::valTop5)));
        Charts.line(lr, "learning rate (end of epoch)", "epoch", "learning rate",
                List.of(series("lr", history, EpochStats::lr)));
        return List.of(loss, acc, lr);
    }

    private static Charts.Series series(String name, List<EpochStats> h, ToDoubleFunction<EpochStats> f) {
        double[] x = new double[h.size()];
        double[] y = new double[h.size()];
        for (int i = 0; i < h.size(); i++) {
            x[i] = h.get(i).epoch();
            y[i] = f.applyAsDouble(h.get(i));
        }
        return new Charts.Series(name, x, y);
    }
}
