package org.efficientmixnet.train.loop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.train.plots.Charts;

/** Line charts of metrics over the epochs (PNG, through {@link Charts}), redrawn at the start and after every epoch. */
public final class PlotListener implements HistoryFiles {
    /** One curve: its legend and the metric it draws. */
    public record Curve(String label, String metric) {
    }

    /** One chart: the file name in the run folder, title, y-axis label and curves. */
    public record Plot(String file, String title, String yLabel, List<Curve> curves) {
        public Plot {
            curves = List.copyOf(curves);
        }
    }

    private final Path dir;
    private final List<Plot> plots;

    public PlotListener(Path dir, List<Plot> plots) {
        this.dir = dir;
        this.plots = List.copyOf(plots);
    }

    /** Draws the charts once there is an epoch to draw. */
    @Override
    public void write(TrainingLoop<?> loop) throws IOException {
        if (!loop.state().history().isEmpty()) {
            draw(loop.state().history(), dir, plots);
        }
    }

    /** Draws the charts of a history into {@code dir} (a metric an epoch lacks is a gap); returns the files. */
    public static List<Path> draw(List<EpochResult> history, Path dir, List<Plot> plots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Plot p : plots) {
            List<Charts.Series> series = new ArrayList<>();
            for (Curve c : p.curves()) {
                double[] x = new double[history.size()];
                double[] y = new double[history.size()];
                for (int i = 0; i < history.size(); i++) {
                    x[i] = history.get(i).epoch();
                    y[i] = history.get(i).getOrNaN(c.metric());
                }
                series.add(new Charts.Series(c.label(), x, y));
            }
            Path f = dir.resolve(p.file());
            Charts.line(f, p.title(), "epoch", p.yLabel(), series);
            files.add(f);
        }
        return files;
    }
}
