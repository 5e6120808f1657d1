package org.efficientmixnet.io;

import java.nio.file.Path;

/**
 * A file that asks for more than a stated resource budget (bytes, tensors, pixels, nesting): refused before the
 * memory is allocated. The message names the file, what was claimed, the limit, and the system property and
 * environment variable that raise it.
 */
public class LimitExceededException extends FileFormatException {
    private final Limits.Limit limit;

    public LimitExceededException(Path file, Limits.Limit limit, String what, long claimed) {
        super(file, what + " needs " + claimed + " " + limit.unit() + ", over the limit of " + limit.value() + " "
                + limit.unit() + " (" + limit.description() + "; raise it with " + limit.howToRaise() + ")");
        this.limit = limit;
    }

    public LimitExceededException(Path file, String problem) {
        super(file, problem);
        this.limit = null;
    }

    /** The limit that was exceeded, or null for the heap check. */
    public Limits.Limit limit() {
        return limit;
    }
}
