package org.efficientmixnet.stego.embed;

/**
 * The second half of an {@link Algorithm}: turns costs and a payload into a stego, as a sender with an optimal
 * code would. Most algorithms use {@link #TERNARY} (±1, Gibbs probabilities with one λ over all components);
 * LSB uses {@link #BINARY}; nsF5 brings its own.
 */
@FunctionalInterface
public interface Simulator {
    /** Ternary ±1 embedding at the rate-distortion bound ({@link EmbeddingSimulator#simulateTernary}). */
    Simulator TERNARY = (covers, costs, payload, seed) ->
            EmbeddingSimulator.simulate(covers, costs, payload.bits(), seed, true, payload.label());
    /** Binary embedding, one change of the cheaper sign per element ({@link EmbeddingSimulator#simulateBinary}). */
    Simulator BINARY = (covers, costs, payload, seed) ->
            EmbeddingSimulator.simulate(covers, costs, payload.bits(), seed, false, payload.label());

    /**
     * @param covers  every component of the cover, in order
     * @param costs   one cost map per component
     * @param payload the payload and message length
     * @param seed    drives all randomness
     */
    Simulation simulate(int[][][] covers, CostMap[] costs, Domain.Payload payload, long seed);
}
