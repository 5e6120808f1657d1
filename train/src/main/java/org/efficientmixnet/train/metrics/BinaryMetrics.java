package org.efficientmixnet.train.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Detection metrics of a binary detector (steganalysis: positive = stego) from scores, higher meaning "more
 * likely positive". Conventions:
 * <ul>
 *   <li>ROC: one point per distinct threshold, a sample is called positive when its score is ≥ the threshold;
 *   tied scores move together (no interpolation inside ties), from (0, 0) to (1, 1).</li>
 *   <li>P_E = min over thresholds of (P_FA + P_MD) / 2, P_MD = 1 − TPR, over the ROC points.</li>
 *   <li>MD5 = the smallest missed-detection rate among ROC points with P_FA ≤ 0.05.</li>
 *   <li>wAUC (ALASKA II): the area under the ROC curve split by TPR into [0, 0.4] weighted 2 and [0.4, 1]
 *   weighted 1, normalized by 1.4 = 2·0.4 + 1·0.6 so that a perfect detector scores 1. The area of a band is
 *   ∫ (TPR clipped to the band − band start) dFPR over the piecewise-linear curve; a random detector (the
 *   diagonal) scores (2·(0.4 − 0.08) + (0.6 − 0.42)) / 1.4 = 0.5857….</li>
 * </ul>
 */
public final class BinaryMetrics {
    /** The ROC curve: false-positive rates and true-positive rates, with the thresholds between them. */
    public record Roc(double[] fpr, double[] tpr, double[] thresholds) {
    }

    private final Roc roc;
    private final int positives;
    private final int negatives;

    /** @param labels 1 for positive (stego), 0 for negative (cover) */
    public BinaryMetrics(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
        }
        int p = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label " + labels[i] + " at " + i + " is not 0 or 1");
            }
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score " + scores[i] + " at " + i + " is not finite");
            }
            p += labels[i];
        }
        positives = p;
        negatives = labels.length - p;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("the metrics need both classes; got " + positives + " positives and "
                    + negatives + " negatives");
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] {0, 0, Double.POSITIVE_INFINITY});
        int tp = 0;
        int fp = 0;
        for (int i = 0; i < order.length; i++) {
            int k = order[i];
            if (labels[k] == 1) {
                tp++;
            } else {
                fp++;
            }
            if (i == order.length - 1 || scores[order[i + 1]] != scores[k]) {
                pts.add(new double[] {fp / (double) negatives, tp / (double) positives, scores[k]});
            }
        }
        double[] f = new double[pts.size()];
        double[] t = new double[pts.size()];
        double[] th = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            f[i] = pts.get(i)[0];
            t[i] = pts.get(i)[1];
            th[i] = pts.get(i)[2];
        }
        roc = new Roc(f, t, th);
    }

    public Roc roc() {
        return roc;
    }

    public double auc() {
        return bandArea(0, 1);
    }

    /** P_E: the minimal average of false-alarm and missed-detection rates. */
    public double pe() {
        double best = 1;
        for (int i = 0; i < roc.fpr().length; i++) {
            best = Math.min(best, (roc.fpr()[i] + 1 - roc.tpr()[i]) / 2);
        }
        return best;
    }

    /** Missed-detection rate at 5 % false alarms. */
    public double md5() {
        double best = 1;
        for (int i = 0; i < roc.fpr().length; i++) {
            if (roc.fpr()[i] <= 0.05 + 1e-12) {
                best = Math.min(best, 1 - roc.tpr()[i]);
            }
        }
        return best;
    }

    /** The ALASKA II weighted AUC. */
    public double weightedAuc() {
        return (2 * bandArea(0, 0.4) + bandArea(0.4, 1)) / 1.4;
    }

    /** ∫ (clip(TPR, lo, hi) − lo) dFPR over the piecewise-linear ROC curve, exactly. */
    double bandArea(double lo, double hi) {
        double area = 0;
        double[] f = roc.fpr();
        double[] t = roc.tpr();
        for (int i = 1; i < f.length; i++) {
            double dx = f[i] - f[i - 1];
            if (dx == 0) {
                continue;
            }
            area += segment(t[i - 1], t[i], lo, hi) * dx;
        }
        return area;
    }

    /** Mean over x ∈ [0, 1] of clip(a + (b − a)x, lo, hi) − lo. */
    static double segment(double a, double b, double lo, double hi) {
        if (a == b) {
            return Math.min(Math.max(a, lo), hi) - lo;
        }
        double y0 = Math.min(a, b);
        double y1 = Math.max(a, b);
        // integrate over y with uniform density on [y0, y1]
        double below = Math.max(0, Math.min(lo, y1) - y0);           // part under lo contributes 0
        double above = Math.max(0, y1 - Math.max(hi, y0));            // part over hi contributes hi − lo
        double midLo = Math.max(lo, y0);
        double midHi = Math.min(hi, y1);
        double mid = Math.max(0, midHi - midLo);
        double midIntegral = mid == 0 ? 0 : ((midLo + midHi) / 2 - lo) * mid;
        return (midIntegral + above * (hi - lo) + below * 0) / (y1 - y0);
    }

    public int positives() {
        return positives;
    }

    public int negatives() {
        return negatives;
    }
}
