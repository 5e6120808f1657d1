package org.efficientmixnet.stego.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingSimulatorTest {

    private static CostMap randomCosts(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] p = new double[rows][cols];
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                p[r][c] = Math.exp(rnd.nextDouble() * 8 - 2);
                m[r][c] = Math.exp(rnd.nextDouble() * 8 - 2);
            }
        }
        return new CostMap(p, m);
    }

    @Test
    void entropyOfProbabilitiesMatchesMessageLength() {
        int[][] cover = TestImages.noise(64, 64, 1);
        CostMap costs = randomCosts(64, 64, 2).limitedTo(cover, 0, 255);
        for (double bits : new double[] {10, 400, 2000, 5000}) {
            Simulation s = EmbeddingSimulator.simulateTernary(cover, costs, bits, 7);
            assertEquals(bits, s.changeProbabilities().entropyBits(), bits * 0.01, "ternary, " + bits + " bits");
            assertEquals(bits, s.entropyBits(), bits * 1e-5);
            if (bits > 4000) {
                continue;
            }
            Simulation b = EmbeddingSimulator.simulateBinary(cover, costs, bits, 7);
            assertEquals(bits, b.entropyBits(), bits * 1e-5, "binary, " + bits + " bits");
        }
    }

    @Test
    void probabilitiesWithoutSamplingEqualThoseOfTheSimulation() {
        int[][] cover = TestImages.noise(20, 30, 1);
        CostMap costs = randomCosts(20, 30, 2).limitedTo(cover, 0, 255);
        ChangeProbabilities p = EmbeddingSimulator.ternaryProbabilities(300, costs)[0];
        Simulation s = EmbeddingSimulator.simulateTernary(cover, costs, 300, 5);
        assertTrue(Arrays.deepEquals(p.pPlus(), s.changeProbabilities().pPlus()));
        assertTrue(Arrays.deepEquals(p.pMinus(), s.changeProbabilities().pMinus()));
        assertEquals(300, p.entropyBits(), 300 * 1e-5);
    }

    @Test
    void uniformCostsGiveTheCodingBound() {
        // uniform binary costs: p = β everywhere with h(β) = α
        double[][] ones = new double[50][40];
        for (double[] r : ones) {
            Arrays.fill(r, 1.0);
        }
        int[][] cover = TestImages.constant(50, 40, 128);
        Simulation s = EmbeddingSimulator.simulateBinary(cover, CostMap.symmetric(ones), 0.4 * 2000, 3);
        double beta = EmbeddingSimulator.inverseBinaryEntropy(0.4);
        assertEquals(beta, s.changeProbabilities().changeProbability()[10][10], 1e-5);
        assertEquals(0.4, EmbeddingSimulator.binaryEntropy(beta), 1e-12);
        // the realised change count is binomial(2000, β): within 5 standard deviations
        double sd = Math.sqrt(2000 * beta * (1 - beta));
        assertEquals(2000 * beta, s.changes(), 5 * sd);
    }

    @Test
    void changesFollowProbabilitiesAndAreUnitSteps() {
        int[][] cover = TestImages.noise(100, 100, 4);
        CostMap costs = randomCosts(100, 100, 5).limitedTo(cover, 0, 255);
        Simulation s = EmbeddingSimulator.simulateTernary(cover, costs, 6000, 11);
        long changed = 0;
        for (int r = 0; r < 100; r++) {
            for (int c = 0; c < 100; c++) {
                int d = s.stego()[r][c] - cover[r][c];
                assertTrue(Math.abs(d) <= 1);
                if (d != 0) {
                    changed++;
                }
            }
        }
        assertEquals(changed, s.changes());
        double expected = s.changeProbabilities().expectedChanges();
        assertEquals(expected, changed, 5 * Math.sqrt(expected));
    }

    @Test
    void sameSeedSameStegoOtherSeedOtherStego() {
        int[][] cover = TestImages.noise(32, 32, 6);
        CostMap costs = randomCosts(32, 32, 7).limitedTo(cover, 0, 255);
        int[][] a = EmbeddingSimulator.simulateTernary(cover, costs, 500, 42).stego();
        int[][] b = EmbeddingSimulator.simulateTernary(cover, costs, 500, 42).stego();
        int[][] c = EmbeddingSimulator.simulateTernary(cover, costs, 500, 43).stego();
        assertTrue(Arrays.deepEquals(a, b));
        assertFalse(Arrays.deepEquals(a, c));
        int[][] d = EmbeddingSimulator.simulateBinary(cover, costs, 500, 42).stego();
        assertTrue(Arrays.deepEquals(d, EmbeddingSimulator.simulateBinary(cover, costs, 500, 42).stego()));
    }

    @Test
    void fixedSeedOutputIsPinned() {
        // guards the sampling order and the random stream: a change here changes every stego data set
        int[][] cover = TestImages.noise(32, 32, 6);
        CostMap costs = randomCosts(32, 32, 7).limitedTo(cover, 0, 255);
        Simulation s = EmbeddingSimulator.simulateTernary(cover, costs, 500, 42);
        long weighted = 0;
        for (int r = 0; r < 32; r++) {
            for (int c = 0; c < 32; c++) {
                weighted += (long) (r * 32 + c) * (s.stego()[r][c] - cover[r][c]);
            }
        }
        assertEquals(PINNED_CHANGES, s.changes());
        assertEquals(PINNED_WEIGHTED, weighted);
    }

    private static final long PINNED_CHANGES = 180;
    private static final long PINNED_WEIGHTED = 3462;

    @Test
    void wetElementsNeverChange() {
        int[][] cover = TestImages.noise(40, 40, 8);
        boolean[][] wet = new boolean[40][40];
        for (int r = 0; r < 40; r++) {
            for (int c = 0; c < 40; c++) {
                wet[r][c] = (r + c) % 3 == 0;
            }
        }
        CostMap costs = randomCosts(40, 40, 9).limitedTo(cover, 0, 255).withWet(wet);
        // near capacity so that every dry element is very likely to change
        double capacity = EmbeddingSimulator.capacityBits(new CostMap[] {costs}, true);
        for (long seed = 0; seed < 5; seed++) {
            Simulation s = EmbeddingSimulator.simulateTernary(cover, costs, 0.99 * capacity, seed);
            for (int r = 0; r < 40; r++) {
                for (int c = 0; c < 40; c++) {
                    if (wet[r][c]) {
                        assertEquals(cover[r][c], s.stego()[r][c], "wet element " + r + "," + c);
                        assertEquals(0, s.changeProbabilities().changeProbability()[r][c]);
                    }
                }
            }
        }
    }

    @Test
    void rangeLimitsHoldForExtremePixels() {
        int[][] cover = new int[30][30];
        for (int r = 0; r < 30; r++) {
            for (int c = 0; c < 30; c++) {
                cover[r][c] = (r + c) % 2 == 0 ? 0 : 255;
            }
        }
        double[][] ones = new double[30][30];
        for (double[] row : ones) {
            Arrays.fill(row, 1.0);
        }
        CostMap costs = CostMap.symmetric(ones).limitedTo(cover, 0, 255);
        assertEquals(900.0, EmbeddingSimulator.capacityBits(new CostMap[] {costs}, true), 1e-9);
        for (long seed = 0; seed < 5; seed++) {
            Simulation s = EmbeddingSimulator.simulateTernary(cover, costs, 880, seed);
            assertTrue(s.changes() > 300, "changes " + s.changes());
            for (int[] row : s.stego()) {
                for (int v : row) {
                    assertTrue(v >= 0 && v <= 255, "pixel " + v);
                }
            }
            Simulation b = EmbeddingSimulator.simulateBinary(cover, costs, 880, seed);
            for (int[] row : b.stego()) {
                for (int v : row) {
                    assertTrue(v >= 0 && v <= 255, "pixel " + v);
                }
            }
        }
    }

    @Test
    void payloadAboveCapacityIsRejectedWithBothNumbers() {
        int[][] cover = TestImages.noise(10, 10, 1);
        CostMap costs = randomCosts(10, 10, 2);
        double capacity = 100 * Math.log(3) / Math.log(2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingSimulator.simulateTernary(cover, costs, 200, 1));
        assertTrue(e.getMessage().contains("200.0 bits"), e.getMessage());
        assertTrue(e.getMessage().contains(String.format(java.util.Locale.ROOT, "%.1f", capacity)), e.getMessage());
        // exactly the capacity is fine and means lambda = 0: p = 1/3 each way
        Simulation s = EmbeddingSimulator.simulateTernary(cover, costs, capacity, 1);
        assertEquals(0, s.lambda());
        assertEquals(1.0 / 3, s.changeProbabilities().pPlus()[3][3], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> EmbeddingSimulator.simulateTernary(cover, costs, -1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddingSimulator.simulateTernary(cover, costs, Double.NaN, 1));
    }

    @Test
    void emptyMessageChangesNothing() {
        int[][] cover = TestImages.noise(16, 16, 1);
        Simulation s = EmbeddingSimulator.simulateTernary(cover, randomCosts(16, 16, 2), 0, 5);
        assertEquals(0, s.changes());
        assertTrue(Arrays.deepEquals(cover, s.stego()));
        assertTrue(s.stego() != cover, "stego must be a copy");
    }

    @Test
    void costMapRejectsBadCostsNamingThePosition() {
        double[][] p = {{1, 2}, {3, -1}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CostMap(p, new double[][] {{1, 1}, {1, 1}}));
        assertTrue(e.getMessage().contains("rhoPlus[1][1]"), e.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> new CostMap(new double[][] {{1, 2}}, new double[][] {{1}}));
        assertTrue(shape.getMessage().contains("1x2"), shape.getMessage());
    }

    /**
     * The λ search's warm start (the root on every 17th element) lands near the whole map's root, also on costs that
     * repeat every 8 columns as a JPEG's DCT modes do (a stride dividing 8 would see a few modes only), and the
     * search from it ends at the same tolerance.
     */
    @Test
    void theWarmStartOfTheLambdaSearchIsNearTheRootAlsoOnModePeriodicCosts() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 256;
        double[][] rho = new double[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                // mode (r mod 8, c mod 8) sets the scale: low modes cheap, high modes a thousand times dearer
                double mode = Math.pow(10, 3.0 * ((r % 8) + (c % 8)) / 14);
                rho[r][c] = mode * (0.5 + rnd.nextDouble());
            }
        }
        CostMap[] costs = {new CostMap(rho, rho)};
        for (double bits : new double[] {0.01 * n * n, 0.1 * n * n, 0.4 * n * n}) {
            double exact = Gibbs.lambda(costs, bits, true, null);
            double warm = Gibbs.warmStart(costs, bits, true);
            assertEquals(exact, warm, 0.05 * exact, "warm start at " + bits + " bits");
            assertEquals(bits, Gibbs.entropyBits(costs, exact, true), 1e-6 * bits);
        }
        // too small to sample: starts from 1 as before
        CostMap[] tiny = {new CostMap(new double[][] {{1, 2, 3}}, new double[][] {{1, 2, 3}})};
        assertEquals(1.0, Gibbs.warmStart(tiny, 1, true));
    }
}
