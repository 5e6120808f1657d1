package org.efficientmixnet.steganalysis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.train.metrics.BinaryMetrics;
import org.efficientmixnet.train.plots.Charts;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The field's metrics of a detector's stego scores (probability of stego, cover = negative): P_E, MD5, wAUC and AUC
 * as {@link BinaryMetrics} defines them (the conventions are there), and the accuracy at score 0.5. Chance gives
 * P_E 0.5, MD5 0.95, AUC 0.5, wAUC 0.5857 and accuracy 0.5 on a balanced set.
 */
public record DetectionMetrics(double pe, double md5, double wauc, double auc, double accuracy, int covers, int stegos) {

    /** @param labels 0 for covers, anything else for stegos */
    public static DetectionMetrics of(double[] stegoScores, int[] labels) {
        int[] bin = new int[labels.length];
        int right = 0;
        for (int i = 0; i < labels.length; i++) {
            bin[i] = labels[i] == 0 ? 0 : 1;
            if ((stegoScores[i] >= 0.5) == (bin[i] == 1)) {
                right++;
            }
        }
        BinaryMetrics m = new BinaryMetrics(stegoScores, bin);
        return new DetectionMetrics(m.pe(), m.md5(), m.weightedAuc(), m.auc(), right / (double) labels.length,
                m.negatives(), m.positives());
    }

    /** By name: pe, md5, wauc, auc, accuracy (for choosing the best checkpoint). */
    public double get(String name) {
        return switch (name) {
            case "pe" -> pe;
            case "md5" -> md5;
            case "wauc" -> wauc;
            case "auc" -> auc;
            case "accuracy" -> accuracy;
            default -> throw new IllegalArgumentException("unknown metric '" + name + "': expected pe, md5, wauc, auc or accuracy");
        };
    }

    /** Whether a larger value of the metric is better. */
    public static boolean higherIsBetter(String name) {
        return name.equals("wauc") || name.equals("auc") || name.equals("accuracy");
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pe", pe);
        m.put("md5", md5);
        m.put("wauc", wauc);
        m.put("auc", auc);
        m.put("accuracy", accuracy);
        m.put("covers", covers);
        m.put("stegos", stegos);
        m.put("chance", Map.of("pe", 0.5, "md5", 0.95, "wauc", 0.5857142857142857, "auc", 0.5));
        return m;
    }

    public String line() {
        return String.format(Locale.ROOT, "P_E %.4f  MD5 %.4f  wAUC %.4f  AUC %.4f  acc %.4f  (%d covers, %d stegos; "
                + "chance: P_E 0.5, wAUC 0.586)", pe, md5, wauc, auc, accuracy, covers, stegos);
    }

    /** The ROC curve and the histogram of stego scores (covers against stegos) as PNG files. */
    public static void writePlots(double[] stegoScores, int[] labels, Path roc, Path histogram, String title)
            throws IOException {
        int[] bin = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            bin[i] = labels[i] == 0 ? 0 : 1;
        }
        Charts.roc(roc, new BinaryMetrics(stegoScores, bin), title);
        histogram(histogram, stegoScores, bin, title, 20);
    }

    /** Counts of scores in {@code bins} equal bins over [0, 1], covers and stegos side by side. */
    static void histogram(Path file, double[] scores, int[] bin, String title, int bins) throws IOException {
        int[][] counts = new int[2][bins];
        for (int i = 0; i < scores.length; i++) {
            int b = (int) Math.min(bins - 1, Math.max(0, Math.floor(scores[i] * bins)));
            counts[bin[i]][b]++;
        }
        List<String> xs = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            xs.add(String.format(Locale.ROOT, "%.2f", (b + 0.5) / bins));
        }
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500).title(title + ": stego scores")
                .xAxisTitle("score (probability of stego), bin centre").yAxisTitle("images").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideN);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.addSeries("covers", xs, toList(counts[0]));
        chart.addSeries("stegos", xs, toList(counts[1]));
        AtomicFile.write(file, tmp -> {
            try (var out = java.nio.file.Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        });
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int v : a) {
            l.add(v);
        }
        return l;
    }
}
