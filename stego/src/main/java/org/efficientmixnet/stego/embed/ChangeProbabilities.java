package org.efficientmixnet.stego.embed;

/**
 * Per-element probabilities of a +1 and of a -1 change, as the simulator computed them; saved with
 * {@link org.efficientmixnet.io.Npy} they make the change-probability maps of papers' figures.
 */
public record ChangeProbabilities(double[][] pPlus, double[][] pMinus) {

    /** The probability that the element changes at all, pPlus + pMinus. */
    public double[][] changeProbability() {
        double[][] out = new double[pPlus.length][pPlus[0].length];
        for (int r = 0; r < out.length; r++) {
            for (int c = 0; c < out[0].length; c++) {
                out[r][c] = pPlus[r][c] + pMinus[r][c];
            }
        }
        return out;
    }

    /** Expected number of changes, the sum of all change probabilities. */
    public double expectedChanges() {
        double s = 0;
        for (int r = 0; r < pPlus.length; r++) {
            for (int c = 0; c < pPlus[0].length; c++) {
                s += pPlus[r][c] + pMinus[r][c];
            }
        }
        return s;
    }

    /** Entropy in bits of the three-way change distribution, summed over elements (the payload it carries). */
    public double entropyBits() {
        double s = 0;
        for (int r = 0; r < pPlus.length; r++) {
            for (int c = 0; c < pPlus[0].length; c++) {
                double p = pPlus[r][c];
                double m = pMinus[r][c];
                s += EmbeddingSimulator.plogp(p) + EmbeddingSimulator.plogp(m) + EmbeddingSimulator.plogp(1 - p - m);
            }
        }
        return -s / Math.log(2);
    }
}
