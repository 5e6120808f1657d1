package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** `emn bench`'s argument handling (the measurements themselves run behind the command, not in the test suite). */
class BenchCliTest {

    @Test
    void leversRefuseATrainingConfigurationAndUnknownConfigurationsAreNamed() {
        CliTest.Result r = CliTest.run("bench", "--levers", "--config", "train_stego_256_b16");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("train_stego_256_b16"), r.err());
        CliTest.Result u = CliTest.run("bench", "--config", "infer_stego_512");
        assertNotEquals(0, u.code());
        assertTrue(u.err().contains("infer_stego_512") && u.err().contains("infer_stego_256_b32"), u.err());
    }
}
