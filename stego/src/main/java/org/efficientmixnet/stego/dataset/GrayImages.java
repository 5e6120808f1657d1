package org.efficientmixnet.stego.dataset;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/** Grayscale 8-bit images as {@code int[row][col]}: read with ImageIO (colour converted to luma), written as PNG. */
public final class GrayImages {
    private GrayImages() {
    }

    public static int[][] read(Path file) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot decode the image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new IOException(file + ": not an image ImageIO can read");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        int[][] px = new int[h][w];
        boolean gray = img.getRaster().getNumBands() == 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (gray) {
                    px[y][x] = img.getRaster().getSample(x, y, 0) & 0xff;
                } else {
                    int rgb = img.getRGB(x, y);
                    double l = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
                    px[y][x] = (int) Math.round(l);
                }
            }
        }
        return px;
    }

    public static BufferedImage toImage(int[][] px) {
        BufferedImage img = new BufferedImage(px[0].length, px.length, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < px.length; y++) {
            for (int x = 0; x < px[0].length; x++) {
                r.setSample(x, y, 0, px[y][x]);
            }
        }
        return img;
    }

    /** Writes a PNG through a temporary file in the same folder, renamed when complete. */
    public static void writePng(Path file, int[][] px) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            if (!ImageIO.write(toImage(px), "png", tmp.toFile())) {
                throw new IOException("no PNG writer");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
