package org.efficientmixnet.train;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.train.data.BadImageException;
import org.efficientmixnet.train.data.ImageDecoder;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets (Jazzer) for the training module's parsers: PNM and ImageIO images as a dataset reads them (pixels,
 * or a {@link BadImageException} naming the file, which the dataset skips) and a run's JSON files (a checkpoint or
 * configuration, or a one-line error naming the file). Inputs under
 * {@code src/test/resources/org/efficientmixnet/train/TrainFuzzTestInputs/<target>/}.
 */
class TrainFuzzTest {
    private static final Path DIR = tempDir();

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("emn-fuzz-train");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void image(byte[] data, String name) throws IOException {
        Path f = DIR.resolve(name);
        Files.write(f, data);
        try {
            ImageDecoder.read(f, 3);
        } catch (BadImageException e) {
            if (!e.getMessage().startsWith(f.toString())) {
                throw new AssertionError("message does not start with the file: " + e.getMessage(), e);
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void pnm(byte[] data) throws IOException {
        image(data, "f.pnm");
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void png(byte[] data) throws IOException {
        image(data, "f.png");
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void runJson(byte[] data) throws IOException {
        Path f = DIR.resolve("last.json");
        Files.write(f, data);
        for (int kind = 0; kind < 2; kind++) {
            try {
                if (kind == 0) {
                    Checkpoint.read(f);
                } else {
                    TrainConfig.read(f);
                }
            } catch (FileFormatException e) {
                if (!e.getMessage().startsWith(f.toString())) {
                    throw new AssertionError("message does not start with the file: " + e.getMessage(), e);
                }
            } catch (IllegalArgumentException e) {
                // a well-formed checkpoint whose weights file is missing or differs: the message names the file
                if (!String.valueOf(e.getMessage()).contains(f.toString())) {
                    throw new AssertionError("message does not name the file: " + e.getMessage(), e);
                }
            }
        }
    }
}
