package org.efficientmixnet.stego.embed;

import java.util.SplittableRandom;

/**
 * nsF5 (Fridrich, Pevný, Kodovský, "Statistically undetectable JPEG steganography: dead ends, challenges,
 * and opportunities", MM&Sec 2007): only non-zero AC coefficients carry the message, each change decreases
 * the magnitude by one (towards zero); DC and zeros are wet. The simulation assumes wet-paper codes at the
 * bound of binary coding, as the authors' simulator does: for a relative payload α (bits per non-zero AC
 * coefficient, at most 1) over n = nzAC usable coefficients the change rate is {@code β = h⁻¹(α)} and
 * exactly {@code ⌈β·n⌉} coefficients, drawn uniformly without replacement, are changed. Shrinkage (±1 → 0)
 * is not modelled beyond this bound.
 */
public final class Nsf5 {
    /** nsF5 in the registry: its own simulator (the binary coding bound on non-zero AC coefficients). */
    public static final Algorithm ALGORITHM = Algorithm.of("nsf5", Domain.JPEG,
            (covers, costs, payload, seed) -> embed(covers, payload.value(), seed),
            "Fridrich, Pevny, Kodovsky, MM&Sec 2007", (c, q) -> costs(c));

    private Nsf5() {
    }

    /** Cost 1 towards zero on non-zero AC coefficients, infinity for the other direction, DC and zeros. */
    public static CostMap costs(int[][] coefficients) {
        DctLayout.requireCoefficients(coefficients, "coefficients");
        int rows = coefficients.length;
        int cols = coefficients[0].length;
        double[][] p = new double[rows][cols];
        double[][] m = new double[rows][cols];
        double[] cost = {Double.POSITIVE_INFINITY, 1};   // indexed by "this change is allowed" (no branches)
        for (int r = 0; r < rows; r++) {
            int[] line = coefficients[r];
            double[] pr = p[r];
            double[] mr = m[r];
            int rowInBlock = r & 7;
            for (int c = 0; c < cols; c++) {
                int v = line[c];
                int ac = (((c | rowInBlock) & 7) + 7) >> 3;
                pr[c] = cost[(v >>> 31) & ac];
                mr[c] = cost[(-v >>> 31) & ac];
            }
        }
        return CostMap.trusted(p, m);
    }

    public static Simulation embed(int[][] coefficients, double payloadBpnzac, long seed) {
        return embed(new int[][][] {coefficients}, payloadBpnzac, seed);
    }

    /** Several components with one payload over all their non-zero AC coefficients. */
    public static Simulation embed(int[][][] components, double payloadBpnzac, long seed) {
        return embed(components, payloadBpnzac, seed, false, "nsF5");
    }

    /**
     * nsF5's simulation; with {@code shrinkage} as conseal's {@code add_shrinkage=True} (its F5): the change rate
     * becomes {@code β / (1 − p)}, p the share of ±1 among all coefficients (zeros and DC included, as conseal's
     * {@code np.mean(np.abs(y0) == 1)}), and ⌈β n / (1 − p)⌉ coefficients (at most n) are decremented.
     */
    static Simulation embed(int[][][] components, double payloadBpnzac, long seed, boolean shrinkage, String name) {
        if (components == null || components.length == 0) {
            throw new IllegalArgumentException("no components given");
        }
        for (int i = 0; i < components.length; i++) {
            DctLayout.requireCoefficients(components[i], "component " + i);
        }
        // one pass: the stego copy, the probabilities and the non-zero AC coefficients (as linear indices over all
        // components); the changes then only visit those. F5's rate needs the ±1 count first (a quick scan).
        int k = components.length;
        long[] offset = new long[k + 1];
        for (int i = 0; i < k; i++) {
            offset[i + 1] = offset[i] + (long) components[i].length * components[i][0].length;
        }
        if (offset[k] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(offset[k] + " coefficients: more than this simulator indexes");
        }
        if (Double.isNaN(payloadBpnzac) || Double.isInfinite(payloadBpnzac) || payloadBpnzac < 0) {
            throw new IllegalArgumentException("payload must be a finite number >= 0 bpnzAC, got " + payloadBpnzac);
        }
        if (payloadBpnzac > 1) {
            throw new IllegalArgumentException(Domain.JPEG.payload(payloadBpnzac, components).label()
                    + " exceeds the capacity of " + DctLayout.nonZeroAc(components) + ".0 bits (" + name
                    + " carries at most 1 bit per non-zero AC coefficient)");
        }
        // read-only scans first: the non-zero AC count (to size the index) and, for F5, the share of ±1
        long nz = DctLayout.nonZeroAc(components);
        double beta = payloadBpnzac == 0 ? 0 : EmbeddingSimulator.inverseBinaryEntropy(payloadBpnzac);
        double rate = shrinkage ? Math.min(1, beta / (1 - shareOfOnes(components))) : beta;
        int[] usable = new int[(int) nz + 1];   // + 1: the branch-free pass below writes one slot past the last
        int n = 0;
        int[][][] stego = new int[k][][];
        ChangeProbabilities[] probabilities = new ChangeProbabilities[k];
        for (int i = 0; i < k; i++) {
            int[][] c = components[i];
            int cols = c[0].length;
            stego[i] = new int[c.length][];
            double[][] pp = new double[c.length][cols];
            double[][] pm = new double[c.length][cols];
            probabilities[i] = new ChangeProbabilities(pp, pm);
            for (int r = 0; r < c.length; r++) {
                int[] line = c[r];
                stego[i][r] = line.clone();
                double[] ppr = pp[r];
                double[] pmr = pm[r];
                int base = (int) offset[i] + r * cols;
                int rowInBlock = r & 7;
                // without branches (whether a coefficient is usable is a coin flip for the branch predictor): use is
                // 1 for a non-zero AC coefficient, 0 otherwise; its index is written always and kept when use is 1
                for (int col = 0; col < cols; col++) {
                    int v = line[col];
                    int use = ((v | -v) >>> 31) & ((((col | rowInBlock) & 7) + 7) >> 3);
                    usable[n] = base + col;
                    n += use;
                    ppr[col] = rate * ((v >>> 31) & use);
                    pmr[col] = rate * ((-v >>> 31) & use);
                }
            }
        }
        DctLayout.requireNonZeroAc(n, payloadBpnzac, name);
        double bits = payloadBpnzac * n;
        // ⌈β n⌉, with a tolerance so that β n a hair above an integer (bisection error) does not add one
        int changes = payloadBpnzac == 0 ? 0 : (int) Math.min(n, Math.ceil(rate * n - 1e-9));
        SplittableRandom random = new SplittableRandom(seed);
        for (int s = 0; s < changes; s++) {
            int j = s + random.nextInt(n - s);
            int at = usable[j];
            usable[j] = usable[s];
            usable[s] = at;
            int i = 0;
            while (at >= offset[i + 1]) {
                i++;
            }
            int cols = components[i][0].length;
            int rel = at - (int) offset[i];
            int[] line = stego[i][rel / cols];
            line[rel % cols] -= Integer.signum(line[rel % cols]);
        }
        return new Simulation(stego, probabilities, changes, Double.NaN, bits,
                n * EmbeddingSimulator.binaryEntropy(beta));
    }

    /** The share of coefficients equal to ±1 over every coefficient of every component (DC and zeros included). */
    static double shareOfOnes(int[][][] components) {
        long ones = 0;
        long total = 0;
        for (int[][] c : components) {
            for (int[] row : c) {
                int n = 0;
                for (int v : row) {
                    n += ((Math.abs(v) ^ 1) - 1) >>> 31;   // 1 where |v| = 1, without a branch
                }
                ones += n;
                total += row.length;
            }
        }
        return total == 0 ? 0 : (double) ones / total;
    }
}
