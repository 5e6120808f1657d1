package org.efficientmixnet.weights;

import java.nio.file.Path;

/**
 * A PyTorch checkpoint whose pickle asks for something outside the allow-list of plain tensor dicts (for example
 * {@code posix system}). Raised before anything is constructed from the offending op: nothing is ever executed.
 */
public final class UnsafeCheckpointException extends WeightFormatException {
    public UnsafeCheckpointException(Path file, String problem) {
        super(file, problem);
    }
}
