package org.efficientmixnet.train.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A labelled image set made on the spot (no download): shapes of random size, position and colour on noisy
 * backgrounds, one class per shape. Written as PNG files in {@code root/<class>/}.
 */
public final class SyntheticShapes {
    public static final List<String> CLASSES = List.of("circle", "square", "triangle", "cross", "hstripes", "vstripes",
            "ring", "diamond");

    private SyntheticShapes() {
    }

    /** Writes {@code perClass} images of {@code size}×{@code size} for the first {@code classes} shapes. */
    public static ImageDataset write(Path root, int classes, int perClass, int size, long seed) {
        if (classes < 2 || classes > CLASSES.size()) {
            throw new IllegalArgumentException("classes must be 2–" + CLASSES.size() + ", got " + classes);
        }
        Random rng = new Random(seed);
        try {
            for (int c = 0; c < classes; c++) {
                Path dir = root.resolve(CLASSES.get(c));
                Files.createDirectories(dir);
                for (int i = 0; i < perClass; i++) {
                    BufferedImage img = draw(CLASSES.get(c), size, rng);
                    ImageIO.write(img, "png", dir.resolve(String.format("%s_%04d.png", CLASSES.get(c), i)).toFile());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write synthetic images under " + root, e);
        }
        return ImageDataset.folder(root);
    }

    static BufferedImage draw(String shape, int size, Random rng) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Color bg = new Color(rng.nextInt(100), rng.nextInt(100), rng.nextInt(100));
        Color fg = new Color(130 + rng.nextInt(126), 130 + rng.nextInt(126), 130 + rng.nextInt(126));
        if (rng.nextBoolean()) {
            Color t = bg;
            bg = fg;
            fg = t;
        }
        g.setColor(bg);
        g.fillRect(0, 0, size, size);
        double r = size * (0.22 + 0.18 * rng.nextDouble());
        double cx = r + rng.nextDouble() * (size - 2 * r);
        double cy = r + rng.nextDouble() * (size - 2 * r);
        g.setColor(fg);
        int x0 = (int) (cx - r);
        int y0 = (int) (cy - r);
        int d = (int) (2 * r);
        switch (shape) {
            case "circle" -> g.fillOval(x0, y0, d, d);
            case "square" -> g.fillRect(x0, y0, d, d);
            case "triangle" -> g.fillPolygon(new Polygon(new int[] {(int) cx, x0, x0 + d}, new int[] {y0, y0 + d, y0 + d}, 3));
            case "cross" -> {
                int t = Math.max(2, d / 4);
                g.fillRect(x0, (int) cy - t / 2, d, t);
                g.fillRect((int) cx - t / 2, y0, t, d);
            }
            case "hstripes", "vstripes" -> {
                int period = Math.max(4, size / (4 + rng.nextInt(3)));
                for (int k = 0; k < size; k += period) {
                    if (shape.equals("hstripes")) {
                        g.fillRect(0, k, size, period / 2);
                    } else {
                        g.fillRect(k, 0, period / 2, size);
                    }
                }
            }
            case "ring" -> {
                g.setStroke(new BasicStroke(Math.max(2f, d / 7f)));
                g.drawOval(x0, y0, d, d);
            }
            case "diamond" -> g.fillPolygon(new Polygon(new int[] {(int) cx, x0 + d, (int) cx, x0},
                    new int[] {y0, (int) cy, y0 + d, (int) cy}, 4));
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        }
        g.dispose();
        int[] row = new int[size];
        for (int y = 0; y < size; y++) {
            img.getRGB(0, y, size, 1, row, 0, size);
            for (int x = 0; x < size; x++) {
                int v = row[x];
                int n = (int) (rng.nextGaussian() * 12);
                int rr = clamp(((v >> 16) & 0xff) + n);
                int gg = clamp(((v >> 8) & 0xff) + n);
                int bb = clamp((v & 0xff) + n);
                row[x] = (rr << 16) | (gg << 8) | bb;
            }
            img.setRGB(0, y, size, 1, row, 0, size);
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
