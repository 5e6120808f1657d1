package org.efficientmixnet.stego.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JpegCostsTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static int[] flatTable(int step) {
        int[] q = new int[64];
        Arrays.fill(q, step);
        return q;
    }

    @Test
    void nonZeroAcSkipsDcAndZeros() {
        int[][] c = new int[8][16];
        c[0][0] = 5;   // DC of block (0,0)
        c[0][8] = -3;  // DC of block (0,1)
        c[0][1] = 1;
        c[7][7] = -2;
        c[3][12] = 4;
        assertEquals(3, DctLayout.nonZeroAc(c));
        assertEquals(6, DctLayout.nonZeroAc(c, c));
    }

    @Test
    void uerdOnAHandBuiltImage() {
        int[] q = flatTable(2);
        q[1] = 4;  // mode (0,1)
        q[8] = 6;  // mode (1,0)
        int[][] c = new int[16][16];
        c[0][1] = 3;   // block (0,0): E = 3*4 = 12
        c[9][9] = -5;  // block (1,1), mode (1,1): E = 5*2 = 10
        c[8][8] = 40;  // a DC value adds no energy
        CostMap costs = Uerd.costs(c, q, Uerd.Boundary.ZERO);
        double d00 = 12 + 0.25 * 10;
        assertEquals(4 / d00, costs.rhoPlus()[0][1], 1e-12);
        assertEquals(0.5 * (4 + 6) / d00, costs.rhoPlus()[0][0], 1e-12, "DC uses the mean of q01 and q10");
        assertEquals(2 / d00, costs.rhoMinus()[5][6], 1e-12);
        double d01 = 0 + 0.25 * (12 + 10);
        assertEquals(2 / d01, costs.rhoPlus()[2][10], 1e-12);
        double d11 = 10 + 0.25 * 12;
        assertEquals(6 / d11, costs.rhoMinus()[9][8], 1e-12);
        // a block whose neighbourhood has no AC energy is wet
        int[][] flat = new int[8][8];
        flat[0][0] = 10;
        assertEquals(INF, Uerd.costs(flat, q).rhoPlus()[3][3]);
        // conseal's default mirrors the 2x2 block grid: block (0,0) sees itself three times, (0,1), (1,0)
        // once each and (1,1) once: E = 12 + 0.25 (3·12 + 0 + 0 + 10)
        CostMap symm = Uerd.costs(c, q);
        double s00 = 12 + 0.25 * (3 * 12 + 10);
        assertEquals(4 / s00, symm.rhoPlus()[0][1], 1e-12);
        // block (1,1): itself three times, (0,1) and (1,0) twice each (zero), (0,0) once
        double s11 = 10 + 0.25 * (3 * 10 + 12);
        assertEquals(6 / s11, symm.rhoMinus()[9][8], 1e-12);
        assertEquals(symm.rhoPlus()[0][1], Uerd.ALGORITHM.costs(c, q).rhoPlus()[0][1]);
        assertEquals(costs.rhoPlus()[0][1], Uerd.ALGORITHM.variant("zero-boundary").costs(c, q).rhoPlus()[0][1]);
    }

    /**
     * The fast UERD (index tables, one pass per map) against its formula written element by element, on random
     * grids from one block up, both boundaries, with coefficients at and past ±1023. Energies are sums of integers
     * (exact in any order), so the costs must agree exactly.
     */
    @Test
    void uerdEqualsItsFormulaElementByElement() {
        java.util.Random rnd = new java.util.Random(16);
        for (int t = 0; t < 60; t++) {
            int rows = 8 * (1 + rnd.nextInt(5));
            int cols = 8 * (1 + rnd.nextInt(5));
            int[][] c = new int[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < cols; k++) {
                    c[r][k] = t % 3 == 0 ? rnd.nextInt(2049) - 1024 : rnd.nextInt(7) == 0 ? rnd.nextInt(5) - 2 : 0;
                }
            }
            int[] q = new int[64];
            for (int m = 0; m < 64; m++) {
                q[m] = 1 + rnd.nextInt(100);
            }
            for (Uerd.Boundary b : Uerd.Boundary.values()) {
                CostMap fast = Uerd.costs(c, q, b);
                int br = rows / 8;
                int bc = cols / 8;
                for (int r = 0; r < rows; r++) {
                    for (int k = 0; k < cols; k++) {
                        double d = 0;
                        for (int di = -1; di <= 1; di++) {
                            for (int dj = -1; dj <= 1; dj++) {
                                int i = r / 8 + di;
                                int j = k / 8 + dj;
                                boolean inside = i >= 0 && j >= 0 && i < br && j < bc;
                                if (b == Uerd.Boundary.ZERO && !inside) {
                                    continue;
                                }
                                double e = blockEnergy(c, q, Padding.symmetric(i, br), Padding.symmetric(j, bc));
                                d += di == 0 && dj == 0 ? 4 * e : e;
                            }
                        }
                        d *= 0.25;
                        double step = r % 8 + k % 8 == 0 ? 0.5 * (q[1] + q[8]) : q[(r % 8) * 8 + k % 8];
                        double rho = d > 0 ? step / d : INF;
                        String at = b + " " + rows + "x" + cols + " (" + r + "," + k + ")";
                        assertEquals(c[r][k] >= 1023 ? INF : rho, fast.rhoPlus()[r][k], at);
                        assertEquals(c[r][k] <= -1023 ? INF : rho, fast.rhoMinus()[r][k], at);
                    }
                }
            }
        }
    }

    private static double blockEnergy(int[][] c, int[] q, int i, int j) {
        double e = 0;
        for (int m = 1; m < 64; m++) {
            e += Math.abs(c[8 * i + m / 8][8 * j + m % 8]) * (double) q[m];
        }
        return e;
    }

    @Test
    void uerdCostFallsAsBlockEnergyRises() {
        int[][] c = TestImages.coefficients(32, 32, 3);
        int[] q = TestImages.quantTable75();
        double before = Uerd.costs(c, q).rhoPlus()[8 + 2][8 + 3];
        c[8 + 4][8 + 4] += 7;
        double after = Uerd.costs(c, q).rhoPlus()[8 + 2][8 + 3];
        assertTrue(after < before, after + " should be below " + before);
        // neighbours gain energy too, but a quarter as much: their cost falls less than the block's own
        double neighbourBefore = Uerd.costs(TestImages.coefficients(32, 32, 3), q).rhoPlus()[2][3];
        double neighbourAfter = Uerd.costs(c, q).rhoPlus()[2][3];
        assertTrue(neighbourAfter < neighbourBefore);
        assertTrue(after / before < neighbourAfter / neighbourBefore);
    }

    @Test
    void ebsOnAHandBuiltBlock() {
        int[] q = TestImages.quantTable75();
        int[][] c = new int[8][16];
        c[0][0] = 12;  // DC, not counted
        c[0][1] = 1;
        c[1][0] = 1;
        c[2][3] = -1;
        c[4][4] = 2;   // values {1, 1, -1, 2}: p = 1/2, 1/4, 1/4
        c[0][9] = 3;   // block (0,1): a single distinct value, so H = 0
        c[1][9] = 3;
        double h = -(0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25));
        CostMap costs = Ebs.costs(c, q, Ebs.Variant.DC_WET);
        assertEquals(Math.pow(q[0 * 8 + 5] / h, 2), costs.rhoPlus()[0][5], 1e-9);
        assertEquals(Math.pow(q[7 * 8 + 7] / h, 2), costs.rhoMinus()[7][7], 1e-9);
        assertEquals(INF, costs.rhoPlus()[0][0], "DC is wet");
        assertEquals(INF, costs.rhoPlus()[3][12], "a block of zero entropy is wet");
        // conseal's default: DC may change too, and every cost carries +1e-4
        CostMap reference = Ebs.costs(c, q);
        assertEquals(Math.pow(q[0 * 8 + 5] / h, 2) + 1e-4, reference.rhoPlus()[0][5], 1e-9);
        assertEquals(Math.pow(q[0] / h, 2) + 1e-4, reference.rhoPlus()[0][0], 1e-9);
        assertEquals(INF, reference.rhoPlus()[3][12]);
        assertEquals(reference.rhoPlus()[2][2], Ebs.ALGORITHM.costs(c, q).rhoPlus()[2][2]);
        assertEquals(costs.rhoPlus()[2][2], Ebs.ALGORITHM.variant("dc-wet").costs(c, q).rhoPlus()[2][2]);
    }

    @Test
    void juniwardMatchesItsDefinitionComputedDirectly() {
        checkJuniwardDirectly(JUniward.Variant.FIXED_WINDOW, 0);
    }

    @Test
    void juniwardPublishedVariantReadsTheWindowOnePixelOff() {
        checkJuniwardDirectly(JUniward.Variant.UNROUNDED, 1);
    }

    @Test
    void juniwardDefaultReadsLibjpegsRoundedPixelsAndTheScriptsWindow() {
        checkJuniwardDirectly(JUniward.Variant.REFERENCE, 1);
        int[][] c = TestImages.coefficients(16, 24, 5);
        int[] q = TestImages.quantTable75();
        assertEquals(JUniward.costs(c, q).rhoPlus()[3][4], JUniward.ALGORITHM.costs(c, q).rhoPlus()[3][4]);
        assertEquals(JUniward.costs(c, q, JUniward.Variant.FIXED_WINDOW).rhoPlus()[3][4],
                JUniward.ALGORITHM.variant("fixed-window").costs(c, q).rhoPlus()[3][4]);
        assertTrue(JUniward.costs(c, q).rhoPlus()[3][4] != JUniward.costs(c, q, JUniward.Variant.UNROUNDED).rhoPlus()[3][4]);
    }

    /**
     * Σ_f Σ |ΔR_f| / (|R_f| + σ) by brute force, with R_f the correlation of the padded decompressed image
     * with K_f = v ⊗ h, ΔR_f that of the changed block, and the residual read {@code shift} pixels off.
     */
    private static void checkJuniwardDirectly(JUniward.Variant variant, int shift) {
        int[][] c = TestImages.coefficients(16, 24, 5);
        int[] q = TestImages.quantTable75();
        CostMap costs = JUniward.costs(c, q, variant);
        double[][] x = DctLayout.decompress(c, q);
        if (variant == JUniward.Variant.REFERENCE) {
            int[][] px = org.efficientmixnet.stego.jpeg.LibjpegDecoder.islowPlane(c, q);
            for (int r = 0; r < x.length; r++) {
                for (int k = 0; k < x[0].length; k++) {
                    x[r][k] = px[r][k];
                }
            }
        }
        int rows = 16;
        int cols = 24;
        for (int[] at : new int[][] {{0, 0}, {3, 5}, {8 + 7, 16 + 1}, {8 + 2, 8 + 0}}) {
            int bi = at[0] / 8 * 8;
            int bj = at[1] / 8 * 8;
            int k = at[0] % 8;
            int l = at[1] % 8;
            double step = q[k * 8 + l];
            double rho = 0;
            for (int f = 0; f < 3; f++) {
                double[] v = Daubechies8.VERTICAL[f];
                double[] h = Daubechies8.HORIZONTAL[f];
                // correlation R(y, z) = Σ K(a, b) X(y - 15 + a, z - 15 + b); the block touches y in bi..bi+22
                for (int y = bi; y < bi + 23; y++) {
                    for (int z = bj; z < bj + 23; z++) {
                        double r = 0;
                        for (int a = 0; a < 16; a++) {
                            for (int b = 0; b < 16; b++) {
                                r += v[a] * h[b] * x[Padding.symmetric(y + shift - 15 + a, rows)]
                                        [Padding.symmetric(z + shift - 15 + b, cols)];
                            }
                        }
                        double delta = 0;
                        for (int m = 0; m < 8; m++) {
                            for (int n = 0; n < 8; n++) {
                                int a = 15 - (y - bi - m);
                                int b = 15 - (z - bj - n);
                                if (a >= 0 && a < 16 && b >= 0 && b < 16) {
                                    delta += step * DctLayout.BASIS[k][m] * DctLayout.BASIS[l][n] * v[a] * h[b];
                                }
                            }
                        }
                        rho += Math.abs(delta) / (Math.abs(r) + JUniward.SIGMA);
                    }
                }
            }
            assertEquals(rho, costs.rhoPlus()[at[0]][at[1]], 1e-9 * rho, "coefficient " + Arrays.toString(at));
        }
    }

    @Test
    void decompressInvertsTheDct() {
        // one coefficient of 1 with step 8 at mode (0,0) is a flat block of 8 * 1/8 = 1
        int[][] c = new int[8][8];
        c[0][0] = 1;
        double[][] x = DctLayout.decompress(c, flatTable(8));
        assertEquals(1.0, x[3][5], 1e-12);
        // orthonormality: the energy of the block equals that of the dequantized coefficients
        c = TestImages.coefficients(8, 8, 9);
        x = DctLayout.decompress(c, flatTable(3));
        double e1 = 0;
        double e2 = 0;
        for (int r = 0; r < 8; r++) {
            for (int k = 0; k < 8; k++) {
                e1 += x[r][k] * x[r][k];
                e2 += 9.0 * c[r][k] * c[r][k];
            }
        }
        assertEquals(e2, e1, 1e-9 * e2);
    }

    @Test
    void juniwardCostsAreSymmetricExceptAtTheRangeLimits() {
        int[][] c = TestImages.coefficients(32, 32, 7);
        c[3][4] = 1023;
        c[9][9] = -1023;
        CostMap costs = JUniward.costs(c, TestImages.quantTable75());
        for (int r = 0; r < 32; r++) {
            for (int k = 0; k < 32; k++) {
                if ((r == 3 && k == 4) || (r == 9 && k == 9)) {
                    continue;
                }
                assertEquals(costs.rhoPlus()[r][k], costs.rhoMinus()[r][k]);
                assertTrue(costs.rhoPlus()[r][k] > 0 && costs.rhoPlus()[r][k] < INF);
            }
        }
        assertEquals(INF, costs.rhoPlus()[3][4]);
        assertTrue(costs.rhoMinus()[3][4] < INF);
        assertEquals(INF, costs.rhoMinus()[9][9]);
        assertTrue(costs.rhoPlus()[9][9] < INF);
    }


    @Test
    void jpegSimulatorsHitThePayloadAndKeepTheRange() {
        int[][] c = TestImages.coefficients(64, 64, 11);
        c[10][10] = 1023;
        c[20][21] = -1023;
        int[] q = TestImages.quantTable75();
        long nzac = DctLayout.nonZeroAc(c);
        double bits = 0.4 * nzac;
        Simulation[] sims = {Uerd.embed(c, q, 0.4, 1), JUniward.embed(c, q, 0.4, 1),
            Ebs.ALGORITHM.variant("dc-wet").embed(new int[][][] {c}, new int[][] {q}, 0.4, 1)};
        for (Simulation s : sims) {
            assertEquals(bits, s.changeProbabilities().entropyBits(), bits * 0.01);
            assertTrue(s.changes() > 0);
            assertTrue(s.stego()[10][10] <= 1023 && s.stego()[20][21] >= -1023);
            assertEquals(0, s.changeProbabilities().pPlus()[10][10]);
            assertEquals(0, s.changeProbabilities().pMinus()[20][21]);
        }
        // EBS's dc-wet variant leaves every DC alone
        for (int r = 0; r < 64; r += 8) {
            for (int k = 0; k < 64; k += 8) {
                assertEquals(c[r][k], sims[2].stego()[r][k]);
            }
        }
        assertTrue(Arrays.deepEquals(sims[1].stego(), JUniward.embed(c, q, 0.4, 1).stego()));
        assertFalse(Arrays.deepEquals(sims[1].stego(), JUniward.embed(c, q, 0.4, 2).stego()));
    }

    @Test
    void severalComponentsShareOnePayload() {
        int[][] y = TestImages.coefficients(32, 32, 1);
        int[][] cb = TestImages.coefficients(16, 16, 2);
        int[] q = TestImages.quantTable75();
        long nzac = DctLayout.nonZeroAc(y, cb);
        Simulation s = Uerd.embed(new int[][][] {y, cb}, new int[][] {q, q}, 0.3, 4);
        double sum = s.probabilities()[0].entropyBits() + s.probabilities()[1].entropyBits();
        assertEquals(0.3 * nzac, sum, 0.3 * nzac * 0.01);
        assertEquals(16, s.stegoComponents()[1].length);
    }

    @Test
    void payloadAboveCapacityNamesPayloadAndCapacity() {
        // one block with two distinct AC values: EBS (dc-wet) may change only its 63 AC coefficients
        int[][] c = new int[8][8];
        c[0][1] = 1;
        c[0][2] = 2;
        for (int i = 3; i < 8; i++) {
            c[1][i] = 1 + i % 2;
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ebs.ALGORITHM.variant("dc-wet").embed(new int[][][] {c}, new int[][] {TestImages.quantTable75()}, 20, 1));
        String capacity = String.format(java.util.Locale.ROOT, "%.1f", 63 * Math.log(3) / Math.log(2));
        assertTrue(e.getMessage().contains("payload 20.0 bpnzAC") && e.getMessage().contains(capacity),
                e.getMessage());
        IllegalArgumentException nsf5 = assertThrows(IllegalArgumentException.class, () -> Nsf5.embed(c, 1.5, 1));
        assertTrue(nsf5.getMessage().contains("1.5 bpnzAC") && nsf5.getMessage().contains("7.0 bits"),
                nsf5.getMessage());
    }

    @Test
    void nsf5ChangesTowardsZeroAtTheCodingBound() {
        int[][] c = TestImages.coefficients(64, 64, 13);
        long n = DctLayout.nonZeroAc(c);
        Simulation s = Nsf5.embed(c, 0.4, 3);
        long expected = (long) Math.ceil(EmbeddingSimulator.inverseBinaryEntropy(0.4) * n);
        assertEquals(expected, s.changes());
        long changed = 0;
        for (int r = 0; r < 64; r++) {
            for (int k = 0; k < 64; k++) {
                int a = c[r][k];
                int b = s.stego()[r][k];
                if (a == b) {
                    continue;
                }
                changed++;
                assertFalse(DctLayout.isDc(r, k), "DC changed at " + r + "," + k);
                assertTrue(a != 0, "a zero changed at " + r + "," + k);
                assertEquals(Math.abs(a) - 1, Math.abs(b));
                assertTrue(b == 0 || Integer.signum(a) == Integer.signum(b));
            }
        }
        assertEquals(expected, changed);
        assertTrue(s.entropyBits() >= 0.4 * n - 1e-6);
        assertTrue(Arrays.deepEquals(s.stego(), Nsf5.embed(c, 0.4, 3).stego()));
        assertFalse(Arrays.deepEquals(s.stego(), Nsf5.embed(c, 0.4, 4).stego()));
        assertEquals(0, Nsf5.embed(c, 0, 3).changes());
        CostMap costs = Nsf5.costs(c);
        assertEquals(n, countOneSided(costs));
        assertEquals(64 * 64 - n, costs.wetCount());
    }

    /**
     * The branch-free passes of nsF5 (its costs, the counts, the probability maps of nsF5 and F5) against their
     * definitions element by element, on random components with values around zero and up to ±1024.
     */
    @Test
    void nsf5MapsAndCountsEqualTheirDefinitions() {
        java.util.Random rnd = new java.util.Random(5);
        for (int t = 0; t < 40; t++) {
            int k = 1 + rnd.nextInt(3);
            int[][][] comps = new int[k][][];
            long nz = 0;
            long ones = 0;
            long all = 0;
            for (int i = 0; i < k; i++) {
                comps[i] = new int[8 * (1 + rnd.nextInt(4))][8 * (1 + rnd.nextInt(4))];
                for (int r = 0; r < comps[i].length; r++) {
                    for (int c = 0; c < comps[i][0].length; c++) {
                        int v = rnd.nextInt(4) == 0 ? rnd.nextInt(2049) - 1024 : rnd.nextInt(5) - 2;
                        comps[i][r][c] = v;
                        nz += v != 0 && !DctLayout.isDc(r, c) ? 1 : 0;
                        ones += Math.abs(v) == 1 ? 1 : 0;
                        all++;
                    }
                }
            }
            assertEquals(nz, DctLayout.nonZeroAc(comps));
            assertEquals((double) ones / all, Nsf5.shareOfOnes(comps));
            for (boolean shrinkage : new boolean[] {false, true}) {
                Simulation s = Nsf5.embed(comps, 0.3, t, shrinkage, "test");
                double beta = EmbeddingSimulator.inverseBinaryEntropy(0.3);
                double rate = shrinkage ? Math.min(1, beta / (1 - (double) ones / all)) : beta;
                for (int i = 0; i < k; i++) {
                    CostMap costs = Nsf5.costs(comps[i]);
                    for (int r = 0; r < comps[i].length; r++) {
                        for (int c = 0; c < comps[i][0].length; c++) {
                            int v = comps[i][r][c];
                            boolean usable = v != 0 && !DctLayout.isDc(r, c);
                            String at = i + " (" + r + "," + c + ") = " + v;
                            assertEquals(usable && v < 0 ? 1 : INF, costs.rhoPlus()[r][c], at);
                            assertEquals(usable && v > 0 ? 1 : INF, costs.rhoMinus()[r][c], at);
                            assertEquals(usable && v < 0 ? rate : 0, s.probabilities()[i].pPlus()[r][c], at);
                            assertEquals(usable && v > 0 ? rate : 0, s.probabilities()[i].pMinus()[r][c], at);
                        }
                    }
                }
            }
        }
    }

    /** Elements open in exactly one direction (for nsF5: all non-zero AC). */
    private static long countOneSided(CostMap m) {
        long k = 0;
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                if ((m.rhoPlus()[r][c] < INF) != (m.rhoMinus()[r][c] < INF)) {
                    k++;
                }
            }
        }
        return k;
    }
}
