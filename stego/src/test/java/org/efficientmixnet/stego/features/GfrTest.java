package org.efficientmixnet.stego.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.stego.dataset.SyntheticCovers;
import org.efficientmixnet.stego.embed.Nsf5;
import org.efficientmixnet.stego.ensemble.FeatureMatrix;
import org.efficientmixnet.stego.ensemble.FldEnsemble;
import org.efficientmixnet.stego.ensemble.FldEnsembleTrainer;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.efficientmixnet.stego.jpeg.JpegPixels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GfrTest {
    @TempDir
    Path dir;

    /**
     * Against sealwatch's GFR (a port of GFR.m) run by make_gfr_reference.py on two 128×128 real-photo crops, at
     * quality 75 (steps [2, 4, 6, 8]) and 95 (GFR.m's steps [0.5, 1, 1.5, 2]).
     */
    @Test
    void matchesTheReference() throws Exception {
        String[][] cases = {{"aitzgorri_0_q75", "75"}, {"sunset_1_q95", "95"}};
        for (String[] c : cases) {
            int qf = Integer.parseInt(c[1]);
            double[][] coef = FeatureMatrix.read(DctrTest.resource("/features/" + c[0] + "_coef.npy"));
            double[] ref = FeatureMatrix.read(DctrTest.resource("/features/" + c[0] + "_gfr.npy"))[0];
            double[] f = Gfr.extract(DctrTest.decompress(coef, JpegQuality.table(qf)), 128, Gfr.steps(qf));
            assertEquals(Gfr.DIMENSION, f.length);
            assertEquals(17000, ref.length);
            int nonzero = 0;
            for (int i = 0; i < f.length; i++) {
                double tol = 1e-9 * Math.abs(ref[i]);
                if (Math.abs(f[i] - ref[i]) > tol) {
                    throw new AssertionError(c[0] + ": feature " + i + " (" + Gfr.name(i) + ") " + f[i] + ", reference " + ref[i]);
                }
                nonzero += f[i] != 0 ? 1 : 0;
            }
            assertTrue(nonzero > 3400, c[0] + ": " + nonzero + " non-zero features");
        }
    }

    /** The fast convolution rests on these symmetries of the kernels; and the kernels are zero-sum. */
    @Test
    void kernelSymmetries() {
        for (double phi : Gfr.PHASES) {
            for (double sigma : Gfr.SIGMAS) {
                for (int r = 0; r < Gfr.ROTATIONS; r++) {
                    double[][] k = Gfr.kernel(sigma, r * Math.PI / Gfr.ROTATIONS, phi);
                    double[][] m = Gfr.kernel(sigma, ((Gfr.ROTATIONS - r) % Gfr.ROTATIONS) * Math.PI / Gfr.ROTATIONS, phi);
                    double sum = 0;
                    double max = 0;
                    for (int i = 0; i < 8; i++) {
                        for (int j = 0; j < 8; j++) {
                            sum += k[i][j];
                            max = Math.max(max, Math.abs(k[i][j]));
                        }
                    }
                    assertTrue(max > 0, "kernel " + sigma + "/" + r + "/" + phi);
                    assertEquals(0, sum, 1e-12);
                    double sign = phi == 0 ? 1 : -1;
                    for (int i = 0; i < 8; i++) {
                        for (int j = 0; j < 8; j++) {
                            assertEquals(sign * k[i][j], k[7 - i][7 - j], 1e-12, "centro-symmetry");
                            if (r > 0) {
                                assertEquals(k[i][j], m[i][7 - j], 1e-12, "orientation " + (Gfr.ROTATIONS - r) + " mirrors " + r);
                            }
                        }
                    }
                }
            }
        }
    }

    /** The fast path equals a direct 8×8 "valid" convolution on a random real-valued plane (not a JPEG). */
    @Test
    void equalsDirectConvolution() {
        java.util.Random rnd = new java.util.Random(7);
        int h = 29;
        int w = 37;
        double[][] x = new double[h][w];
        for (double[] row : x) {
            for (int j = 0; j < w; j++) {
                row[j] = 128 + 40 * rnd.nextGaussian();
            }
        }
        double[] steps = {2, 4, 6, 8};
        double[] f = Gfr.extract(x, 0, steps);
        // direct: histograms per kernel, then merged as GFR.m
        double[] g = new double[Gfr.DIMENSION];
        for (int p = 0; p < 2; p++) {
            for (int s = 0; s < 4; s++) {
                double[][] hist = new double[Gfr.ROTATIONS][];
                for (int r = 0; r < Gfr.ROTATIONS; r++) {
                    double[][] k = Gfr.kernel(Gfr.SIGMAS[s], r * Math.PI / Gfr.ROTATIONS, Gfr.PHASES[p]);
                    long[][] counts = new long[64][Gfr.T + 1];
                    for (int i = 0; i + 7 < h; i++) {
                        for (int j = 0; j + 7 < w; j++) {
                            double v = 0;
                            for (int u = 0; u < 8; u++) {
                                for (int t = 0; t < 8; t++) {
                                    v += x[i + u][j + t] * k[7 - u][7 - t];
                                }
                            }
                            counts[(i % 8) * 8 + j % 8][Math.min(Gfr.T, Dctr.roundHalfUp(Math.abs(v) / steps[s]))]++;
                        }
                    }
                    hist[r] = new double[125];
                    for (int a = 0; a < 5; a++) {
                        for (int b = 0; b < 5; b++) {
                            java.util.Set<Integer> phases = new java.util.TreeSet<>();
                            for (int[] c : new int[][] {{a, b}, {a, 8 - b}, {8 - a, b}, {8 - a, 8 - b}}) {
                                if (c[0] < 8 && c[1] < 8) {
                                    phases.add(c[0] * 8 + c[1]);
                                }
                            }
                            long total = 0;
                            long[] hb = new long[5];
                            for (int ph : phases) {
                                for (int bin = 0; bin < 5; bin++) {
                                    hb[bin] += counts[ph][bin];
                                    total += counts[ph][bin];
                                }
                            }
                            for (int bin = 0; bin < 5; bin++) {
                                hist[r][(a * 5 + b) * 5 + bin] = total == 0 ? 0 : (double) hb[bin] / total;
                            }
                        }
                    }
                }
                for (int r = 0; r <= 16; r++) {
                    for (int e = 0; e < 125; e++) {
                        double v = r == 0 || r == 16 ? hist[r][e] : (hist[r][e] + hist[32 - r][e]) / 2;
                        g[((p * 4 + s) * 17 + r) * 125 + e] = v;
                    }
                }
            }
        }
        for (int i = 0; i < g.length; i++) {
            assertEquals(g[i], f[i], 1e-12, Gfr.name(i));
        }
    }

    @Test
    void stepsNamesAndErrors() throws Exception {
        assertEquals(8.0, Gfr.steps(75)[3]);
        assertEquals(0.5, Gfr.steps(95)[0]);
        assertThrows(IllegalArgumentException.class, () -> Gfr.steps(90));
        assertEquals("phi=0 sigma=0.5 theta=0 group=(0,0) bin=0", Gfr.name(0));
        assertEquals("phi=0 sigma=0.5 theta=1/32pi+31/32pi group=(0,0) bin=0", Gfr.name(125));
        assertEquals("phi=pi/2 sigma=1.25 theta=16/32pi group=(4,4) bin=4", Gfr.name(16999));
        assertEquals("phi=pi/2 sigma=0.5 theta=0 group=(0,1) bin=2", Gfr.name(8500 + 7));

        Path q90 = dir.resolve("q90.jpg");
        SyntheticCovers.jpeg(32, 90, 1, 0).write(q90, false);
        FileFormatException e = assertThrows(FileFormatException.class, () -> Gfr.extract(q90, 0));
        assertTrue(e.getMessage().startsWith(q90.toString()) && e.getMessage().contains("quality 90"), e.getMessage());
        Path q75 = dir.resolve("q75.jpg");
        SyntheticCovers.jpeg(32, 75, 1, 0).write(q75, false);
        double[] f = Gfr.extract(q75, 0);
        for (int h = 0; h < Gfr.DIMENSION / 5; h++) {
            double s = 0;
            for (int b = 0; b < 5; b++) {
                s += f[h * 5 + b];
            }
            assertEquals(1.0, s, 1e-12, "histogram " + h);
        }
        Path small = dir.resolve("small.jpg");
        SyntheticCovers.jpeg(8, 75, 1, 0).write(small, false);
        assertEquals(Gfr.DIMENSION, Gfr.extract(small, 75).length);
        // colour: the luminance, as GFR.m (coef_arrays{1})
        Path colour = DctrTest.resource("/jpeg/progressive420.jpg");
        JpegCoefficients cj = JpegCoefficients.read(colour);
        assertEquals(3, cj.numComponents(), "a colour fixture");
        assertEquals(java.util.Arrays.toString(Gfr.extract(JpegPixels.component(cj, 0), 128, Gfr.steps(95))),
                java.util.Arrays.toString(Gfr.extract(colour, 95)));
        Path bad = dir.resolve("bad.jpg");
        Files.writeString(bad, "not a jpeg");
        Exception b = assertThrows(Exception.class, () -> Gfr.extract(bad, 75));
        assertTrue(b.getMessage().contains(bad.toString()), b.getMessage());
    }

    /**
     * GFR + the FLD ensemble (d_sub 300, L 31) tell nsF5 stegos (0.5 bpnzAC) from their covers: trained on 32
     * pairs of generated 128×128 JPEGs (quality 75), tested on 16 others (measured P_E 0.09; DCTR 0.13).
     */
    @Test
    void separatesNsf5FromCovers() {
        int n = 48;
        double[][] covers = new double[n][];
        double[][] stegos = new double[n][];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
            JpegCoefficients j = SyntheticCovers.jpeg(128, 75, 11, i);
            covers[i] = Gfr.extract(JpegPixels.component(j, 0), 128, Gfr.steps(75));
            j.component(0).fromLayout(Nsf5.embed(j.component(0).toLayout(), 0.5, i).stego());
            stegos[i] = Gfr.extract(JpegPixels.component(j, 0), 128, Gfr.steps(75));
        });
        int train = 32;
        FldEnsembleTrainer.Result r = FldEnsembleTrainer.train(java.util.Arrays.copyOf(covers, train),
                java.util.Arrays.copyOf(stegos, train), new FldEnsembleTrainer.Options(3, 0, 0, 31, 300, 500, 2), null);
        FldEnsemble e = r.ensemble();
        double[][] tc = java.util.Arrays.copyOfRange(covers, train, n);
        double[][] ts = java.util.Arrays.copyOfRange(stegos, train, n);
        int[] pc = e.predict(tc);
        int[] ps = e.predict(ts);
        int wrong = 0;
        for (int i = 0; i < pc.length; i++) {
            wrong += (pc[i] > 0 ? 1 : 0) + (ps[i] < 0 ? 1 : 0);
        }
        double pe = wrong / (2.0 * pc.length);
        assertTrue(pe < 0.25, "testing P_E " + pe + " on " + pc.length + " held-out pairs");
    }
}
