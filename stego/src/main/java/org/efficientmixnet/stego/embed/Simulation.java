package org.efficientmixnet.stego.embed;

/**
 * Outcome of one simulated embedding.
 *
 * @param stegoComponents the stego array of every component given, in order (one for grayscale)
 * @param probabilities   the change probabilities that were sampled, one per component
 * @param changes         how many elements were actually changed
 * @param lambda          the Lagrange multiplier found for the payload ({@code NaN} where none is used, as
 *                        in nsF5; {@code +Infinity} for an empty message)
 * @param messageBits     the message length asked for, in bits
 * @param entropyBits     the payload the probabilities carry (their entropy; for nsF5 the coding bound)
 */
public record Simulation(int[][][] stegoComponents, ChangeProbabilities[] probabilities, long changes,
                         double lambda, double messageBits, double entropyBits) {

    /** The stego array of the first (for grayscale: the only) component. */
    public int[][] stego() {
        return stegoComponents[0];
    }

    /** The change probabilities of the first (for grayscale: the only) component. */
    public ChangeProbabilities changeProbabilities() {
        return probabilities[0];
    }
}
