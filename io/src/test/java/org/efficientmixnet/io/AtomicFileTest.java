package org.efficientmixnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path tmp;

    @Test
    void writtenFilesGetThePermissionsTheUmaskAllowsNot0600() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path reference = Files.createFile(tmp.resolve("plain")); // 0666 & ~umask
        Path out = tmp.resolve("out.txt");
        AtomicFile.writeString(out, "x");
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(out));
        assertEquals("x", Files.readString(out));
        try (var s = Files.list(tmp)) {
            assertEquals(2, s.count(), "no temporary file left");
        }
    }

    @Test
    void anUnwritableTargetIsNamedWithTheReasonNotATemporaryName() throws IOException {
        Path file = Files.writeString(tmp.resolve("file.txt"), "x");
        Path target = file.resolve("out.npy"); // its folder is a file
        java.nio.file.FileSystemException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.nio.file.FileSystemException.class, () -> AtomicFile.writeString(target, "y"));
        assertEquals(target.toString(), e.getFile());
        org.junit.jupiter.api.Assertions.assertTrue(e.getReason() != null && e.getReason().startsWith("cannot write it")
                && !e.getMessage().contains(".tmp"), e.getMessage());
    }
}
