package org.efficientmixnet.stego.embed;

import java.util.SplittableRandom;

/**
 * MiPOD, minimizing the power of the optimal detector (Sedighi, Cogranne, Fridrich, "Content-adaptive
 * steganography by minimizing statistical detectability", IEEE TIFS 2016). Not additive costs but a Fisher
 * information per pixel: the cover's residual after a 2×2 Wiener filter, {@code r = X − wiener2(X)}, gets a local
 * variance σ² from a least-squares fit of the 45 two-dimensional DCT functions of degree below 9 to each 9×9
 * neighbourhood (Eq. 24: the energy of the window projected off their span, over 81 − 45), floored at 0.01
 * (Eq. 27); the Fisher information {@code I = 1/σ⁴} is averaged over 7×7. The change rates solve
 * {@code λ β I = ln(1/β − 2)} with λ such that the ternary entropy Σ H(β, β) carries the message, and
 * p+ = p− = β.
 *
 * <p>{@link #fisherInformation} follows conseal's {@code mipod.compute_cost} number for number (Wiener filter with
 * zero padding and noise = mean local variance, symmetric padding by 4 for the fit, symmetric 7×7 mean); the
 * {@link CostMap} of this algorithm holds the Fisher information, which only {@link #SIMULATOR} interprets
 * (a change out of 0..255 has +Infinity there and probability 0, where conseal changes the other way). The change
 * rates are solved exactly (Newton's method), not with the reference's lookup table, and λ to a relative 1e-6 of
 * the message length ({@link Gibbs#newtonInLogLambda}). MiPOD is not additive, so messages cannot be hidden with
 * it by {@code emn stego hide}.
 */
public final class Mipod {
    private static final int BLOCK = 9;
    private static final int DEGREE = 9;
    private static final int AVERAGE = 7;
    private static final double MIN_VARIANCE = 0.01;
    /** The orthogonal projection off the span of the 45 DCT functions, 81×81 (row-major windows). */
    private static final double[][] PROJECTION = projection();

    /** MiPOD's simulator: p± = β from the Fisher information held in the cost maps' ρ+ (wet where ρ± is infinite). */
    public static final Simulator SIMULATOR = Mipod::simulate;

    public static final Algorithm ALGORITHM = Algorithm.of("mipod", Domain.SPATIAL, SIMULATOR,
            "Sedighi, Cogranne, Fridrich, IEEE TIFS 2016; conseal mipod (Fisher information)",
            CostFunction.spatial(Mipod::costs));

    private Mipod() {
    }

    private static double[][] projection() {
        int n = BLOCK * BLOCK;
        int q = DEGREE * (DEGREE + 1) / 2;
        double[][] g = new double[n][q];
        int k = 0;
        for (int xs = 0; xs < DEGREE; xs++) {
            for (int ys = 0; ys < DEGREE - xs; ys++) {
                for (int m = 0; m < BLOCK; m++) {
                    for (int l = 0; l < BLOCK; l++) {
                        g[m * BLOCK + l][k] = basis(xs, m) * basis(ys, l);
                    }
                }
                k++;
            }
        }
        // P = I − G (GᵀG)⁻¹ Gᵀ; the DCT functions are orthonormal, GᵀG = I up to rounding, solved anyway
        double[][] gtg = new double[q][q];
        for (int a = 0; a < q; a++) {
            for (int b = 0; b < q; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += g[i][a] * g[i][b];
                }
                gtg[a][b] = s;
            }
        }
        double[][] x = new double[q][n];   // (GᵀG)⁻¹ Gᵀ by Gauss–Jordan
        for (int a = 0; a < q; a++) {
            for (int i = 0; i < n; i++) {
                x[a][i] = g[i][a];
            }
        }
        for (int col = 0; col < q; col++) {
            int piv = col;
            for (int r = col + 1; r < q; r++) {
                if (Math.abs(gtg[r][col]) > Math.abs(gtg[piv][col])) {
                    piv = r;
                }
            }
            double[] t = gtg[col]; gtg[col] = gtg[piv]; gtg[piv] = t;
            t = x[col]; x[col] = x[piv]; x[piv] = t;
            double d = gtg[col][col];
            for (int c = 0; c < q; c++) {
                gtg[col][c] /= d;
            }
            for (int c = 0; c < n; c++) {
                x[col][c] /= d;
            }
            for (int r = 0; r < q; r++) {
                if (r != col && gtg[r][col] != 0) {
                    double f = gtg[r][col];
                    for (int c = 0; c < q; c++) {
                        gtg[r][c] -= f * gtg[col][c];
                    }
                    for (int c = 0; c < n; c++) {
                        x[r][c] -= f * x[col][c];
                    }
                }
            }
        }
        double[][] p = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int a = 0; a < q; a++) {
                    s += g[i][a] * x[a][j];
                }
                p[i][j] = (i == j ? 1 : 0) - s;
            }
        }
        return p;
    }

    /** The orthonormal 1-D DCT-II basis function k of length 9 at sample m. */
    private static double basis(int k, int m) {
        double w = k == 0 ? Math.sqrt(1.0 / BLOCK) : Math.sqrt(2.0 / BLOCK);
        return w * Math.cos(Math.PI * (2 * m + 1) * k / (2.0 * BLOCK));
    }

    /** The Fisher information of every pixel as a symmetric cost map, +Infinity for changes out of 0..255. */
    public static CostMap costs(int[][] pixels) {
        return CostMap.symmetric(fisherInformation(pixels)).limitedTo(pixels, 0, 255);
    }

    /** MiPOD's smoothed Fisher information {@code I = 1/σ⁴}, as conseal's {@code mipod.compute_cost}. */
    public static double[][] fisherInformation(int[][] pixels) {
        Arrays2d.requirePixels(pixels, "pixels");
        int rows = pixels.length;
        int cols = pixels[0].length;
        double[][] x = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                x[r][c] = pixels[r][c];
            }
        }
        double[][] residual = wienerResidual(x);
        int pad = BLOCK / 2;
        double[][] fi = new double[rows][cols];
        double[] w = new double[BLOCK * BLOCK];
        int dof = BLOCK * BLOCK - DEGREE * (DEGREE + 1) / 2;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                for (int a = 0; a < BLOCK; a++) {
                    double[] src = residual[Padding.symmetric(r + a - pad, rows)];
                    for (int b = 0; b < BLOCK; b++) {
                        w[a * BLOCK + b] = src[Padding.symmetric(c + b - pad, cols)];
                    }
                }
                double e = 0;
                for (double[] prow : PROJECTION) {
                    double s = 0;
                    for (int i = 0; i < w.length; i++) {
                        s += prow[i] * w[i];
                    }
                    e += s * s;
                }
                double variance = Math.max(e / dof, MIN_VARIANCE);
                fi[r][c] = 1 / (variance * variance);
            }
        }
        return Padding.boxMean(fi, AVERAGE);
    }

    /** X minus MATLAB's wiener2 of X over 2×2 windows (zero padding below and right, noise = mean local variance). */
    static double[][] wienerResidual(double[][] x) {
        int rows = x.length;
        int cols = x[0].length;
        double[][] mean = new double[rows][cols];
        double[][] var = new double[rows][cols];
        double noise = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double s = 0;
                double s2 = 0;
                for (int a = 0; a < 2; a++) {
                    for (int b = 0; b < 2; b++) {
                        double v = r + a < rows && c + b < cols ? x[r + a][c + b] : 0;
                        s += v;
                        s2 += v * v;
                    }
                }
                mean[r][c] = s / 4;
                var[r][c] = s2 / 4 - mean[r][c] * mean[r][c];
            }
        }
        boolean zero = false;
        for (double[] row : var) {
            for (double v : row) {
                zero |= v == 0;
            }
        }
        for (double[] row : var) {
            for (int c = 0; c < cols; c++) {
                if (zero) {
                    row[c] = Math.max(row[c], 1e-8);
                }
                noise += row[c];
            }
        }
        noise /= (double) rows * cols;
        double[][] out = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double m = mean[r][c];
                double v = var[r][c];
                double filtered = v < noise ? m : m + (x[r][c] - m) * (1 - noise / Math.max(v, noise));
                out[r][c] = x[r][c] - filtered;
            }
        }
        return out;
    }

    /**
     * β solving λ β I = ln(1/β − 2) on (0, 1/3); 1/3 where λI = 0, 0 where it is infinite: {@code 1 / (2 + e^t)}
     * with t from {@link #logOdds}.
     */
    static double changeRate(double lambdaI) {
        return 1 / (2 + Math.exp(logOdds(lambdaI)));
    }

    /**
     * t = ln(1/β − 2) for the β of {@link #changeRate}: with x = 1/β = 2 + e^t the equation is {@code (2 + e^t) t =
     * λI}, convex and rising in t: Newton's method from an upper bound (λI/2, or ln λI once λI ≥ e) descends
     * monotonically to the root, to the last bits in a few steps. 0 where λI ≤ 0, +∞ where λI is infinite.
     */
    private static double logOdds(double lambdaI) {
        if (lambdaI <= 0) {
            return 0;
        }
        if (lambdaI == Double.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        double t = upperBound(lambdaI);
        for (int it = 0; it < 100; it++) {
            double e = Math.exp(t);
            double step = ((2 + e) * t - lambdaI) / (2 + e + t * e);
            if (!(step > 0)) {     // from above the steps are positive; 0 or below: at the root (rounding)
                break;
            }
            t -= step;
            if (step <= 1e-16 * t) {
                break;
            }
        }
        return t;
    }

    /** A t at or above the root of (2 + e^t) t = λI (λI > 0, finite): λI/2, or ln λI once λI ≥ e. */
    private static double upperBound(double lambdaI) {
        return lambdaI < Math.E ? lambdaI / 2 : Math.min(lambdaI / 2, Math.log(lambdaI));
    }

    /**
     * The entropy curve of the λ search ({@link Gibbs#newtonInLogLambda}): the entropy in nats at λ and its
     * derivative by λ from one pass. With both changes open, at p± = β: H = ln(1 + 2e^−t) + 2βt (−2β ln β − (1 − 2β)
     * ln(1 − 2β) with one log), dH/dβ = 2t; with one open, dH/dβ = ln(1 + e^t); and dβ/dλ = −β(1 − 2β) dt/dλ with
     * dt/dλ = Iβ / (1 + t(1 − 2β)) from differentiating (2 + e^t) t = λI. Each element's t starts from the previous
     * pass's root moved along that slope, so that Newton needs one or two steps instead of five or six from the
     * upper bound.
     */
    static final class EntropyCurve implements Gibbs.EntropyCurve {
        private final double[][][] fi;
        private final double[][][] plusOpen;
        private final double[][][] minusOpen;
        /** Per element: the root t of the last pass and dt/d ln λ there (read from the second pass on). */
        private final double[][][] t;
        private final double[][][] slopeT;
        private double lastLambda = Double.NaN;

        EntropyCurve(double[][][] fi, double[][][] plusOpen, double[][][] minusOpen) {
            this.fi = fi;
            this.plusOpen = plusOpen;
            this.minusOpen = minusOpen;
            t = new double[fi.length][][];
            slopeT = new double[fi.length][][];
            for (int i = 0; i < fi.length; i++) {
                t[i] = new double[fi[i].length][fi[i][0].length];
                slopeT[i] = new double[fi[i].length][fi[i][0].length];
            }
        }

        @Override
        public void at(double lambda, double[] out) {
            boolean warm = lastLambda > 0 && lambda > 0;
            double shift = warm ? Math.log(lambda / lastLambda) : 0;
            double h = 0;
            double slope = 0;
            for (int i = 0; i < fi.length; i++) {
                for (int r = 0; r < fi[i].length; r++) {
                    double[] f = fi[i][r];
                    double[] po = plusOpen[i][r];
                    double[] mo = minusOpen[i][r];
                    double[] tr = t[i][r];
                    double[] sr = slopeT[i][r];
                    for (int c = 0; c < f.length; c++) {
                        double open = po[c] + mo[c];
                        if (open == 0) {
                            continue;
                        }
                        double y = lambda * f[c];
                        double start = tr[c] + sr[c] * shift;   // (e^t stays finite below 700)
                        double tc = logOdds(y, warm && start < 700 ? Math.max(0, start)
                                : y > 0 && y < Double.POSITIVE_INFINITY ? upperBound(y) : 0);
                        double e = Math.exp(tc);
                        double b = 1 / (2 + e);
                        double dt = f[c] * b / (1 + tc * (1 - 2 * b));   // dt/dλ
                        tr[c] = tc;
                        sr[c] = lambda * dt;
                        if (b == 0) {
                            continue;
                        }
                        double db = -b * (1 - 2 * b) * dt;
                        if (open == 2) {
                            h += Math.log(1 + 2 / e) + 2 * b * tc;
                            slope += 2 * tc * db;
                        } else {
                            h -= xlogx(b) + xlogx(1 - b);
                            slope += Math.log(1 + e) * db;
                        }
                    }
                }
            }
            lastLambda = lambda;
            out[0] = h;
            out[1] = slope;
        }
    }

    /**
     * {@link #logOdds(double)} for the λ search, by Newton's method from any start {@code t0 ≥ 0}: below the root
     * the first step lands above it (held at {@link #upperBound}), from there the steps descend; stops once a step
     * is below 1e-6 of t (Newton's error is then about the square of the step, below 1e-11 of t).
     */
    private static double logOdds(double lambdaI, double t0) {
        if (lambdaI <= 0) {
            return 0;
        }
        if (lambdaI == Double.POSITIVE_INFINITY) {
            return Double.POSITIVE_INFINITY;
        }
        double t = t0;
        for (int it = 0; it < 100; it++) {
            double e = Math.exp(t);
            double step = ((2 + e) * t - lambdaI) / (2 + e + t * e);
            t -= step;
            if (step < 0) {     // from below: the step may overshoot far (e^t overflowing); the bound is above the root
                t = Math.min(t, upperBound(lambdaI));
            }
            if (!(Math.abs(step) > 1e-6 * t)) {
                break;
            }
        }
        return t;
    }

    private static double xlogx(double p) {
        return p > 0 ? p * Math.log(p) : 0;
    }

    static Simulation simulate(int[][][] covers, CostMap[] costs, Domain.Payload payload, long seed) {
        int k = covers.length;
        double[][][] fi = new double[k][][];
        double[][][] po = new double[k][][];
        double[][][] mo = new double[k][][];
        double capacity = 0;
        for (int i = 0; i < k; i++) {
            int rows = costs[i].rows();
            int cols = costs[i].cols();
            fi[i] = new double[rows][cols];
            po[i] = new double[rows][cols];
            mo[i] = new double[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    double p = costs[i].rhoPlus()[r][c];
                    double m = costs[i].rhoMinus()[r][c];
                    fi[i][r][c] = Math.min(p, m);
                    po[i][r][c] = p < Double.POSITIVE_INFINITY ? 1 : 0;
                    mo[i][r][c] = m < Double.POSITIVE_INFINITY ? 1 : 0;
                }
            }
        }
        double target = payload.bits() * Math.log(2);
        EntropyCurve curve = new EntropyCurve(fi, po, mo);
        double[] atZero = new double[2];
        curve.at(0, atZero);
        capacity = atZero[0];
        if (target > capacity * (1 + 1e-12)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s exceeds the capacity of %.1f bits of MiPOD", payload.label(), capacity / Math.log(2)));
        }
        double lambda = Double.POSITIVE_INFINITY;
        if (target >= capacity * (1 - 1e-12)) {
            lambda = 0;
        } else if (target > 0) {
            lambda = Gibbs.newtonInLogLambda(curve, target);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int[][][] stego = new int[k][][];
        ChangeProbabilities[] probs = new ChangeProbabilities[k];
        long changes = 0;
        double nats = 0;
        for (int i = 0; i < k; i++) {
            int rows = fi[i].length;
            int cols = fi[i][0].length;
            double[][] pp = new double[rows][cols];
            double[][] pm = new double[rows][cols];
            stego[i] = Arrays2d.copy(covers[i]);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    boolean wet = po[i][r][c] + mo[i][r][c] == 0;   // (and λ·I would be 0·∞ at λ = 0)
                    double b = lambda == Double.POSITIVE_INFINITY || wet ? 0 : changeRate(lambda * fi[i][r][c]);
                    pp[r][c] = po[i][r][c] * b;
                    pm[r][c] = mo[i][r][c] * b;
                    nats -= xlogx(pp[r][c]) + xlogx(pm[r][c]) + xlogx(1 - pp[r][c] - pm[r][c]);
                    double u = rnd.nextDouble();
                    if (u < pp[r][c]) {
                        stego[i][r][c]++;
                        changes++;
                    } else if (u < pp[r][c] + pm[r][c]) {
                        stego[i][r][c]--;
                        changes++;
                    }
                }
            }
            probs[i] = new ChangeProbabilities(pp, pm);
        }
        return new Simulation(stego, probs, changes, lambda, payload.bits(), nats / Math.log(2));
    }

    /** Simulates MiPOD embedding of {@code payloadBpp} bits per pixel. */
    public static Simulation embed(int[][] pixels, double payloadBpp, long seed) {
        return ALGORITHM.embed(pixels, payloadBpp, seed);
    }
}
