package org.efficientmixnet.stego.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.efficientmixnet.stego.dataset.CoverPreparation;
import org.efficientmixnet.stego.dataset.GrayImages;
import org.efficientmixnet.stego.embed.Nsf5;
import org.efficientmixnet.stego.embed.Simulation;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpegAttackTest {
    @TempDir
    static Path dir;

    /** The 16 real-photo cover tiles as grayscale JPEGs at quality 75. */
    static List<JpegCoefficients> covers() throws Exception {
        List<JpegCoefficients> out = new ArrayList<>();
        for (int[][] px : AttackStudy.covers(StructuralAttackTest.resource("covers"), 1, 0, 100)) {
            Path f = dir.resolve("c" + out.size() + ".jpg");
            CoverPreparation.writeJpeg(f, GrayImages.toImage(px), 75);
            out.add(JpegCoefficients.read(f));
        }
        return out;
    }

    static long nonZeroAc(int[][] layout) {
        long n = 0;
        for (int r = 0; r < layout.length; r++) {
            for (int c = 0; c < layout[0].length; c++) {
                if ((r % 8 != 0 || c % 8 != 0) && layout[r][c] != 0) {
                    n++;
                }
            }
        }
        return n;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
    }

    /** nsF5 at known payloads: the calibration estimate of β against the true fraction of changed non-zero AC. */
    @Test
    void calibrationEstimatesTheChangeRateOfNsf5() throws Exception {
        List<JpegCoefficients> covers = covers();
        StringBuilder report = new StringBuilder();
        for (double payload : new double[] {0, 0.1, 0.2, 0.4}) {
            double[] err = new double[covers.size()];
            double[] truth = new double[covers.size()];
            for (int i = 0; i < covers.size(); i++) {
                JpegCoefficients j = covers.get(i).copy();
                int[][] layout = j.component(0).toLayout();
                long nz = nonZeroAc(layout);
                Simulation s = Nsf5.embed(layout, payload, 10 + i);
                j.component(0).fromLayout(s.stego());
                truth[i] = (double) s.changes() / nz;
                err[i] = Calibration.estimate(j).beta() - truth[i];
            }
            double[] abs = Arrays.stream(err).map(Math::abs).toArray();
            report.append(String.format("payload %.1f: true β %.4f, median error %+.4f, median |error| %.4f%n",
                    payload, median(truth), median(err), median(abs)));
            assertTrue(median(abs) < 0.05, report.toString());
        }
        System.out.print(report);
    }

    /** Sequential LSB replacement (JSteg-like) on the coefficients other than 0 and 1, over the first part. */
    @Test
    void chiSquareFindsTheEmbeddedPrefix() throws Exception {
        List<JpegCoefficients> covers = covers();
        for (int i = 0; i < 4; i++) {
            int[] samples = ChiSquare.jpegSamples(covers.get(i).component(0).toLayout());
            ChiSquare.Result cover = ChiSquare.attack(samples, 20);
            assertTrue(cover.fraction() <= 0.1, "cover " + i + ": " + Arrays.toString(cover.pValues()));
            int[] stego = samples.clone();
            SplittableRandom r = new SplittableRandom(i);
            int n = stego.length / 2;
            for (int k = 0; k < n; k++) {
                int v = (stego[k] & ~1) | r.nextInt(2);
                stego[k] = v == 0 || v == 1 ? stego[k] : v; // JSteg never makes a 0 or 1
            }
            ChiSquare.Result res = ChiSquare.attack(stego, 20);
            // the cumulative test remembers the embedded part: its p-value falls some way after the message ends
            assertTrue(res.fraction() >= 0.45 && res.fraction() <= 0.75, "stego " + i + ": " + Arrays.toString(res.pValues()));
        }
    }

    @Test
    void chiSquareByHand() {
        // pairs (0,1): 10 vs 10; (2,3): 20 vs 0 → χ² = 0 + (20 − 10)²/10 = 10, 1 degree of freedom: p = 0.00157
        int[] x = new int[40];
        Arrays.fill(x, 0, 10, 0);
        Arrays.fill(x, 10, 20, 1);
        Arrays.fill(x, 20, 40, 2);
        assertEquals(0.0015654022580025, ChiSquare.attack(x, 1).pValues()[0], 1e-12);
        assertEquals(0.5, ChiSquare.regularizedGammaP(1, Math.log(2)), 1e-14);
        assertEquals(Math.log(24), ChiSquare.logGamma(5), 1e-12);
    }
}
