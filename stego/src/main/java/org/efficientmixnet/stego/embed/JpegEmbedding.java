package org.efficientmixnet.stego.embed;

import java.util.function.BiFunction;

/** Payload convention of the JPEG domain: bits per non-zero AC coefficient over all components, one λ. */
final class JpegEmbedding {
    private JpegEmbedding() {
    }

    static Simulation embed(int[][][] components, int[][] quantTables, double payloadBpnzac, long seed,
                            BiFunction<int[][], int[], CostMap> costFunction, String algorithm) {
        if (components == null || quantTables == null || components.length == 0
                || components.length != quantTables.length) {
            throw new IllegalArgumentException("need one quantization table per component, got "
                    + (components == null ? "null" : components.length) + " components and "
                    + (quantTables == null ? "null" : quantTables.length) + " tables");
        }
        DctLayout.requireNonZeroAc(DctLayout.nonZeroAc(components), payloadBpnzac, algorithm);
        CostMap[] costs = new CostMap[components.length];
        for (int i = 0; i < components.length; i++) {
            costs[i] = costFunction.apply(components[i], quantTables[i]);
        }
        long nzac = DctLayout.nonZeroAc(components);
        double bits = EmbeddingSimulator.messageBits(payloadBpnzac, "bpnzAC", nzac);
        return EmbeddingSimulator.simulate(components, costs, bits, seed, true,
                EmbeddingSimulator.label(payloadBpnzac, "bpnzAC", bits));
    }
}
