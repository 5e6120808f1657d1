package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import org.efficientmixnet.arch.ActivationType;

/**
 * The activation functions, written here because DJL's swish computes sigmoid(x·β)·x (an extra tensor) and
 * its mish uses a base-2 logarithm. Each is stable for large |x|: mish uses PyTorch's thresholded softplus.
 */
public final class Activations {
    private Activations() {
    }

    public static NDArray apply(ActivationType type, NDArray x) {
        return switch (type) {
            case RELU -> x.getNDArrayInternal().relu();
            case RELU6 -> x.clip(0, 6);
            case SWISH -> {
                try (NDArray s = x.getNDArrayInternal().sigmoid()) {
                    yield x.mul(s);
                }
            }
            case MISH -> {
                try (NDArray sp = x.getNDArrayInternal().softPlus(); NDArray t = sp.tanh()) {
                    yield x.mul(t);
                }
            }
            case HARD_SIGMOID -> hardSigmoid(x);
            case HARD_SWISH -> {
                try (NDArray g = hardSigmoid(x)) {
                    yield x.mul(g);
                }
            }
            case GELU -> x.getNDArrayInternal().gelu();
            case SIGMOID -> x.getNDArrayInternal().sigmoid();
            case IDENTITY -> x;
        };
    }

    /** relu6(x + 3) / 6, as PyTorch's hardsigmoid. */
    static NDArray hardSigmoid(NDArray x) {
        try (NDArray a = x.add(3f); NDArray c = a.clip(0, 6); NDArray six = NativeScalar.of(x, 6)) {
            return c.div(six);
        }
    }
}
