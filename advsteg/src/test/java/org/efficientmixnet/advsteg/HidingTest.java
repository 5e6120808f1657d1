package org.efficientmixnet.advsteg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HidingTest {
    @TempDir
    Path tmp;

    @Test
    void framingCarriesTheLengthFirst() {
        boolean[] bits = Hiding.frame(new byte[] {(byte) 0xA5});
        assertEquals(40, bits.length);
        for (int i = 0; i < 31; i++) {
            assertFalse(bits[i]);
        }
        assertTrue(bits[31]);
        assertArrayEquals(new boolean[] {true, false, true, false, false, true, false, true},
                java.util.Arrays.copyOfRange(bits, 32, 40));
        assertEquals(1, Hiding.imagesNeeded(0, 32));
        assertEquals(2, Hiding.imagesNeeded(1, 32));
        assertEquals(3, Hiding.imagesNeeded(2, 16));
    }

    /**
     * Flat mid-gray covers: nothing of the cover competes with the message in Alice's linear layer, and Bob learns in a
     * few dozen steps (as he does in the reference with blank covers; on textured covers the reference's recipe needs
     * thousands of steps before Bob reads anything, docs/advsteg.md).
     */
    static Path flatCovers(Path dir, int n, int size) throws IOException {
        Files.createDirectories(dir);
        for (int k = 0; k < n; k++) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(size, size, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    img.getRaster().setSample(x, y, 0, 128);
                }
            }
            javax.imageio.ImageIO.write(img, "png", dir.resolve(String.format("flat%02d.png", k)).toFile());
        }
        return dir;
    }

    /** A tiny model trained on a few covers until Bob reads every bit of ten batches in a row, then a real message there and back. */
    @Test
    void roundTripWithATrainedTinyModel() throws IOException {
        AdvStegConfig cfg = new AdvStegConfig(8, 8, 1);
        Path data = flatCovers(tmp.resolve("covers"), 8, 61);
        List<Path> covers;
        try (Stream<Path> s = Files.list(data)) {
            covers = s.sorted().toList();
        }
        byte[] msg = "hi".getBytes(StandardCharsets.UTF_8); // 32 + 16 bits: 6 images of 8 bits
        try (AdvStegNetworks nets = AdvStegNetworks.create(cfg, 1)) {
            AdvStegTraining t = new AdvStegTraining(nets, new AdvStegTraining.Hyper(1e-3, 0.0, 0.3, 0.6, 8));
            CoverSet set = CoverSet.files(covers, cfg, true, null);
            int[] all = {0, 1, 2, 3, 4, 5, 6, 7};
            SplittableRandom rng = new SplittableRandom(9);
            double acc = 0;
            int perfect = 0;
            for (int step = 0; step < 2000 && perfect < 10; step++) {
                AdvStegTraining.StepResult r = t.step(set.pack(all), AdvStegTraining.messages(rng, 8, cfg.messageLength()));
                acc = (double) r.bitsRight() / r.bits();
                perfect = acc == 1.0 ? perfect + 1 : 0;
            }
            assertEquals(10, perfect, "Bob reads every bit of 10 batches in a row (last accuracy " + acc + ")");
            List<Path> stegos = Hiding.hide(nets, msg, covers, tmp.resolve("stegos"));
            assertEquals(6, stegos.size());
            Hiding.Revealed r = Hiding.reveal(nets, stegos, msg);
            assertEquals(0.0, r.bitErrorRate(), "bit errors after training to " + acc);
            assertArrayEquals(msg, r.message());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Hiding.hide(nets, new byte[100], covers, tmp.resolve("too-long")));
            assertTrue(e.getMessage().contains("only 8 cover(s) given"), e.getMessage());
            assertFalse(Files.exists(tmp.resolve("too-long")), "nothing written");
            Path wrongSize = RunTest.images(tmp.resolve("big"), 5, 64, 5);
            List<Path> big;
            try (Stream<Path> s = Files.list(wrongSize)) {
                big = s.sorted().toList();
            }
            e = assertThrows(IllegalArgumentException.class, () -> Hiding.hide(nets, new byte[1], big, tmp.resolve("x")));
            assertTrue(e.getMessage().contains("take 61×61"), e.getMessage());
        }
    }
}
