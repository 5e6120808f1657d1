package org.efficientmixnet.stego.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MipodTest {
    @Test
    void fisherInformationEqualsConsealsToOnePartInABillion() throws Exception {
        ConsealFixture f = ConsealFixture.read("mipod.txt");
        double[][] fi = Mipod.fisherInformation(f.covers()[0]);
        f.assertMatches(0, CostMap.symmetric(fi), 1e-9);
        CostMap c = Mipod.costs(f.covers()[0]);
        assertEquals(Double.POSITIVE_INFINITY, c.rhoPlus()[39][0], "255 cannot go up");
        assertEquals(fi[39][0], c.rhoMinus()[39][0]);
    }

    @Test
    void changeRatesSolveTheStationarityEquation() {
        for (double li : new double[] {1e-6, 0.01, 1, 50, 1e4}) {
            double b = Mipod.changeRate(li);
            assertTrue(b > 0 && b < 1.0 / 3);
            assertEquals(Math.log(1 / b - 2), li * b, 1e-9 * Math.max(1, li * b));
        }
        assertEquals(1.0 / 3, Mipod.changeRate(0));
    }

    @Test
    void simulationCarriesThePayloadAndMoreChangesWhereInformationIsLow() {
        assertSame(Mipod.ALGORITHM, Algorithms.get("mipod"));
        int[][] px = new int[48][48];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(4);
        for (int r = 0; r < 48; r++) {
            for (int c = 0; c < 48; c++) {
                px[r][c] = c < 24 ? 100 + r / 6 : 40 + rnd.nextInt(170);
            }
        }
        Simulation s = Mipod.embed(px, 0.4, 7);
        assertEquals(0.4 * 48 * 48, s.entropyBits(), 1e-5 * 0.4 * 48 * 48);
        double[][] p = s.changeProbabilities().changeProbability();
        double smooth = 0;
        double noisy = 0;
        for (int r = 4; r < 44; r++) {
            for (int c = 4; c < 20; c++) {
                smooth += p[r][c];
                noisy += p[r][c + 24];
            }
        }
        assertTrue(noisy > 3 * smooth, noisy + " vs " + smooth);
        assertThrows(IllegalArgumentException.class, () -> Mipod.embed(px, 1.7, 1));
    }
}
