package org.efficientmixnet.steganalysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.efficientmixnet.stego.jpeg.JpegComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputDecodingTest {
    @TempDir
    Path tmp;

    /** A grayscale JPEG of a noisy texture, written by javax.imageio (quality 0.75). */
    static Path grayJpeg(Path file, int w, int h, long seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Random r = new Random(seed);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (int) Math.max(0, Math.min(255, 128 + 90 * Math.sin(x * 0.4) * Math.cos(y * 0.3) + 25 * r.nextGaussian()));
                img.getRaster().setSample(x, y, 0, v);
            }
        }
        ImageIO.write(img, "jpg", file.toFile());
        return file;
    }

    @Test
    void unroundedIsTheFloatIdctOfTheDequantizedCoefficients() throws IOException {
        Path f = grayJpeg(tmp.resolve("g.jpg"), 40, 24, 1);
        InputDecoding.Image im = InputDecoding.of("gray", "unrounded", "pixels").decode(f);
        assertEquals(1, im.channels());
        assertEquals(24, im.height());
        assertEquals(40, im.width());
        // the reference: x(i, j) = 128 + 1/4 Σ_u Σ_v C(u) C(v) q(u, v) c(u, v) cos((2i+1)uπ/16) cos((2j+1)vπ/16)
        JpegCoefficients j = JpegCoefficients.read(f);
        JpegComponent comp = j.component(0);
        int[] q = j.quantTableOf(0);
        double maxErr = 0;
        double maxFrac = 0;
        boolean outside = false;
        for (int by = 0; by < 3; by++) {
            for (int bx = 0; bx < 5; bx++) {
                for (int i = 0; i < 8; i++) {
                    for (int jx = 0; jx < 8; jx++) {
                        double s = 0;
                        for (int u = 0; u < 8; u++) {
                            for (int v = 0; v < 8; v++) {
                                double cu = u == 0 ? Math.sqrt(0.5) : 1;
                                double cv = v == 0 ? Math.sqrt(0.5) : 1;
                                s += cu * cv * comp.get(by, bx, 8 * u + v) * q[8 * u + v]
                                        * Math.cos((2 * i + 1) * u * Math.PI / 16) * Math.cos((2 * jx + 1) * v * Math.PI / 16);
                            }
                        }
                        double ref = 128 + s / 4;
                        double got = im.data()[(8 * by + i) * 40 + 8 * bx + jx] + 128.0;
                        maxErr = Math.max(maxErr, Math.abs(got - ref));
                        maxFrac = Math.max(maxFrac, Math.abs(ref - Math.rint(ref)));
                        outside |= ref < 0 || ref > 255;
                    }
                }
            }
        }
        assertTrue(maxErr < 1e-3, "largest difference from the reference IDCT " + maxErr);
        assertTrue(maxFrac > 0.3, "the values are not rounded");
        // the rounded decoding (as a viewer) differs: integers, clipped to 0–255
        InputDecoding.Image rounded = InputDecoding.of("gray", "rounded", "pixels").decode(f);
        double diff = 0;
        for (int k = 0; k < rounded.data().length; k++) {
            float v = rounded.data()[k] + 128;
            assertEquals(Math.rint(v), v, 1e-4);
            assertTrue(v >= 0 && v <= 255);
            diff = Math.max(diff, Math.abs(rounded.data()[k] - im.data()[k]));
        }
        assertTrue(diff > 0.3 && diff <= (outside ? 255 : 0.5 + 1e-4), "rounded vs unrounded " + diff);
    }

    @Test
    void colourIsUpsampledAsLibjpegDoesByDefault() throws IOException {
        Path dir = Path.of("src/test/resources/fixtures");
        Path jpg = dir.resolve("upsampling-420.jpg");
        InputDecoding.Image rgb = InputDecoding.of("rgb", "unrounded", "pixels").decode(jpg);
        int[][][] fancy = ppm(dir.resolve("upsampling-420-djpeg.ppm"));
        int[][][] replicated = ppm(dir.resolve("upsampling-420-djpeg-nosmooth.ppm"));
        assertEquals(fancy.length, rgb.height());
        assertEquals(fancy[0].length, rgb.width());
        double maxFancy = 0;
        double maxRep = 0;
        double sumFancy = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < rgb.height(); y++) {
                for (int x = 0; x < rgb.width(); x++) {
                    double v = rgb.data()[(c * rgb.height() + y) * rgb.width() + x] + 128.0;
                    double clipped = Math.max(0, Math.min(255, v));
                    maxFancy = Math.max(maxFancy, Math.abs(clipped - fancy[y][x][c]));
                    sumFancy += Math.abs(clipped - fancy[y][x][c]);
                    maxRep = Math.max(maxRep, Math.abs(clipped - replicated[y][x][c]));
                }
            }
        }
        // libjpeg rounds after its integer IDCT, after upsampling and after the colour conversion: a few levels at most
        assertTrue(maxFancy <= 3.0, "largest difference from djpeg (fancy upsampling) " + maxFancy);
        assertTrue(sumFancy / (3.0 * rgb.height() * rgb.width()) < 0.8, "mean difference " + sumFancy);
        assertTrue(maxRep > 3 * maxFancy, "replicated chroma would differ more: " + maxRep + " vs " + maxFancy);
        // Y, Cb, Cr: the luminance is the first component unchanged
        InputDecoding.Image ycc = InputDecoding.of("ycbcr", "unrounded", "pixels").decode(jpg);
        double[][] y = org.efficientmixnet.stego.jpeg.JpegPixels.component(JpegCoefficients.read(jpg), 0);
        assertEquals(3, ycc.channels());
        assertEquals(y[5][7] - 128, ycc.data()[5 * ycc.width() + 7], 1e-4);
        // a gray detector takes the luminance of a colour JPEG
        InputDecoding.Image g = InputDecoding.of("gray", "unrounded", "unit").decode(jpg);
        assertEquals(y[5][7] / 255.0, g.data()[5 * g.width() + 7], 1e-5);
    }

    @Test
    void upsamplingFilterOnRealValues() {
        double[][] in = {{0, 4}, {8, 12}};
        double[][] out = InputDecoding.upsample(in, 2, 2, 4, 4);
        // rows: (3·near + far)/4 with the edge row replicated, then the same across columns
        assertEquals(0, out[0][0], 1e-12);
        assertEquals(1, out[0][1], 1e-12);           // (3·0 + 4) / 4
        assertEquals(3, out[0][2], 1e-12);           // (3·4 + 0) / 4
        assertEquals(2, out[1][0], 1e-12);           // (3·0 + 8) / 4
        assertEquals(12, out[3][3], 1e-12);
        double[][] h = InputDecoding.upsample(new double[][] {{0, 4, 8}}, 2, 1, 5, 1);
        assertEquals(0, h[0][0], 1e-12);
        assertEquals(1, h[0][1], 1e-12);
        assertEquals(3, h[0][2], 1e-12);
        assertEquals(5, h[0][3], 1e-12);
        assertEquals(7, h[0][4], 1e-12);             // cropped to width 5
    }

    @Test
    void spatialImagesAreTheirPixels() throws IOException {
        Path f = tmp.resolve("s.png");
        int[][] px = TinySets.texture(16, new Random(3));
        org.efficientmixnet.stego.dataset.GrayImages.writePng(f, px);
        InputDecoding.Image im = InputDecoding.of("gray", "unrounded", "pixels").decode(f);
        assertEquals(px[4][9] - 128, im.data()[4 * 16 + 9], 0);
        InputDecoding.Image unit = InputDecoding.of("gray", "unrounded", "unit").decode(f);
        assertEquals(px[4][9] / 255f, unit.data()[4 * 16 + 9], 1e-7);
    }

    static int[][][] ppm(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            byte[] all = in.readAllBytes();
            int pos = 0;
            int[] vals = new int[4];
            for (int k = 0; k < 4; k++) {
                while (Character.isWhitespace(all[pos])) {
                    pos++;
                }
                int start = pos;
                while (!Character.isWhitespace(all[pos])) {
                    pos++;
                }
                String t = new String(all, start, pos - start);
                vals[k] = k == 0 ? 0 : Integer.parseInt(t);
            }
            pos++;
            int w = vals[1];
            int h = vals[2];
            int[][][] out = new int[h][w][3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        out[y][x][c] = all[pos++] & 0xff;
                    }
                }
            }
            return out;
        }
    }
}
