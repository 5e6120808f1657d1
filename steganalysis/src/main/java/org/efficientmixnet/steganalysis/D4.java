package org.efficientmixnet.steganalysis;

/**
 * The eight symmetries of the square (rotations by multiples of 90° and reflections) on (C, H, W) planes: nothing
 * resamples, every pixel value is kept. Element {@code t} (0–7): a left-right flip when {@code t ≥ 4}, then
 * {@code t mod 4} rotations by 90° counter-clockwise. Elements with an odd rotation swap height and width.
 */
public final class D4 {
    private D4() {
    }

    /** Whether element {@code t} swaps height and width. */
    public static boolean swapsAxes(int t) {
        return (t & 1) == 1;
    }

    /**
     * Element {@code t} applied to a crop of {@code src} (C planes of {@code h × w}): the {@code size × size} window
     * at ({@code top}, {@code left}) (or the whole image when {@code size} is 0), written into {@code dst} at
     * {@code dstOffset}.
     */
    public static void apply(int t, float[] src, int c, int h, int w, int top, int left, int ch, int cw, float[] dst,
            int dstOffset) {
        boolean flip = t >= 4;
        int rot = t & 3;
        int oh = (rot & 1) == 1 ? cw : ch;
        int ow = (rot & 1) == 1 ? ch : cw;
        for (int k = 0; k < c; k++) {
            int sp = k * h * w;
            int dp = dstOffset + k * oh * ow;
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    // the source pixel (sy, sx) of the crop that lands at (y, x)
                    int sy;
                    int sx;
                    switch (rot) {
                        case 0 -> {
                            sy = y;
                            sx = x;
                        }
                        case 1 -> { // 90° counter-clockwise: out(y, x) = in(x, cw − 1 − y)
                            sy = x;
                            sx = cw - 1 - y;
                        }
                        case 2 -> {
                            sy = ch - 1 - y;
                            sx = cw - 1 - x;
                        }
                        default -> { // 270°: out(y, x) = in(ch − 1 − x, y)
                            sy = ch - 1 - x;
                            sx = y;
                        }
                    }
                    if (flip) {
                        sx = cw - 1 - sx;
                    }
                    dst[dp + y * ow + x] = src[sp + (top + sy) * w + left + sx];
                }
            }
        }
    }
}
