package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.efficientmixnet.train.data.SyntheticShapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A binary evaluation prints P_E, MD5 and wAUC with what chance gives, and no top-5. */
class EvalBinaryCliTest {
    @TempDir
    Path tmp;

    @Test
    void binaryEvaluationStatesChanceAndHasNoTopFive() throws Exception {
        Path data = tmp.resolve("two");
        SyntheticShapes.write(data, 2, 12, 24, 3);
        Path run = tmp.resolve("run");
        CliTest.Result t = CliTest.run("train", "--model", "tiny", "--blocks", TrainCliTest.BLOCKS, "--width", "0.25",
                "--resolution", "24", "--data", data.toString(), "--epochs", "1", "--batch", "8", "--out", run.toString(),
                "--workers", "1");
        assertEquals(0, t.code(), t.err());
        CliTest.Result r = CliTest.run("eval", "--run", run.toString(), "--data", data.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("top-5"), r.out());
        assertTrue(r.out().contains("accuracy") && r.out().contains("(chance 0.5000)"), r.out());
        assertTrue(r.out().contains("P_E") && r.out().contains("wAUC 0.586"), r.out());
    }
}
