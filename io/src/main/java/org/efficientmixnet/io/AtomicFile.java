package org.efficientmixnet.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that nothing already there is lost to a failed write: the content goes to a temporary file in
 * the target's folder (one file system, so the rename is atomic), which is then renamed over the target, and removed
 * if anything fails. The one place for this in every module (it lives in the JDK-only io module so that the
 * plain-Java stego module can use it too).
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes the content of a file, given the temporary path to write it to. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    /** {@code content} written to a temporary file and renamed onto {@code target}; its folder is created if needed. */
    public static void write(Path target, Content content) throws IOException {
        Path tmp = tempBeside(target);
        try {
            content.writeTo(tmp);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, tmp -> Files.write(tmp, bytes));
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A new temporary file in the target's folder (created if needed), for writers that rename it themselves. It is
     * created with the permissions the umask allows, as any other new file ({@code Files.createTempFile} would make
     * it 0600, and the renamed output with it).
     */
    public static Path tempBeside(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String base = "." + target.getFileName() + ".";
        try {
            Files.createDirectories(dir);
            for (int attempt = 0; ; attempt++) {
                Path tmp = dir.resolve(base + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
                try {
                    return Files.createFile(tmp);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    if (attempt > 100) {
                        throw e;
                    }
                }
            }
        } catch (java.nio.file.AccessDeniedException e) {
            // name the output asked for and the reason, not the temporary file
            throw new java.nio.file.AccessDeniedException(target.toString(), null,
                    "cannot write it: no permission to create files in " + dir);
        } catch (java.nio.file.FileSystemException e) {
            throw new java.nio.file.FileSystemException(target.toString(), null, "cannot write it: "
                    + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Renames {@code tmp} onto {@code target}, atomically where the file system allows it. */
    public static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
