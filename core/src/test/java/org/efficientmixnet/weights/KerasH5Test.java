package org.efficientmixnet.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerasH5Test {
    @TempDir
    Path tmp;

    @Test
    void readsKerasLayoutAsTimmTfEfficientNet() throws IOException {
        Path f = Fixtures.weights("keras_tiny.h5");
        assertEquals(WeightFiles.Format.KERAS_H5, WeightFiles.detect(f));
        StateDict sd = WeightFiles.read(f);
        StateDict expected = Npz.read(Fixtures.weights("keras_expected.npz"));
        assertEquals(new TreeSet<>(expected.keys()), new TreeSet<>(sd.keys()));
        for (String k : expected.keys()) {
            Fixtures.assertSameValues(expected.get(k), sd.get(k), k);
        }
        assertArrayEquals(new long[] {4, 3, 3, 3}, sd.get("conv_stem.weight").shape(), "HWIO -> OIHW");
        assertArrayEquals(new long[] {6, 1, 5, 5}, sd.get("blocks.1.0.conv_dw.weight").shape(), "H W C 1 -> C 1 H W");
        assertArrayEquals(new long[] {10, 8}, sd.get("classifier.weight").shape(), "(in, out) -> (out, in)");
        assertTrue(sd.contains("blocks.0.0.conv_pw.weight") && sd.contains("blocks.1.1.conv_pwl.weight"));
    }

    @Test
    void rawReadKeepsKerasNames() throws IOException {
        StateDict raw = KerasH5.readRaw(Fixtures.weights("keras_tiny.h5"));
        assertArrayEquals(new long[] {3, 3, 3, 4}, raw.get("stem_conv/kernel").shape());
        assertTrue(raw.contains("stem_bn/moving_variance"));
        assertTrue(raw.contains("normalization/mean"));
    }

    @Test
    void corruptH5FailsNamingTheFile() throws IOException {
        byte[] all = Files.readAllBytes(Fixtures.weights("keras_tiny.h5"));
        Path cut = tmp.resolve("cut.h5");
        Files.write(cut, java.util.Arrays.copyOf(all, 2000));
        Exception e = assertThrows(Exception.class, () -> WeightFiles.read(cut));
        assertTrue(e.getMessage().contains("cut.h5"), e.getMessage());
    }
}
