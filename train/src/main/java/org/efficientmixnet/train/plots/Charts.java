package org.efficientmixnet.train.plots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.train.metrics.BinaryMetrics;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts drawn with XChart, headless: line charts of training curves, ROC curves and scatter plots of
 * variants. Non-finite values are left out of a series (a gap, never a failure); files are written to a
 * temporary name and renamed.
 */
public final class Charts {
    private Charts() {
    }

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** One named series of (x, y) points. */
    public record Series(String name, double[] x, double[] y) {
    }

    /** A line chart of several series over a common x axis. */
    public static void line(Path file, String title, String xLabel, String yLabel, List<Series> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        boolean any = false;
        for (Series s : series) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < Math.min(s.x().length, s.y().length); i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    xs.add(s.x()[i]);
                    ys.add(s.y()[i]);
                }
            }
            if (!xs.isEmpty()) {
                XYSeries xy = chart.addSeries(s.name(), xs, ys);
                xy.setMarker(xs.size() > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
                any = true;
            }
        }
        if (!any) {
            chart.addSeries("(no finite values)", new double[] {0}, new double[] {0});
        }
        write(chart, file);
    }

    /** The ROC curve with the chance diagonal, titled with AUC, wAUC and P_E. */
    public static void roc(Path file, BinaryMetrics m, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(600).height(600)
                .title(String.format(java.util.Locale.ROOT, "%s (AUC %.4f, wAUC %.4f, P_E %.4f)", title, m.auc(),
                        m.weightedAuc(), m.pe()))
                .xAxisTitle("false-positive rate (P_FA)").yAxisTitle("true-positive rate (1 − P_MD)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.addSeries("ROC", m.roc().fpr(), m.roc().tpr()).setMarker(SeriesMarkers.NONE);
        chart.addSeries("chance", new double[] {0, 1}, new double[] {0, 1}).setMarker(SeriesMarkers.NONE);
        write(chart, file);
    }

    /** A scatter of labelled points (e.g. MACs against training memory per network variant). */
    public static void scatter(Path file, String title, String xLabel, String yLabel, Map<String, double[]> points)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(12);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        for (Map.Entry<String, double[]> e : points.entrySet()) {
            if (Double.isFinite(e.getValue()[0]) && Double.isFinite(e.getValue()[1])) {
                chart.addSeries(e.getKey(), new double[] {e.getValue()[0]}, new double[] {e.getValue()[1]});
            }
        }
        write(chart, file);
    }

    private static void write(XYChart chart, Path file) throws IOException {
        AtomicFile.write(file, tmp -> {
            try (var out = Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        });
    }
}
