package org.efficientmixnet.stego.jpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;

class JpegCompressionTest {
    @Test
    void qualityTablesFollowIjgScaling() {
        int[] q50 = JpegCompression.luminanceTable(50);
        assertEquals(16, q50[0]);
        assertEquals(99, q50[63]);
        int[] q75 = JpegCompression.luminanceTable(75);
        assertEquals(8, q75[0]);            // (16·50 + 50) / 100
        assertEquals(50, q75[63]);          // (99·50 + 50) / 100 = 50
        assertEquals(1, JpegCompression.luminanceTable(100)[0]);
        assertEquals(255, JpegCompression.luminanceTable(1)[63]);
        assertThrows(IllegalArgumentException.class, () -> JpegCompression.luminanceTable(0));
        assertThrows(IllegalArgumentException.class, () -> JpegCompression.grayscale(new int[][] {{256}}, 75));
    }

    /** A smooth image with texture, the kind of content the encoder is used for. */
    static int[][] image(int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[][] px = new int[h][w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 128 + 60 * Math.sin(x / 7.0) * Math.cos(y / 11.0) + 20 * (x > w / 2 ? 1 : -1) + 4 * r.nextGaussian();
                px[y][x] = (int) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
        return px;
    }

    /** Against an independent encoder: javax.imageio's (libjpeg's integer DCT) at the same quality. */
    @Test
    void agreesWithImageIoOnAlmostEveryCoefficient() throws Exception {
        int[][] px = image(64, 80, 3);
        JpegCoefficients ours = JpegCompression.grayscale(px, 75);
        BufferedImage img = new BufferedImage(80, 64, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 80; x++) {
                img.getRaster().setSample(x, y, 0, px[y][x]);
            }
        }
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream os = new MemoryCacheImageOutputStream(bytes)) {
            w.setOutput(os);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.75f);
            w.write(null, new IIOImage(img, null, null), p);
        }
        w.dispose();
        JpegCoefficients ref = JpegCoefficients.read(bytes.toByteArray(), "imageio.jpg");
        assertArrayEquals(ref.quantTableOf(0), ours.quantTableOf(0));
        int[][] a = ours.component(0).toLayout();
        int[][] b = ref.component(0).toLayout();
        int same = 0;
        int n = 0;
        for (int y = 0; y < a.length; y++) {
            for (int x = 0; x < a[0].length; x++) {
                assertTrue(Math.abs(a[y][x] - b[y][x]) <= 1, "coefficient (" + y + ", " + x + ")");
                same += a[y][x] == b[y][x] ? 1 : 0;
                n++;
            }
        }
        assertTrue(same >= 0.99 * n, same + " of " + n + " coefficients equal");
    }

    @Test
    void writesAFileThatReadsBackExactlyAndDecodesCloseToTheInput() throws Exception {
        int[][] px = image(37, 45, 5);   // not multiples of 8: edges are replicated
        JpegCoefficients j = JpegCompression.grayscale(px, 95);
        JpegCoefficients back = JpegCoefficients.read(j.toBytes(false), "ours.jpg");
        assertEquals(45, back.width());
        assertEquals(37, back.height());
        assertEquals(6, back.component(0).widthInBlocks());
        assertArrayEquals(j.component(0).toLayout(), back.component(0).toLayout());
        int[][] dec = back.toPixels(JpegPixels.Space.Y)[0];
        double se = 0;
        for (int y = 0; y < 37; y++) {
            for (int x = 0; x < 45; x++) {
                se += (dec[y][x] - px[y][x]) * (double) (dec[y][x] - px[y][x]);
            }
        }
        double psnr = 10 * Math.log10(255.0 * 255 / (se / (37 * 45)));
        assertTrue(psnr > 38, "PSNR " + psnr);
        BufferedImage viaImageIo = ImageIO.read(new java.io.ByteArrayInputStream(j.toBytes(false)));
        assertEquals(45, viaImageIo.getWidth());
    }
}
