package org.efficientmixnet.steganalysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DetectionMetricsTest {
    @Test
    void agreeWithHandComputedValues() {
        // covers 0.1 0.4 0.35 0.8, stegos 0.9 0.6 0.3 0.7 (labels 2 count as stego)
        double[] s = {0.1, 0.4, 0.35, 0.8, 0.9, 0.6, 0.3, 0.7};
        int[] y = {0, 0, 0, 0, 1, 2, 1, 1};
        DetectionMetrics m = DetectionMetrics.of(s, y);
        // thresholds by falling score: 0.9 (FA 0, MD 3/4) 0.8 (1/4, 3/4) 0.7 (1/4, 1/2) 0.6 (1/4, 1/4) 0.4 (1/2, 1/4)
        // 0.35 (3/4, 1/4) 0.3 (3/4, 0) 0.1 (1, 0): the least (P_FA + P_MD)/2 is 1/4 at 0.6
        assertEquals(0.25, m.pe(), 1e-12);
        // P_FA ≤ 0.05 only at the start: 0.9 detects 1 of 4
        assertEquals(0.75, m.md5(), 1e-12);
        // AUC: pairs (stego > cover) / 16 = (4 + 3 + 1 + 3) / 16
        assertEquals(11.0 / 16, m.auc(), 1e-12);
        // at 0.5: covers 0.1 0.4 0.35 right, 0.8 wrong; stegos 0.9 0.6 0.7 right, 0.3 wrong
        assertEquals(6.0 / 8, m.accuracy(), 1e-12);
        // wAUC: ROC (0,0) (0,.25) (.25,.25) (.25,.5) (.25,.75) (.5,.75) (.75,.75) (.75,1) (1,1); band [0, 0.4]
        // weighted 2: area of min(TPR, 0.4) = .25·.25 + .5·.4... computed segment by segment below
        double lower = 0.25 * 0.25 + 0.25 * 0.4 + 0.25 * 0.4 + 0.25 * 0.4;   // FPR steps at TPR .25, .75, .75, 1
        double upper = 0.25 * 0 + 0.25 * 0.35 + 0.25 * 0.35 + 0.25 * 0.6;    // TPR − 0.4 clipped at 0
        assertEquals((2 * lower + upper) / 1.4, m.wauc(), 1e-12);
        assertEquals(4, m.covers());
        assertEquals(4, m.stegos());
        assertEquals(0.25, m.get("pe"), 0);
    }

    @Test
    void chanceAndPerfect() {
        DetectionMetrics perfect = DetectionMetrics.of(new double[] {0.1, 0.2, 0.8, 0.9}, new int[] {0, 0, 1, 1});
        assertEquals(0, perfect.pe(), 0);
        assertEquals(0, perfect.md5(), 0);
        assertEquals(1, perfect.wauc(), 1e-12);
        assertEquals(1, perfect.accuracy(), 0);
        DetectionMetrics tied = DetectionMetrics.of(new double[] {0.5, 0.5, 0.5, 0.5}, new int[] {0, 1, 0, 1});
        assertEquals(0.5, tied.pe(), 1e-12);
        assertEquals(0.5857142857142857, tied.wauc(), 1e-12);
    }
}
