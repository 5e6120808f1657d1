package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `emn bench`'s argument handling (the measurements themselves run behind the command, not in the test suite). */
class BenchCliTest {

    @Test
    void unknownLeversAndUnknownConfigurationsAreNamed() {
        CliTest.Result r = CliTest.run("bench", "--levers", "--lever", "folding", "--config", "train_stego_256_b16");
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("folding") && r.err().contains("scripted"), r.err());
        BenchCommand some = new BenchCommand();
        new CommandLine(some).parseArgs("--levers", "--lever", "scripted,fold");
        assertEquals(java.util.List.of("scripted", "fold"), some.leverNames);
        CliTest.Result u = CliTest.run("bench", "--config", "infer_stego_512");
        assertNotEquals(0, u.code());
        assertTrue(u.err().contains("infer_stego_512") && u.err().contains("infer_stego_256_b32"), u.err());
        CliTest.Result b = CliTest.run("bench", "--ops", "--batch", "0");
        assertNotEquals(0, b.code());
        assertTrue(b.err().contains("--batch"), b.err());
    }

    /** Inference is measured folded, as predict, eval and stego detect run; --no-fuse measures the unfolded network. */
    @Test
    void batchNormFoldingIsTheDefaultAndCanBeSwitchedOff() {
        BenchCommand plain = new BenchCommand();
        new CommandLine(plain).parseArgs();
        assertTrue(plain.fuse);
        BenchCommand off = new BenchCommand();
        new CommandLine(off).parseArgs("--no-fuse");
        assertFalse(off.fuse);
        BenchCommand on = new BenchCommand();
        new CommandLine(on).parseArgs("--fuse");
        assertTrue(on.fuse);
    }
}
