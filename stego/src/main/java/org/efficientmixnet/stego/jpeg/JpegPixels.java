package org.efficientmixnet.stego.jpeg;

/**
 * Decompression of coefficients to pixels, two ways:
 * <ul>
 * <li>{@link #spatial} / {@link #component}: real-valued, what steganalysis networks take — the dequantized
 * coefficients through the orthonormal 8×8 inverse DCT, plus 128, without rounding or clipping; chroma upsampled
 * by replication, JFIF conversion in floating point.</li>
 * <li>{@link #pixels} / {@link #rgb} / {@link #gray8}: ordinary 8-bit images exactly as libjpeg's default
 * decoder ({@code djpeg} without options) gives them — integer "islow" IDCT, "fancy" upsampling, libjpeg's
 * fixed-point colour conversion ({@link LibjpegDecoder}); equal to {@code djpeg} bit for bit on the fixtures.</li>
 * </ul>
 */
public final class JpegPixels {
    private static final double[][] COS = new double[8][8];

    static {
        for (int x = 0; x < 8; x++) {
            for (int u = 0; u < 8; u++) {
                double cu = u == 0 ? Math.sqrt(0.5) : 1.0;
                COS[x][u] = 0.5 * cu * Math.cos((2 * x + 1) * u * Math.PI / 16);
            }
        }
    }

    private JpegPixels() {
    }

    /** Which planes a decompression returns. */
    public enum Space {
        /** The first component only, luminance or gray (R for an RGB-coded file): one plane. */
        Y,
        /**
         * The components as coded, chroma upsampled to the image size: three planes (one for grayscale; R, G, B
         * for a file {@link JpegCoefficients#rgbCoded() coded as RGB}).
         */
        YCBCR,
        /** JFIF YCbCr → RGB: three planes (grayscale repeated; RGB-coded files unconverted). */
        RGB
    }

    /**
     * Real-valued planes {@code [channel][row][col]} at the image size: dequantize, orthonormal IDCT, +128, no
     * rounding or clipping (what steganalysis networks take); chroma upsampled by replication.
     */
    public static double[][][] spatial(JpegCoefficients j, Space space) {
        return switch (space) {
            case Y -> new double[][][] {component(j, 0)};
            case YCBCR -> ycbcr(j);
            case RGB -> rgbReal(j);
        };
    }

    /**
     * Ordinary 8-bit planes {@code [channel][row][col]} exactly as libjpeg's default decoder ({@code djpeg})
     * outputs them: {@link Space#Y} the first component upsampled, {@link Space#YCBCR} every component
     * upsampled, {@link Space#RGB} converted (grayscale repeated, RGB-coded files as coded).
     */
    public static int[][][] pixels(JpegCoefficients j, Space space) {
        return switch (space) {
            case Y -> new int[][][] {LibjpegDecoder.upsampled(j, 0)};
            case YCBCR -> LibjpegDecoder.decode(j, false);
            case RGB -> {
                int[][][] p = LibjpegDecoder.decode(j, true);
                yield p.length == 1 ? new int[][][] {p[0], p[0], p[0]} : p;
            }
        };
    }

    /** Orthonormal 8×8 inverse DCT of one block (natural order, already dequantized) into {@code out[64]}. */
    public static void idct(double[] in, double[] out) {
        double[] tmp = new double[64];
        for (int k = 0; k < 8; k++) {          // rows of frequencies → rows of half-transformed
            for (int j = 0; j < 8; j++) {
                double s = 0;
                for (int l = 0; l < 8; l++) {
                    s += COS[j][l] * in[8 * k + l];
                }
                tmp[8 * k + j] = s;
            }
        }
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double s = 0;
                for (int k = 0; k < 8; k++) {
                    s += COS[i][k] * tmp[8 * k + j];
                }
                out[8 * i + j] = s;
            }
        }
    }

    /**
     * Component {@code c} as real-valued pixels (dequantize, IDCT, +128; no rounding, no clipping), at the
     * component's own resolution (chroma of a 4:2:0 image has half the size), cropped to the image.
     */
    public static double[][] component(JpegCoefficients j, int c) {
        JpegComponent comp = j.component(c);
        int[] q = j.quantTableOf(c);
        int w = JpegDecoder.ceilDiv(j.width() * comp.h(), j.maxH());
        int h = JpegDecoder.ceilDiv(j.height() * comp.v(), j.maxV());
        double[][] out = new double[h][w];
        double[] f = new double[64];
        double[] p = new double[64];
        for (int bi = 0; bi < comp.heightInBlocks(); bi++) {
            for (int bj = 0; bj < comp.widthInBlocks(); bj++) {
                int o = comp.offset(bi, bj);
                for (int k = 0; k < 64; k++) {
                    f[k] = comp.coef[o + k] * (double) q[k];
                }
                idct(f, p);
                for (int y = 0; y < 8; y++) {
                    int yy = bi * 8 + y;
                    if (yy >= h) {
                        break;
                    }
                    for (int x = 0; x < 8; x++) {
                        int xx = bj * 8 + x;
                        if (xx < w) {
                            out[yy][xx] = p[8 * y + x] + 128;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Component {@code c} at full image resolution (chroma replicated), real-valued. */
    public static double[][] upsampled(JpegCoefficients j, int c) {
        double[][] plane = component(j, c);
        JpegComponent comp = j.component(c);
        if (j.maxH() % comp.h() != 0 || j.maxV() % comp.v() != 0) {
            throw new IllegalArgumentException("component " + comp.id() + " is sampled " + comp.h() + "×" + comp.v()
                    + " against " + j.maxH() + "×" + j.maxV() + ": fractional upsampling is not supported");
        }
        int fx = j.maxH() / comp.h();
        int fy = j.maxV() / comp.v();
        if (fx == 1 && fy == 1) {
            return plane;
        }
        double[][] out = new double[j.height()][j.width()];
        for (int y = 0; y < j.height(); y++) {
            for (int x = 0; x < j.width(); x++) {
                out[y][x] = plane[y / fy][x / fx];
            }
        }
        return out;
    }

    /** Y, Cb, Cr (or the single gray plane) at full resolution, real-valued, as {@code [channel][row][col]}. */
    public static double[][][] ycbcr(JpegCoefficients j) {
        double[][][] out = new double[j.numComponents()][][];
        for (int c = 0; c < j.numComponents(); c++) {
            out[c] = upsampled(j, c);
        }
        return out;
    }

    /** RGB, real-valued (JFIF conversion, no rounding), as {@code [channel][row][col]}. Grayscale gives 3 equal planes. */
    public static double[][][] rgbReal(JpegCoefficients j) {
        double[][][] ycc = ycbcr(j);
        if (ycc.length == 1) {
            return new double[][][] {ycc[0], ycc[0], ycc[0]};
        }
        if (j.rgbCoded()) {
            return ycc;
        }
        return ycbcrToRgb(ycc);
    }

    /** Full-size Y, Cb, Cr planes to RGB by the JFIF equations, real-valued (no rounding, no clipping). */
    public static double[][][] ycbcrToRgb(double[][][] ycc) {
        int h = ycc[0].length;
        int w = ycc[0][0].length;
        double[][][] rgb = new double[3][h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double yy = ycc[0][y][x];
                double cb = ycc[1][y][x] - 128;
                double cr = ycc[2][y][x] - 128;
                rgb[0][y][x] = yy + 1.402 * cr;
                rgb[1][y][x] = yy - 0.344136286 * cb - 0.714136286 * cr;
                rgb[2][y][x] = yy + 1.772 * cb;
            }
        }
        return rgb;
    }

    static int clamp8(double v) {
        long r = Math.round(v);
        return (int) Math.max(0, Math.min(255, r));
    }

    /** Ordinary 8-bit decoding as {@code djpeg}, packed RGB per pixel {@code [row][col][channel]}. */
    public static int[][][] rgb(JpegCoefficients j) {
        int[][][] p = pixels(j, Space.RGB);
        int h = j.height();
        int w = j.width();
        int[][][] out = new int[h][w][3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    out[y][x][c] = p[c][y][x];
                }
            }
        }
        return out;
    }

    /** Ordinary 8-bit decoding of the luminance (or gray) plane, as {@code djpeg -grayscale}. */
    public static int[][] gray8(JpegCoefficients j) {
        return LibjpegDecoder.upsampled(j, 0);
    }
}
