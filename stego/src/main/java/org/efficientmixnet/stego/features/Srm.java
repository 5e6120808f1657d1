package org.efficientmixnet.stego.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The spatial rich model SRM (Fridrich, Kodovsky, "Rich models for steganalysis of digital images", IEEE TIFS 7(3),
 * 2012) of an 8-bit grayscale image, as the DDE Lab's {@code SRM.m} defines it: 106 submodels, 34,671 features.
 *
 * <p>Residuals: 1st order (quantization steps q ∈ {1, 2}), 2nd and 3rd order, the 3×3 and 5×5 SQUARE kernels (KB, KV)
 * and their EDGE halves (q ∈ {1, 1.5, 2}); each divided by q times its central coefficient, rounded and truncated
 * at T = 2; 4-D co-occurrences of spam and min/max residuals along rows and columns, each scan normalized to sum 1,
 * sign- and direction-symmetrized (see {@link SpatialRichModel}). Order: the fields of the struct SRM.m returns, in
 * field order — for q = 1 (then 2) the 1st-order submodels, then 2nd order for q = 1, 1.5, 2, 3rd order, 3×3 and
 * 5×5; inside a step the order of {@link #submodels()} (e.g. {@code s1_minmax22h_q1, s1_minmax34h_q1, …,
 * s1_spam14hv_q1}). Each minmax submodel has 325 values, each spam submodel (h and v halves, or s35_spam11: the
 * 3×3 then the 5×5 spam11) 338. Values are the single-precision numbers the MATLAB code stores, as doubles.
 */
public final class Srm {
    /** One submodel: its SRM.m name, its first index in the feature vector and its number of values. */
    public record Submodel(String name, int offset, int dimension) {
    }

    static final SpatialRichModel.Layout LAYOUT = SpatialRichModel.layout("SRM", new int[] {2, 4}, new int[] {2, 3, 4});
    public static final int DIMENSION = 34671;
    /** Smallest width and height accepted. */
    public static final int MIN_SIZE = SpatialRichModel.MIN_SIZE;

    static {
        if (LAYOUT.dimension != DIMENSION) {
            throw new IllegalStateException("SRM layout " + LAYOUT.dimension);
        }
    }

    private Srm() {
    }

    /** The 106 submodels in feature-vector order, with offsets. */
    public static List<Submodel> submodels() {
        return LAYOUT.submodels;
    }

    /** The submodel names in feature-vector order ({@code s1_minmax22h_q1} … {@code s5x5_spam14hv_q2}). */
    public static List<String> names() {
        return LAYOUT.names();
    }

    /** The features of an 8-bit grayscale image file (PNG, PGM, BMP, …); colour and images below 8×8 refused. */
    public static double[] extract(Path file) throws IOException {
        return SpatialRichModel.extract(file, LAYOUT);
    }

    /** The features of {@code pixels[row][column]} (0–255, at least 8×8). */
    public static double[] extract(int[][] pixels) {
        return SpatialRichModel.extract(pixels, LAYOUT);
    }
}
