package org.efficientmixnet.weights;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightFilesTest {
    @TempDir
    Path tmp;

    @Test
    void detectsByContentNotExtension() throws IOException {
        assertEquals(WeightFiles.Format.TORCH, WeightFiles.detect(Fixtures.weights("plain.pth")));
        assertEquals(WeightFiles.Format.NPZ, WeightFiles.detect(Fixtures.weights("numpy.npz")));
        assertEquals(WeightFiles.Format.SAFETENSORS, WeightFiles.detect(Fixtures.weights("python.safetensors")));
        assertEquals(WeightFiles.Format.KERAS_H5, WeightFiles.detect(Fixtures.weights("keras_tiny.h5")));
        Path renamed = tmp.resolve("weights.bin");
        Files.copy(Fixtures.weights("python.safetensors"), renamed);
        assertEquals(6, WeightFiles.read(renamed).size());
        Path npy = tmp.resolve("kernel.npy");
        Npz.writeNpy(npy, TensorData.ofFloats(new long[] {2}, new float[] {1, 2}));
        assertEquals(java.util.List.of("kernel"), java.util.List.copyOf(WeightFiles.read(npy).keys()));
    }

    @Test
    void unknownAndMissingFilesFailClearly() throws IOException {
        Path junk = tmp.resolve("junk.pth");
        Files.writeString(junk, "hello, I am not a checkpoint");
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> WeightFiles.read(junk));
        assertTrue(e.getMessage().contains("junk.pth"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> WeightFiles.read(tmp.resolve("absent.safetensors")));
        Path empty = tmp.resolve("empty.safetensors");
        Files.write(empty, new byte[0]);
        assertThrows(WeightFormatException.class, () -> WeightFiles.read(empty));
    }

    @Test
    void writesByExtensionAndRefusesOthers() throws IOException {
        StateDict sd = new StateDict().put("w", TensorData.ofFloats(new long[] {2}, new float[] {3, 4}));
        for (String name : new String[] {"a.safetensors", "a.npz"}) {
            Path f = tmp.resolve(name);
            WeightFiles.write(f, sd);
            Fixtures.assertSameTensor(sd.get("w"), WeightFiles.read(f).get("w"), name);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightFiles.write(tmp.resolve("a.pth"), sd));
        assertTrue(e.getMessage().contains("a.pth"), e.getMessage());
    }

    @Test
    void convertsHalfPrecisionForEveryFormat() throws IOException {
        StateDict sd = WeightFiles.read(Fixtures.weights("python.safetensors"), ReadOptions.defaults().withToFloat32(true));
        assertEquals(DType.FLOAT32, sd.get("half").dtype());
        assertEquals(DType.FLOAT32, sd.get("bf").dtype());
        assertEquals(DType.INT64, sd.get("idx").dtype());
    }
}
