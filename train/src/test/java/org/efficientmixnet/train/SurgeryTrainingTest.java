package org.efficientmixnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.efficientmixnet.arch.EfficientNetConfig;
import org.efficientmixnet.arch.ResNetConfig;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.ResNet;
import org.efficientmixnet.train.data.ImageDataset;
import org.efficientmixnet.train.data.SyntheticShapes;
import org.efficientmixnet.weights.HubDownloader;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.PretrainedConfig;
import org.efficientmixnet.weights.PretrainedRegistry;
import org.efficientmixnet.weights.StateDict;
import org.efficientmixnet.weights.WeightFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.efficientmixnet.arch.Presets;
import org.efficientmixnet.models.ModelSpec;

/** Training, resuming and evaluating networks changed by surgery, ResNets, and pretrained weights by name. */
class SurgeryTrainingTest {
    @TempDir
    static Path tmp;

    static Path data;

    @BeforeAll
    static void makeData() {
        data = tmp.resolve("shapes");
        SyntheticShapes.write(data, 3, 12, 24, 3);
    }

    static ModelSpec tinyWith(String surgery) {
        return TrainingRunTest.tiny().withSurgery(surgery);
    }

    @Test
    void specBuildsTheChangedNetworkAndKeepsItsSurgeryInTheRunConfig() {
        ModelSpec s = tinyWith("stem-stride=1,insert=2");
        EfficientNetConfig base = (EfficientNetConfig) s.base();
        EfficientNetConfig changed = (EfficientNetConfig) s.config();
        assertEquals(2, base.stemStride());
        assertEquals(1, changed.stemStride());
        assertEquals(2, changed.postStemBlocks());
        // the inserted blocks end with stride 2, so the last stage sees the resolution it was designed for
        assertEquals(Models.build(base).featureShape(Models.inputShape(base, 1, 24)),
                Models.build(changed).featureShape(Models.inputShape(changed, 1, 24)));
        TrainConfig cfg = TrainConfig.builder(s, "d").build();
        assertEquals(s, TrainConfig.fromJson(cfg.toJson()).model());
        EfficientNetConfig again = (EfficientNetConfig) TrainConfig.fromJson(cfg.toJson()).model().config();
        assertEquals(List.of(1, 2), List.of(again.stemStride(), again.postStemBlocks()));
        // a ResNet by name, with options and surgery
        ModelSpec r = ModelSpec.builder("seresnet18").inChannels(1).classes(2).resolution(32).surgery("stem-stride=1,no-stem-pool").build();
        assertTrue(r.config() instanceof ResNetConfig);
        assertEquals(1, r.config().inChannels());
        assertEquals(8, r.config().totalStride());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> tinyWith("stem-stride=3").config());
        assertTrue(bad.getMessage().contains("stem-stride"), bad.getMessage());
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.builder("efficientnet_b0").width(1.2).build().config());
        assertTrue(width.getMessage().contains("--width"), width.getMessage());
    }

    @Test
    void initialWeightsLoadBeforeSurgeryAndInsertedBlocksStartFresh() {
        ModelSpec s = tinyWith("stem-stride=1,insert=1").withClasses(5);
        StateDict source;
        try (Model m = Models.create(s.withSurgery(null).withClasses(1000).config())) {
            source = ModelWeights.stateDict(m.getBlock());
        }
        ModelSpec.Built b = s.create(source);
        try (Model m = b.model()) {
            StateDict got = ModelWeights.stateDict(m.getBlock());
            for (String k : List.of("conv_stem.weight", "bn1.running_mean", "blocks.1.0.conv_pw.weight", "conv_head.weight")) {
                assertArrayEquals(source.get(k).toFloatArray(), got.get(k).toFloatArray(), k);
            }
            assertEquals(List.of("classifier.weight", "classifier.bias"), b.weights().shapeMismatches());
            assertTrue(b.carried().missing().stream().allMatch(k -> k.startsWith("post_stem.0.")), b.carried().toString());
            assertFalse(b.carried().missing().isEmpty());
            assertEquals(2, b.changes().size());
            assertTrue(got.contains("post_stem.0.conv_dw.weight"));
        }
    }

    @Test
    void aResNetWithSurgeryTrainsResumesAndEvaluates() throws Exception {
        ModelSpec spec = ModelSpec.builder("resnet18").resolution(24).surgery("stem-stride=1,no-stem-pool").build();
        Path run = tmp.resolve("resnet");
        TrainingRun first = TrainingRun.create(TrainConfig.builder(spec, data.toString()).epochs(2).batch(8).lr(0.01)
                .workers(1).valFraction(0.25).build(), run).progress(Progress.silent());
        first.listener(TrainingRunTest.stopAfter(1));
        first.fit();
        List<String> log = new ArrayList<>();
        TrainingRun.Result r = TrainingRun.resume(run).progress(Progress.silent()).log(log::add).fit();
        assertEquals(2, r.history().size());
        assertTrue(log.stream().anyMatch(l -> l.contains("training resnet18")), log.toString());
        StateDict saved = CheckpointFiles.readWeights(run.resolve("last.safetensors"));
        assertArrayEquals(new long[] {3, 512}, saved.get("fc.weight").shape());
        try (TrainedModel m = TrainedModel.load(run)) {
            assertTrue(m.network() instanceof ResNet);
            assertEquals(1, ((ResNetConfig) m.config()).stemStride());
            EvalMetrics e = m.evaluate(ImageDataset.open(data), 8);
            assertEquals(36, e.count());
            // what predict and eval run on: the batch norms folded into the convolutions, the same probabilities
            List<TrainedModel.Prediction> before = m.predict(List.of(data), 8);
            assertTrue(m.foldBatchNorms() >= 17, "resnet18 has 20 batch norms after convolutions");
            List<TrainedModel.Prediction> after = m.predict(List.of(data), 8);
            assertEquals(before.size(), after.size());
            for (int i = 0; i < before.size(); i++) {
                assertEquals(before.get(i).file(), after.get(i).file());
                assertArrayEquals(before.get(i).probabilities(), after.get(i).probabilities(), 1e-5f);
            }
            assertEquals(e.count(), m.evaluate(ImageDataset.open(data), 8).count());
        }
    }

    @Test
    void surgeryThatChangesTheClassesMustAgreeWithTheData() throws Exception {
        TrainConfig cfg = TrainConfig.builder(tinyWith("classes=5"), data.toString()).workers(1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.create(cfg, tmp.resolve("classes")).progress(Progress.silent()).fit());
        assertTrue(e.getMessage().contains("gives 5 classes but the data has 3"), e.getMessage());
    }

    /** Puts a weights file where the Hugging Face cache keeps {@code repo}'s main revision, as Python's hub client does. */
    static void cache(Path hub, String repo, StateDict weights) throws IOException {
        Path folder = hub.resolve("models--" + repo.replace("/", "--"));
        String commit = "0123456789abcdef0123456789abcdef01234567";
        Files.createDirectories(folder.resolve("refs"));
        Files.writeString(folder.resolve("refs/main"), commit);
        Path snap = folder.resolve("snapshots").resolve(commit);
        Files.createDirectories(snap);
        WeightFiles.write(snap.resolve("model.safetensors"), weights);
    }

    @Test
    void pretrainedByNameFromTheCacheStartsTheChangedNetwork() throws Exception {
        PretrainedConfig pc = PretrainedRegistry.get("mixnet_s");
        StateDict source;
        try (Model m = Models.create(Presets.efficientNet("mixnet_s").toBuilder().resolution(32).build())) {
            source = ModelWeights.stateDict(m.getBlock());
        }
        Path hub = tmp.resolve("hub");
        cache(hub, pc.repo(), source);
        HubDownloader offline = new HubDownloader(k -> null).setCacheDir(hub).setOffline(true).setProgress(null);
        ModelSpec spec = ModelSpec.builder("mixnet_s").resolution(32).surgery("stem-stride=1,insert=1").build();
        // a learning rate that leaves every weight as it was: the saved weights are the initial ones
        TrainConfig cfg = TrainConfig.builder(spec, data.toString()).epochs(1).batch(8).lr(1e-30).momentum(0)
                .weightDecay(0).workers(1).valFraction(0).earlyStop("train_loss").pretrained("mixnet_s").build();
        List<String> log = new ArrayList<>();
        Path run = tmp.resolve("pretrained");
        TrainingRun.create(cfg, run).downloader(offline).progress(Progress.silent()).log(log::add).fit();
        String all = String.join("\n", log);
        assertTrue(all.contains("initial weights from pretrained " + pc.name()), all);
        assertTrue(all.contains("surgery: weights carried over") && all.contains("post_stem.0."), all);
        StateDict saved = CheckpointFiles.readWeights(run.resolve("last.safetensors"));
        for (String k : List.of("conv_stem.weight", "blocks.2.0.conv_dw.2.weight", "blocks.5.2.conv_pw.weight")) {
            assertArrayEquals(source.get(k).toFloatArray(), saved.get(k).toFloatArray(), 0f, k);
        }
        assertArrayEquals(new long[] {3, 1536}, saved.get("classifier.weight").shape());
        // weights of another architecture are refused before anything is read
        TrainConfig wrong = cfg.toBuilder().pretrained("mixnet_m").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingRun.create(wrong, tmp.resolve("wrong")).downloader(offline).progress(Progress.silent()).fit());
        assertTrue(e.getMessage().contains("are for mixnet_m, not mixnet_s"), e.getMessage());
        // offline without a cached copy names what is missing
        TrainConfig absent = cfg.toBuilder().model(ModelSpec.preset("mixnet_m").withResolution(32)).pretrained("mixnet_m")
                .build();
        IOException io = assertThrows(IOException.class,
                () -> TrainingRun.create(absent, tmp.resolve("absent")).downloader(offline).progress(Progress.silent()).fit());
        assertTrue(io.getMessage().contains("offline") && io.getMessage().contains("mixnet_m"), io.getMessage());
    }
}
