package org.efficientmixnet.steganalysis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.embed.Algorithms;
import org.efficientmixnet.models.ModelSpec;
import org.efficientmixnet.train.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small detector with the fixed SRM stem learns LSB matching at 1.0 bpp from scratch on held-out pairs. */
class LearnsLsbMatchingTest {
    static final String BLOCKS = "cn_r1_k3_s1_c16;ir_r1_k3_s2_e2_c24;ir_r1_k3_s2_e2_c32";

    @TempDir
    Path tmp;

    @Test
    void learnsLsbMatchingFromScratch() throws Exception {
        Path covers = TinySets.covers(tmp.resolve("covers"), 240, 32, 1);
        Path stegos = TinySets.embed(covers, tmp.resolve("lsbm"), Algorithms.get("lsb-matching"), 1.0, 7);
        ModelSpec spec = new ModelSpec("tiny", BLOCKS, null, null, null, null, null, null, null, null, "relu", null, null);
        DetectorConfig cfg = DetectorConfig.builder(covers, List.of(stegos), spec).stem("srm").epochs(4).batch(32)
                .lr(3e-3).optimizer("adamw").valFraction(0.15).testFraction(0.25).workers(2).seed(3).build();
        long t0 = System.nanoTime();
        DetectorTraining.Result r = DetectorTraining.create(cfg, tmp.resolve("run")).progress(Progress.silent())
                .log(System.err::println).fit();
        double secs = (System.nanoTime() - t0) / 1e9;
        System.err.println("held-out " + r.test().line() + " in " + secs + " s");
        assertTrue(r.test().pe() < 0.2, "held-out P_E " + r.test().pe());
        assertTrue(r.test().covers() == 60 && r.test().stegos() == 60, r.test().line());
    }
}
