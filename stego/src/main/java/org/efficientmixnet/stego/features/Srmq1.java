package org.efficientmixnet.stego.features;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * SRMQ1, the q = 1 part of the spatial rich model (DDE Lab's {@code SRMQ1.m}): the 39 submodels of {@link Srm} whose
 * names end in {@code _q1}, in the same relative order, 12,753 features — identical values to those of SRM.
 */
public final class Srmq1 {
    static final SpatialRichModel.Layout LAYOUT = SpatialRichModel.layout("SRMQ1", new int[] {2}, new int[] {2});
    public static final int DIMENSION = 12753;
    /** Smallest width and height accepted. */
    public static final int MIN_SIZE = SpatialRichModel.MIN_SIZE;

    static {
        if (LAYOUT.dimension != DIMENSION) {
            throw new IllegalStateException("SRMQ1 layout " + LAYOUT.dimension);
        }
    }

    private Srmq1() {
    }

    /** The 39 submodels in feature-vector order, with offsets. */
    public static List<Srm.Submodel> submodels() {
        return LAYOUT.submodels;
    }

    /** The submodel names in feature-vector order ({@code s1_minmax22h_q1} … {@code s5x5_spam14hv_q1}). */
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
