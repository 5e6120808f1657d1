package org.efficientmixnet.train;

import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification metrics accumulated batch by batch from logits: mean cross-entropy, accuracy, top-5 accuracy,
 * confusion matrix and per-class recall. (The one place to switch to the metrics package once it lands.)
 */
public final class EvalMetrics {
    private final int classes;
    private final long[][] confusion;
    private double lossSum;
    private long count;
    private long top5;

    public EvalMetrics(int classes) {
        this.classes = classes;
        this.confusion = new long[classes][classes];
    }

    /** Adds a batch: logits (n × classes, row-major) and labels. */
    public void add(float[] logits, int[] labels) {
        int k = Math.min(5, classes);
        for (int i = 0; i < labels.length; i++) {
            int off = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int c = 0; c < classes; c++) {
                if (logits[off + c] > max) {
                    max = logits[off + c];
                    arg = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(logits[off + c] - max);
            }
            lossSum += -(logits[off + labels[i]] - max - Math.log(sum));
            int higher = 0;
            for (int c = 0; c < classes; c++) {
                if (logits[off + c] > logits[off + labels[i]]) {
                    higher++;
                }
            }
            if (higher < k) {
                top5++;
            }
            confusion[labels[i]][arg]++;
            count++;
        }
    }

    public long count() {
        return count;
    }

    public double loss() {
        return count == 0 ? Double.NaN : lossSum / count;
    }

    public double accuracy() {
        long right = 0;
        for (int c = 0; c < classes; c++) {
            right += confusion[c][c];
        }
        return count == 0 ? Double.NaN : (double) right / count;
    }

    public double top5() {
        return count == 0 ? Double.NaN : (double) top5 / count;
    }

    public long[][] confusion() {
        long[][] out = new long[classes][];
        for (int c = 0; c < classes; c++) {
            out[c] = confusion[c].clone();
        }
        return out;
    }

    /** The metrics as JSON, with class names. */
    public String toJson(List<String> classNames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", count);
        m.put("loss", loss());
        m.put("accuracy", accuracy());
        m.put("top5", top5());
        m.put("classes", classNames);
        List<Double> recall = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            long n = 0;
            for (long v : confusion[c]) {
                n += v;
            }
            recall.add(n == 0 ? Double.NaN : (double) confusion[c][c] / n);
        }
        m.put("per_class_recall", recall);
        m.put("confusion", confusion);
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(m);
    }
}
