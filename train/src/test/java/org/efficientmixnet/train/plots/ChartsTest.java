package org.efficientmixnet.train.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.efficientmixnet.train.metrics.BinaryMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @TempDir
    Path dir;

    @Test
    void pngsOfTheRightSizeAndNoTemporaryFilesLeft() throws Exception {
        Path loss = dir.resolve("loss.png");
        Charts.line(loss, "loss", "epoch", "loss", List.of(
                new Charts.Series("train", new double[] {1, 2, 3, 4}, new double[] {1.0, 0.7, Double.NaN, 0.4}),
                new Charts.Series("val", new double[] {1, 2, 3, 4}, new double[] {1.1, 0.8, 0.6, Double.POSITIVE_INFINITY})));
        BufferedImage img = ImageIO.read(loss.toFile());
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
        Path roc = dir.resolve("roc.png");
        Charts.roc(roc, new BinaryMetrics(new double[] {0.9, 0.8, 0.7, 0.6}, new int[] {1, 0, 1, 0}), "detector");
        assertEquals(600, ImageIO.read(roc.toFile()).getWidth());
        Path sc = dir.resolve("cost.png");
        Charts.scatter(sc, "variants", "GMACs", "GiB", Map.of("b0", new double[] {0.39, 0.9}, "bad", new double[] {Double.NaN, 1}));
        assertTrue(ImageIO.read(sc.toFile()) != null);
        Charts.line(dir.resolve("empty.png"), "nothing", "x", "y", List.of(new Charts.Series("nan", new double[] {1}, new double[] {Double.NaN})));
        try (var files = Files.list(dir)) {
            assertEquals(4, files.filter(p -> p.toString().endsWith(".png")).count());
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")));
        }
    }
}
