package org.efficientmixnet.stego.jpeg;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Damaged files end in a JpegFormatException naming the file (or decode), never another exception or a hang. */
class JpegFuzzTest {
    @Test
    void mutatedFixturesFailCleanly() throws Exception {
        Random r = new Random(11);
        int failures = 0;
        int decoded = 0;
        for (String name : JpegCoefficientsTest.ALL) {
            byte[] good = Files.readAllBytes(JpegCoefficientsTest.fixture(name + ".jpg"));
            for (int t = 0; t < 300; t++) {
                byte[] bad = good.clone();
                int edits = 1 + r.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
                }
                if (r.nextInt(4) == 0) {
                    bad = java.util.Arrays.copyOf(bad, r.nextInt(bad.length));
                }
                byte[] input = bad;
                String label = name + "#" + t;
                boolean ok = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                    try {
                        JpegCoefficients j = JpegCoefficients.read(input, label);
                        j.toBytes(true);
                        return true;
                    } catch (JpegFormatException e) {
                        assertTrue(e.getMessage().startsWith(label + ": "), e.getMessage());
                        return false;
                    } catch (IllegalArgumentException e) {
                        // a damaged DC can leave coefficients the writer cannot code; it names them
                        assertTrue(e.getMessage().contains("component"), e.getMessage());
                        return false;
                    }
                }, label);
                if (ok) {
                    decoded++;
                } else {
                    failures++;
                }
            }
        }
        assertTrue(failures > 0 && decoded > 0, failures + " refused, " + decoded + " read");
    }
}
