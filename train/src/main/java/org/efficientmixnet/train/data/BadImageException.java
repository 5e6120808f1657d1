package org.efficientmixnet.train.data;

import java.nio.file.Path;

/** An image that cannot be used: unreadable, truncated, or with channels the model cannot take. Names the file. */
public class BadImageException extends IllegalArgumentException {
    private final transient Path file;

    public BadImageException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public BadImageException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
