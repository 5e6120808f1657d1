package org.efficientmixnet.stego.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.efficientmixnet.stego.ensemble.FeatureMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SrmTest {
    static int[][] pixels(String name) throws Exception {
        double[][] d = FeatureMatrix.read(DctrTest.resource("/features/" + name + "_pixels.npy"));
        int[][] px = new int[d.length][d[0].length];
        for (int i = 0; i < d.length; i++) {
            for (int j = 0; j < d[0].length; j++) {
                px[i][j] = (int) d[i][j];
            }
        }
        return px;
    }

    static double[] reference(String file) throws Exception {
        return FeatureMatrix.read(DctrTest.resource("/features/" + file))[0];
    }

    /** The submodel names and sizes, in the order SRM.m's struct holds them (replayed by make_srm_reference.py). */
    @Test
    void orderIsSrmMatlabStructOrder() throws Exception {
        List<String> lines = Files.readAllLines(DctrTest.resource("/features/srm_submodels.txt"));
        assertEquals(106, lines.size());
        List<Srm.Submodel> sub = Srm.submodels();
        int offset = 0;
        for (int i = 0; i < lines.size(); i++) {
            String[] p = lines.get(i).split(" ");
            assertEquals(p[0], sub.get(i).name());
            assertEquals(Integer.parseInt(p[1]), sub.get(i).dimension(), p[0]);
            assertEquals(offset, sub.get(i).offset(), p[0]);
            offset += sub.get(i).dimension();
        }
        assertEquals(Srm.DIMENSION, offset);
        List<String> q1 = Srm.names().stream().filter(n -> n.endsWith("_q1")).toList();
        assertEquals(q1, Srmq1.names());
        assertEquals(39, q1.size());
        assertEquals(Srmq1.DIMENSION, Srmq1.submodels().get(38).offset() + Srmq1.submodels().get(38).dimension());
    }

    /** Against sealwatch's SRM / SRMQ1 (ports of SRM.m / SRMQ1.m) run by make_srm_reference.py: bit-exact. */
    @Test
    void matchesTheReference() throws Exception {
        for (String c : List.of("aitzgorri_0_64x64", "sunset_1_75x100")) {
            int[][] px = pixels(c);
            double[] ref = reference(c + "_srm.npy");
            double[] f = Srm.extract(px);
            assertEquals(Srm.DIMENSION, f.length);
            for (Srm.Submodel m : Srm.submodels()) {
                assertArrayEquals(Arrays.copyOfRange(ref, m.offset(), m.offset() + m.dimension()),
                        Arrays.copyOfRange(f, m.offset(), m.offset() + m.dimension()), 0, c + " " + m.name());
            }
            double[] q1 = Srmq1.extract(px);
            int k = 0;
            for (Srm.Submodel m : Srm.submodels()) {
                if (m.name().endsWith("_q1")) {
                    for (int i = 0; i < m.dimension(); i++) {
                        assertEquals(f[m.offset() + i], q1[k++], 0, m.name());
                    }
                }
            }
            assertEquals(Srmq1.DIMENSION, k);
        }
        assertArrayEquals(reference("noise_10x12_srmq1.npy"), Srmq1.extract(pixels("noise_10x12")), 0);
    }

    /** Every submodel holds two normalized co-occurrences of 2 (h + v scans) each: its values sum to 4. */
    @Test
    void submodelsAreNormalized() throws Exception {
        double[] f = Srm.extract(pixels("sunset_1_75x100"));
        for (Srm.Submodel m : Srm.submodels()) {
            double s = 0;
            for (int i = 0; i < m.dimension(); i++) {
                assertTrue(f[m.offset() + i] >= 0, m.name());
                s += f[m.offset() + i];
            }
            assertEquals(4, s, 1e-5, m.name());
        }
    }

    @Test
    void readsFilesAndRefusesColourAndTinyImages(@TempDir Path dir) throws Exception {
        int[][] px = pixels("sunset_1_75x100");
        BufferedImage g = new BufferedImage(100, 75, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 75; i++) {
            g.getRaster().setSamples(0, i, 100, 1, 0, px[i]);
        }
        Path gray = dir.resolve("gray.png");
        ImageIO.write(g, "png", gray.toFile());
        assertArrayEquals(Srmq1.extract(px), Srmq1.extract(gray), 0);

        Path colour = dir.resolve("colour.png");
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "png", colour.toFile());
        Exception e = assertThrows(IllegalArgumentException.class, () -> Srm.extract(colour));
        assertTrue(e.getMessage().startsWith(colour.toString()), e.getMessage());

        Path tiny = dir.resolve("tiny.png");
        ImageIO.write(new BufferedImage(7, 20, BufferedImage.TYPE_BYTE_GRAY), "png", tiny.toFile());
        e = assertThrows(IllegalArgumentException.class, () -> Srmq1.extract(tiny));
        assertTrue(e.getMessage().startsWith(tiny.toString()) && e.getMessage().contains("8×8"), e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> Srm.extract(new int[][] {{300, 0, 0, 0, 0, 0, 0, 0}}));
        int[][] ragged = new int[8][8];
        ragged[3] = new int[7];
        assertThrows(IllegalArgumentException.class, () -> Srm.extract(ragged));
        // the smallest accepted size works
        assertEquals(Srmq1.DIMENSION, Srmq1.extract(new int[8][8]).length);
    }
}
