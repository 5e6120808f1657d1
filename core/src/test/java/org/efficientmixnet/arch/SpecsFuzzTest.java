package org.efficientmixnet.arch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.efficientmixnet.surgery.SurgerySpec;
import org.efficientmixnet.surgery.SurgeryStep;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets (Jazzer) for the text parsers of the command line: block strings (a spec, or an
 * IllegalArgumentException; a parsed spec formats back to a string that parses to the same spec) and surgery specs
 * (steps, or an IllegalArgumentException). The inputs are UTF-8 bytes, so that the committed ones are plain text. Inputs under {@code src/test/resources/org/efficientmixnet/arch/SpecsFuzzTestInputs/}.
 */
class SpecsFuzzTest {
    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void blockStrings(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        List<List<BlockSpec>> arch;
        try {
            arch = BlockStrings.parseArch(text);
        } catch (IllegalArgumentException e) {
            return;
        }
        for (List<BlockSpec> stage : arch) {
            for (BlockSpec b : stage) {
                String s = BlockStrings.format(b);
                BlockSpec again = BlockStrings.parse(s);
                if (!again.equals(b)) {
                    throw new AssertionError("'" + s + "' parses to " + again + ", not " + b);
                }
            }
        }
    }

    @FuzzTest(maxDuration = "10m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void surgerySpecs(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        try {
            List<SurgeryStep> steps = SurgerySpec.parse(text);
            for (SurgeryStep s : steps) {
                s.describe();
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() == null || e.getMessage().length() > 2000 + 2 * (text == null ? 0 : text.length())) {
                throw new AssertionError("no or an unbounded message", e);
            }
        }
    }
}
