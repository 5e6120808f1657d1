package org.efficientmixnet.stego.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.efficientmixnet.stego.stc.F5Embedding;
import org.junit.jupiter.api.Test;

/**
 * F5 in the registry against conseal's F5 (f5/make_f5_fixtures.py ran it): the change rate with shrinkage
 * re-introduced, the number of changes and the shrinkage it makes; and the matrix-encoding variant's messages.
 */
class F5Test {
    record Row(String cover, double alpha, long nzac, long ones, long total, double beta, long changes,
               double shrinkMean, int seeds) {
    }

    static List<Row> rows() throws Exception {
        List<Row> out = new ArrayList<>();
        try (InputStream in = F5Test.class.getResourceAsStream("/f5/f5_conseal.txt")) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] t = line.trim().split(" ");
                out.add(new Row(t[0], Double.parseDouble(t[1]), Long.parseLong(t[2]), Long.parseLong(t[3]),
                        Long.parseLong(t[4]), Double.parseDouble(t[5]), Long.parseLong(t[6]),
                        Double.parseDouble(t[7]), Integer.parseInt(t[8])));
            }
        }
        assertEquals(24, out.size());
        return out;
    }

    static int[][] coefficients(String cover) throws Exception {
        String name = cover.substring(cover.indexOf('/', 3) + 1);
        String dir = cover.contains("jmipod") ? "/jmipod/" : "/conseal/";
        Path p = Path.of(F5Test.class.getResource(dir + name).toURI());
        return JpegCoefficients.read(p).component(0).toLayout();
    }

    @Test
    void changesAndShrinkageAsConsealsF5() throws Exception {
        assertSame(F5.ALGORITHM, Algorithms.get("f5"));
        for (Row row : rows()) {
            int[][][] y = {coefficients(row.cover())};
            String at = row.cover() + " at " + row.alpha();
            assertEquals(row.nzac(), DctLayout.nonZeroAc(y), at);
            double p = Nsf5.shareOfOnes(y);
            assertEquals((double) row.ones() / row.total(), p, 0.0, at);
            // with conseal's beta (its fminbound, xtol 1e-4) our count is conseal's exactly
            assertEquals(row.changes(), (long) Math.min(row.nzac(), Math.ceil(row.beta() / (1 - p) * row.nzac() - 1e-9)), at);
            // with the exact inverse entropy (conseal's is to 1e-4): the same count on all these covers and payloads
            Simulation s = F5.embed(y, row.alpha(), 1);
            assertEquals(row.changes(), s.changes(), at);
            assertEquals(row.alpha() * row.nzac(), s.entropyBits(), 1e-6 * row.nzac(), at);
            // shrinkage: the mean number of coefficients made 0 over as many seeds as conseal's run
            long onesAc = 0;
            for (int r = 0; r < y[0].length; r++) {
                for (int c = 0; c < y[0][0].length; c++) {
                    onesAc += Math.abs(y[0][r][c]) == 1 && !DctLayout.isDc(r, c) ? 1 : 0;
                }
            }
            double sum = 0;
            for (int seed = 1; seed <= row.seeds(); seed++) {
                Simulation t = F5.embed(y, row.alpha(), seed);
                long shrunk = 0;
                for (int r = 0; r < y[0].length; r++) {
                    for (int c = 0; c < y[0][0].length; c++) {
                        int d = t.stego()[r][c] - y[0][r][c];
                        assertTrue(d == 0 || d == -Integer.signum(y[0][r][c]), at + ": only magnitudes decrease");
                        shrunk += y[0][r][c] != 0 && t.stego()[r][c] == 0 ? 1 : 0;
                    }
                }
                assertEquals(s.changes(), t.changes());
                sum += shrunk;
            }
            double q = (double) onesAc / row.nzac();
            double expected = s.changes() * q;                       // hypergeometric mean
            double sd = Math.sqrt(s.changes() * q * (1 - q) * 2.0 / row.seeds()) + 1e-9;   // of the two means' difference
            assertTrue(Math.abs(sum / row.seeds() - row.shrinkMean()) <= 5 * sd + Math.abs(expected - row.changes() * q),
                    at + ": mean shrinkage " + sum / row.seeds() + ", conseal's " + row.shrinkMean());
        }
        assertThrows(IllegalArgumentException.class, () -> F5.embed(new int[][][] {coefficients("../conseal/seeding_q75.jpg")}, 1.01, 1));
    }

    @Test
    void matrixEncodingVariantHidesARealMessageOfThePayloadsLength() throws Exception {
        Algorithm me = Algorithms.get("f5:matrix-encoding");
        assertEquals("f5:matrix-encoding", me.name());
        int[][] y = coefficients("../jmipod/aitz80x72_q75.jpg");
        int[] qt = new int[64];
        java.util.Arrays.fill(qt, 1);
        long nz = DctLayout.nonZeroAc(new int[][][] {y});
        for (double payload : new double[] {0.05, 0.2, 0.4}) {
            Simulation s = me.embed(new int[][][] {y}, new int[][] {qt}, payload, 77);
            byte[] expected = F5.message(payload * nz, 77);
            assertEquals((int) Math.floor(payload * nz / 8), expected.length);
            assertArrayEquals(expected, F5Embedding.reveal(s.stegoComponents(), F5.key(77)));
            assertEquals(8.0 * expected.length, s.entropyBits());
            long changed = 0;
            for (int r = 0; r < y.length; r++) {
                for (int c = 0; c < y[0].length; c++) {
                    int d = s.stego()[r][c] - y[r][c];
                    assertTrue(d == 0 || d == -Integer.signum(y[r][c]));
                    assertTrue(d == 0 || !DctLayout.isDc(r, c));
                    changed += d != 0 ? 1 : 0;
                    assertEquals(d < 0 ? 1 : 0, s.changeProbabilities().pMinus()[r][c]);
                    assertEquals(d > 0 ? 1 : 0, s.changeProbabilities().pPlus()[r][c]);
                }
            }
            assertEquals(changed, s.changes());
            assertTrue(changed > 0);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> me.embed(new int[][][] {y}, new int[][] {qt}, 0.95, 1));
        assertTrue(e.getMessage().contains("F5 matrix encoding") && e.getMessage().contains("exceeds"), e.getMessage());
    }
}
