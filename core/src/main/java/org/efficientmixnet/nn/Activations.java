package org.efficientmixnet.nn;

import ai.djl.ndarray.NDArray;
import org.efficientmixnet.arch.ActivationType;

/**
 * The activation functions, written here because DJL's swish computes sigmoid(x·β)·x (an extra tensor) and
 * its mish uses a base-2 logarithm. On the PyTorch engine swish, mish, hard-swish and hard-sigmoid run
 * libtorch's native ops through {@link ScriptedOp}: one kernel, and autograd keeps only the input, where the
 * composed forms keep an extra activation-sized tensor per call (the sigmoid, the tanh) until the backward pass.
 * The composed forms stay for other engines; each is stable for large |x| (mish uses PyTorch's thresholded
 * softplus).
 */
public final class Activations {
    private Activations() {
    }

    public static NDArray apply(ActivationType type, NDArray x) {
        if (ScriptedOp.available(x)) {
            switch (type) {
                case SWISH:
                    return ScriptedOp.SILU.apply(x);
                case MISH:
                    return ScriptedOp.MISH.apply(x);
                case HARD_SWISH:
                    return ScriptedOp.HARD_SWISH.apply(x);
                case HARD_SIGMOID:
                    return ScriptedOp.HARD_SIGMOID.apply(x);
                default:
                    break;
            }
        }
        return composed(type, x);
    }

    /** The activation built from DJL's own ops only (any engine; the layer benchmarks compare it). */
    public static NDArray composed(ActivationType type, NDArray x) {
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
