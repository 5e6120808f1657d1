package org.efficientmixnet.weights;

import java.nio.file.Path;
import org.efficientmixnet.io.FileFormatException;

/**
 * A weight file that is truncated, corrupt, of an unsupported kind, or unsafe to load. The message always names
 * the file and what is wrong, so the CLI can print it as is.
 */
public class WeightFormatException extends FileFormatException {
    public WeightFormatException(Path file, String problem) {
        super(file, problem);
    }

    public WeightFormatException(Path file, String problem, Throwable cause) {
        super(file, problem, cause);
    }
}
