package org.efficientmixnet.steganalysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.embed.Algorithms;
import org.efficientmixnet.train.CheckpointFiles;
import org.efficientmixnet.models.ModelSpec;
import org.efficientmixnet.train.Progress;
import org.efficientmixnet.weights.StateDict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact resumption, per-folder labels, the trainable stem and the payload curriculum, on tiny data. */
class DetectorTrainingTest {
    static final String BLOCKS = "cn_r1_k3_s1_c8;ir_r1_k3_s2_e2_c16";
    static final ModelSpec SPEC = new ModelSpec("tiny", BLOCKS, null, null, null, null, null, null, null, null, "relu",
            null, null);

    @TempDir
    static Path tmp;
    static Path covers;
    static Path strong;
    static Path weak;

    @BeforeAll
    static void makeData() throws Exception {
        covers = TinySets.covers(tmp.resolve("covers"), 16, 16, 4);
        strong = TinySets.embed(covers, tmp.resolve("lsbm-1.0"), Algorithms.get("lsb-matching"), 1.0, 1);
        weak = TinySets.embed(covers, tmp.resolve("lsbm-0.5"), Algorithms.get("lsb-matching"), 0.5, 2);
    }

    static DetectorConfig.Builder cfg(List<Path> stegos) {
        return DetectorConfig.builder(covers, stegos, SPEC).epochs(2).batch(6).lr(2e-3).valFraction(0.25)
                .testFraction(0.25).workers(2).seed(9);
    }

    @Test
    void anInterruptedRunResumesExactly() throws Exception {
        DetectorConfig c = cfg(List.of(strong)).stem("srm").stemTrainable(true).build();
        Path straight = tmp.resolve("straight");
        DetectorTraining.create(c, straight).progress(Progress.silent()).log(m -> { }).fit();
        Path broken = tmp.resolve("broken");
        DetectorTraining first = DetectorTraining.create(c, broken).progress(Progress.silent()).log(m -> { });
        first.listener(new org.efficientmixnet.train.loop.TrainingListener() {
            @Override
            public void onEpochEnd(org.efficientmixnet.train.loop.TrainingLoop<?> loop,
                    org.efficientmixnet.train.loop.EpochResult result) {
                loop.requestStop("the test stops after epoch 1"); // as a SIGTERM would, after the checkpoint
            }
        });
        DetectorTraining.Result cut = first.fit();
        assertTrue(cut.stopped() && cut.test() == null && cut.history().size() == 1);
        List<String> log = new ArrayList<>();
        DetectorTraining.Result r = DetectorTraining.resume(broken).progress(Progress.silent()).log(log::add).fit();
        assertTrue(log.get(0).startsWith("resuming"), log.toString());
        assertEquals(2, r.history().size());
        StateDict a = CheckpointFiles.readWeights(straight.resolve("last.detector.safetensors"));
        StateDict b = CheckpointFiles.readWeights(broken.resolve("last.detector.safetensors"));
        assertEquals(a.keys(), b.keys());
        assertTrue(a.keys().contains("srm_stem.weight"));
        for (String k : a.keys()) {
            assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), 0f, k);
        }
        // the trainable stem moved away from the SRM kernels
        float[] w = a.get("srm_stem.weight").toFloatArray();
        assertTrue(Math.abs(w[12] - SrmStem.kernels()[0][2][2]) > 1e-6, "stem unchanged: " + w[12]);
        assertEquals(Files.readString(straight.resolve("split.csv")), Files.readString(broken.resolve("split.csv")));
    }

    @Test
    void perFolderLabelsScoreEveryClass() throws Exception {
        Path run = tmp.resolve("per-folder");
        DetectorTraining.Result r = DetectorTraining.create(cfg(List.of(strong, weak)).labels("per-folder").epochs(1)
                .build(), run).progress(Progress.silent()).log(m -> { }).fit();
        assertEquals(8, r.test().stegos());
        assertEquals(4, r.test().covers());
        try (Detector d = Detector.load(run)) {
            assertEquals(List.of("cover", "lsbm-1.0", "lsbm-0.5"), d.classes());
            Detector.Detection det = d.score(List.of(weak));
            assertEquals(16, det.scores().size());
            for (Detector.Score s : det.scores()) {
                assertEquals(3, s.probabilities().length);
                assertEquals(1.0, s.probabilities()[0] + s.probabilities()[1] + s.probabilities()[2], 1e-5);
                assertEquals(1.0 - s.probabilities()[0], s.stego(), 1e-6);
            }
        }
    }

    @Test
    void initialWeightsOfAnotherInputWidthAreAdapted() throws Exception {
        // weights of the same network for 3-channel input (as ImageNet weights would be), in timm names
        ModelSpec rgb = SPEC.withInChannels(3).withClasses(1000).withResolution(16);
        Path w = tmp.resolve("rgb.safetensors");
        try (ai.djl.Model m = org.efficientmixnet.models.Models.create(rgb.config())) {
            org.efficientmixnet.weights.WeightFiles.write(w, org.efficientmixnet.weights.ModelWeights.stateDict(m.getBlock()));
        }
        List<String> log = new ArrayList<>();
        DetectorTraining.Result r = DetectorTraining.create(cfg(List.of(strong)).epochs(1).initWeights(w.toString())
                .build(), tmp.resolve("init")).progress(Progress.silent()).log(log::add).fit();
        assertTrue(log.stream().anyMatch(l -> l.startsWith("initial weights from " + w)), log.toString());
        assertEquals("imagenet", DetectorRun.read(tmp.resolve("init")).decoding().scaling());
        assertEquals(1, r.history().size());
    }

    @Test
    void payloadCurriculumStartsFromAnotherRun() throws Exception {
        Path high = tmp.resolve("high");
        DetectorTraining.create(cfg(List.of(strong)).stem("srm").epochs(1).build(), high).progress(Progress.silent())
                .log(m -> { }).fit();
        List<String> log = new ArrayList<>();
        Path low = tmp.resolve("low");
        DetectorTraining t = DetectorTraining.create(cfg(List.of(weak)).stem("srm").epochs(1).initRun(high.toString())
                .build(), low).progress(Progress.silent()).log(log::add);
        t.fit();
        assertTrue(log.stream().anyMatch(l -> l.startsWith("initial weights from detector run " + high)
                && l.contains("loaded")), log.toString());
    }
}
