package org.efficientmixnet.steganalysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.embed.Algorithms;
import org.efficientmixnet.models.ModelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java example of docs/steganalysis.md, line for line (between the markers), run on tiny data. */
class DocsExampleTest {
    @TempDir
    Path tmp;

    @Test
    void theDocumentedThreeSteps() throws Exception {
        Path covers = TinySets.covers(tmp.resolve("covers"), 12, 16, 1);
        Path stegos = TinySets.embed(covers, tmp.resolve("lsbm"), Algorithms.get("lsb-matching"), 1.0, 1);
        Path run = tmp.resolve("runs/det");
        Path suspect = stegos.resolve("c0003.png");
        Path heldOutCovers = covers;
        Path heldOutStegos = stegos;
        ModelSpec network = new ModelSpec("tiny", "cn_r1_k3_s1_c8;ir_r1_k3_s2_e2_c16", null, null, null, null, null, null,
                null, null, null, null, null);
        // --- docs/steganalysis.md: Java API ---
        DetectorConfig cfg = DetectorConfig.builder(covers, List.of(stegos), network)
                .stem("srm").epochs(1).batch(8).build();
        DetectorTraining.Result r = DetectorTraining.create(cfg, run).fit();
        System.out.println("test " + r.test().line());
        try (Detector d = Detector.load(run)) {
            for (Detector.Score s : d.score(List.of(suspect)).scores()) {
                System.out.printf("%s: stego %.3f%n", s.file(), s.stego());
            }
            DetectionMetrics m = d.evaluate(heldOutCovers, List.of(heldOutStegos), run.resolve("eval-lsbm"));
            System.out.println(m.line());
        }
        // --- end ---
        assertTrue(Files.exists(run.resolve("eval-lsbm/roc.png")));
        String doc = Files.readString(Path.of("../docs/steganalysis.md"));
        String src = Files.readString(Path.of("src/test/java/org/efficientmixnet/steganalysis/DocsExampleTest.java"));
        String example = src.substring(src.indexOf("// --- docs/steganalysis.md: Java API ---\n") + 43,
                src.indexOf("        // --- end ---"));
        for (String line : example.strip().split("\n")) {
            assertTrue(doc.contains(line.strip()), "docs/steganalysis.md lacks: " + line.strip());
        }
        assertEquals(1, r.history().size());
    }
}
