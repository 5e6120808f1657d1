package org.efficientmixnet.stego.dataset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.efficientmixnet.stego.embed.CostMap;
import org.efficientmixnet.stego.embed.Simulation;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;

/**
 * Cost maps and change-probability maps of an image as arrays (for research) and as pictures. Arrays are in the
 * image's layout: pixels for spatial algorithms; for JPEG ones one component's coefficients, row 8·i+k, column
 * 8·j+l for mode (k, l) of block (i, j). Pictures: costs on a log scale (dark = cheap, where embedding goes),
 * probabilities linearly (bright = likely to change); wet elements (infinite cost) in a colour of their own.
 */
public final class CostPictures {
    /** Grayscale with wet elements red, or a black–red–yellow–white ramp with wet elements blue. */
    public enum Palette {
        GRAY(0xCC0000), HEAT(0x2060FF);

        final int wet;

        Palette(int wet) {
            this.wet = wet;
        }
    }

    private CostPictures() {
    }

    /**
     * The cost of the cheaper change, {@code min(ρ+, ρ−)} per element (the cost of ±1 for symmetric costs;
     * {@code +Infinity} where neither change is allowed).
     */
    public static double[][] costs(Path image, Algorithm a, int component) throws IOException {
        CostMap costs;
        if (a.jpeg()) {
            JpegCoefficients j = JpegCoefficients.read(image);
            costs = JpegStego.costs(a, j, checkComponent(j, component, image));
        } else {
            costs = a.costs(GrayImages.read(image));
        }
        double[][] p = costs.rhoPlus();
        double[][] m = costs.rhoMinus();
        double[][] out = new double[p.length][p[0].length];
        for (int r = 0; r < out.length; r++) {
            for (int c = 0; c < out[0].length; c++) {
                out[r][c] = Math.min(p[r][c], m[r][c]);
            }
        }
        return out;
    }

    /**
     * The probability that each element changes when the algorithm embeds {@code payload} (bpp, or bpnzAC over
     * all components of a JPEG, as {@link EmbedJob} does), from the simulator the algorithm uses (ternary, binary
     * for LSB, the nsF5 change rate); {@code seed} only drives the sampling, which the probabilities do not
     * depend on.
     */
    public static double[][] changeProbabilities(Path image, Algorithm a, double payload, int component, long seed)
            throws IOException {
        Simulation s;
        int c = 0;
        if (a.jpeg()) {
            JpegCoefficients j = JpegCoefficients.read(image);
            c = checkComponent(j, component, image);
            s = JpegStego.embed(a, j, payload, seed);
        } else {
            s = a.embed(GrayImages.read(image), payload, seed);
        }
        return s.probabilities()[c].changeProbability();
    }

    private static int checkComponent(JpegCoefficients j, int component, Path image) {
        if (component < 0 || component >= j.numComponents()) {
            throw new IllegalArgumentException("component " + component + ": " + image + " has components 0.."
                    + (j.numComponents() - 1));
        }
        return component;
    }

    /**
     * Renders a map: log10 of the finite values ({@code logScale}, values ≤ 0 clamped to the smallest positive
     * one) or the values, stretched from their minimum to their maximum; non-finite values in the palette's wet
     * colour. Written to a temporary file and renamed.
     */
    public static BufferedImage render(double[][] map, boolean logScale, Palette palette) {
        int h = map.length;
        int w = map[0].length;
        double minPositive = Double.POSITIVE_INFINITY;
        for (double[] row : map) {
            for (double v : row) {
                if (Double.isFinite(v) && v > 0) {
                    minPositive = Math.min(minPositive, v);
                }
            }
        }
        double floor = Double.isFinite(minPositive) ? minPositive : 1e-12;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double[][] t = new double[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = map[y][x];
                t[y][x] = !Double.isFinite(v) ? Double.NaN : logScale ? Math.log10(Math.max(v, floor)) : v;
                if (!Double.isNaN(t[y][x])) {
                    lo = Math.min(lo, t[y][x]);
                    hi = Math.max(hi, t[y][x]);
                }
            }
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (Double.isNaN(t[y][x])) {
                    img.setRGB(x, y, palette.wet);
                    continue;
                }
                double f = hi > lo ? (t[y][x] - lo) / (hi - lo) : 0;
                img.setRGB(x, y, colour(f, palette));
            }
        }
        return img;
    }

    static int colour(double f, Palette palette) {
        if (palette == Palette.GRAY) {
            int g = (int) Math.round(255 * f);
            return g << 16 | g << 8 | g;
        }
        // heat: black → red → yellow → white, a third of the range each
        int r = channel(3 * f);
        int g = channel(3 * f - 1);
        int b = channel(3 * f - 2);
        return r << 16 | g << 8 | b;
    }

    private static int channel(double v) {
        return (int) Math.round(255 * Math.max(0, Math.min(1, v)));
    }

    public static void writePng(Path file, double[][] map, boolean logScale, Palette palette) throws IOException {
        BufferedImage img = render(map, logScale, palette);
        AtomicFile.write(file, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer");
            }
        });
    }
}
