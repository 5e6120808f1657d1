package org.efficientmixnet.stego.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.efficientmixnet.io.Npy;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * J-MiPOD against the authors' J_MiPOD.m run under GNU Octave (fixtures: jmipod/make_jmipod_fixtures.py): the
 * Fisher information to 1e-9 relative on every coefficient, and the change rates at the reference's own λ.
 */
class JMipodTest {
    static Path resource(String name) throws URISyntaxException {
        return Path.of(JMipodTest.class.getResource("/jmipod/" + name).toURI());
    }

    record Cover(int[][] coef, int[] qt) {
    }

    static Cover cover(String jpeg) throws Exception {
        JpegCoefficients j = JpegCoefficients.read(resource(jpeg));
        return new Cover(j.component(0).toLayout(), j.quantTableOf(0));
    }

    @ParameterizedTest
    @CsvSource({
        "seeding_q75, ../conseal/seeding_q75.jpg, 0.004296875, 598",
        "seeding_q90, ../conseal/seeding_q90.jpg, 0.48671875, 1377",
        "aitz80x72_q75, aitz80x72_q75.jpg, 0.004687500000000001, 1042",
        "aitz80x72_q90, aitz80x72_q90.jpg, 0.06875, 1054"})
    void fisherInformationAndChangeRatesEqualTheAuthorsCode(String name, String jpeg, double lambda, long nzac)
            throws Exception {
        Cover c = cover(jpeg);
        assertEquals(nzac, DctLayout.nonZeroAc(c.coef()));
        double[][] ref = Npy.readDoubles(resource(name + ".p0.4.fi.npy"));
        double[][] exact = Npy.readDoubles(resource(name + ".p0.4.beta.npy"));
        double[][] table = Npy.readDoubles(resource(name + ".p0.4.pchange.npy"));
        double[][] fi = JMipod.fisherInformation(c.coef(), c.qt());
        CostMap costs = JMipod.costs(c.coef(), c.qt());
        double worstFi = 0;
        double worstBeta = 0;
        double worstTable = 0;
        for (int r = 0; r < fi.length; r++) {
            for (int k = 0; k < fi[0].length; k++) {
                worstFi = Math.max(worstFi, Math.abs(fi[r][k] - ref[r][k]) / ref[r][k]);
                assertEquals(fi[r][k], costs.rhoPlus()[r][k]);
                assertEquals(fi[r][k], costs.rhoMinus()[r][k]);
                double b = Mipod.changeRate(lambda * fi[r][k]);
                worstBeta = Math.max(worstBeta, Math.abs(b - exact[r][k]) / exact[r][k]);
                worstTable = Math.max(worstTable, Math.abs(2 * b - table[r][k]) / table[r][k]);
            }
        }
        assertTrue(worstFi <= 1e-9, name + ": Fisher information off by " + worstFi);
        assertTrue(worstBeta <= 1e-9, name + ": change rate off by " + worstBeta);
        // the reference's own change rates come from its lookup table of x ln(x - 2): within 1.04 % of the exact
        assertTrue(worstTable <= 0.0105, name + ": the reference's table differs by " + worstTable);
    }

    @Test
    void simulationCarriesThePayloadEmbedsEverywhereAndNeverPastTheLimits() throws Exception {
        assertSame(JMipod.ALGORITHM, Algorithms.get("j-mipod"));
        assertSame(JMipod.ALGORITHM, Algorithms.get("jmipod"));
        Cover c = cover("aitz80x72_q90.jpg");
        long nz = DctLayout.nonZeroAc(c.coef());
        Simulation s = JMipod.embed(c.coef(), c.qt(), 0.4, 11);
        assertEquals(0.4 * nz, s.messageBits(), 1e-9);
        assertEquals(0.4 * nz, s.entropyBits(), 1e-5 * 0.4 * nz);
        double[][] pp = s.changeProbabilities().pPlus();
        double[][] pm = s.changeProbabilities().pMinus();
        boolean dcOrZeroChangeable = false;
        long changed = 0;
        for (int r = 0; r < pp.length; r++) {
            for (int k = 0; k < pp[0].length; k++) {
                assertEquals(pp[r][k], pm[r][k], "p+ = p- = beta");
                assertTrue(pp[r][k] > 0 && pp[r][k] < 1.0 / 3);
                dcOrZeroChangeable |= (r % 8 == 0 && k % 8 == 0) || c.coef()[r][k] == 0;
                int d = s.stego()[r][k] - c.coef()[r][k];
                assertTrue(Math.abs(d) <= 1);
                changed += d != 0 ? 1 : 0;
            }
        }
        assertTrue(dcOrZeroChangeable, "the reference embeds into DC and zero coefficients too");
        assertEquals(changed, s.changes());
        // same seed, same stego; another seed, another
        assertEquals(java.util.Arrays.deepToString(s.stego()),
                java.util.Arrays.deepToString(JMipod.embed(c.coef(), c.qt(), 0.4, 11).stego()));
        assertTrue(!java.util.Arrays.deepEquals(s.stego(), JMipod.embed(c.coef(), c.qt(), 0.4, 12).stego()));

        // coefficients at the limits: the change past ±1023 never happens, the other direction stays open
        int[][] edge = Arrays2d.copy(c.coef());
        edge[1][1] = 1023;
        edge[1][2] = -1023;
        CostMap costs = JMipod.costs(edge, c.qt());
        assertEquals(Double.POSITIVE_INFINITY, costs.rhoPlus()[1][1]);
        assertEquals(Double.POSITIVE_INFINITY, costs.rhoMinus()[1][2]);
        assertTrue(costs.rhoMinus()[1][1] < Double.POSITIVE_INFINITY && costs.rhoPlus()[1][2] < Double.POSITIVE_INFINITY);
        Simulation e = JMipod.ALGORITHM.embed(new int[][][] {edge}, new int[][] {c.qt()}, 0.9, 3);
        assertEquals(0, e.changeProbabilities().pPlus()[1][1]);
        assertEquals(0, e.changeProbabilities().pMinus()[1][2]);
        assertTrue(e.stego()[1][1] <= 1023 && e.stego()[1][2] >= -1023);
    }

    @Test
    void colourComponentsEachCarryTheirOwnShareAsTheColourCode() throws Exception {
        Cover y = cover("aitz80x72_q75.jpg");
        Cover cb = cover("../conseal/seeding_q90.jpg");
        int[][][] comps = {y.coef(), cb.coef()};
        int[][] qts = {y.qt(), cb.qt()};
        Simulation s = JMipod.ALGORITHM.embed(comps, qts, 0.3, 5);
        for (int i = 0; i < 2; i++) {
            // each component's probabilities are exactly its own single-component J-MiPOD at its own payload
            Simulation alone = JMipod.ALGORITHM.embed(new int[][][] {comps[i]}, new int[][] {qts[i]}, 0.3, 5);
            assertTrue(java.util.Arrays.deepEquals(alone.changeProbabilities().pPlus(), s.probabilities()[i].pPlus()));
        }
        assertEquals(0.3 * DctLayout.nonZeroAc(comps), s.entropyBits(), 1e-5 * s.messageBits());
        // every coefficient carries up to log2 3 bits: 9.5 bits per non-zero AC exceeds that here
        assertThrows(IllegalArgumentException.class, () -> JMipod.embed(y.coef(), y.qt(), 9.5, 1));
        assertThrows(IllegalArgumentException.class, () -> JMipod.ALGORITHM.costs(y.coef()));
    }
}
