package org.efficientmixnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ParameterCopyTest {
    @Test
    void copiesIntoAParameterInPlaceAndKeepsItTrainable() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.zeros(new Shape(2, 3));
            p.setRequiresGradient(true);
            NDArray src = m.arange(6f).reshape(2, 3);
            ParameterCopy.copy(src, p);
            assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, p.toFloatArray());
            assertTrue(p.hasGradient());
            NDArray plain = m.full(new Shape(2, 3), Float.NaN);
            ParameterCopy.copy(src, plain);
            assertArrayEquals(src.toFloatArray(), plain.toFloatArray(), "NaN in the destination does not leak through");
            assertThrows(IllegalArgumentException.class, () -> ParameterCopy.copy(m.zeros(new Shape(3, 2)), plain));
        }
    }
}
