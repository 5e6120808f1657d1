package org.efficientmixnet.advsteg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.efficientmixnet.train.Progress;
import org.efficientmixnet.train.loop.EpochResult;
import org.efficientmixnet.weights.ModelWeights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTest {
    @TempDir
    Path tmp;

    /** {@code n} smooth gray images of {@code size}² with a few shapes, as PNG files. */
    static Path images(Path dir, int n, int size, long seed) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int k = 0; k < n; k++) {
            BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
            double fx = 0.02 + rng.nextDouble() * 0.1, fy = 0.02 + rng.nextDouble() * 0.1, ph = rng.nextDouble() * 6;
            int cx = rng.nextInt(size), cy = rng.nextInt(size), r = 5 + rng.nextInt(size / 3);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double v = 128 + 60 * Math.sin(fx * x + ph) * Math.cos(fy * y) + rng.nextGaussian() * 3;
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r) {
                        v += 50;
                    }
                    int g = (int) Math.max(0, Math.min(255, Math.round(v)));
                    img.getRaster().setSample(x, y, 0, g);
                }
            }
            ImageIO.write(img, "png", dir.resolve(String.format("img%03d.png", k)).toFile());
        }
        return dir;
    }

    private static AdvStegRun.Settings settings(Path data, int epochs) {
        return new AdvStegRun.Settings(new AdvStegConfig(8, 16, 1), new AdvStegTraining.Hyper(1e-3, 0.1, 0.3, 0.6, 4),
                epochs, 0.25, 11, data.toString());
    }

    @Test
    void resumeContinuesExactlyAsAnUninterruptedRun() throws IOException {
        Path data = images(tmp.resolve("data"), 12, 70, 1);
        Path straight = tmp.resolve("straight");
        List<EpochResult> h = AdvStegRun.train(straight, settings(data, 2), false, Progress.silent());
        assertEquals(2, h.size());
        Path resumed = tmp.resolve("resumed");
        AdvStegRun.train(resumed, settings(data, 1), false, Progress.silent());
        List<EpochResult> h2 = AdvStegRun.train(resumed, settings(data, 2), true, Progress.silent());
        assertEquals(h.get(1).get("train_loss_alice_bob"), h2.get(1).get("train_loss_alice_bob"), 0.0);
        assertEquals(h.get(1).get("val_bit_acc"), h2.get(1).get("val_bit_acc"), 0.0);
        try (AdvStegNetworks a = AdvStegRun.load(straight); AdvStegNetworks b = AdvStegRun.load(resumed)) {
            for (String net : List.of("alice", "bob", "eve")) {
                var pa = ModelWeights.namedParameters(a.byName().get(net));
                var pb = ModelWeights.namedParameters(b.byName().get(net));
                for (String k : pa.keySet()) {
                    assertArrayEquals(pa.get(k).getArray().toFloatArray(), pb.get(k).getArray().toFloatArray(), net + "." + k);
                }
            }
        }
        for (String f : List.of("history.csv", "history.json", "losses.png", "accuracy.png", "quality.png", "split.csv",
                "samples/epoch-002.png", "train.log", "checkpoints/last.json", "checkpoints/best.alice.safetensors")) {
            assertTrue(Files.isRegularFile(straight.resolve(f)), f);
        }
        String[] lines = Files.readString(straight.resolve("split.csv")).split("\n");
        assertEquals(13, lines.length);
        assertEquals(3, List.of(lines).stream().filter(l -> l.endsWith(",val")).count());
    }

    @Test
    void badRunFoldersAreOneLineErrors() throws IOException {
        Path data = images(tmp.resolve("d"), 4, 61, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AdvStegRun.load(data));
        assertTrue(e.getMessage().contains("not an advsteg run"), e.getMessage());
        Path run = tmp.resolve("run");
        AdvStegRun.train(run, settings(data, 1), false, Progress.silent());
        e = assertThrows(IllegalArgumentException.class, () -> AdvStegRun.train(run, settings(data, 1), false, Progress.silent()));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AdvStegRun.train(data.resolve("inside"), settings(data, 1), false, Progress.silent()));
        assertTrue(e.getMessage().contains("inside the data folder"), e.getMessage());
    }
}
