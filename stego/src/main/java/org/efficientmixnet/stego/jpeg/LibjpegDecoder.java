package org.efficientmixnet.stego.jpeg;

/**
 * The 8-bit decompression of libjpeg's default decoder ({@code djpeg} without options, libjpeg-turbo): the
 * integer "islow" inverse DCT ({@code jidctint.c}: 13-bit constants, two passes, range-limited through libjpeg's
 * post-IDCT table), "fancy" chroma upsampling ({@code jdsample.c}: triangle filters for 2×1, 1×2 and 2×2,
 * replication for other integer ratios) and its fixed-point YCbCr → RGB conversion ({@code jdcolor.c}).
 * Re-implemented from the algorithms' published definitions; the fixtures check it bit for bit against
 * {@code djpeg}.
 */
public final class LibjpegDecoder {
    private static final int CONST_BITS = 13;
    private static final int PASS1_BITS = 2;
    private static final long FIX_0_298631336 = 2446;
    private static final long FIX_0_390180644 = 3196;
    private static final long FIX_0_541196100 = 4433;
    private static final long FIX_0_765366865 = 6270;
    private static final long FIX_0_899976223 = 7373;
    private static final long FIX_1_175875602 = 9633;
    private static final long FIX_1_501321110 = 12299;
    private static final long FIX_1_847759065 = 15137;
    private static final long FIX_1_961570560 = 16069;
    private static final long FIX_2_053119869 = 16819;
    private static final long FIX_2_562915447 = 20995;
    private static final long FIX_3_072711026 = 25172;

    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (fix(1.40200) * x + ONE_HALF) >> SCALEBITS;
            CB_B[i] = (fix(1.77200) * x + ONE_HALF) >> SCALEBITS;
            CR_G[i] = -fix(0.71414) * x;
            CB_G[i] = -fix(0.34414) * x + ONE_HALF;
        }
    }

    private LibjpegDecoder() {
    }

    private static int fix(double x) {
        return (int) (x * (1L << SCALEBITS) + 0.5);
    }

    private static long descale(long x, int n) {
        return (x + (1L << (n - 1))) >> n;
    }

    /** libjpeg's post-IDCT range limit: the centred value masked to 10 bits, then clamped (with its wrap). */
    private static int rangeLimit(long centred) {
        int i = (int) (centred & 1023);
        if (i < 128) {
            return i + 128;
        }
        if (i < 512) {
            return 255;
        }
        if (i < 896) {
            return 0;
        }
        return i - 896;
    }

    /**
     * The islow inverse DCT of one block: quantized coefficients {@code coef[offset + k]} in natural order
     * (k = 8·row + col) times {@code quantTable[k]}, written as 8-bit samples (0–255, level shift included) into
     * {@code out[outOffset + y * outStride + x]}.
     */
    public static void idctIslow(int[] coef, int offset, int[] quantTable, int[] out, int outOffset, int outStride) {
        long[] ws = new long[64];
        for (int col = 0; col < 8; col++) {
            long z2 = (long) coef[offset + 16 + col] * quantTable[16 + col];
            long z3 = (long) coef[offset + 48 + col] * quantTable[48 + col];
            long z1 = (z2 + z3) * FIX_0_541196100;
            long tmp2 = z1 - z3 * FIX_1_847759065;
            long tmp3 = z1 + z2 * FIX_0_765366865;
            z2 = (long) coef[offset + col] * quantTable[col];
            z3 = (long) coef[offset + 32 + col] * quantTable[32 + col];
            long tmp0 = (z2 + z3) << CONST_BITS;
            long tmp1 = (z2 - z3) << CONST_BITS;
            long tmp10 = tmp0 + tmp3;
            long tmp13 = tmp0 - tmp3;
            long tmp11 = tmp1 + tmp2;
            long tmp12 = tmp1 - tmp2;
            tmp0 = (long) coef[offset + 56 + col] * quantTable[56 + col];
            tmp1 = (long) coef[offset + 40 + col] * quantTable[40 + col];
            tmp2 = (long) coef[offset + 24 + col] * quantTable[24 + col];
            tmp3 = (long) coef[offset + 8 + col] * quantTable[8 + col];
            long[] o = odd(tmp0, tmp1, tmp2, tmp3);
            int n = CONST_BITS - PASS1_BITS;
            ws[col] = (int) descale(tmp10 + o[3], n);
            ws[56 + col] = (int) descale(tmp10 - o[3], n);
            ws[8 + col] = (int) descale(tmp11 + o[2], n);
            ws[48 + col] = (int) descale(tmp11 - o[2], n);
            ws[16 + col] = (int) descale(tmp12 + o[1], n);
            ws[40 + col] = (int) descale(tmp12 - o[1], n);
            ws[24 + col] = (int) descale(tmp13 + o[0], n);
            ws[32 + col] = (int) descale(tmp13 - o[0], n);
        }
        int n = CONST_BITS + PASS1_BITS + 3;
        for (int row = 0; row < 8; row++) {
            int w = 8 * row;
            long z2 = ws[w + 2];
            long z3 = ws[w + 6];
            long z1 = (z2 + z3) * FIX_0_541196100;
            long tmp2 = z1 - z3 * FIX_1_847759065;
            long tmp3 = z1 + z2 * FIX_0_765366865;
            long tmp0 = (ws[w] + ws[w + 4]) << CONST_BITS;
            long tmp1 = (ws[w] - ws[w + 4]) << CONST_BITS;
            long tmp10 = tmp0 + tmp3;
            long tmp13 = tmp0 - tmp3;
            long tmp11 = tmp1 + tmp2;
            long tmp12 = tmp1 - tmp2;
            long[] o = odd(ws[w + 7], ws[w + 5], ws[w + 3], ws[w + 1]);
            int d = outOffset + row * outStride;
            out[d] = rangeLimit(descale(tmp10 + o[3], n));
            out[d + 7] = rangeLimit(descale(tmp10 - o[3], n));
            out[d + 1] = rangeLimit(descale(tmp11 + o[2], n));
            out[d + 6] = rangeLimit(descale(tmp11 - o[2], n));
            out[d + 2] = rangeLimit(descale(tmp12 + o[1], n));
            out[d + 5] = rangeLimit(descale(tmp12 - o[1], n));
            out[d + 3] = rangeLimit(descale(tmp13 + o[0], n));
            out[d + 4] = rangeLimit(descale(tmp13 - o[0], n));
        }
    }

    /** The odd part of jidctint: inputs at frequencies 7, 5, 3, 1; returns tmp0..tmp3. */
    private static long[] odd(long tmp0, long tmp1, long tmp2, long tmp3) {
        long z1 = tmp0 + tmp3;
        long z2 = tmp1 + tmp2;
        long z3 = tmp0 + tmp2;
        long z4 = tmp1 + tmp3;
        long z5 = (z3 + z4) * FIX_1_175875602;
        tmp0 *= FIX_0_298631336;
        tmp1 *= FIX_2_053119869;
        tmp2 *= FIX_3_072711026;
        tmp3 *= FIX_1_501321110;
        z1 *= -FIX_0_899976223;
        z2 *= -FIX_2_562915447;
        z3 *= -FIX_1_961570560;
        z4 *= -FIX_0_390180644;
        z3 += z5;
        z4 += z5;
        return new long[] {tmp0 + z1 + z3, tmp1 + z2 + z4, tmp2 + z2 + z3, tmp3 + z1 + z4};
    }

    /**
     * 8-bit samples of a whole coefficient plane in the 2-D layout (row 8·i+k, column 8·j+l), every block
     * decoded with {@link #idctIslow}: what libjpeg gives for a grayscale image before cropping.
     */
    public static int[][] islowPlane(int[][] coefficients, int[] quantTable) {
        int rows = coefficients.length;
        int cols = coefficients[0].length;
        int[][] out = new int[rows][cols];
        int[] block = new int[64];
        int[] px = new int[64];
        for (int bi = 0; bi < rows; bi += 8) {
            for (int bj = 0; bj < cols; bj += 8) {
                for (int k = 0; k < 8; k++) {
                    System.arraycopy(coefficients[bi + k], bj, block, 8 * k, 8);
                }
                idctIslow(block, 0, quantTable, px, 0, 8);
                for (int k = 0; k < 8; k++) {
                    System.arraycopy(px, 8 * k, out[bi + k], bj, 8);
                }
            }
        }
        return out;
    }

    /** Component {@code c}'s 8-bit samples at its own resolution (libjpeg's "downsampled" size, cropped). */
    static int[][] componentSamples(JpegCoefficients j, int c) {
        JpegComponent comp = j.component(c);
        int[] q = j.quantTableOf(c);
        int w = JpegDecoder.ceilDiv(j.width() * comp.h(), j.maxH());
        int h = JpegDecoder.ceilDiv(j.height() * comp.v(), j.maxV());
        int[][] out = new int[h][w];
        int[] px = new int[64];
        for (int bi = 0; bi < comp.heightInBlocks() && bi * 8 < h; bi++) {
            for (int bj = 0; bj < comp.widthInBlocks() && bj * 8 < w; bj++) {
                idctIslow(comp.coef, comp.offset(bi, bj), q, px, 0, 8);
                for (int y = 0; y < 8 && bi * 8 + y < h; y++) {
                    for (int x = 0; x < 8 && bj * 8 + x < w; x++) {
                        out[bi * 8 + y][bj * 8 + x] = px[8 * y + x];
                    }
                }
            }
        }
        return out;
    }

    /** Component {@code c} upsampled to the image size as libjpeg's default ("fancy") upsampling does. */
    static int[][] upsampled(JpegCoefficients j, int c) {
        int[][] in = componentSamples(j, c);
        JpegComponent comp = j.component(c);
        int hIn = comp.h();
        int vIn = comp.v();
        int hOut = j.maxH();
        int vOut = j.maxV();
        int width = j.width();
        int height = j.height();
        int dw = in[0].length;
        int dh = in.length;
        int[][] out = new int[height][width];
        if (hIn == hOut && vIn == vOut) {
            return in;
        }
        if (hIn * 2 == hOut && vIn == vOut && dw > 2) {
            for (int y = 0; y < height; y++) {
                int[] row = new int[2 * dw];
                h2v1Fancy(in[y], row);
                System.arraycopy(row, 0, out[y], 0, width);
            }
            return out;
        }
        if (hIn == hOut && vIn * 2 == vOut) {
            for (int y = 0; y < height; y++) {
                int r = y / 2;
                int near = r;
                int far = (y & 1) == 0 ? Math.max(r - 1, 0) : Math.min(r + 1, dh - 1);
                int bias = (y & 1) == 0 ? 1 : 2;
                for (int x = 0; x < width; x++) {
                    out[y][x] = (in[near][x] * 3 + in[far][x] + bias) >> 2;
                }
            }
            return out;
        }
        if (hIn * 2 == hOut && vIn * 2 == vOut && dw > 2) {
            int[] row = new int[2 * dw];
            for (int y = 0; y < height; y++) {
                int r = y / 2;
                int far = (y & 1) == 0 ? Math.max(r - 1, 0) : Math.min(r + 1, dh - 1);
                h2v2Fancy(in[r], in[far], row);
                System.arraycopy(row, 0, out[y], 0, width);
            }
            return out;
        }
        if (hOut % hIn != 0 || vOut % vIn != 0) {
            throw new IllegalArgumentException("component " + comp.id() + " is sampled " + hIn + "×" + vIn
                    + " against " + hOut + "×" + vOut + ": fractional upsampling is not supported");
        }
        int fx = hOut / hIn;
        int fy = vOut / vIn;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y][x] = in[y / fy][x / fx];
            }
        }
        return out;
    }

    private static void h2v1Fancy(int[] in, int[] out) {
        int n = in.length;
        int o = 0;
        out[o++] = in[0];
        out[o++] = (in[0] * 3 + in[1] + 2) >> 2;
        for (int i = 1; i < n - 1; i++) {
            int v = in[i] * 3;
            out[o++] = (v + in[i - 1] + 1) >> 2;
            out[o++] = (v + in[i + 1] + 2) >> 2;
        }
        out[o++] = (in[n - 1] * 3 + in[n - 2] + 1) >> 2;
        out[o] = in[n - 1];
    }

    private static void h2v2Fancy(int[] near, int[] far, int[] out) {
        int n = near.length;
        int o = 0;
        int thisSum = near[0] * 3 + far[0];
        int nextSum = near[1] * 3 + far[1];
        out[o++] = (thisSum * 4 + 8) >> 4;
        out[o++] = (thisSum * 3 + nextSum + 7) >> 4;
        int lastSum = thisSum;
        thisSum = nextSum;
        for (int i = 2; i < n; i++) {
            nextSum = near[i] * 3 + far[i];
            out[o++] = (thisSum * 3 + lastSum + 8) >> 4;
            out[o++] = (thisSum * 3 + nextSum + 7) >> 4;
            lastSum = thisSum;
            thisSum = nextSum;
        }
        out[o++] = (thisSum * 3 + lastSum + 8) >> 4;
        out[o] = (thisSum * 4 + 7) >> 4;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /**
     * The planes {@code [channel][row][col]} djpeg writes: one for grayscale; R, G, B for colour (YCbCr converted,
     * RGB-coded files as coded); or, with {@code convert} false, the upsampled components as coded.
     */
    static int[][][] decode(JpegCoefficients j, boolean convert) {
        int n = j.numComponents();
        int[][][] comps = new int[n][][];
        for (int c = 0; c < n; c++) {
            comps[c] = upsampled(j, c);
        }
        if (n != 3 || !convert || j.rgbCoded()) {
            return comps;
        }
        int h = j.height();
        int w = j.width();
        int[][][] rgb = new int[3][h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int yy = comps[0][y][x];
                int cb = comps[1][y][x];
                int cr = comps[2][y][x];
                rgb[0][y][x] = clamp(yy + CR_R[cr]);
                rgb[1][y][x] = clamp(yy + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS));
                rgb[2][y][x] = clamp(yy + CB_B[cb]);
            }
        }
        return rgb;
    }
}
