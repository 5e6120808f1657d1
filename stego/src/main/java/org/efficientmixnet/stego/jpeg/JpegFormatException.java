package org.efficientmixnet.stego.jpeg;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.efficientmixnet.io.FileFormatException;

/**
 * A JPEG that cannot be read or is of a kind we do not handle; the message starts with the file (or the stream's
 * name) and names the fault. Unchecked, a {@link FileFormatException} like every bad-input-file error, so that
 * callers isolating per-file failures (the embed job, cover preparation) catch it with the others.
 */
public class JpegFormatException extends FileFormatException {
    /**
     * @param source  the file or stream name the message starts with
     * @param problem what is wrong, and where
     */
    public JpegFormatException(String source, String problem) {
        super(source, pathOf(source), problem);
    }

    private static Path pathOf(String source) {
        try {
            return source == null ? null : Path.of(source);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
