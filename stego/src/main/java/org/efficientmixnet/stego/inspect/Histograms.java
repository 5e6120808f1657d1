package org.efficientmixnet.stego.inspect;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.efficientmixnet.io.AtomicFile;

/**
 * Histograms of pixel values (0–255) or of quantized DCT coefficients (a value range around 0, one mode or all AC
 * modes), and their bar plots as PNG (no text: the values go to the command's table). LSB replacement shows as
 * equalized pairs (2i, 2i+1), JSteg as equalized coefficient pairs, F5 as a shrunken histogram.
 */
public final class Histograms {
    private Histograms() {
    }

    /** Counts of 0…255 in a plane. */
    public static long[] pixels(int[][] plane) {
        long[] h = new long[256];
        for (int[] row : plane) {
            for (int v : row) {
                h[v & 0xff]++;
            }
        }
        return h;
    }

    /**
     * Counts of coefficient values −range…range of mode (k, l) in a layout ({@code k} −1: all AC modes); values
     * outside the range are not counted.
     */
    public static long[] coefficients(int[][] layout, int k, int l, int range) {
        long[] h = new long[2 * range + 1];
        for (int r = 0; r < layout.length; r++) {
            for (int c = 0; c < layout[0].length; c++) {
                boolean pick = k < 0 ? (r % 8 != 0 || c % 8 != 0) : (r % 8 == k && c % 8 == l);
                int v = layout[r][c];
                if (pick && v >= -range && v <= range) {
                    h[v + range]++;
                }
            }
        }
        return h;
    }

    /** A bar plot (width 3 px per bin + gaps, height 256) of the counts, written as PNG through a temporary file. */
    public static void plot(Path file, long[] counts) throws IOException {
        int bar = Math.max(1, Math.min(8, 1024 / counts.length));
        int w = counts.length * (bar + 1) + 20;
        int h = 276;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            long max = 1;
            for (long c : counts) {
                max = Math.max(max, c);
            }
            g.setColor(new Color(40, 90, 160));
            for (int i = 0; i < counts.length; i++) {
                int bh = (int) Math.round(256.0 * counts[i] / max);
                g.fillRect(10 + i * (bar + 1), 266 - bh, bar, bh);
            }
            g.setColor(Color.BLACK);
            g.drawLine(8, 266, w - 8, 266);
        } finally {
            g.dispose();
        }
        AtomicFile.write(file, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer");
            }
        });
    }
}
