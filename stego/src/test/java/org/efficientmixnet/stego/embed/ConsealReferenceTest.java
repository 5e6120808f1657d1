package org.efficientmixnet.stego.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.efficientmixnet.io.Npy;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every default cost map against conseal's own output (stego/src/test/fixtures/conseal/make_conseal_fixtures.py,
 * run on conseal itself; see manifest.json beside the fixtures): each non-wet cost to 1e-9 relative, and every
 * element conseal makes wet (its wet_cost or more) infinite here.
 */
class ConsealReferenceTest {
    /** conseal's wet_cost per algorithm (compute_cost_adjusted defaults). */
    private static final Map<String, Double> WET = Map.of("juniward", 1e13, "uerd", 1e13, "ebs", 1e13, "nsf5", 1e10,
            "hill", 1e10, "suniward", 1e8);
    /** fixture algorithm name → registry algorithm (with variant). */
    private static final Map<String, Algorithm> OURS = Map.of(
            "juniward", JUniward.ALGORITHM,
            "juniward-unrounded", JUniward.ALGORITHM.variant("unrounded"),
            "juniward-fixed-window", JUniward.ALGORITHM.variant("fixed-window"),
            "uerd", Uerd.ALGORITHM,
            "ebs", Ebs.ALGORITHM,
            "nsf5", Nsf5.ALGORITHM,
            "hill", Hill.ALGORITHM,
            "suniward", SUniward.ALGORITHM);

    static Path dir() throws Exception {
        return Paths.get(ConsealReferenceTest.class.getResource("/conseal/manifest.json").toURI()).getParent();
    }

    static Stream<String> maps() throws Exception {
        try (Stream<Path> s = Files.list(dir())) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".p1.npy"))
                    .map(n -> n.substring(0, n.length() - ".p1.npy".length())).sorted().toList();
            assertFalse(names.isEmpty());
            return names.stream();
        }
    }

    private static int[][] ints(Path p) throws IOException {
        double[][] d = Npy.readDoubles(p);
        int[][] out = new int[d.length][d[0].length];
        for (int r = 0; r < d.length; r++) {
            for (int c = 0; c < d[0].length; c++) {
                out[r][c] = (int) d[r][c];
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("maps")
    void defaultCostsEqualConseals(String stem) throws Exception {
        // stem = NAME.cC.ALGO
        String[] parts = stem.split("\\.");
        String name = parts[0];
        int component = Integer.parseInt(parts[1].substring(1));
        String algo = parts[2];
        Algorithm a = OURS.get(algo);
        Path dir = dir();
        CostMap ours;
        if (Files.exists(dir.resolve(name + ".jpg"))) {
            JpegCoefficients j = JpegCoefficients.read(dir.resolve(name + ".jpg"));
            ours = a.costs(j.component(component).toLayout(), j.quantTableOf(component));
        } else if (Files.exists(dir.resolve(name + ".coef.npy"))) {
            int[][] q = ints(dir.resolve(name + ".qt.npy"));
            int[] qt = new int[64];
            for (int k = 0; k < 64; k++) {
                qt[k] = q[k / 8][k % 8];
            }
            ours = a.costs(ints(dir.resolve(name + ".coef.npy")), qt);
        } else {
            ours = a.costs(ints(dir.resolve(name + ".px.npy")));
        }
        double[][] p1 = Npy.readDoubles(dir.resolve(stem + ".p1.npy"));
        Path m1File = dir.resolve(stem + ".m1.npy");
        double[][] m1 = Files.exists(m1File) ? Npy.readDoubles(m1File) : p1;
        double wet = WET.get(algo.replaceFirst("-.*", ""));
        compare(stem + " rho+", p1, ours.rhoPlus(), wet);
        compare(stem + " rho-", m1, ours.rhoMinus(), wet);
    }

    private static void compare(String what, double[][] ref, double[][] ours, double wet) {
        assertEquals(ref.length, ours.length, what + " rows");
        assertEquals(ref[0].length, ours[0].length, what + " columns");
        int bad = 0;
        String first = null;
        long dry = 0;
        for (int r = 0; r < ref.length; r++) {
            for (int c = 0; c < ref[0].length; c++) {
                double want = ref[r][c];
                double got = ours[r][c];
                boolean ok = want >= wet ? got == Double.POSITIVE_INFINITY
                        : Math.abs(got - want) <= 1e-9 * Math.abs(want);
                dry += want < wet ? 1 : 0;
                if (!ok) {
                    bad++;
                    if (first == null) {
                        first = "(" + r + "," + c + "): conseal " + want + ", ours " + got;
                    }
                }
            }
        }
        assertTrue(dry > 0, what + ": all wet");
        assertEquals(0, bad, what + ": " + bad + " elements differ, first " + first);
    }
}
