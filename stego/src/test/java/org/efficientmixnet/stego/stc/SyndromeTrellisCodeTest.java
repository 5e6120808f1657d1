package org.efficientmixnet.stego.stc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyndromeTrellisCodeTest {

    record Case(int h, int n, int m, double distortion, byte[] cover, double[] costs, byte[] message, byte[] stego,
                byte[] syndrome) {
    }

    static byte[] bits(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (s.charAt(i) - '0');
        }
        return b;
    }

    static List<Case> reference() throws Exception {
        List<Case> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                SyndromeTrellisCodeTest.class.getResourceAsStream("/stc/reference_stc.txt"), StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] t = line.split(" ");
                String[] cs = t[5].split(",");
                double[] costs = new double[cs.length];
                for (int i = 0; i < cs.length; i++) {
                    costs[i] = Double.parseDouble(cs[i]);
                }
                out.add(new Case(Integer.parseInt(t[0]), Integer.parseInt(t[1]), Integer.parseInt(t[2]),
                        Double.parseDouble(t[3]), bits(t[4]), costs, bits(t[6]), bits(t[7]), bits(t[8])));
            }
        }
        return out;
    }

    @Test
    void extractionEqualsTheReference() throws Exception {
        List<Case> cases = reference();
        assertEquals(14, cases.size());
        for (Case c : cases) {
            SyndromeTrellisCode stc = new SyndromeTrellisCode(c.h());
            assertArrayEquals(c.syndrome(), stc.extract(c.stego(), c.m()), "h=" + c.h() + " n=" + c.n() + " m=" + c.m());
            assertArrayEquals(c.message(), c.syndrome(), "the reference embeds its message");
        }
    }

    @Test
    void embeddingIsAsCheapAsTheReferenceViterbi() throws Exception {
        for (Case c : reference()) {
            SyndromeTrellisCode stc = new SyndromeTrellisCode(c.h());
            SyndromeTrellisCode.Result r = stc.embed(c.cover(), c.costs(), c.message());
            String what = "h=" + c.h() + " n=" + c.n() + " m=" + c.m();
            assertArrayEquals(c.message(), stc.extract(r.stego(), c.m()), what);
            double d = 0;
            for (int i = 0; i < c.n(); i++) {
                if (r.stego()[i] != c.cover()[i]) {
                    d += c.costs()[i];
                }
            }
            assertEquals(d, r.distortion(), 1e-9 * d, what);
            // the reference sums in single precision
            assertEquals(c.distortion(), d, 1e-5 * d, what);
        }
    }

    @Test
    void viterbiIsOptimalOnTinyCodes() {
        // brute force over all 2^n stego vectors
        SplittableRandom rnd = new SplittableRandom(3);
        for (int trial = 0; trial < 40; trial++) {
            int h = 2 + rnd.nextInt(4);
            int n = 6 + rnd.nextInt(9);
            int m = 1 + rnd.nextInt(n / 2);
            SyndromeTrellisCode stc = new SyndromeTrellisCode(h);
            byte[] x = new byte[n];
            double[] rho = new double[n];
            byte[] msg = new byte[m];
            for (int i = 0; i < n; i++) {
                x[i] = (byte) rnd.nextInt(2);
                rho[i] = rnd.nextInt(5) == 0 ? Double.POSITIVE_INFINITY : rnd.nextDouble();
            }
            for (int i = 0; i < m; i++) {
                msg[i] = (byte) rnd.nextInt(2);
            }
            double best = Double.POSITIVE_INFINITY;
            for (int mask = 0; mask < 1 << n; mask++) {
                byte[] y = new byte[n];
                double d = 0;
                for (int i = 0; i < n; i++) {
                    y[i] = (byte) ((mask >> i) & 1);
                    if (y[i] != x[i]) {
                        d += rho[i];
                    }
                }
                if (d < best && java.util.Arrays.equals(stc.extract(y, m), msg)) {
                    best = d;
                }
            }
            if (best == Double.POSITIVE_INFINITY) {
                double fb = best;
                assertThrows(SyndromeTrellisCode.NoSolutionException.class, () -> stc.embed(x, rho, msg), "" + fb);
            } else {
                SyndromeTrellisCode.Result r = stc.embed(x, rho, msg);
                assertArrayEquals(msg, stc.extract(r.stego(), m));
                assertEquals(best, r.distortion(), 1e-12);
                for (int i = 0; i < n; i++) {
                    assertTrue(rho[i] < Double.POSITIVE_INFINITY || r.stego()[i] == x[i], "wet bit flipped");
                }
            }
        }
    }

    @Test
    void roundTripsOverManySizesRatesAndHeights() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 60; trial++) {
            int h = new int[] {7, 8, 10, 12, 5, 13}[trial % 6];
            int n = 50 + rnd.nextInt(3000);
            int m = 1 + rnd.nextInt(Math.max(1, n * 9 / 10));
            byte[] x = new byte[n];
            double[] rho = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = (byte) rnd.nextInt(2);
                rho[i] = rnd.nextDouble() * 10;
            }
            byte[] msg = new byte[m];
            for (int i = 0; i < m; i++) {
                msg[i] = (byte) rnd.nextInt(2);
            }
            SyndromeTrellisCode stc = new SyndromeTrellisCode(h);
            SyndromeTrellisCode.Result r = stc.embed(x, rho, msg);
            assertArrayEquals(msg, stc.extract(r.stego(), m), "h=" + h + " n=" + n + " m=" + m);
        }
    }

    @Test
    void randomSubmatricesFollowTheReferenceRule() {
        // outside the table: first and last row all ones, distinct columns while 2^(h-2) >= w
        int[] cols = Submatrices.columns(30, 10);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int c : cols) {
            assertEquals(1, c & 1);
            assertEquals(1 << 9, c & (1 << 9));
            assertTrue(c < 1 << 10);
            assertTrue(seen.add(c));
        }
        assertArrayEquals(new int[] {109, 71}, Submatrices.columns(2, 7));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new SyndromeTrellisCode(1));
        assertThrows(IllegalArgumentException.class, () -> new SyndromeTrellisCode(17));
        SyndromeTrellisCode stc = new SyndromeTrellisCode(7);
        assertThrows(IllegalArgumentException.class, () -> stc.embed(new byte[4], new double[4], new byte[5]));
        assertThrows(IllegalArgumentException.class, () -> stc.embed(new byte[4], new double[] {1, 1, Double.NaN, 1}, new byte[2]));
        assertThrows(IllegalArgumentException.class, () -> stc.embed(new byte[4], new double[3], new byte[2]));
    }
}
