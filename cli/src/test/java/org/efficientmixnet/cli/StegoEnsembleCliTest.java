package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.efficientmixnet.stego.dataset.CoverPreparation;
import org.efficientmixnet.stego.embed.Nsf5;
import org.efficientmixnet.stego.jpeg.JpegCoefficients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StegoEnsembleCliTest {
    @TempDir
    Path dir;

    /** {@link CliTest#run} as {exit code, stdout, stderr}. */
    String[] run(String... args) {
        CliTest.Result r = CliTest.run(args);
        return new String[] {String.valueOf(r.code()), r.out(), r.err()};
    }

    /** JPEG covers, nsF5 stegos at 0.5 bpnzAC, DCTR features, then train, eval and detect with the ensemble. */
    @Test
    void featuresTrainEvalDetect() throws Exception {
        Path covers = Files.createDirectories(dir.resolve("covers"));
        Path stegos = Files.createDirectories(dir.resolve("stegos"));
        for (int i = 0; i < 16; i++) {
            String name = String.format("%02d.jpg", i);
            CoverPreparation.writeJpeg(covers.resolve(name), StegoCliTest.texture(64, 64, 100 + i), 75);
            JpegCoefficients j = JpegCoefficients.read(covers.resolve(name));
            j.component(0).fromLayout(Nsf5.embed(j.component(0).toLayout(), 0.5, i).stego());
            j.write(stegos.resolve(name), false);
        }
        Path feats = dir.resolve("feats.npy");
        String[] r = run("stego", "features", "--kind", "dctr", covers.toString(), stegos.toString(), "--out", feats.toString(), "--threads", "2");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("32×8000 dctr features (16 covers then 16 stegos)"), r[1]);
        assertTrue(r[2].contains("features [##############################] 32/32"), r[2]);
        assertEquals(32, Files.readAllLines(dir.resolve("feats.npy.files.txt")).size());

        Path model = dir.resolve("m.fld");
        r = run("stego", "ensemble", "train", "--features", feats.toString(), "--out", model.toString(), "--dsub", "300", "--learners", "31", "--seed", "5");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("16 pairs × 8000 features, d_sub 300, L 31"), r[1]);

        r = run("stego", "ensemble", "eval", "--model", model.toString(), "--features", feats.toString());
        assertEquals("0", r[0], r[2]);
        Matcher m = Pattern.compile("P_E (\\d\\.\\d+)").matcher(r[1]);
        assertTrue(m.find(), r[1]);
        // training data, nsF5 at 0.5 bpnzAC: DCTR separates it
        assertTrue(Double.parseDouble(m.group(1)) < 0.2, r[1]);

        r = run("stego", "ensemble", "detect", "--model", model.toString(), "--features", feats.toString());
        assertEquals("0", r[0], r[2]);
        assertEquals(33, r[1].strip().split("\n").length);
        assertTrue(r[1].contains(stegos.resolve("00.jpg") + "\t"), r[1]);

        r = run("stego", "ensemble", "train", "--features", feats.toString(), "--out", dir.resolve("h.fld").toString(), "--dsub", "300", "--learners", "11", "--holdout", "0.25");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("12 pairs × 8000 features") && r[1].contains("testing on 4 held-out pairs: P_E "), r[1]);

        Path bad = dir.resolve("bad.npy");
        Files.writeString(bad, "nope");
        r = run("stego", "ensemble", "train", "--features", bad.toString(), "--out", dir.resolve("x.fld").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("error: " + bad), r[2]);
    }
}
