package org.efficientmixnet.train;

import java.util.List;
import org.efficientmixnet.train.loop.PlotListener.Curve;
import org.efficientmixnet.train.loop.PlotListener.Plot;

/** A classifier run's curves as pictures ({@link org.efficientmixnet.train.loop.PlotListener}): loss.png, accuracy.png and lr.png. */
public final class RunPlots {
    /** The three charts, over the loop's metric names. */
    public static final List<Plot> PLOTS = List.of(
            new Plot("loss.png", "loss", "cross-entropy", List.of(new Curve("train", "train_loss"),
                    new Curve("validation", "val_loss"))),
            new Plot("accuracy.png", "accuracy", "accuracy", List.of(new Curve("train", "train_acc"),
                    new Curve("validation", "val_acc"), new Curve("validation top-5", "val_top5"))),
            new Plot("lr.png", "learning rate (end of epoch)", "learning rate", List.of(new Curve("lr", "lr"))));

    private RunPlots() {
    }
}
