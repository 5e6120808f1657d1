package org.efficientmixnet.stego.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.efficientmixnet.io.FileFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StructuralAttackTest {
    @TempDir
    Path dir;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(StructuralAttackTest.class.getResource("/attack/" + name).toURI());
    }

    @Test
    void samplePairsCountsByHand() {
        // row 0: (0,1) Y W, (1,3) Y, (3,2) Y W; row 1: (5,5) Z, (5,4) Y W, (4,6) X
        int[][] x = {{0, 1, 3, 2}, {5, 5, 4, 6}};
        assertArrayEquals(new long[] {1, 4, 1, 3, 6}, SamplePairs.counts(x));
        // 2p² − 4p + 3 = 0 has complex roots: the real part, 1
        assertEquals(1.0, SamplePairs.estimate(x), 1e-12);
    }

    @Test
    void rsDifferencesByHand() {
        // [10 10 11 11]: f = 1; F1 on the middle → [10 11 10 11], f = 3 (regular); F−1 → [10 9 12 11], f = 5 (regular)
        int[][] x = {{10, 10, 11, 11, 7}};
        assertArrayEquals(new double[] {1, 1}, RsAnalysis.differences(x, false), 0);
        // all LSBs flipped: [11 11 10 10] → F1 [11 10 11 10] f = 3, F−1 [11 12 9 10] f = 5: regular both
        assertArrayEquals(new double[] {1, 1}, RsAnalysis.differences(x, true), 0);
        // 4z² − 4z = 0: the root of smaller magnitude is 0, so p = 0
        assertEquals(0.0, RsAnalysis.estimate(x), 1e-12);
    }

    @Test
    void weightedStegoByHand() {
        // one interior pixel, odd, one above its prediction (100): β = 1·1, payload 2; even and one below: also 2
        int[][] x = {{100, 100, 100}, {100, 101, 100}, {100, 100, 100}};
        assertEquals(2.0, WeightedStego.estimate(x), 1e-12);
        int[][] y = {{101, 101, 101}, {101, 100, 101}, {101, 101, 101}};
        assertEquals(2.0, WeightedStego.estimate(y), 1e-12);
        // KB predictor: corners count −1/4, edges +1/2: (2·(4·100) − 4·104)/4 = 96; s = 97 odd → β = 1, weight irrelevant
        int[][] z = {{104, 100, 104}, {100, 97, 100}, {104, 100, 104}};
        assertEquals(2.0, WeightedStego.estimate(z), 1e-12);
        // the 2004 predictor (4-neighbour mean 100): s − F = −3, β = −3
        assertEquals(-6.0, WeightedStego.estimate(z, new WeightedStego.Options(false, false, false)), 1e-12);
    }

    @Test
    void lsbReplacementTouchesOnlyLsbsOfTheRightNumberOfPixels() {
        int[][] x = new int[64][64];
        for (int r = 0; r < 64; r++) {
            for (int c = 0; c < 64; c++) {
                x[r][c] = (r * 7 + c * 3) & 0xff;
            }
        }
        int[][] y = RandomLsbReplacement.embed(x, 0.5, 3);
        int changed = 0;
        for (int r = 0; r < 64; r++) {
            for (int c = 0; c < 64; c++) {
                assertEquals(x[r][c] >> 1, y[r][c] >> 1);
                changed += x[r][c] != y[r][c] ? 1 : 0;
            }
        }
        // 2048 pixels carry a random bit: about 1024 change (binomial sd 22.6)
        assertTrue(Math.abs(changed - 1024) < 100, "changed " + changed);
        assertArrayEquals(y[5], RandomLsbReplacement.embed(x, 0.5, 3)[5]);
        assertEquals(0, x[0][0] - RandomLsbReplacement.embed(x, 0, 3)[0][0]);
    }

    /** SPA and WS against sealwatch's implementation, run by make_reference.py on the stego images it wrote. */
    @Test
    void matchesSealwatch() throws Exception {
        Map<String, double[]> ref = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                StructuralAttackTest.class.getResourceAsStream("/attack/reference/reference.csv"), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(",");
                ref.put(f[0], new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])});
            }
        }
        assertEquals(8, ref.size());
        for (var e : ref.entrySet()) {
            int[][] x = ImagePlanes.read(resource("reference/" + e.getKey())).planes()[0];
            assertEquals(e.getValue()[0], SamplePairs.estimate(x), 1e-12, e.getKey() + " spa");
            // sealwatch computes in float32
            assertEquals(e.getValue()[1], WeightedStego.estimate(x), 2e-5, e.getKey() + " ws");
            assertEquals(e.getValue()[2], WeightedStego.estimate(x, new WeightedStego.Options(true, true, true)), 2e-5,
                    e.getKey() + " ws bias-corrected");
        }
    }

    /** The acceptance test of the issue: real-photo covers, never compressed, LSB replacement at known rates. */
    @Test
    void accuracyOnRealPhotoCovers() throws Exception {
        List<int[][]> covers = AttackStudy.covers(resource("covers"), 1, 0, 100);
        assertEquals(16, covers.size());
        double[] rates = {0, 0.1, 0.2, 0.4, 0.8};
        List<AttackStudy.Row> rows = AttackStudy.run(covers,
                java.util.Arrays.stream(StructuralAttack.values()).map(AttackStudy.Method::of).toList(), rates, 1);
        assertEquals(20, rows.size());
        for (AttackStudy.Row r : rows) {
            String what = r.method() + " at " + r.rate() + ": " + r;
            if (r.method().equals("ws") && r.rate() >= 0.1 && r.rate() <= 0.4) {
                assertTrue(r.medianAbsError() < 0.05, what);
            }
            if (r.rate() <= 0.4) {
                // every method: median error within 0.05 bpp and bias within 0.06 bpp up to 0.4 bpp
                assertTrue(r.medianAbsError() < 0.05, what);
                assertTrue(Math.abs(r.bias()) < 0.06, what);
            } else if (!r.method().equals("triples")) {
                assertTrue(r.medianAbsError() < 0.06, what);
            }
        }
    }

    @Test
    void colourImagesGiveOneEstimatePerChannel() throws Exception {
        int[][] gray = ImagePlanes.read(resource("covers/seeding_0.png")).planes()[0];
        int[][] r = RandomLsbReplacement.embed(gray, 0.4, 1);
        int[][] b = RandomLsbReplacement.embed(gray, 0, 2);
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(256, 256, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                img.setRGB(x, y, r[y][x] << 16 | gray[y][x] << 8 | b[y][x]);
            }
        }
        Path f = dir.resolve("colour.png");
        javax.imageio.ImageIO.write(img, "png", f.toFile());
        ImagePlanes planes = ImagePlanes.read(f);
        assertEquals(List.of("R", "G", "B"), planes.names());
        for (StructuralAttack a : StructuralAttack.values()) {
            double[] est = a.estimate(planes);
            assertEquals(3, est.length);
            assertTrue(Math.abs(est[0] - 0.4) < 0.1, a + " R " + est[0]);
            assertTrue(Math.abs(est[1]) < 0.1, a + " G " + est[1]);
            assertTrue(est[0] > est[1] + 0.2, a + " R above G");
        }
    }

    @Test
    void hostileFilesAreRefusedNamingTheFile() throws Exception {
        Path big = dir.resolve("big.pgm");
        Files.write(big, "P5\n100000 100000\n255\n\0\0\0".getBytes(StandardCharsets.US_ASCII));
        FileFormatException e = assertThrows(FileFormatException.class, () -> ImagePlanes.read(big));
        assertTrue(e.getMessage().startsWith(big.toString()), e.getMessage());
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "hello");
        e = assertThrows(FileFormatException.class, () -> ImagePlanes.read(text));
        assertTrue(e.getMessage().startsWith(text.toString()), e.getMessage());
        Path deep = dir.resolve("deep.pgm");
        Files.write(deep, "P5\n2 2\n65535\n\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
        e = assertThrows(FileFormatException.class, () -> ImagePlanes.read(deep));
        assertTrue(e.getMessage().contains("maxval"), e.getMessage());
        Path ok = dir.resolve("ok.pgm");
        Files.write(ok, "P5\n# c\n3 1\n255\n\1\2\3".getBytes(StandardCharsets.US_ASCII));
        assertArrayEquals(new int[] {1, 2, 3}, ImagePlanes.read(ok).planes()[0][0]);
        assertThrows(IllegalArgumentException.class, () -> StructuralAttack.of("chi"));
        assertThrows(IllegalArgumentException.class, () -> SamplePairs.estimate(new int[][] {{1, 300}}));
    }
}
