package org.efficientmixnet.stego.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.efficientmixnet.stego.ensemble.FeatureMatrix;
import org.efficientmixnet.stego.jpeg.JpegPixels;
import org.junit.jupiter.api.Test;

class DctrTest {
    static Path resource(String name) throws Exception {
        return Path.of(DctrTest.class.getResource(name).toURI());
    }

    /** The luminance of coefficients in jpegio layout, dequantized with {@code qt} and inverse-transformed (+128). */
    static double[][] decompress(double[][] coef, int[] qt) {
        int h = coef.length;
        int w = coef[0].length;
        double[][] x = new double[h][w];
        double[] in = new double[64];
        double[] out = new double[64];
        for (int bi = 0; bi < h / 8; bi++) {
            for (int bj = 0; bj < w / 8; bj++) {
                for (int k = 0; k < 64; k++) {
                    in[k] = coef[bi * 8 + k / 8][bj * 8 + k % 8] * qt[k];
                }
                JpegPixels.idct(in, out);
                for (int k = 0; k < 64; k++) {
                    x[bi * 8 + k / 8][bj * 8 + k % 8] = out[k] + 128;
                }
            }
        }
        return x;
    }

    /** Against sealwatch's DCTR (a port of DCTR.m) with MATLAB's rounding, run by make_dctr_reference.py. */
    @Test
    void matchesTheReference() throws Exception {
        String[][] cases = {{"aitzgorri_0_q75", "75"}, {"sunset_1_q90", "90"}};
        for (String[] c : cases) {
            int qf = Integer.parseInt(c[1]);
            double[][] coef = FeatureMatrix.read(resource("/features/" + c[0] + "_coef.npy"));
            double[] ref = FeatureMatrix.read(resource("/features/" + c[0] + "_dctr.npy"))[0];
            double[] f = Dctr.extract(decompress(coef, JpegQuality.table(qf)), 128, Dctr.quantStep(qf));
            assertEquals(Dctr.DIMENSION, f.length);
            assertArrayEquals(ref, f, 1e-12, c[0]);
        }
    }

    @Test
    void histogramsAreNormalizedAndQualityIsRead() throws Exception {
        double[] f = Dctr.extract(resource("/jpeg/gray_baseline.jpg"), 0);
        assertEquals(8000, f.length);
        for (int h = 0; h < 1600; h++) {
            double s = 0;
            for (int b = 0; b < 5; b++) {
                s += f[h * 5 + b];
            }
            assertEquals(1.0, s, 1e-12, "histogram " + h);
        }
        // mode (0, 0) of an image is mostly far from zero: most values are truncated at T
        assertTrue(f[4] > 0.5, "DC mode, phase (0,0), bin T: " + f[4]);
    }

    @Test
    void qualityEstimate() {
        for (int q : new int[] {10, 50, 75, 90, 95, 100}) {
            assertEquals(q, JpegQuality.estimate(JpegQuality.table(q)));
            assertTrue(JpegQuality.exact(JpegQuality.table(q)));
        }
        int[] t = JpegQuality.table(80);
        t[63] += 7;
        assertEquals(80, JpegQuality.estimate(t));
        assertTrue(!JpegQuality.exact(t));
        assertEquals(0.2, Dctr.quantStep(100), 1e-15);
        assertEquals(4.0, Dctr.quantStep(75), 1e-15);
        assertEquals(1.6, Dctr.quantStep(90), 1e-12);
        assertEquals(16.0, Dctr.quantStep(25), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> Dctr.quantStep(0));
    }
}
