package org.efficientmixnet.stego.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SpatialCostsTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void lsbReplacementCostsFollowTheParity() {
        int[][] px = {{0, 1, 254, 255}};
        CostMap c = Lsb.replacementCosts(px);
        assertEquals(Arrays.toString(new double[] {1, INF, 1, INF}), Arrays.toString(c.rhoPlus()[0]));
        assertEquals(Arrays.toString(new double[] {INF, 1, INF, 1}), Arrays.toString(c.rhoMinus()[0]));
    }

    @Test
    void lsbMatchingCostsAreOneExceptAtTheRangeEnds() {
        int[][] px = {{0, 7, 255}};
        CostMap c = Lsb.matchingCosts(px);
        assertEquals(Arrays.toString(new double[] {1, 1, INF}), Arrays.toString(c.rhoPlus()[0]));
        assertEquals(Arrays.toString(new double[] {INF, 1, 1}), Arrays.toString(c.rhoMinus()[0]));
    }

    @Test
    void lsbReplacementOnlyFlipsTheLowBitAtTheCodingBound() {
        int[][] cover = TestImages.noise(64, 64, 3);
        Simulation s = Lsb.embedReplacement(cover, 0.5, 9);
        double beta = EmbeddingSimulator.inverseBinaryEntropy(0.5);
        assertEquals(beta * 4096, s.changes(), 5 * Math.sqrt(4096 * beta));
        assertEquals(0.5 * 4096, s.entropyBits(), 0.5 * 4096 * 1e-5);
        for (int r = 0; r < 64; r++) {
            for (int c = 0; c < 64; c++) {
                assertEquals(cover[r][c] >> 1, s.stego()[r][c] >> 1, "only the LSB may differ");
            }
        }
        Simulation m = Lsb.embedMatching(cover, 0.5, 9);
        assertEquals(beta * 4096, m.changes(), 5 * Math.sqrt(4096 * beta));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Lsb.embedMatching(cover, 1.2, 1));
        assertTrue(e.getMessage().contains("payload 1.2 bpp") && e.getMessage().contains("4096.0 bits"),
                e.getMessage());
    }

    @Test
    void hillOnAConstantImageIsOneOverEpsilon() {
        CostMap c = Hill.costs(TestImages.constant(20, 20, 77), Hill.Variant.UNSCALED);
        for (double[] row : c.rhoPlus()) {
            for (double v : row) {
                assertEquals(1e10, v, 1e10 * 1e-12);
            }
        }
    }

    @Test
    void hillOnStripesIsOneOverEpsilon() {
        // the KB kernel is -d2 ⊗ d2 with d2 = [1,-2,1]: anything depending on the column only vanishes
        int[][] px = new int[20][20];
        for (int r = 0; r < 20; r++) {
            for (int c = 0; c < 20; c++) {
                px[r][c] = (c * 37) % 200;
            }
        }
        assertEquals(1e10, Hill.costs(px, Hill.Variant.UNSCALED).rhoMinus()[5][7], 1e-2);
        assertEquals(1 << 23, Hill.costs(px).rhoMinus()[5][7], 1e-6, "conseal floors the mean at float32's epsilon");
    }

    @Test
    void hillOnACheckerboardIsOneOverEightA() {
        // X = A/2 + (A/2)(-1)^(r+c): d2 ⊗ d2 of (-1)^(r+c) is 16(-1)^(r+c), so |R| = 8A away from borders
        int a = 100;
        int[][] px = new int[40][40];
        for (int r = 0; r < 40; r++) {
            for (int c = 0; c < 40; c++) {
                px[r][c] = (r + c) % 2 == 0 ? a : 0;
            }
        }
        CostMap costs = Hill.costs(px, Hill.Variant.UNSCALED);
        CostMap reference = Hill.costs(px);
        for (int r = 10; r < 30; r++) {
            for (int c = 10; c < 30; c++) {
                assertEquals(1.0 / (8 * a), costs.rhoPlus()[r][c], 1e-12);
                // conseal divides the residual by 4 and takes the first mean in float32
                assertEquals(4.0 / (8 * a), reference.rhoPlus()[r][c], 1e-6 * 4.0 / (8 * a));
            }
        }
        // pixels of 0 cannot go down
        assertEquals(INF, costs.rhoMinus()[0][1]);
        assertEquals(1.0 / (8 * a), costs.rhoPlus()[20][21], 1e-12);
    }

    @Test
    void suniwardOnAConstantImageIsTheFilterMassOverSigma() {
        // every residual is zero, so ρ = Σ_f (Σ|v_f|)(Σ|h_f|) / σ everywhere
        double sl = 0;
        double sh = 0;
        for (int i = 0; i < 16; i++) {
            sl += Math.abs(Daubechies8.LOW[i]);
            sh += Math.abs(Daubechies8.HIGH[i]);
        }
        double expected = (sl * sh + sh * sl + sh * sh) / SUniward.SIGMA;
        CostMap c = SUniward.costs(TestImages.constant(12, 9, 50));
        for (double[] row : c.rhoPlus()) {
            for (double v : row) {
                assertEquals(expected, v, 1e-9);
            }
        }
    }

    @Test
    void db8FiltersAreOrthonormalLowAndHighPass() {
        double sumL = 0;
        double sumH = 0;
        double nL = 0;
        double nH = 0;
        double dot = 0;
        for (int i = 0; i < 16; i++) {
            sumL += Daubechies8.LOW[i];
            sumH += Daubechies8.HIGH[i];
            nL += Daubechies8.LOW[i] * Daubechies8.LOW[i];
            nH += Daubechies8.HIGH[i] * Daubechies8.HIGH[i];
            dot += Daubechies8.LOW[i] * Daubechies8.HIGH[i];
        }
        assertEquals(Math.sqrt(2), sumL, 1e-9);
        assertEquals(0, sumH, 1e-9);
        assertEquals(1, nL, 1e-9);
        assertEquals(1, nH, 1e-9);
        assertEquals(0, dot, 1e-9);
    }

    @Test
    void suniwardMatchesItsDefinitionComputedDirectly() {
        int[][] px = TestImages.noise(10, 13, 21);
        CostMap c = SUniward.costs(px);
        int rows = px.length;
        int cols = px[0].length;
        for (int[] at : new int[][] {{0, 0}, {4, 6}, {9, 12}, {2, 11}}) {
            double rho = 0;
            for (int f = 0; f < 3; f++) {
                double[] v = Daubechies8.VERTICAL[f];
                double[] h = Daubechies8.HORIZONTAL[f];
                // residual of the padded cover at every position the change at 'at' touches
                for (int a = 0; a < 16; a++) {
                    for (int b = 0; b < 16; b++) {
                        int y = at[0] + a;
                        int x = at[1] + b;
                        double r = 0;
                        for (int i = 0; i < 16; i++) {
                            for (int j = 0; j < 16; j++) {
                                r += v[i] * h[j] * px[Padding.symmetric(y - i, rows)][Padding.symmetric(x - j, cols)];
                            }
                        }
                        rho += Math.abs(v[a] * h[b]) / (Math.abs(r) + 1);
                    }
                }
            }
            assertEquals(rho, c.rhoPlus()[at[0]][at[1]], 1e-9 * rho, "pixel " + Arrays.toString(at));
        }
    }

    @Test
    void suniwardAndHillCostLessInTextureThanInSmoothAreas() {
        int[][] px = TestImages.halfNoise(64, 64, 5);
        for (CostMap c : new CostMap[] {SUniward.costs(px), Hill.costs(px)}) {
            double smooth = 0;
            double textured = 0;
            for (int r = 16; r < 48; r++) {
                smooth += c.rhoPlus()[r][10];
                textured += c.rhoPlus()[r][54];
            }
            assertTrue(textured * 5 < smooth, "textured " + textured + " vs smooth " + smooth);
        }
    }

    @Test
    void spatialSimulatorsHitThePayloadAndRespectTheRange() {
        int[][] px = TestImages.halfNoise(64, 64, 8);
        px[0][0] = 0;
        px[0][1] = 255;
        for (int r = 30; r < 34; r++) {
            Arrays.fill(px[r], 40, 64, 255);
        }
        double bits = 0.4 * 64 * 64;
        for (Simulation s : new Simulation[] {Hill.embed(px, 0.4, 1), SUniward.embed(px, 0.4, 1)}) {
            assertEquals(bits, s.changeProbabilities().entropyBits(), bits * 0.01);
            assertTrue(s.changes() > 0);
            for (int[] row : s.stego()) {
                for (int v : row) {
                    assertTrue(v >= 0 && v <= 255);
                }
            }
            // 255 can only go down, 0 only up
            assertEquals(0, s.changeProbabilities().pPlus()[31][50]);
            assertEquals(0, s.changeProbabilities().pMinus()[0][0]);
        }
        assertTrue(Arrays.deepEquals(SUniward.embed(px, 0.4, 3).stego(), SUniward.embed(px, 0.4, 3).stego()));
    }
}
