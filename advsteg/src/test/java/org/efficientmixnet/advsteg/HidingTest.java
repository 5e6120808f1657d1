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

    /** A tiny model trained on a few covers until Bob reads them, then a real message there and back. */
    @Test
    void roundTripWithATrainedTinyModel() throws IOException {
        AdvStegConfig cfg = new AdvStegConfig(8, 16, 1);
        Path data = RunTest.images(tmp.resolve("covers"), 6, 61, 4);
        List<Path> covers;
        try (Stream<Path> s = Files.list(data)) {
            covers = s.sorted().toList();
        }
        byte[] msg = "hi!".getBytes(StandardCharsets.UTF_8); // 32 + 24 bits: 4 images of 16 bits
        try (AdvStegNetworks nets = AdvStegNetworks.create(cfg, 1)) {
            AdvStegTraining t = new AdvStegTraining(nets, new AdvStegTraining.Hyper(2e-3, 0.0, 0.3, 0.6, 6));
            CoverSet set = CoverSet.files(covers, cfg, true, null);
            int[] all = {0, 1, 2, 3, 4, 5};
            SplittableRandom rng = new SplittableRandom(9);
            double acc = 0;
            for (int step = 0; step < 400 && acc < 1.0; step++) {
                AdvStegTraining.StepResult r = t.step(set.pack(all), AdvStegTraining.messages(rng, 6, cfg.messageLength()));
                acc = (double) r.bitsRight() / r.bits();
            }
            List<Path> stegos = Hiding.hide(nets, msg, covers, tmp.resolve("stegos"));
            assertEquals(4, stegos.size());
            Hiding.Revealed r = Hiding.reveal(nets, stegos, msg);
            assertEquals(0.0, r.bitErrorRate(), "bit errors after training to " + acc);
            assertArrayEquals(msg, r.message());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Hiding.hide(nets, new byte[100], covers, tmp.resolve("too-long")));
            assertTrue(e.getMessage().contains("only 6 cover(s) given"), e.getMessage());
            assertFalse(Files.exists(tmp.resolve("too-long")), "nothing written");
            Path wrongSize = RunTest.images(tmp.resolve("big"), 1, 64, 5);
            e = assertThrows(IllegalArgumentException.class, () -> Hiding.hide(nets, new byte[1],
                    List.of(Files.list(wrongSize).findFirst().orElseThrow()), tmp.resolve("x")));
            assertTrue(e.getMessage().contains("take 61×61"), e.getMessage());
        }
    }
}
