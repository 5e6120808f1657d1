package org.efficientmixnet.stego.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A cover and conseal's costs for it, as conseal/conseal_reference.py writes them (run on the fetched conseal):
 * the cover components, then conseal's +1 and -1 costs with its wet cost 1e10.
 */
record ConsealFixture(int[][][] covers, double[][][] rhoPlus, double[][][] rhoMinus) {
    static final double CONSEAL_WET = 1e10;

    static ConsealFixture read(String name) throws Exception {
        try (InputStream in = ConsealFixture.class.getResourceAsStream("conseal/" + name)) {
            assertNotNull(in, "fixture conseal/" + name + " missing");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String[] dims = r.readLine().trim().split(" ");
            int k = dims.length / 2;
            int[][][] covers = new int[k][][];
            for (int i = 0; i < k; i++) {
                int rows = Integer.parseInt(dims[2 * i]);
                int cols = Integer.parseInt(dims[2 * i + 1]);
                covers[i] = new int[rows][cols];
                for (int row = 0; row < rows; row++) {
                    String[] t = r.readLine().trim().split(" ");
                    for (int c = 0; c < cols; c++) {
                        covers[i][row][c] = Integer.parseInt(t[c]);
                    }
                }
            }
            double[][][] p = maps(r, "rho_p1", covers);
            double[][][] m = maps(r, "rho_m1", covers);
            return new ConsealFixture(covers, p, m);
        }
    }

    private static double[][][] maps(BufferedReader r, String label, int[][][] covers) throws Exception {
        assertEquals(label, r.readLine().trim());
        double[][][] out = new double[covers.length][][];
        for (int i = 0; i < covers.length; i++) {
            out[i] = new double[covers[i].length][covers[i][0].length];
            for (int row = 0; row < covers[i].length; row++) {
                String[] t = r.readLine().trim().split(" ");
                for (int c = 0; c < t.length; c++) {
                    out[i][row][c] = Double.parseDouble(t[c]);
                }
            }
        }
        return out;
    }

    /**
     * Our costs equal conseal's to {@code relative} on every element conseal does not make wet; where conseal has
     * its wet cost, ours is +Infinity (or, for costs conseal caps at 1e10, at least that).
     */
    void assertMatches(int component, CostMap ours, double relative) {
        assertMatches(component, ours, relative, CONSEAL_WET);
    }

    /** As {@link #assertMatches(int, CostMap, double)} for an algorithm whose conseal wet cost is {@code wet}. */
    void assertMatches(int component, CostMap ours, double relative, double wet) {
        double worst = 0;
        int compared = 0;
        for (int dir = 0; dir < 2; dir++) {
            double[][] ref = (dir == 0 ? rhoPlus : rhoMinus)[component];
            double[][] got = dir == 0 ? ours.rhoPlus() : ours.rhoMinus();
            for (int r = 0; r < ref.length; r++) {
                for (int c = 0; c < ref[0].length; c++) {
                    String at = (dir == 0 ? "rho+" : "rho-") + "[" + r + "][" + c + "]";
                    if (ref[r][c] >= wet) {
                        assertTrue(got[r][c] >= wet, at + ": conseal wet, ours " + got[r][c]);
                        continue;
                    }
                    double rel = Math.abs(got[r][c] - ref[r][c]) / Math.abs(ref[r][c]);
                    worst = Math.max(worst, rel);
                    assertTrue(rel <= relative, at + ": ours " + got[r][c] + ", conseal " + ref[r][c] + " (relative " + rel + ")");
                    compared++;
                }
            }
        }
        assertTrue(compared > 0, "no non-wet cost compared");
    }
}
