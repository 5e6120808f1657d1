package org.efficientmixnet.steganalysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SrmStemTest {
    @Test
    void thirtyDistinctHighPassKernelsNormalizedAtTheCentre() {
        float[][][] k = SrmStem.kernels();
        assertEquals(30, k.length);
        Set<String> distinct = new HashSet<>();
        for (float[][] kernel : k) {
            double sum = 0;
            double max = 0;
            for (float[] row : kernel) {
                for (float v : row) {
                    sum += v;
                    max = Math.max(max, Math.abs(v));
                }
            }
            assertEquals(0, sum, 1e-6, "a high-pass kernel sums to 0");
            assertEquals(1, Math.abs(kernel[2][2]), 1e-6, "normalized by the central magnitude");
            assertEquals(1, max, 1e-6);
            distinct.add(java.util.Arrays.deepToString(kernel));
        }
        assertEquals(30, distinct.size());
        // first order: −1 at the centre, +1 at the right neighbour; SQUARE 5×5 / 12
        assertEquals(1f, k[0][2][3], 0);
        assertEquals(-12f / 12, k[21][2][2], 1e-6);
        assertEquals(8f / 12, k[21][1][2], 1e-6);
    }

    @Test
    void convolvesEveryChannelAndTruncates() {
        try (Model m = Model.newInstance("srm"); NDManager nd = NDManager.newBaseManager()) {
            SrmStem stem = new SrmStem(2, 3f, false);
            stem.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 2, 8, 8));
            stem.resetToSrm();
            float[] x = new float[2 * 64];
            x[64 + 3 * 8 + 4] = 10; // an impulse in channel 1
            NDArray out = stem.forward(new ParameterStore(nd, false), new NDList(nd.create(x, new Shape(1, 2, 8, 8))),
                    false).singletonOrThrow();
            assertEquals(new Shape(1, 60, 8, 8), out.getShape());
            float[] o = out.toFloatArray();
            // channel 0's 30 maps are zero; channel 1's first-order map at the impulse: −10 truncated to −3
            for (int i = 0; i < 30 * 64; i++) {
                assertEquals(0, o[i], 0);
            }
            assertEquals(-3f, o[30 * 64 + 3 * 8 + 4], 1e-6);
            assertTrue(!stem.trainable());
        }
    }
}
