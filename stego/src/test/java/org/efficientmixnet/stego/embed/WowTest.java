package org.efficientmixnet.stego.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WowTest {
    @Test
    void costsEqualConsealsToOnePartInABillion() throws Exception {
        ConsealFixture f = ConsealFixture.read("wow.txt");
        CostMap ours = Wow.costs(f.covers()[0]);
        f.assertMatches(0, ours, 1e-9);
        // saturated pixels: the outward change is wet
        int[][] x = f.covers()[0];
        assertEquals(255, x[39][0]);
        assertEquals(Double.POSITIVE_INFINITY, ours.rhoPlus()[39][0]);
        assertTrue(ours.rhoMinus()[39][0] < Double.POSITIVE_INFINITY);
        assertEquals(0, x[39][7]);
        assertEquals(Double.POSITIVE_INFINITY, ours.rhoMinus()[39][7]);
    }

    @Test
    void registeredAndEmbeds() {
        assertSame(Wow.ALGORITHM, Algorithms.get("wow"));
        int[][] px = new int[32][32];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        for (int[] row : px) {
            for (int c = 0; c < row.length; c++) {
                row[c] = 60 + rnd.nextInt(120);
            }
        }
        Simulation s = Wow.embed(px, 0.4, 3);
        assertEquals(0.4 * 32 * 32, s.entropyBits(), 1e-3 * 0.4 * 32 * 32);
        assertTrue(s.changes() > 0);
    }
}
