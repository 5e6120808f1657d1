package org.efficientmixnet.advsteg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.nn.ParameterCopy;

/**
 * DCGAN's initialization (Radford et al. 2016), which the reference applies to all three networks: convolution,
 * transposed-convolution and linear weights N(0, 0.02), batch-norm scales N(1, 0.02), every bias and shift 0.
 * Draws from the engine's generator, so {@code Engine.setRandomSeed} makes it repeatable.
 */
final class Dcgan {
    static final float STD = 0.02f;

    private Dcgan() {
    }

    static void initialize(Block block, NDManager manager) {
        for (Parameter p : ModelWeights.namedParameters(block).values()) {
            NDArray a = p.getArray();
            NDArray v = switch (p.getType()) {
                case WEIGHT -> manager.randomNormal(0f, STD, a.getShape(), DataType.FLOAT32);
                case GAMMA -> manager.randomNormal(1f, STD, a.getShape(), DataType.FLOAT32);
                case BIAS, BETA -> manager.zeros(a.getShape(), DataType.FLOAT32);
                default -> null; // running statistics keep their 0 / 1 start
            };
            if (v != null) {
                ParameterCopy.copy(v, a);
                v.close();
            }
        }
    }
}
