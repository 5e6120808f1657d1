package org.efficientmixnet.steganalysis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.nn.ParameterCopy;

/**
 * A high-pass stem in front of any network, as Ye-Net and Yedroudj-Net begin: the 30 basic SRM high-pass kernels
 * (Fridrich and Kodovský's spatial rich model), 5×5, applied to every input channel separately (a grouped
 * convolution with zero padding 2: 30·C output channels, parameter {@code weight} of shape (30·C, 1, 5, 5)), then a
 * truncated linear unit clipping to ±T (Ye-Net's T = 3 in pixel units; here T is given in the input's units). Fixed
 * (no gradient) or trainable from that initialization.
 *
 * <p>The 30 kernels, each normalized by its central magnitude as in Ye-Net and Yedroudj-Net: 8 first-order
 * differences (−1 at the centre, +1 at one of the 8 neighbours), 4 second-order ((1, −2, 1)/2 horizontally,
 * vertically and along both diagonals), 8 third-order ((1, −3, 3, −1)/3 along the 8 directions, the −3 at the
 * centre), SQUARE 3×3 (/4), SQUARE 5×5 (/12), 4 EDGE 3×3 (/4) and 4 EDGE 5×5 (/12): the upper halves of the squares
 * rotated by 90°.
 */
public final class SrmStem extends AbstractBlock {
    /** The number of SRM kernels. */
    public static final int KERNELS = 30;

    private final int channels;
    private final float threshold;
    private final Parameter weight;

    /**
     * @param channels  input channels
     * @param threshold TLU threshold in the input's units (≤ 0: no truncation)
     * @param trainable whether the kernels learn
     */
    public SrmStem(int channels, float threshold, boolean trainable) {
        super((byte) 1);
        this.channels = channels;
        this.threshold = threshold;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optInitializer(new ConstantInitializer(0f)).optShape(new Shape(KERNELS * channels, 1, 5, 5)).build());
        this.weight.freeze(!trainable);
    }

    /** The 30 kernels, [k][5][5]. */
    public static float[][][] kernels() {
        List<float[][]> ks = new ArrayList<>();
        int[][] dirs = {{0, 1}, {1, 1}, {1, 0}, {1, -1}, {0, -1}, {-1, -1}, {-1, 0}, {-1, 1}};
        for (int[] d : dirs) { // first order
            float[][] k = new float[5][5];
            k[2][2] = -1;
            k[2 + d[0]][2 + d[1]] = 1;
            ks.add(k);
        }
        for (int i = 0; i < 4; i++) { // second order: (1, −2, 1) / 2 along 4 axes
            int[] d = dirs[i];
            float[][] k = new float[5][5];
            k[2][2] = -1f;
            k[2 + d[0]][2 + d[1]] = 0.5f;
            k[2 - d[0]][2 - d[1]] = 0.5f;
            ks.add(k);
        }
        for (int[] d : dirs) { // third order: (1, −3, 3, −1) / 3, the −3 at the centre
            float[][] k = new float[5][5];
            k[2 - d[0]][2 - d[1]] = 1f / 3;
            k[2][2] = -1f;
            k[2 + d[0]][2 + d[1]] = 1f;
            k[2 + 2 * d[0]][2 + 2 * d[1]] = -1f / 3;
            ks.add(k);
        }
        float[][] sq3 = {{-1, 2, -1}, {2, -4, 2}, {-1, 2, -1}};
        float[][] sq5 = {{-1, 2, -2, 2, -1}, {2, -6, 8, -6, 2}, {-2, 8, -12, 8, -2}, {2, -6, 8, -6, 2},
                {-1, 2, -2, 2, -1}};
        ks.add(embed(sq3, 4, false));
        ks.add(embed(sq5, 12, false));
        float[][] e3 = embed(sq3, 4, true);
        for (int r = 0; r < 4; r++) {
            ks.add(e3);
            e3 = rot90(e3);
        }
        float[][] e5 = embed(sq5, 12, true);
        for (int r = 0; r < 4; r++) {
            ks.add(e5);
            e5 = rot90(e5);
        }
        return ks.toArray(new float[0][][]);
    }

    /** A square kernel centred in 5×5, divided by {@code norm}; {@code edge}: rows below the centre zeroed. */
    private static float[][] embed(float[][] k, float norm, boolean edge) {
        float[][] out = new float[5][5];
        int o = (5 - k.length) / 2;
        for (int y = 0; y < k.length; y++) {
            for (int x = 0; x < k.length; x++) {
                boolean below = edge && y > k.length / 2;
                out[o + y][o + x] = below ? 0 : k[y][x] / norm;
            }
        }
        return out;
    }

    private static float[][] rot90(float[][] k) {
        float[][] out = new float[5][5];
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) {
                out[y][x] = k[x][4 - y];
            }
        }
        return out;
    }

    /** Sets the weight to the SRM kernels (after initialization). */
    public void resetToSrm() {
        float[][][] k = kernels();
        float[] w = new float[KERNELS * channels * 25];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < KERNELS; i++) {
                for (int y = 0; y < 5; y++) {
                    for (int x = 0; x < 5; x++) {
                        w[((c * KERNELS + i) * 5 + y) * 5 + x] = k[i][y][x];
                    }
                }
            }
        }
        NDArray a = weight.getArray();
        try (NDManager tmp = a.getManager().newSubManager()) {
            ParameterCopy.copy(tmp.create(w, a.getShape()), a);
        }
    }

    public int outChannels() {
        return KERNELS * channels;
    }

    public boolean trainable() {
        return weight.requiresGradient();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray y = ai.djl.nn.convolutional.Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(2, 2), new Shape(1, 1),
                channels).singletonOrThrow();
        if (threshold > 0) {
            NDArray c = y.clip(-threshold, threshold);
            y.close();
            y = c;
        }
        return new NDList(y);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        return new Shape[] {new Shape(s.get(0), KERNELS * channels, s.get(2), s.get(3))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    }
}
