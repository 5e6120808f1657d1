package org.efficientmixnet.stego.dataset;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.efficientmixnet.io.FileFormatException;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.efficientmixnet.stego.jpeg.JpegFormatException;
import org.efficientmixnet.stego.jpeg.JpegPixels;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets (Jazzer) for the stego module's parsers: JPEG coefficients and pixels (a result, or a
 * {@link JpegFormatException} naming the input), gray images through ImageIO and the PGM reader (a result, or a
 * {@link FileFormatException} / {@link IOException} naming the file), and embedding manifests (rows, or an
 * IllegalArgumentException naming the file). Inputs under
 * {@code src/test/resources/org/efficientmixnet/stego/dataset/StegoFuzzTestInputs/<target>/}.
 */
class StegoFuzzTest {
    private static final Path DIR = tempDir();

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("emn-fuzz-stego");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void named(Exception e, String name) {
        if (e.getMessage() == null || !e.getMessage().startsWith(name)) {
            throw new AssertionError("message does not start with " + name + ": " + e.getMessage(), e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void jpegCoefficients(byte[] data) throws IOException {
        try {
            JpegCoefficients j = JpegCoefficients.read(data, "fuzz.jpg");
            j.toBytes(true);
        } catch (JpegFormatException e) {
            named(e, "fuzz.jpg");
        } catch (IllegalArgumentException e) {
            // a damaged DC can leave coefficients the writer cannot code; it names the component
            if (!String.valueOf(e.getMessage()).contains("component")) {
                throw e;
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void jpegPixels(byte[] data) throws IOException {
        JpegCoefficients j;
        try {
            j = JpegCoefficients.read(data, "fuzz.jpg");
        } catch (JpegFormatException e) {
            named(e, "fuzz.jpg");
            return;
        }
        JpegPixels.gray8(j);
        JpegPixels.pixels(j, j.numComponents() == 1 ? JpegPixels.Space.Y : JpegPixels.Space.RGB);
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void grayImages(byte[] data) throws IOException {
        // the first byte picks the reader: PGM (by name) or ImageIO (PNG, BMP, GIF, JPEG by content)
        if (data.length == 0) {
            return;
        }
        Path f = DIR.resolve((data[0] & 1) == 0 ? "f.pgm" : "f.png");
        Files.write(f, java.util.Arrays.copyOfRange(data, 1, data.length));
        try {
            GrayImages.read(f);
        } catch (IOException | IllegalArgumentException e) {
            named(e, f.toString());
        }
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void manifest(byte[] data) throws IOException {
        Path f = DIR.resolve("manifest.csv");
        Files.write(f, data);
        try {
            EmbedJob.readManifest(f);
        } catch (IllegalArgumentException e) {
            named(e, f.toString());
        }
    }
}
