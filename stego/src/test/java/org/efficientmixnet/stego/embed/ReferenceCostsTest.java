package org.efficientmixnet.stego.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Compares every cost map with reference_costs.csv, computed by reference_costs.py (beside the CSV) in numpy
 * following the authors' MATLAB procedures, on the same synthetic 16x24 cover built here.
 */
class ReferenceCostsTest {
    private static final int ROWS = 16;
    private static final int COLS = 24;

    private static int[][] pixels() {
        int[][] x = new int[ROWS][COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                x[r][c] = (r * 37 + c * 61 + (r * c) % 13 * 17) % 256;
            }
        }
        return x;
    }

    private static int[][] coefficients() {
        int[][] x = new int[ROWS][COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                x[r][c] = (r % 8 + c % 8) > 6 ? 0 : (r * 7 + c * 13 + r * c) % 11 - 5;
            }
        }
        x[0][3] = 1023;
        return x;
    }

    private static int[] table() {
        int[] q = new int[64];
        for (int i = 0; i < 64; i++) {
            q[i] = 3 + i % 7 + i / 8;
        }
        return q;
    }

    private static Map<String, double[][]> reference() throws Exception {
        Map<String, double[][]> maps = new HashMap<>();
        try (InputStream in = ReferenceCostsTest.class.getResourceAsStream("reference_costs.csv")) {
            assertNotNull(in, "reference_costs.csv missing");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            reader.readLine();
            for (String line; (line = reader.readLine()) != null; ) {
                String[] f = line.split(",");
                maps.computeIfAbsent(f[0], k -> new double[ROWS][COLS])
                        [Integer.parseInt(f[1])][Integer.parseInt(f[2])] = Double.parseDouble(f[3]);
            }
        }
        return maps;
    }

    @Test
    void costsMatchTheNumpyPortOfThePublishedProcedures() throws Exception {
        Map<String, double[][]> ref = reference();
        int[][] px = pixels();
        int[][] c = coefficients();
        int[] q = table();
        Map<String, CostMap> ours = Map.of(
                "suniward", SUniward.costs(px),
                "hill", Hill.costs(px, Hill.Variant.UNSCALED),
                "juniward_exact", JUniward.costs(c, q, JUniward.Variant.FIXED_WINDOW),
                "juniward_published", JUniward.costs(c, q, JUniward.Variant.UNROUNDED),
                "uerd", Uerd.costs(c, q, Uerd.Boundary.ZERO),
                "ebs", Ebs.costs(c, q, Ebs.Variant.DC_WET));
        assertEquals(ours.keySet(), ref.keySet());
        for (Map.Entry<String, CostMap> e : ours.entrySet()) {
            double[][] expected = ref.get(e.getKey());
            for (int r = 0; r < ROWS; r++) {
                for (int k = 0; k < COLS; k++) {
                    double want = expected[r][k];
                    double got = e.getValue().rhoPlus()[r][k];
                    String where = e.getKey() + " at " + r + "," + k;
                    if (Double.isInfinite(want)) {
                        assertEquals(want, got, where);
                    } else {
                        assertEquals(want, got, 1e-9 * Math.abs(want), where);
                    }
                }
            }
        }
    }
}
