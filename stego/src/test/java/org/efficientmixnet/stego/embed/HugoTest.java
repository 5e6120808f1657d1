package org.efficientmixnet.stego.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HugoTest {
    @Test
    void costsEqualConsealsToOnePartInABillion() throws Exception {
        ConsealFixture f = ConsealFixture.read("hugo.txt");
        CostMap ours = Hugo.costs(f.covers()[0]);
        f.assertMatches(0, ours, 1e-9, 1e8);
        assertEquals(Double.POSITIVE_INFINITY, ours.rhoPlus()[39][0], "255 cannot go up");
        assertEquals(Double.POSITIVE_INFINITY, ours.rhoMinus()[39][7], "0 cannot go down");
        // directional: +1 and -1 differ somewhere in the textured part
        assertNotEquals(ours.rhoPlus()[20][30], ours.rhoMinus()[20][30]);
    }

    @Test
    void registeredAndEmbeds() {
        assertSame(Hugo.ALGORITHM, Algorithms.get("hugo"));
        int[][] px = new int[24][24];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(2);
        for (int[] row : px) {
            for (int c = 0; c < row.length; c++) {
                row[c] = 60 + rnd.nextInt(120);
            }
        }
        Simulation s = Hugo.embed(px, 0.3, 3);
        assertEquals(0.3 * 24 * 24, s.entropyBits(), 1e-3 * 0.3 * 24 * 24);
        assertTrue(s.changes() > 0);
    }
}
