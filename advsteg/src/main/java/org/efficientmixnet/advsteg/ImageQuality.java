package org.efficientmixnet.advsteg;

/**
 * PSNR and SSIM of a stego against its cover on the 8-bit scale. SSIM as Wang et al. (2004) define it: an 11×11
 * Gaussian window with σ = 1.5, K1 = 0.01, K2 = 0.03, L = 255, computed over the valid window positions of each
 * channel and averaged (scikit-image's {@code structural_similarity} with {@code gaussian_weights=True,
 * use_sample_covariance=False, data_range=255}).
 */
public final class ImageQuality {
    private static final int RADIUS = 5;
    private static final double[] WINDOW = gaussian(1.5);

    private ImageQuality() {
    }

    /** Peak signal-to-noise ratio in dB of two images of the same size with values on 0..255; +∞ when equal. */
    public static double psnr(float[] a, float[] b) {
        double se = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            se += d * d;
        }
        double mse = se / a.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** Mean SSIM over the channels of two C×S×S images with values on 0..255. */
    public static double ssim(float[] a, float[] b, int channels, int side) {
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        int n = side - 2 * RADIUS;
        if (n < 1) {
            throw new IllegalArgumentException("SSIM needs images of at least 11×11, got " + side + "×" + side);
        }
        double total = 0;
        for (int c = 0; c < channels; c++) {
            int off = c * side * side;
            double sum = 0;
            for (int y = RADIUS; y < side - RADIUS; y++) {
                for (int x = RADIUS; x < side - RADIUS; x++) {
                    double ma = 0, mb = 0, saa = 0, sbb = 0, sab = 0;
                    for (int dy = -RADIUS; dy <= RADIUS; dy++) {
                        double wy = WINDOW[dy + RADIUS];
                        int row = off + (y + dy) * side;
                        for (int dx = -RADIUS; dx <= RADIUS; dx++) {
                            double w = wy * WINDOW[dx + RADIUS];
                            double va = a[row + x + dx];
                            double vb = b[row + x + dx];
                            ma += w * va;
                            mb += w * vb;
                            saa += w * va * va;
                            sbb += w * vb * vb;
                            sab += w * va * vb;
                        }
                    }
                    double va = saa - ma * ma;
                    double vb = sbb - mb * mb;
                    double cov = sab - ma * mb;
                    sum += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                }
            }
            total += sum / ((double) n * n);
        }
        return total / channels;
    }

    private static double[] gaussian(double sigma) {
        double[] w = new double[2 * RADIUS + 1];
        double s = 0;
        for (int i = -RADIUS; i <= RADIUS; i++) {
            w[i + RADIUS] = Math.exp(-(i * i) / (2 * sigma * sigma));
            s += w[i + RADIUS];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= s;
        }
        return w;
    }
}
