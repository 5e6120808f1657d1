package org.efficientmixnet.stego.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlgorithmsTest {

    @Test
    void registryHasUniqueNamesAndFindsVariants() {
        Set<String> ids = new HashSet<>();
        for (Algorithm a : Algorithms.all()) {
            assertTrue(ids.add(a.id()), "duplicate " + a.id());
            assertEquals(Algorithm.DEFAULT, a.selectedVariant());
            assertEquals(a.id(), a.name());
            assertEquals(a.jpeg() ? "bpnzac" : "bpp", a.payloadUnit());
        }
        assertEquals(List.of("lsb-replacement", "lsb-matching", "hill", "wow", "hugo", "mipod", "s-uniward", "nsf5", "f5", "uerd", "j-uniward", "ebs", "j-mipod"),
                Algorithms.all().stream().map(Algorithm::id).toList());
        Algorithm u = Algorithms.get("J_UNIWARD:unrounded");
        assertEquals("j-uniward:unrounded", u.name());
        assertEquals(u, JUniward.ALGORITHM.variant("unrounded"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Hill.ALGORITHM.variant("nope"));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("hill"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Algorithms.get("hill:nope"));
    }

    @Test
    void domainsAreChecked() {
        int[][] px = TestImages.noise(16, 16, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Uerd.ALGORITHM.embed(px, 0.4, 1));
        assertTrue(e.getMessage().contains("uerd embeds into JPEG coefficients"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Hill.ALGORITHM.costs(new int[8][8], new int[64]));
        assertTrue(e.getMessage().contains("hill embeds into pixels"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Uerd.ALGORITHM.embed(new int[][][] {new int[8][8]}, new int[][] {}, 0.4, 1));
        assertTrue(e.getMessage().contains("quantization table"), e.getMessage());
    }

    @Test
    void aNewAlgorithmIsACostFunctionAndASimulator() {
        // costs ∝ column index + 1: the simulation through Algorithm equals costs + simulator by hand
        Algorithm ramp = Algorithm.of("ramp", Domain.SPATIAL, Simulator.TERNARY, "test", CostFunction.spatial(p -> {
            double[][] rho = new double[p.length][p[0].length];
            for (double[] row : rho) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = c + 1;
                }
            }
            return CostMap.symmetric(rho).limitedTo(p, 0, 255);
        }));
        int[][] px = TestImages.noise(20, 24, 3);
        Simulation s = ramp.embed(px, 0.3, 9);
        Simulation byHand = EmbeddingSimulator.simulateTernary(px, ramp.costs(px), 0.3 * 20 * 24, 9);
        assertTrue(Arrays.deepEquals(byHand.stego(), s.stego()));
        assertEquals(byHand.lambda(), s.lambda());
        // cheaper columns change more often
        double[][] p = s.changeProbabilities().changeProbability();
        assertTrue(p[5][0] > p[5][10] && p[5][10] > p[5][23]);
    }

    @Test
    void binaryTiesSplitTheirProbabilityAndSamplingMatchesIt() {
        int[][] px = TestImages.constant(30, 30, 100);
        CostMap costs = Lsb.matchingCosts(px);
        Simulation s = EmbeddingSimulator.simulateBinary(px, costs, 300, 4);
        ChangeProbabilities p = EmbeddingSimulator.probabilities(300, false, costs)[0];
        assertTrue(Arrays.deepEquals(p.pPlus(), s.changeProbabilities().pPlus()));
        double beta = EmbeddingSimulator.inverseBinaryEntropy(300.0 / 900);
        assertEquals(beta / 2, p.pPlus()[3][4], 1e-6);
        assertEquals(p.pPlus()[3][4], p.pMinus()[3][4]);
        assertArrayEquals(new double[] {beta}, new double[] {p.changeProbability()[7][7]}, 1e-6);
        int up = 0;
        int down = 0;
        for (int r = 0; r < 30; r++) {
            for (int c = 0; c < 30; c++) {
                int d = s.stego()[r][c] - 100;
                up += d == 1 ? 1 : 0;
                down += d == -1 ? 1 : 0;
            }
        }
        assertEquals(s.changes(), up + down);
        assertTrue(up > 0 && down > 0, up + " up, " + down + " down");
    }
}
