package org.efficientmixnet.stego.embed;

import java.util.function.Function;

/**
 * An additive distortion: the costs {@code ρ+} / {@code ρ-} of changing each element of one cover component by
 * +1 / -1, {@code +Infinity} for a change that must not happen (wet elements, range limits). This is the first
 * half of an {@link Algorithm}; the {@link Simulator} (or a real code) is the second, and never looks inside.
 */
@FunctionalInterface
public interface CostFunction {
    /**
     * @param cover      spatial: grayscale pixels {@code [row][col]}; JPEG: the quantized coefficients of one
     *                   component in the 2-D layout (row 8·i+k, column 8·j+l)
     * @param quantTable JPEG: that component's table, indexed {@code k*8+l}; spatial: ignored (may be null)
     */
    CostMap costs(int[][] cover, int[] quantTable);

    /** A spatial cost function from one of pixels alone. */
    static CostFunction spatial(Function<int[][], CostMap> f) {
        return (cover, quantTable) -> f.apply(cover);
    }
}
