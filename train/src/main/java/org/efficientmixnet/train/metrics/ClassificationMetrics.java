package org.efficientmixnet.train.metrics;

/**
 * Multi-class metrics from scores (logits or probabilities, n × classes) and labels: accuracy, top-k accuracy,
 * confusion matrix (rows = true class), per-class precision and recall, and the macro one-vs-rest ROC AUC.
 */
public final class ClassificationMetrics {
    private final int classes;
    private final float[][] scores;
    private final int[] labels;

    public ClassificationMetrics(float[][] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " score rows but " + labels.length + " labels");
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.classes = scores[0].length;
        for (int i = 0; i < labels.length; i++) {
            if (scores[i].length != classes) {
                throw new IllegalArgumentException("row " + i + " has " + scores[i].length + " scores, expected " + classes);
            }
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at " + i + " outside 0.." + (classes - 1));
            }
        }
        this.scores = scores;
        this.labels = labels;
    }

    public int classes() {
        return classes;
    }

    /** The fraction of samples whose true class is among the k highest scores (ties: the earlier class first). */
    public double topK(int k) {
        int hit = 0;
        for (int i = 0; i < labels.length; i++) {
            float own = scores[i][labels[i]];
            int better = 0;
            for (int c = 0; c < classes; c++) {
                if (scores[i][c] > own || (scores[i][c] == own && c < labels[i])) {
                    better++;
                }
            }
            if (better < k) {
                hit++;
            }
        }
        return hit / (double) labels.length;
    }

    public double accuracy() {
        return topK(1);
    }

    public static int argmax(float[] row) {
        int best = 0;
        for (int c = 1; c < row.length; c++) {
            if (row[c] > row[best]) {
                best = c;
            }
        }
        return best;
    }

    /** counts[true][predicted]. */
    public long[][] confusion() {
        long[][] m = new long[classes][classes];
        for (int i = 0; i < labels.length; i++) {
            m[labels[i]][argmax(scores[i])]++;
        }
        return m;
    }

    public double[] recall() {
        long[][] m = confusion();
        double[] r = new double[classes];
        for (int c = 0; c < classes; c++) {
            long n = 0;
            for (long v : m[c]) {
                n += v;
            }
            r[c] = n == 0 ? Double.NaN : m[c][c] / (double) n;
        }
        return r;
    }

    public double[] precision() {
        long[][] m = confusion();
        double[] p = new double[classes];
        for (int c = 0; c < classes; c++) {
            long n = 0;
            for (int t = 0; t < classes; t++) {
                n += m[t][c];
            }
            p[c] = n == 0 ? Double.NaN : m[c][c] / (double) n;
        }
        return p;
    }

    /** Macro average over classes of the one-vs-rest ROC AUC (classes without positives or negatives skipped). */
    public double rocAuc() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < classes; c++) {
            double[] s = new double[labels.length];
            int[] y = new int[labels.length];
            int pos = 0;
            for (int i = 0; i < labels.length; i++) {
                s[i] = scores[i][c];
                y[i] = labels[i] == c ? 1 : 0;
                pos += y[i];
            }
            if (pos == 0 || pos == labels.length) {
                continue;
            }
            sum += new BinaryMetrics(s, y).auc();
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
