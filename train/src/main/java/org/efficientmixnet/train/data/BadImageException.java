package org.efficientmixnet.train.data;

import java.nio.file.Path;
import org.efficientmixnet.io.FileFormatException;

/**
 * An image that cannot be used: unreadable, truncated, over a size limit, or with channels the model cannot take.
 * Names the file. A {@link FileFormatException}, so datasets that skip bad files catch one type for every format.
 */
public class BadImageException extends FileFormatException {
    public BadImageException(Path file, String reason) {
        super(file, reason);
    }

    public BadImageException(Path file, String reason, Throwable cause) {
        super(file, reason, cause);
    }
}
