package org.efficientmixnet.train.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {
    static final double[] SCORES = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4};
    static final int[] LABELS = {1, 1, 0, 1, 0, 0};

    @Test
    void handComputedDetector() {
        BinaryMetrics m = new BinaryMetrics(SCORES, LABELS);
        // ROC (0,0) (0,1/3) (0,2/3) (1/3,2/3) (1/3,1) (2/3,1) (1,1): 8 of 9 pairs ranked right
        assertArrayEquals(new double[] {0, 0, 0, 1 / 3.0, 1 / 3.0, 2 / 3.0, 1}, m.roc().fpr(), 1e-12);
        assertArrayEquals(new double[] {0, 1 / 3.0, 2 / 3.0, 2 / 3.0, 1, 1, 1}, m.roc().tpr(), 1e-12);
        assertEquals(8 / 9.0, m.auc(), 1e-12);
        assertEquals(1 / 6.0, m.pe(), 1e-12);
        assertEquals(1 / 3.0, m.md5(), 1e-12);
        // band [0, 0.4]: 0.4 over the whole FPR range from 0 → 0.4; band [0.4, 1]: (2/3 − 0.4)/3 + 0.6·2/3
        double low = 0.4;
        double high = (2 / 3.0 - 0.4) / 3 + 0.6 * 2 / 3;
        assertEquals((2 * low + high) / 1.4, m.weightedAuc(), 1e-12);
    }

    @Test
    void perfectRandomAndTies() {
        BinaryMetrics perfect = new BinaryMetrics(new double[] {3, 2, 1, 0}, new int[] {1, 1, 0, 0});
        assertEquals(1.0, perfect.auc(), 1e-12);
        assertEquals(1.0, perfect.weightedAuc(), 1e-12);
        assertEquals(0.0, perfect.pe(), 1e-12);
        assertEquals(0.0, perfect.md5(), 1e-12);
        BinaryMetrics ties = new BinaryMetrics(new double[] {1, 1, 1, 1}, new int[] {1, 0, 1, 0});
        assertEquals(0.5, ties.auc(), 1e-12);
        assertEquals((2 * 0.32 + 0.18) / 1.4, ties.weightedAuc(), 1e-12); // the diagonal
        assertEquals(0.5, ties.pe(), 1e-12);
        assertEquals(1.0, ties.md5(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BinaryMetrics(new double[] {1, 2}, new int[] {1, 1}));
        assertTrue(e.getMessage().contains("both classes"));
        e = assertThrows(IllegalArgumentException.class, () -> new BinaryMetrics(new double[] {1, Double.NaN}, new int[] {1, 0}));
        assertTrue(e.getMessage().contains("not finite"));
    }

    @Test
    void classificationByHand() {
        float[][] s = {
            {0.7f, 0.2f, 0.1f}, // true 0, predicted 0
            {0.1f, 0.3f, 0.6f}, // true 1, predicted 2, second 1
            {0.2f, 0.5f, 0.3f}, // true 1, predicted 1
            {0.5f, 0.4f, 0.1f}, // true 2, predicted 0, class 2 is third
        };
        int[] y = {0, 1, 1, 2};
        ClassificationMetrics m = new ClassificationMetrics(s, y);
        assertEquals(0.5, m.accuracy(), 1e-12);
        assertEquals(0.75, m.topK(2), 1e-12);
        assertEquals(1.0, m.topK(3), 1e-12);
        assertArrayEquals(new long[][] {{1, 0, 0}, {0, 1, 1}, {1, 0, 0}}, m.confusion());
        assertArrayEquals(new double[] {1.0, 0.5, 0.0}, m.recall(), 1e-12);
        assertArrayEquals(new double[] {0.5, 1.0, 0.0}, m.precision(), 1e-12);
        // one-vs-rest AUCs: class 0: pos {0.7} vs {0.1,0.2,0.5} → 1; class 1: pos {0.3,0.5} vs {0.2,0.4}: 3 of 4 → 0.75;
        // class 2: pos {0.1} vs {0.1,0.6,0.3}: ties 0.5, below 0.6 and 0.3 → 0.5/3
        assertEquals((1 + 0.75 + 0.5 / 3) / 3, m.rocAuc(), 1e-12);
    }
}
