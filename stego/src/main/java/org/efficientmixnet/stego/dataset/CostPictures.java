package org.efficientmixnet.stego.dataset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.efficientmixnet.stego.embed.ChangeProbabilities;
import org.efficientmixnet.stego.embed.CostMap;
import org.efficientmixnet.stego.embed.DctLayout;
import org.efficientmixnet.stego.embed.EmbeddingSimulator;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;

/**
 * Cost maps and change-probability maps of an image as arrays (for research) and as pictures: costs on a log
 * scale (dark = cheap to change, where embedding goes), wet elements (infinite cost) drawn red; probabilities
 * linearly (bright = likely to change).
 */
public final class CostPictures {
    private CostPictures() {
    }

    /**
     * The cost of +1 (symmetric costs are most algorithms'), or the probability of any change at {@code payload},
     * of one image: pixels for spatial algorithms, one JPEG component's 2-D coefficient layout for JPEG ones.
     */
    public static double[][] map(Path image, Algorithm a, boolean changes, double payload, int component) throws IOException {
        CostMap costs;
        long count;
        if (a.jpeg()) {
            JpegCoefficients j = JpegCoefficients.read(image);
            if (component < 0 || component >= j.numComponents()) {
                throw new IllegalArgumentException("component " + component + ": " + image + " has components 0.."
                        + (j.numComponents() - 1));
            }
            costs = a.costs(j, component);
            count = DctLayout.nonZeroAc(j.component(component).toLayout());
        } else {
            int[][] px = GrayImages.read(image);
            costs = a.costs(px);
            count = (long) px.length * px[0].length;
        }
        if (!changes) {
            return costs.rhoPlus();
        }
        ChangeProbabilities[] p = EmbeddingSimulator.ternaryProbabilities(payload * count, costs);
        return p[0].changeProbability();
    }

    public static void writePng(Path file, double[][] map, boolean logScale) throws IOException {
        int h = map.length;
        int w = map[0].length;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : map) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    double t = logScale ? Math.log10(Math.max(v, 1e-12)) : v;
                    lo = Math.min(lo, t);
                    hi = Math.max(hi, t);
                }
            }
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = map[y][x];
                if (!Double.isFinite(v)) {
                    img.setRGB(x, y, 0xCC0000);
                    continue;
                }
                double t = logScale ? Math.log10(Math.max(v, 1e-12)) : v;
                int g = hi > lo ? (int) Math.round(255 * (t - lo) / (hi - lo)) : 0;
                img.setRGB(x, y, g << 16 | g << 8 | g);
            }
        }
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            ImageIO.write(img, "png", tmp.toFile());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
