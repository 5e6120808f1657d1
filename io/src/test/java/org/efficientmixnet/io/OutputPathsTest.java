package org.efficientmixnet.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPathsTest {
    @TempDir
    Path tmp;

    @Test
    void anOutputThatIsTheInputByAnyNameIsRefused() throws IOException {
        Path in = Files.writeString(tmp.resolve("in.jpg"), "x");
        Path link = Files.createSymbolicLink(tmp.resolve("link.jpg"), in);
        for (Path out : new Path[] {in, tmp.resolve("./in.jpg"), link}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OutputPaths.requireDistinct(Map.of("image", in), Map.of("--npy", out)));
            assertTrue(e.getMessage().contains("--npy") && e.getMessage().contains("refusing"), e.getMessage());
        }
        assertDoesNotThrow(() -> OutputPaths.requireDistinct(Map.of("image", in), Map.of("--npy", tmp.resolve("o.npy"))));
    }

    @Test
    void twoOutputsOnOnePathAreRefused() {
        Map<String, Path> outs = new LinkedHashMap<>();
        outs.put("--png", tmp.resolve("x"));
        outs.put("--npy", tmp.resolve("sub/../x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputPaths.requireDistinct(Map.of(), outs));
        assertTrue(e.getMessage().contains("--png and --npy"), e.getMessage());
    }

    @Test
    void anOutputFolderInsideTheInputFolderIsRefused() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        assertThrows(IllegalArgumentException.class, () -> OutputPaths.requireOutside("--out", data, "--data", data));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputPaths.requireOutside("--out", data.resolve("runs/a"), "--data", data));
        assertTrue(e.getMessage().contains("lies inside --data"), e.getMessage());
        assertDoesNotThrow(() -> OutputPaths.requireOutside("--out", tmp.resolve("runs/a"), "--data", data));
    }
}
