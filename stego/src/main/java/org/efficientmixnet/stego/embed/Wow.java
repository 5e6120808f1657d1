package org.efficientmixnet.stego.embed;

/**
 * WOW, wavelet obtained weights (Holub, Fridrich, "Designing steganographic distortion using directional
 * filters", IEEE WIFS 2012). With the three Daubechies-8 directional filters K_k = v_k ⊗ h_k (LH, HL, HH) the
 * residuals {@code R_k = X ⊛ K_k} give the embedding suitabilities {@code ξ_k = |R_k| ⊛ |K_k|^(rot 180°)} and
 * the cost is their reciprocal Hölder norm {@code ρ = (Σ_k ξ_k^p)^(-1/p)}, p = -1, i.e. {@code ρ = Σ_k 1/ξ_k},
 * the same for +1 and -1 except at 0 and 255.
 *
 * <p>The numbers follow conseal's implementation (after the authors' MATLAB code) exactly: the filter taps
 * rounded to 10 decimals as published, the cover padded symmetrically by 16, each 1-D pass a
 * {@code convolve2d(mode="same", boundary="symm")} (output i reads input i + 7 - j for tap j), the suitability
 * cropped one pixel after the centre (rows 17..17+H of the padded result) and clipped below at the double
 * epsilon 2⁻⁵². Where conseal assigns a wet cost of 1e10 (also to costs above it) this gives +Infinity to
 * the changes out of 0..255 and keeps the computed cost otherwise.
 */
public final class Wow {
    /** The high-pass Daubechies-8 decomposition filter to 10 decimals, as the authors' code and conseal have it. */
    static final double[] HIGH = {
        -0.0544158422, +0.3128715909, -0.6756307363, +0.5853546837,
        +0.0158291053, -0.2840155430, -0.0004724846, +0.1287474266,
        +0.0173693010, -0.0440882539, -0.0139810279, +0.0087460940,
        +0.0048703530, -0.0003917404, -0.0006754494, -0.0001174768,
    };
    /** The low-pass filter, (-1)^n HIGH[15 - n]. */
    static final double[] LOW = new double[16];

    static {
        for (int n = 0; n < 16; n++) {
            LOW[n] = ((n & 1) == 0 ? 1 : -1) * HIGH[15 - n];
        }
    }

    private static final double[][] VERTICAL = {LOW, HIGH, HIGH};
    private static final double[][] HORIZONTAL = {HIGH, LOW, HIGH};
    private static final int PAD = 16;
    private static final double EPS = Math.ulp(1.0);
    /** The Hölder exponent p of the published default. */
    static final double P = -1;

    public static final Algorithm ALGORITHM = Algorithm.of("wow", Domain.SPATIAL, Simulator.TERNARY,
            "Holub, Fridrich, IEEE WIFS 2012; conseal wow (Python backend, p = -1)", CostFunction.spatial(Wow::costs));

    private Wow() {
    }

    /** The WOW cost map (same for +1 and -1), with 255 unable to go up and 0 unable to go down. */
    public static CostMap costs(int[][] pixels) {
        Arrays2d.requirePixels(pixels, "pixels");
        int rows = pixels.length;
        int cols = pixels[0].length;
        double[][] xp = Padding.symmetricPad(pixels, PAD);
        double[][] sum = new double[rows][cols];
        for (int f = 0; f < 3; f++) {
            double[] a = VERTICAL[f];
            double[] b = HORIZONTAL[f];
            double[][] residual = horizontal(vertical(xp, a), b);
            for (double[] row : residual) {
                for (int c = 0; c < row.length; c++) {
                    row[c] = Math.abs(row[c]);
                }
            }
            double[][] xi = horizontal(vertical(residual, reversedAbs(a)), reversedAbs(b));
            for (int r = 0; r < rows; r++) {
                double[] src = xi[r + PAD + 1];
                double[] dst = sum[r];
                for (int c = 0; c < cols; c++) {
                    double v = Math.max(src[c + PAD + 1], EPS);
                    dst[c] += Math.pow(v, P);
                }
            }
        }
        for (double[] row : sum) {
            for (int c = 0; c < cols; c++) {
                row[c] = Math.pow(row[c], -1 / P);
            }
        }
        return CostMap.symmetric(sum).limitedTo(pixels, 0, 255);
    }

    /** Simulates WOW with ternary embedding of {@code payloadBpp} bits per pixel. */
    public static Simulation embed(int[][] pixels, double payloadBpp, long seed) {
        return ALGORITHM.embed(pixels, payloadBpp, seed);
    }

    private static double[] reversedAbs(double[] f) {
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Math.abs(f[f.length - 1 - i]);
        }
        return out;
    }

    /** 'same' convolution along rows' index with symmetric boundary: out[i] = Σ_j k[j] x[sym(i + K/2 - 1 - j)]. */
    static double[][] vertical(double[][] x, double[] k) {
        int rows = x.length;
        int cols = x[0].length;
        int shift = (k.length - 1) / 2;
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            double[] dst = out[i];
            for (int j = 0; j < k.length; j++) {
                double kj = k[j];
                double[] src = x[Padding.symmetric(i + shift - j, rows)];
                for (int c = 0; c < cols; c++) {
                    dst[c] += kj * src[c];
                }
            }
        }
        return out;
    }

    /** The same along the columns' index. */
    static double[][] horizontal(double[][] x, double[] k) {
        int rows = x.length;
        int cols = x[0].length;
        int shift = (k.length - 1) / 2;
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            double[] src = x[r];
            double[] dst = out[r];
            for (int c = 0; c < cols; c++) {
                double s = 0;
                for (int j = 0; j < k.length; j++) {
                    s += k[j] * src[Padding.symmetric(c + shift - j, cols)];
                }
                dst[c] = s;
            }
        }
        return out;
    }
}
