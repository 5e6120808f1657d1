package org.efficientmixnet.advsteg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.efficientmixnet.stego.features.FeatureExtraction;
import org.efficientmixnet.train.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rich-model ensemble judge's plumbing: stored PNG pairs → features → FLD ensemble → verdict. */
class EnsembleJudgeTest {
    @TempDir
    Path tmp;

    /**
     * A small feature function for this test only (the judge's default is the stego module's spatial rich model):
     * per channel, the mean |first difference| horizontally and vertically and the mean squared second difference,
     * which an added noise-like residual raises.
     */
    static double[][] differenceFeatures(List<Path> files, List<Path> seen) throws IOException {
        double[][] out = new double[files.size()][];
        for (int f = 0; f < files.size(); f++) {
            seen.add(files.get(f));
            BufferedImage img = ImageIO.read(files.get(f).toFile());
            int w = img.getWidth();
            int h = img.getHeight();
            int bands = img.getRaster().getNumBands();
            double[] row = new double[3 * bands];
            for (int b = 0; b < bands; b++) {
                double dx = 0, dy = 0, d2 = 0;
                for (int y = 1; y < h - 1; y++) {
                    for (int x = 1; x < w - 1; x++) {
                        int c = img.getRaster().getSample(x, y, b);
                        dx += Math.abs(img.getRaster().getSample(x + 1, y, b) - c);
                        dy += Math.abs(img.getRaster().getSample(x, y + 1, b) - c);
                        double l = img.getRaster().getSample(x - 1, y, b) + img.getRaster().getSample(x + 1, y, b) - 2.0 * c;
                        d2 += l * l;
                    }
                }
                double n = (double) (w - 2) * (h - 2);
                row[3 * b] = dx / n;
                row[3 * b + 1] = dy / n;
                row[3 * b + 2] = d2 / n;
            }
            out[f] = row;
        }
        return out;
    }

    /** Stegos made by adding ±3 grey levels of noise to every pixel: the judge must see them. */
    @Test
    void theEnsembleJudgeSeesAddedNoise() throws IOException {
        AdvStegConfig cfg = new AdvStegConfig(8, 8, 1);
        CoverSet covers = CoverSet.folder(RunTest.images(tmp.resolve("held"), 40, 61, 21), cfg, null);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        List<float[]> stegos = new ArrayList<>();
        for (float[] c : covers.images()) {
            float[] s = c.clone();
            for (int i = 0; i < s.length; i++) {
                s[i] = Math.max(-1f, Math.min(1f, s[i] + (rng.nextBoolean() ? 3f : -3f) / 127.5f));
            }
            stegos.add(s);
        }
        List<float[]> c8 = covers.images().stream().map(Judge::stored8bit).toList();
        List<float[]> s8 = stegos.stream().map(Judge::stored8bit).toList();
        Judge.Pairs train = new Judge.Pairs(c8.subList(0, 20), s8.subList(0, 20), cfg);
        Judge.Pairs test = new Judge.Pairs(c8.subList(20, 40), s8.subList(20, 40), cfg);
        List<Path> seen = new ArrayList<>();
        Path work = tmp.resolve("judge");
        Judge.FreshDetector ens = Judge.richModelEnsemble("differences", (files, listener) -> differenceFeatures(files, seen),
                work, 2);
        assertEquals("ensemble FLD, differences", ens.name());
        double[] scores = ens.trainAndScore(train, test, 3, Progress.silent());
        assertEquals(40, scores.length);
        int right = 0;
        for (int i = 0; i < 40; i++) {
            right += (scores[i] > 0.5) == (i >= 20) ? 1 : 0;
        }
        assertTrue(right >= 36, right + " of 40 test images right");
        assertEquals(80, seen.size(), "20 training and 20 test pairs");
        for (String d : List.of("train/covers", "train/stegos", "test/covers", "test/stegos")) {
            try (var s = Files.list(work.resolve(d))) {
                assertEquals(20, s.count(), d);
            }
        }
        BufferedImage c = ImageIO.read(work.resolve("test/covers/00003.png").toFile());
        BufferedImage st = ImageIO.read(work.resolve("test/stegos/00003.png").toFile());
        int diff = Math.abs(c.getRaster().getSample(10, 10, 0) - st.getRaster().getSample(10, 10, 0));
        assertTrue(diff == 3 || diff < 3 && c.getRaster().getSample(10, 10, 0) % 255 == 0, "the pair as stored: " + diff);
    }

    /** Through {@link Judge#judge}: the ensemble's verdict is reported beside Eve's. */
    @Test
    void theEnsembleIsReportedBesideEve() throws IOException {
        AdvStegConfig cfg = new AdvStegConfig(8, 8, 1);
        Path data = RunTest.images(tmp.resolve("held"), 16, 61, 23);
        try (AdvStegNetworks nets = AdvStegNetworks.create(cfg, Variant.residual(0.5), 5)) {
            Judge.Report r = Judge.judge(nets, CoverSet.folder(data, cfg, null), List.of(Judge.richModelEnsemble("differences",
                    (files, listener) -> differenceFeatures(files, new ArrayList<>()), tmp.resolve("judge"), 1)), 0.5, 3,
                    Progress.silent());
            assertEquals(2, r.verdicts().size());
            assertEquals("Eve (the game's own)", r.verdicts().get(0).judge());
            Judge.Verdict v = r.verdicts().get(1);
            assertEquals("ensemble FLD, differences", v.judge());
            assertEquals(8, v.testPairs());
            assertTrue(v.pe() >= 0 && v.pe() <= 0.5 && v.accuracy() >= 0 && v.accuracy() <= 1, v.line());
        }
    }

    /** Colour images go to grayscale features one channel at a time, the rows side by side in channel order. */
    @Test
    void perChannelFeaturesOfColourImages() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("colour"));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(8);
        List<Path> files = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            BufferedImage img = new BufferedImage(20, 17, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 17; y++) {
                for (int x = 0; x < 20; x++) {
                    img.setRGB(x, y, (rng.nextInt(256) << 16) | ((x * 12) << 8) | (y * 7 + k));
                }
            }
            Path f = dir.resolve("c" + k + ".png");
            ImageIO.write(img, "png", f.toFile());
            files.add(f);
        }
        List<Path> seen = new ArrayList<>();
        double[][] rows = Judge.perChannel((f, l) -> differenceFeatures(f, seen), tmp.resolve("planes")).extract(files, null);
        double[][] direct = differenceFeatures(files, new ArrayList<>()); // per band, in band order: the same numbers
        assertEquals(3, rows.length);
        assertEquals(9, seen.size(), "three gray planes per colour image");
        for (int k = 0; k < 3; k++) {
            assertEquals(9, rows[k].length);
            org.junit.jupiter.api.Assertions.assertArrayEquals(direct[k], rows[k], 1e-12, "image " + k);
        }
        BufferedImage plane = ImageIO.read(seen.get(4).toFile());
        assertEquals(1, plane.getRaster().getNumBands());
        assertEquals(5 * 12, plane.getRaster().getSample(5, 3, 0), "image 1's green plane");
    }

    /**
     * The default judge, SRMQ1 per channel, on colour stegos made by adding ±2 grey levels of noise to every pixel
     * (pairs written and features computed as {@code emn advsteg judge --judge ensemble} does).
     */
    @Test
    void srmq1PerChannelSeesAddedNoiseInColour() throws IOException {
        assertEquals(FeatureExtraction.Kind.SRMQ1, FeatureExtraction.Kind.of(Judge.DEFAULT_FEATURES));
        AdvStegConfig cfg = new AdvStegConfig(8, 8, 3);
        Path dir = Files.createDirectories(tmp.resolve("colour"));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(12);
        List<float[]> covers = new ArrayList<>();
        List<float[]> stegos = new ArrayList<>();
        int side = cfg.imageSize();
        for (int k = 0; k < 32; k++) {
            float[] c = new float[cfg.imageValues()];
            float[] s = new float[c.length];
            double base = rng.nextDouble() * 150 + 50;
            for (int i = 0; i < c.length; i++) {
                int ch = i / (side * side);
                int x = i % side;
                double v = base + 30 * Math.sin(x * 0.2 + ch + k) + rng.nextGaussian() * 4;
                int p = (int) Math.max(0, Math.min(255, Math.round(v)));
                int q = Math.max(0, Math.min(255, p + (rng.nextBoolean() ? 2 : -2)));
                c[i] = p / 127.5f - 1f;
                s[i] = q / 127.5f - 1f;
            }
            covers.add(c);
            stegos.add(s);
        }
        Judge.Pairs train = new Judge.Pairs(covers.subList(0, 16), stegos.subList(0, 16), cfg);
        Judge.Pairs test = new Judge.Pairs(covers.subList(16, 32), stegos.subList(16, 32), cfg);
        Judge.FreshDetector ens = Judge.richModelEnsemble(FeatureExtraction.Kind.SRMQ1, dir, 2);
        assertEquals("ensemble FLD, SRMQ1", ens.name());
        java.io.StringWriter log = new java.io.StringWriter();
        double[] scores = ens.trainAndScore(train, test, 5, Progress.to(new java.io.PrintWriter(log)));
        assertTrue(log.toString().contains("judge ensemble FLD, SRMQ1: 64×38259 features"), log.toString());
        int right = 0;
        for (int i = 0; i < 32; i++) {
            right += (scores[i] > 0.5) == (i >= 16) ? 1 : 0;
        }
        assertTrue(right >= 29, right + " of 32 test images right");
        try (var s = Files.list(dir.resolve("channels"))) {
            assertEquals(3 * 64, s.count(), "three gray planes per stored image");
        }
    }

    @Test
    void theSameFeaturesCannotTellCoversFromCovers() throws IOException {
        AdvStegConfig cfg = new AdvStegConfig(8, 8, 1);
        Path data = RunTest.images(tmp.resolve("held"), 40, 61, 22);
        CoverSet covers = CoverSet.folder(data, cfg, null);
        // "stegos" that are the covers themselves: no judge can do better than chance
        Judge.Pairs train = new Judge.Pairs(covers.images().subList(0, 20), covers.images().subList(0, 20), cfg);
        Judge.Pairs test = new Judge.Pairs(covers.images().subList(20, 40), covers.images().subList(20, 40), cfg);
        Judge.FreshDetector ens = Judge.richModelEnsemble("differences",
                (files, listener) -> differenceFeatures(files, new ArrayList<>()), tmp.resolve("j"), 1);
        double[] scores = ens.trainAndScore(train, test, 1, Progress.silent());
        assertEquals(40, scores.length);
        for (int i = 0; i < 20; i++) {
            assertEquals(scores[i], scores[20 + i], 0.0, "identical images get identical scores");
        }
    }
}
