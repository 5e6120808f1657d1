package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.efficientmixnet.stego.dataset.SyntheticCovers;
import org.efficientmixnet.stego.embed.Nsf5;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StegoGfrCliTest {
    @TempDir
    Path dir;

    /** {@code stego features --kind gfr} on cover and nsF5 folders, then ensemble train and eval; quality 90 refused. */
    @Test
    void gfrFeaturesTrainEval() throws Exception {
        Path covers = Files.createDirectories(dir.resolve("covers"));
        Path stegos = Files.createDirectories(dir.resolve("stegos"));
        for (int i = 0; i < 8; i++) {
            String name = String.format("%02d.jpg", i);
            JpegCoefficients j = SyntheticCovers.jpeg(64, 75, 5, i);
            j.write(covers.resolve(name), false);
            j.component(0).fromLayout(Nsf5.embed(j.component(0).toLayout(), 0.5, i).stego());
            j.write(stegos.resolve(name), false);
        }
        Path feats = dir.resolve("gfr.npy");
        CliTest.Result r = CliTest.run("stego", "features", "--kind", "gfr", covers.toString(), stegos.toString(), "--out", feats.toString(), "--threads", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("16×17000 gfr features (8 covers then 8 stegos)"), r.out());
        assertTrue(r.err().contains("features [##############################] 16/16"), r.err());

        Path model = dir.resolve("m.fld");
        r = CliTest.run("stego", "ensemble", "train", "--features", feats.toString(), "--out", model.toString(), "--dsub", "500", "--learners", "11", "--seed", "5");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("8 pairs × 17000 features, d_sub 500, L 11"), r.out());
        r = CliTest.run("stego", "ensemble", "eval", "--model", model.toString(), "--features", feats.toString());
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("P_E (\\d\\.\\d+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertTrue(Double.parseDouble(m.group(1)) < 0.25, r.out()); // training data

        Path q90 = Files.createDirectories(dir.resolve("q90"));
        SyntheticCovers.jpeg(32, 90, 5, 0).write(q90.resolve("a.jpg"), false);
        r = CliTest.run("stego", "features", "--kind", "gfr", q90.toString(), "--out", dir.resolve("x.npy").toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("error: " + q90.resolve("a.jpg")) && r.err().contains("quality 90"), r.err());
    }
}
