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

    /**
     * The λ search's entropy curve (one log per element, warm-started roots) against the entropy written out from
     * the exact change rates, its slope against a central difference, and the search landing on the payload where
     * λ is far from its start at 1 (Fisher information over 15 decades, a sixth of the elements with one change
     * closed), on both sides.
     */
    @Test
    void lambdaSearchEntropyAndSlopeAreTheCurvesAndHitThePayload() {
        int n = 60;
        double[][][] fi = {new double[n][n]};
        double[][][] po = {new double[n][n]};
        double[][][] mo = {new double[n][n]};
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(16);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                fi[0][r][c] = Math.pow(10, -3 + 15 * rnd.nextDouble());
                int kind = rnd.nextInt(12);
                po[0][r][c] = kind == 0 ? 0 : 1;
                mo[0][r][c] = kind == 1 ? 0 : 1;
            }
        }
        for (double lambda : new double[] {1e-9, 1e-4, 0.3, 1, 20, 1e5}) {
            double[] out = new double[2];
            new Mipod.EntropyCurve(fi, po, mo).at(lambda, out);
            double exact = 0;
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    double b = Mipod.changeRate(lambda * fi[0][r][c]);
                    double p = po[0][r][c] * b;
                    double m = mo[0][r][c] * b;
                    exact -= xlogx(p) + xlogx(m) + xlogx(1 - p - m);
                }
            }
            assertEquals(exact, out[0], 1e-9 * exact, "H at " + lambda);
            double[] up = new double[2];
            double[] down = new double[2];
            new Mipod.EntropyCurve(fi, po, mo).at(lambda * (1 + 1e-5), up);
            new Mipod.EntropyCurve(fi, po, mo).at(lambda * (1 - 1e-5), down);
            double difference = (up[0] - down[0]) / (2e-5 * lambda);
            assertEquals(difference, out[1], 1e-4 * Math.abs(difference), "dH/dλ at " + lambda);
        }
        int[][][] cover = {new int[n][n]};
        CostMap[] costs = new CostMap[1];
        double[][] rp = new double[n][n];
        double[][] rm = new double[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                rp[r][c] = po[0][r][c] == 0 ? Double.POSITIVE_INFINITY : fi[0][r][c];
                rm[r][c] = mo[0][r][c] == 0 ? Double.POSITIVE_INFINITY : fi[0][r][c];
            }
        }
        costs[0] = new CostMap(rp, rm);
        for (double bits : new double[] {0.5, 30, 900, 3000, 5000}) {
            Simulation s = Mipod.simulate(cover, costs, new Domain.Payload(bits / (n * n), Domain.SPATIAL, bits), 1);
            assertEquals(bits, s.entropyBits(), 2e-6 * bits, "λ = " + s.lambda());
        }
    }

    private static double xlogx(double p) {
        return p > 0 ? p * Math.log(p) : 0;
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
