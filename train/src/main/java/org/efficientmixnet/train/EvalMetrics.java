package org.efficientmixnet.train;

import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.efficientmixnet.train.metrics.BinaryMetrics;
import org.efficientmixnet.train.metrics.ClassificationMetrics;

/**
 * Classification metrics accumulated batch by batch from logits: mean cross-entropy here, and accuracy, top-5,
 * confusion matrix, per-class precision/recall and ROC AUC from {@link ClassificationMetrics}; with two classes
 * also the binary detector metrics (P_E, MD5, weighted AUC) of {@link BinaryMetrics} on P(class 1).
 */
public final class EvalMetrics {
    private final int classes;
    private final List<float[]> rows = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();
    private double lossSum;
    private ClassificationMetrics cached;

    public EvalMetrics(int classes) {
        this.classes = classes;
    }

    /** Adds a batch: logits (n × classes, row-major) and labels. */
    public void add(float[] logits, int[] batchLabels) {
        for (int i = 0; i < batchLabels.length; i++) {
            float[] row = java.util.Arrays.copyOfRange(logits, i * classes, (i + 1) * classes);
            double max = Double.NEGATIVE_INFINITY;
            for (float v : row) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (float v : row) {
                sum += Math.exp(v - max);
            }
            lossSum += -(row[batchLabels[i]] - max - Math.log(sum));
            rows.add(row);
            labels.add(batchLabels[i]);
        }
        cached = null;
    }

    private ClassificationMetrics metrics() {
        if (cached == null) {
            cached = new ClassificationMetrics(rows.toArray(new float[0][]),
                    labels.stream().mapToInt(Integer::intValue).toArray());
        }
        return cached;
    }

    public long count() {
        return labels.size();
    }

    public double loss() {
        return labels.isEmpty() ? Double.NaN : lossSum / labels.size();
    }

    public double accuracy() {
        return labels.isEmpty() ? Double.NaN : metrics().accuracy();
    }

    public double top5() {
        return labels.isEmpty() ? Double.NaN : metrics().topK(5);
    }

    public long[][] confusion() {
        return labels.isEmpty() ? new long[classes][classes] : metrics().confusion();
    }

    public double rocAuc() {
        return labels.isEmpty() ? Double.NaN : metrics().rocAuc();
    }

    /** Binary metrics on the softmax probability of class 1 (two classes only). */
    public BinaryMetrics binary() {
        if (classes != 2 || labels.isEmpty()) {
            throw new IllegalStateException("binary metrics need two classes and at least one image");
        }
        double[] p = new double[rows.size()];
        for (int i = 0; i < p.length; i++) {
            float[] r = rows.get(i);
            p[i] = 1 / (1 + Math.exp(r[0] - r[1]));
        }
        return new BinaryMetrics(p, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The metrics as JSON, with class names. */
    public String toJson(List<String> classNames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", count());
        m.put("loss", loss());
        m.put("accuracy", accuracy());
        m.put("top5", top5());
        m.put("roc_auc_macro", rocAuc());
        m.put("classes", classNames);
        if (!labels.isEmpty()) {
            m.put("per_class_recall", metrics().recall());
            m.put("per_class_precision", metrics().precision());
            if (classes == 2) {
                BinaryMetrics b = binary();
                if (b.positives() > 0 && b.negatives() > 0) {
                    m.put("pe", b.pe());
                    m.put("md5", b.md5());
                    m.put("wauc", b.weightedAuc());
                }
            }
        }
        m.put("confusion", confusion());
        return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(m);
    }
}
