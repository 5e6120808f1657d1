package org.efficientmixnet.stego.dataset;

import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.embed.Nsf5;
import org.efficientmixnet.stego.embed.Uerd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.efficientmixnet.stego.embed.EmbeddingSimulator;
import org.efficientmixnet.stego.embed.Hill;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostPicturesTest {
    @TempDir
    Path dir;

    @Test
    void nsf5CostsAreWetOnZerosAndDcAndItsChangeMapIsTheChangeRate() throws Exception {
        Path jpg = dir.resolve("a.jpg");
        CoverPreparation.writeJpeg(jpg, GrayImages.toImage(EmbedJobTest.texture(32, 1)), 80);
        int[][] coef = JpegCoefficients.read(jpg).component(0).toLayout();
        double[][] costs = CostPictures.costs(jpg, Nsf5.ALGORITHM, 0);
        double[][] p = CostPictures.changeProbabilities(jpg, Nsf5.ALGORITHM, 0.4, 0, 1);
        double beta = EmbeddingSimulator.inverseBinaryEntropy(0.4);
        for (int r = 0; r < 32; r++) {
            for (int c = 0; c < 32; c++) {
                boolean usable = coef[r][c] != 0 && !(r % 8 == 0 && c % 8 == 0);
                assertEquals(usable ? 1.0 : Double.POSITIVE_INFINITY, costs[r][c]);
                assertEquals(usable ? beta : 0.0, p[r][c], 1e-12);
            }
        }
        BufferedImage img = CostPictures.render(costs, true, CostPictures.Palette.GRAY);
        assertEquals(0xCC0000, img.getRGB(0, 0) & 0xffffff, "DC is wet: red");
        assertEquals(0x2060FF, CostPictures.render(costs, true, CostPictures.Palette.HEAT).getRGB(0, 0) & 0xffffff);
        assertThrows(IllegalArgumentException.class, () -> CostPictures.costs(jpg, Uerd.ALGORITHM, 1));
    }

    @Test
    void hillCostsAndProbabilitiesOfPixels() throws Exception {
        int[][] px = EmbedJobTest.texture(40, 2);
        Path png = dir.resolve("a.png");
        GrayImages.writePng(png, px);
        double[][] costs = CostPictures.costs(png, Hill.ALGORITHM, 0);
        assertEquals(Hill.costs(px).rhoPlus()[5][7], costs[5][7], 0.0);
        double[][] p = CostPictures.changeProbabilities(png, Hill.ALGORITHM, 0.4, 0, 3);
        double sum = 0;
        double cheapest = Double.POSITIVE_INFINITY;
        int[] at = null;
        for (int r = 0; r < 40; r++) {
            for (int c = 0; c < 40; c++) {
                sum += p[r][c];
                if (costs[r][c] < cheapest) {
                    cheapest = costs[r][c];
                    at = new int[] {r, c};
                }
            }
        }
        assertTrue(sum > 40 * 40 * 0.03 && sum < 40 * 40 * 0.3, "expected changes " + sum);
        assertTrue(p[at[0]][at[1]] > sum / 1600, "the cheapest pixel changes more often than the average one");
        Path out = dir.resolve("p.png");
        CostPictures.writePng(out, costs, true, CostPictures.Palette.GRAY);
        BufferedImage img = ImageIO.read(out.toFile());
        assertEquals(0, img.getRGB(at[1], at[0]) & 0xff, "the cheapest pixel is black");
    }

    @Test
    void pgmPlainAndPaletteImagesReadAsGray() throws Exception {
        Path pgm = dir.resolve("p.pgm");
        Files.writeString(pgm, "P2\n3 2\n# comment\n255\n0 10 20\n30 40 255\n", StandardCharsets.US_ASCII);
        assertEquals(255, GrayImages.readGrayscale(pgm)[1][2]);
        assertEquals(10, GrayImages.readGrayscale(pgm)[0][1]);
        Files.writeString(pgm, "P5\n3 2\n255\n\u0001\u0002", StandardCharsets.ISO_8859_1);
        Exception e = assertThrows(java.io.IOException.class, () -> GrayImages.readGrayscale(pgm));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] gray = new byte[256];
        for (int i = 0; i < 256; i++) {
            gray[i] = (byte) (255 - i);
        }
        var icm = new java.awt.image.IndexColorModel(8, 256, gray, gray, gray);
        BufferedImage indexed = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_INDEXED, icm);
        indexed.getRaster().setSample(1, 2, 0, 10);
        Path png = dir.resolve("i.png");
        ImageIO.write(indexed, "png", png.toFile());
        int[][] px = GrayImages.readGrayscale(png);
        assertEquals(245, px[2][1], "palette entries, not indices");
        assertEquals(255, px[0][0]);
    }
}
