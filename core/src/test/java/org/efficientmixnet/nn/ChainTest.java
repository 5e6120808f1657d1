package org.efficientmixnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainTest {

    @Test
    void closesEachIntermediateButNotTheInputTheResultOrAnIdentityStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1f, 2f});
            List<NDArray> seen = new ArrayList<>();
            NDArray y = new Chain(x)
                    .then(v -> { seen.add(v); return v.add(1f); })
                    .then(v -> { seen.add(v); return v; }) // identity: must not close its own output
                    .then(v -> { seen.add(v); return v.mul(2f); })
                    .result();
            assertFalse(x.isReleased(), "the chain's input belongs to the caller");
            assertTrue(seen.get(1).isReleased(), "x + 1 is closed once the last step has read it");
            assertFalse(y.isReleased());
            assertArrayEquals(new float[] {4f, 6f}, y.toFloatArray());
        }
    }

    @Test
    void closingIntermediatesEarlyKeepsWhatAutogradNeeds() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0.5f, -1f, 2f});
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // d/dx sum((x·x)·(x·x)) = 4x³, with x·x closed before the backward pass
                NDArray y = new Chain(x).then(v -> v.mul(v)).then(v -> v.mul(v)).then(NDArray::sum).result();
                gc.backward(y);
            }
            assertArrayEquals(new float[] {0.5f, -4f, 32f}, x.getGradient().toFloatArray(), 1e-5f);
        }
    }
}
