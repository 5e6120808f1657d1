package org.efficientmixnet.weights;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.efficientmixnet.io.FileFormatException;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzz targets (Jazzer) for every weight-file parser. The contract: a state dict, or a
 * {@link FileFormatException} (its subclasses included) whose message starts with the file; no other throwable,
 * and within the time limit. In the test suite each target runs its committed inputs
 * ({@code src/test/resources/org/efficientmixnet/weights/WeightsFuzzTestInputs/<target>/}: seeds and every crash
 * found); {@code bench/fuzz} runs the coverage-guided campaign (docs/security.md).
 */
class WeightsFuzzTest {
    private static final Path DIR = tempDir();

    private static Path tempDir() {
        try {
            Path d = Files.createTempDirectory("emn-fuzz-weights");
            d.toFile().deleteOnExit();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the input to a file and reads it through {@code reader}, checking the contract. */
    static void check(byte[] data, String name, IoCall reader) throws IOException {
        Path f = DIR.resolve(name);
        Files.write(f, data);
        try {
            reader.run(f);
        } catch (FileFormatException e) {
            if (!e.getMessage().startsWith(f.toString())) {
                throw new AssertionError("message does not start with the file: " + e.getMessage(), e);
            }
        }
    }

    interface IoCall {
        void run(Path f) throws IOException;
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void safetensors(byte[] data) throws IOException {
        check(data, "f.safetensors", f -> {
            Safetensors.readMetadata(f);
            Safetensors.read(f);
        });
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void npy(byte[] data) throws IOException {
        check(data, "f.npy", Npz::readNpy);
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void npz(byte[] data) throws IOException {
        check(data, "f.npz", Npz::read);
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void torchZip(byte[] data) throws IOException {
        check(data, "f.pth", f -> TorchCheckpoint.load(f, ReadOptions.defaults()));
    }

    /** The unpickler alone, every storage a zero buffer of the claimed size (bounded), so mutations reach the ops. */
    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void pickle(byte[] data) {
        Path f = Path.of("fuzz.pkl");
        try {
            new RestrictedUnpickler(data, f, (dtype, key, numel) -> {
                if (numel < 0 || numel > (1 << 16)) {
                    throw new WeightFormatException(f, "storage of " + numel + " elements");
                }
                return ByteBuffer.allocate((int) numel * dtype.bytes());
            }).load();
        } catch (FileFormatException e) {
            if (!e.getMessage().startsWith("fuzz.pkl")) {
                throw new AssertionError(e.getMessage(), e);
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void kerasH5(byte[] data) throws IOException {
        check(data, "f.h5", KerasH5::read);
    }

    /** Any bytes through the one entry point, format detection included. */
    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void anyWeightFile(byte[] data) throws IOException {
        check(data, "f.bin", WeightFiles::read);
    }
}
