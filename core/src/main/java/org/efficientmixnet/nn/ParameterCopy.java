package org.efficientmixnet.nn;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Copies values into an existing array in place (weights into parameters, folded weights, EMA shadows). DJL's
 * {@code copyTo} runs under libtorch's deprecated {@code AutoNonVariableTypeMode}, and libtorch then prints a
 * deprecation warning on stderr the first time, in every command that loads weights; an indexed assignment of the
 * whole array gives the same values without it. Where libtorch refuses that (an in-place write to a parameter while
 * gradients are recorded), {@code copyTo} does it.
 */
public final class ParameterCopy {
    private static final NDIndex ALL = new NDIndex("...");

    private ParameterCopy() {
    }

    /** {@code src.copyTo(dst)} without libtorch's warning; shapes must be equal. */
    public static void copy(NDArray src, NDArray dst) {
        if (!src.getShape().equals(dst.getShape())) {
            throw new IllegalArgumentException("copy of " + src.getShape() + " into " + dst.getShape());
        }
        try {
            dst.set(ALL, src);
        } catch (EngineException e) {
            src.copyTo(dst);
        }
    }
}
