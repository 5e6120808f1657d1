package org.efficientmixnet.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Locates the committed fixtures (made by src/test/fixtures/make_weight_fixtures.py) and compares tensors. */
final class Fixtures {
    private Fixtures() {
    }

    static Path weights(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/weights/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing fixture " + name, e);
        }
    }

    static void assertSameValues(TensorData expected, TensorData actual, String name) {
        assertArrayEquals(expected.shape(), actual.shape(), name + " shape");
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 0f, name + " values");
    }

    static void assertSameTensor(TensorData expected, TensorData actual, String name) {
        assertEquals(expected.dtype(), actual.dtype(), name + " dtype");
        assertArrayEquals(expected.shape(), actual.shape(), name + " shape");
        assertArrayEquals(expected.toByteArray(), actual.toByteArray(), name + " bytes");
    }
}
