package org.efficientmixnet.stego.ensemble;

/**
 * One base learner of the ensemble: a Fisher linear discriminant on a random feature subspace, trained on a
 * bootstrap sample of cover–stego pairs. w = (Σc + Σs + 10⁻¹⁰ I)⁻¹ (μs − μc) (covariances divided by the number of
 * samples; feature dimensions that are one constant in both classes are left out, weight 0), solved by Cholesky
 * with a growing regularization if it fails; the threshold b minimises the training error P_FA + P_MD, and the sign
 * of w is chosen so that stego projects above b. As Kodovský's {@code ensemble_training.m} and sealwatch's
 * {@code FisherLinearDiscriminantLearner}.
 *
 * @param subspace the feature indices used, in the order drawn
 * @param w        one weight per subspace index
 * @param b        the threshold
 */
public record FldLearner(int[] subspace, double[] w, double b) {
    /** The projection x[subspace] · w − b: positive for stego. */
    public double project(double[] x) {
        double s = 0;
        for (int i = 0; i < subspace.length; i++) {
            s += x[subspace[i]] * w[i];
        }
        return s - b;
    }

    /** Trains on the rows {@code rows} (repetitions allowed) of paired covers and stegos, features {@code subspace}. */
    public static FldLearner fit(double[][] covers, double[][] stegos, int[] subspace, int[] rows) {
        int d = subspace.length;
        int n = rows.length;
        double[][] xc = gather(covers, rows, subspace);
        double[][] xs = gather(stegos, rows, subspace);
        boolean[] drop = new boolean[d];
        for (int j = 0; j < d; j++) {
            double c0 = xc[0][j];
            double s0 = xs[0][j];
            boolean constant = c0 == s0;
            for (int i = 1; i < n && constant; i++) {
                constant = xc[i][j] == c0 && xs[i][j] == s0;
            }
            drop[j] = constant;
        }
        double[] muC = mean(xc, d);
        double[] muS = mean(xs, d);
        int[] keep = java.util.stream.IntStream.range(0, d).filter(j -> !drop[j]).toArray();
        int k = keep.length;
        double[][] sigma = new double[k][k];
        scatter(xc, muC, keep, sigma, n);
        scatter(xs, muS, keep, sigma, n);
        double[] mu = new double[k];
        for (int a = 0; a < k; a++) {
            sigma[a][a] += 1e-10;
            mu[a] = muS[keep[a]] - muC[keep[a]];
        }
        double[] wk = solve(sigma, mu);
        double[] w = new double[d];
        for (int a = 0; a < k; a++) {
            w[keep[a]] = wk[a];
        }
        return withThreshold(subspace, w, xc, xs);
    }

    private static double[][] gather(double[][] x, int[] rows, int[] cols) {
        double[][] g = new double[rows.length][cols.length];
        for (int i = 0; i < rows.length; i++) {
            double[] src = x[rows[i]];
            double[] dst = g[i];
            for (int j = 0; j < cols.length; j++) {
                dst[j] = src[cols[j]];
            }
        }
        return g;
    }

    private static double[] mean(double[][] x, int d) {
        double[] m = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                m[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            m[j] /= x.length;
        }
        return m;
    }

    /** Adds (X − μ)ᵀ(X − μ)/n over the kept columns to {@code sigma}. */
    private static void scatter(double[][] x, double[] mu, int[] keep, double[][] sigma, int n) {
        int k = keep.length;
        double[] z = new double[k];
        double[][] acc = new double[k][k];
        for (double[] row : x) {
            for (int a = 0; a < k; a++) {
                z[a] = row[keep[a]] - mu[keep[a]];
            }
            for (int a = 0; a < k; a++) {
                double za = z[a];
                if (za == 0) {
                    continue;
                }
                double[] accA = acc[a];
                for (int c = 0; c <= a; c++) {
                    accA[c] += za * z[c];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int c = 0; c <= a; c++) {
                double v = acc[a][c] / n;
                sigma[a][c] += v;
                if (c != a) {
                    sigma[c][a] += v;
                }
            }
        }
    }

    /** Solves the symmetric system by Cholesky, adding multiples of machine epsilon to the diagonal while it fails. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double eps = Math.ulp(1.0);
        long counter = 0;
        while (true) {
            double[][] l = cholesky(a);
            if (l != null) {
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    double s = b[i];
                    for (int j = 0; j < i; j++) {
                        s -= l[i][j] * y[j];
                    }
                    y[i] = s / l[i][i];
                }
                double[] x = new double[n];
                for (int i = n - 1; i >= 0; i--) {
                    double s = y[i];
                    for (int j = i + 1; j < n; j++) {
                        s -= l[j][i] * x[j];
                    }
                    x[i] = s / l[i][i];
                }
                return x;
            }
            counter = counter == 0 ? 1 : counter * 5;
            if (counter > 1L << 50) {
                throw new IllegalStateException("the within-class scatter matrix cannot be regularized");
            }
            for (int i = 0; i < n; i++) {
                a[i][i] += counter * eps;
            }
        }
    }

    private static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) {
            l[i] = new double[i + 1];
            double[] li = l[i];
            for (int j = 0; j <= i; j++) {
                double[] lj = l[j];
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= li[k] * lj[k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return null;
                    }
                    li[i] = Math.sqrt(s);
                } else {
                    li[j] = s / lj[j];
                }
            }
        }
        return l;
    }

    /** The threshold of least training error P_FA + P_MD over both signs of w (sealwatch's _find_threshold). */
    private static FldLearner withThreshold(int[] subspace, double[] w, double[][] xc, double[][] xs) {
        int nc = xc.length;
        int ns = xs.length;
        int n = nc + ns;
        double[] score = new double[n];
        boolean[] stego = new boolean[n];
        for (int i = 0; i < nc; i++) {
            score[i] = dot(xc[i], w);
        }
        for (int i = 0; i < ns; i++) {
            score[nc + i] = dot(xs[i], w);
            stego[nc + i] = true;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(score[x], score[y]));
        int md = 0;
        int fa = nc;
        int md2 = ns;
        int fa2 = 0;
        int best = fa + md;
        int at = -1;
        int sign = 1;
        for (int idx = 0; idx < n - 1; idx++) {
            if (!stego[order[idx]]) {
                fa--;
                md2++;
            } else {
                md++;
                fa2--;
            }
            if (fa + md < best) {
                best = fa + md;
                at = idx;
                sign = 1;
            }
            if (fa2 + md2 < best) {
                best = fa2 + md2;
                at = idx;
                sign = -1;
            }
        }
        double b;
        if (at < 0) {
            b = score[order[0]] - 1; // no threshold beats calling everything stego
        } else {
            b = sign * 0.5 * (score[order[at]] + score[order[at + 1]]);
        }
        if (sign < 0) {
            for (int i = 0; i < w.length; i++) {
                w[i] = -w[i];
            }
        }
        return new FldLearner(subspace, w, b);
    }

    private static double dot(double[] x, double[] w) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += x[i] * w[i];
        }
        return s;
    }
}
