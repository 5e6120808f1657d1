package org.efficientmixnet.weights;

import java.nio.file.Path;

/**
 * A weight file that is truncated, corrupt, of an unsupported kind, or unsafe to load. The message always names
 * the file and what is wrong, so the CLI can print it as is.
 */
public class WeightFormatException extends IllegalArgumentException {
    private final Path file;

    public WeightFormatException(Path file, String problem) {
        super((file == null ? "<stream>" : file.toString()) + ": " + problem);
        this.file = file;
    }

    public WeightFormatException(Path file, String problem, Throwable cause) {
        this(file, problem);
        initCause(cause);
    }

    /** The file at fault, or null when the data did not come from a file. */
    public Path file() {
        return file;
    }
}
