package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.efficientmixnet.io.Npy;
import org.efficientmixnet.stego.dataset.GrayImages;
import org.efficientmixnet.stego.dataset.SyntheticCovers;
import org.efficientmixnet.stego.embed.Lsb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StegoSrmCliTest {
    @TempDir
    Path dir;

    /** PNG covers and LSB-matching stegos, SRMQ1 and SRM features, then the ensemble on them; colour refused. */
    @Test
    void srmFeaturesFeedTheEnsemble() throws Exception {
        Path covers = Files.createDirectories(dir.resolve("covers"));
        Path stegos = Files.createDirectories(dir.resolve("stegos"));
        for (int i = 0; i < 8; i++) {
            String name = String.format("%02d.png", i);
            int[][] px = SyntheticCovers.pixels(32, 3, i);
            GrayImages.writePng(covers.resolve(name), px);
            GrayImages.writePng(stegos.resolve(name), Lsb.embedMatching(px, 1.0, i).stego());
        }
        Path feats = dir.resolve("q1.npy");
        CliTest.Result r = CliTest.run("stego", "features", "--kind", "srmq1", covers.toString(), stegos.toString(),
                "--out", feats.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("16×12753 srmq1 features (8 covers then 8 stegos)"), r.out());
        assertTrue(r.err().contains("features [##############################] 16/16"), r.err());
        double[][] x = Npy.readDoubles(feats);
        assertEquals(16, x.length);
        assertEquals(12753, x[0].length);

        Path model = dir.resolve("m.fld");
        r = CliTest.run("stego", "ensemble", "train", "--features", feats.toString(), "--out", model.toString(),
                "--dsub", "50", "--learners", "11", "--seed", "5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("8 pairs × 12753 features, d_sub 50, L 11"), r.out());
        r = CliTest.run("stego", "ensemble", "eval", "--model", model.toString(), "--features", feats.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("P_E "), r.out());

        Path all = dir.resolve("srm.npy");
        r = CliTest.run("stego", "features", "--kind", "srm", covers.toString(), "--out", all.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("8×34671 srm features (one folder)"), r.out());

        Path colour = covers.resolve("09.png");
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png", colour.toFile());
        r = CliTest.run("stego", "features", "--kind", "srm", covers.toString(), "--out", all.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("error: " + colour), r.err());
    }
}
