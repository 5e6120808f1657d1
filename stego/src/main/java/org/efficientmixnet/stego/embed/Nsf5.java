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
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int v = coefficients[r][c];
                boolean usable = v != 0 && !DctLayout.isDc(r, c);
                p[r][c] = usable && v < 0 ? 1 : Double.POSITIVE_INFINITY;
                m[r][c] = usable && v > 0 ? 1 : Double.POSITIVE_INFINITY;
            }
        }
        return new CostMap(p, m);
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
        long n = DctLayout.nonZeroAc(components);
        DctLayout.requireNonZeroAc(DctLayout.nonZeroAc(components), payloadBpnzac, name);
        Domain.Payload payload = Domain.JPEG.payload(payloadBpnzac, components);
        double bits = payload.bits();
        if (payloadBpnzac > 1 || (n == 0 && payloadBpnzac > 0)) {
            throw new IllegalArgumentException(payload.label()
                    + " exceeds the capacity of " + n + ".0 bits (" + name + " carries at most 1 bit per non-zero AC"
                    + " coefficient)");
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(n + " non-zero AC coefficients: more than this simulator indexes");
        }
        int[] comp = new int[(int) n];
        int[] row = new int[(int) n];
        int[] col = new int[(int) n];
        int[][][] stego = new int[components.length][][];
        ChangeProbabilities[] probabilities = new ChangeProbabilities[components.length];
        double beta = payloadBpnzac == 0 ? 0 : EmbeddingSimulator.inverseBinaryEntropy(payloadBpnzac);
        double rate = shrinkage ? Math.min(1, beta / (1 - shareOfOnes(components))) : beta;
        int t = 0;
        for (int i = 0; i < components.length; i++) {
            int[][] c = components[i];
            stego[i] = Arrays2d.copy(c);
            double[][] pp = new double[c.length][c[0].length];
            double[][] pm = new double[c.length][c[0].length];
            for (int r = 0; r < c.length; r++) {
                for (int k = 0; k < c[0].length; k++) {
                    if (c[r][k] != 0 && !DctLayout.isDc(r, k)) {
                        comp[t] = i;
                        row[t] = r;
                        col[t] = k;
                        t++;
                        if (c[r][k] > 0) {
                            pm[r][k] = rate;
                        } else {
                            pp[r][k] = rate;
                        }
                    }
                }
            }
            probabilities[i] = new ChangeProbabilities(pp, pm);
        }
        // ⌈β n⌉, with a tolerance so that β n a hair above an integer (bisection error) does not add one
        int changes = payloadBpnzac == 0 ? 0 : (int) Math.min(n, Math.ceil(rate * n - 1e-9));
        SplittableRandom random = new SplittableRandom(seed);
        for (int s = 0; s < changes; s++) {
            int j = s + random.nextInt((int) n - s);
            swap(comp, s, j);
            swap(row, s, j);
            swap(col, s, j);
            int[] line = stego[comp[s]][row[s]];
            line[col[s]] -= Integer.signum(line[col[s]]);
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
                for (int v : row) {
                    ones += v == 1 || v == -1 ? 1 : 0;
                }
                total += row.length;
            }
        }
        return total == 0 ? 0 : (double) ones / total;
    }

    private static void swap(int[] a, int i, int j) {
        int x = a[i];
        a[i] = a[j];
        a[j] = x;
    }
}
