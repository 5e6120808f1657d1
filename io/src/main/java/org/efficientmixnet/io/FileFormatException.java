package org.efficientmixnet.io;

import java.nio.file.Path;

/**
 * The project's one exception for a bad input file: truncated, corrupt, of a kind we do not handle, over a resource
 * limit, or unsafe to load. Unchecked, so that parsers deep in a call chain need not declare it, and an
 * {@link IllegalArgumentException}, which is what the CLI already reports as a one-line error. The message always
 * starts with the file (or {@code <stream>}) and names the field, token or position at fault, so it can be printed
 * as is. Each format may subclass it ({@code WeightFormatException}, {@code JpegFormatException}); callers that
 * isolate per-file failures (a dataset, an embed job) catch this type. Control characters in the message are
 * escaped and it is cut at 2,000 characters ({@link Excerpt}). {@link LimitExceededException} is the subclass for
 * a file over a resource budget ({@link Limits}).
 */
public class FileFormatException extends IllegalArgumentException {
    private final Path file;

    public FileFormatException(Path file, String problem) {
        // escaped and bounded: the problem may quote bytes of a hostile file (control codes, megabyte tokens)
        super((file == null ? "<stream>" : Excerpt.of(file.toString(), 1000)) + ": " + Excerpt.of(problem, 2000));
        this.file = file;
    }

    public FileFormatException(Path file, String problem, Throwable cause) {
        this(file, problem);
        initCause(cause);
    }

    /**
     * For formats that name their input by a string (a stream's label, or a file name that may not parse as a
     * path): the message starts with {@code source}; {@code file} is the path when there is one, else null.
     */
    protected FileFormatException(String source, Path file, String problem) {
        super((source == null ? "<stream>" : source) + ": " + problem);
        this.file = file;
    }

    /** The file at fault, or null when the data did not come from a file. */
    public Path file() {
        return file;
    }
}
