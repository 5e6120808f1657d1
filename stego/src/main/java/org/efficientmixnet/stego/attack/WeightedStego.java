package org.efficientmixnet.stego.attack;

/**
 * Weighted Stego-image analysis (Fridrich, Goljan, "On estimation of secret message length in LSB steganography in
 * spatial domain", SPIE 2004) with the improvements of Ker and Böhme ("Revisiting weighted stego-image
 * steganalysis", SPIE 2008): the pixel predictor F = [−1 2 −1; 2 0 2; −1 2 −1]/4 over the eight neighbours and the
 * weights w<sub>i</sub> ∝ 1/(5 + σ<sub>i</sub>²) with σ<sub>i</sub>² the variance of the 3×3 neighbourhood; their
 * bias correction for the stego pixels inside the predictor is an option. Over the interior pixels s<sub>i</sub>
 * (one pixel border left out), with s̄ the image with every LSB flipped, β̂ = Σ w<sub>i</sub> (s<sub>i</sub> −
 * s̄<sub>i</sub>) (s<sub>i</sub> − F(s)<sub>i</sub>), with the correction β̂ (1 − Σ w<sub>i</sub> (s<sub>i</sub> −
 * s̄<sub>i</sub>) F(s̄ − s)<sub>i</sub>); the payload is 2β̂ bits per pixel. Not clipped: covers give values around
 * zero. The defaults are those of sealwatch's {@code ws.attack} (the reference of our fixtures); the correction is
 * off by default because it raised the error on our real-photo covers (docs/stego-attacks.md).
 */
public final class WeightedStego {
    /** Predictor (Ker–Böhme's or the 4-neighbour mean of 2004), variance weights, bias correction. */
    public record Options(boolean kbPredictor, boolean weighted, boolean biasCorrection) {
        /** Ker–Böhme predictor and weights, no bias correction. */
        public static final Options DEFAULT = new Options(true, true, false);
    }

    private WeightedStego() {
    }

    /** The estimated payload (bits per pixel) with the {@link Options#DEFAULT} options. */
    public static double estimate(int[][] x) {
        return estimate(x, Options.DEFAULT);
    }

    /**
     * The estimated payload (bits per pixel). Without {@code kbPredictor} the predictor is the mean of the four
     * horizontal and vertical neighbours (Fridrich and Goljan 2004); without {@code weighted} all pixels weigh
     * the same.
     */
    public static double estimate(int[][] x, Options o) {
        Planes.require(x, 3, 3, "WS");
        int rows = x.length;
        int cols = x[0].length;
        double sumW = 0;
        double beta = 0;
        double bias = 0;
        for (int r = 1; r < rows - 1; r++) {
            int[] up = x[r - 1];
            int[] mid = x[r];
            int[] dn = x[r + 1];
            for (int c = 1; c < cols - 1; c++) {
                double w;
                if (o.weighted()) {
                    double s1 = 0;
                    double s2 = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        int[] row = x[r + dy];
                        for (int dx = -1; dx <= 1; dx++) {
                            double v = row[c + dx];
                            s1 += v;
                            s2 += v * v;
                        }
                    }
                    double mean = s1 / 9;
                    w = 1 / (5 + (s2 / 9 - mean * mean));
                } else {
                    w = 1;
                }
                int s = mid[c];
                double sign = (s & 1) == 1 ? 1 : -1; // s − s̄
                double pred;
                double predFlip; // F(s̄ − s): the flip of a neighbour t moves it by −(t − t̄)
                if (o.kbPredictor()) {
                    pred = (2.0 * (up[c] + dn[c] + mid[c - 1] + mid[c + 1]) - up[c - 1] - up[c + 1] - dn[c - 1] - dn[c + 1]) / 4;
                    predFlip = (2.0 * (flip(up[c]) + flip(dn[c]) + flip(mid[c - 1]) + flip(mid[c + 1]))
                            - flip(up[c - 1]) - flip(up[c + 1]) - flip(dn[c - 1]) - flip(dn[c + 1])) / 4;
                } else {
                    pred = (up[c] + dn[c] + mid[c - 1] + mid[c + 1]) / 4.0;
                    predFlip = (flip(up[c]) + flip(dn[c]) + flip(mid[c - 1]) + flip(mid[c + 1])) / 4.0;
                }
                sumW += w;
                beta += w * sign * (s - pred);
                bias += w * sign * predFlip;
            }
        }
        beta /= sumW;
        bias /= sumW;
        if (o.biasCorrection()) {
            beta -= beta * bias;
        }
        return 2 * beta;
    }

    /** s̄ − s: −1 for an odd sample, +1 for an even one. */
    private static int flip(int s) {
        return (s & 1) == 1 ? -1 : 1;
    }
}
