package org.efficientmixnet.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.weights.StateDict;
import org.efficientmixnet.weights.WeightFiles;

/**
 * The one place where checkpoint files meet the disk: tensors through the weights module's {@link WeightFiles}
 * (safetensors with timm names), other files written to a temporary name in the same folder and renamed.
 */
public final class CheckpointFiles {
    private CheckpointFiles() {
    }

    /** Writes the tensors atomically (safetensors by the file's extension); returns the CRC-32 of the file's bytes. */
    public static long writeWeights(Path file, StateDict sd) throws IOException {
        WeightFiles.write(file, sd);
        return crc(file);
    }

    /**
     * Any weight file the weights module reads (safetensors, npz, PyTorch checkpoints), each tensor in the type it
     * was stored in (float16, bfloat16 and integer tensors are not converted; {@code StateDict.toFloat32()} does
     * that, and {@code ModelWeights.load} converts as it copies into a network).
     */
    public static StateDict readWeights(Path file) throws IOException {
        return WeightFiles.read(file);
    }

    /** Writes bytes to a temporary file in the same folder, then renames it over {@code file}; returns their CRC-32. */
    public static long writeAtomically(Path file, byte[] bytes) throws IOException {
        AtomicFile.write(file, bytes);
        return crc(bytes);
    }

    public static void writeStringAtomically(Path file, String text) throws IOException {
        writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static long crc(byte[] bytes) {
        CRC32 c = new CRC32();
        c.update(bytes);
        return c.getValue();
    }

    public static long crc(Path file) throws IOException {
        return crc(Files.readAllBytes(file));
    }
}
