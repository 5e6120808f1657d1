package org.efficientmixnet.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingTest {

    @Test
    void channelRoundingMatchesTimm() {
        assertEquals(32, Scaling.roundChannels(32, 1.0));
        assertEquals(40, Scaling.roundChannels(32, 1.2)); // 38.4 → 40
        assertEquals(48, Scaling.roundChannels(40, 1.2)); // 48
        assertEquals(56, Scaling.roundChannels(40, 1.4)); // 56
        assertEquals(16, Scaling.roundChannels(10, 1.0)); // 8 would drop more than 10 %
        assertEquals(24, Scaling.roundChannels(24, 1.1)); // 26.4 → 24 (within 10 %)
        assertEquals(1408, Scaling.roundChannels(1280, 1.1));
        assertEquals(32, Scaling.roundChannels(24, 1.3)); // 31.2 → 32
        // never below 90 % of the scaled value
        for (int c = 8; c < 400; c++) {
            for (double m : new double[] {0.25, 0.5, 1.0, 1.1, 1.3, 1.7, 2.2}) {
                int r = Scaling.roundChannels(c, m);
                assertEquals(0, r % 8);
                org.junit.jupiter.api.Assertions.assertTrue(r >= 0.9 * c * m, c + "×" + m);
            }
        }
    }

    @Test
    void depthScalingCeilAndHalfToEven() {
        assertEquals(List.of(4), Scaling.scaleStageDepth(List.of(3), 1.1, Scaling.DepthTrunc.CEIL)); // 3.3000000000000003
        assertEquals(List.of(2), Scaling.scaleStageDepth(List.of(1), 1.1, Scaling.DepthTrunc.CEIL));
        // round: 2.5 → 2 (half to even), 3.5 → 4
        assertEquals(List.of(2), Scaling.scaleStageDepth(List.of(1), 2.5, Scaling.DepthTrunc.ROUND));
        assertEquals(List.of(4), Scaling.scaleStageDepth(List.of(1), 3.5, Scaling.DepthTrunc.ROUND));
        // shared out from the last definition: (1, 3) × 1.2 → total round(4.8) = 5; last gets round(3/4·5)=4, first 1
        assertEquals(List.of(1, 4), Scaling.scaleStageDepth(List.of(1, 3), 1.2, Scaling.DepthTrunc.ROUND));
        assertEquals(1, Scaling.pyRound(1.5) - 1);
        assertEquals(2, Scaling.pyRound(2.5));
    }
}
