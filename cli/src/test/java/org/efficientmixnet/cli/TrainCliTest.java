package org.efficientmixnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import ai.djl.Model;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.train.CheckpointFiles;
import org.efficientmixnet.train.data.SyntheticShapes;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.PretrainedConfig;
import org.efficientmixnet.weights.PretrainedRegistry;
import org.efficientmixnet.weights.WeightFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.efficientmixnet.arch.Presets;

/** train → eval → predict on tiny generated data, and a quick demo, through the emn entry point. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainCliTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path run;

    static final String BLOCKS = "ds_r1_k3_s1_c8;ir_r1_k3_s2_e2_c16;ir_r1_k3_s2_e2_c24";

    @BeforeAll
    static void makeData() {
        data = tmp.resolve("shapes");
        SyntheticShapes.write(data, 3, 16, 24, 5);
        run = tmp.resolve("run");
    }

    @Test
    @Order(1)
    void trainWritesARunFolder() throws Exception {
        CliTest.Result r = CliTest.run("train", "--model", "tiny", "--blocks", BLOCKS, "--width", "0.25", "--resolution", "24",
                "--data", data.toString(), "--epochs", "2", "--batch", "8", "--lr", "0.05", "--out", run.toString(),
                "--workers", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("finished 2 epochs"), r.out());
        assertTrue(r.err().contains("epoch 2/2"), r.err());
        for (String f : new String[] {"config.json", "best.safetensors", "last.json", "history.csv", "loss.png"}) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        JsonObject cfg = JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
        assertEquals(2, cfg.get("epochs").getAsInt());
        assertEquals(BLOCKS, cfg.getAsJsonObject("model").get("blocks").getAsString());
        // the same folder again is refused, with the way to continue it
        CliTest.Result again = CliTest.run("train", "--model", "tiny", "--blocks", BLOCKS, "--data", data.toString(),
                "--out", run.toString());
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a run: continue it with --resume"), again.err());
        assertTrue(again.err().contains(run.toString()) && again.err().strip().split("\n").length == 1, again.err());
        // resuming a finished run has nothing left to do and reports the same history
        CliTest.Result resumed = CliTest.run("train", "--resume", run.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("finished 2 epochs") && resumed.err().contains("resuming"), resumed.err());
        CliTest.Result mixed = CliTest.run("train", "--resume", run.toString(), "--data", data.toString());
        assertEquals(2, mixed.code());
        assertTrue(mixed.err().contains("--resume continues with the run's saved config.json"), mixed.err());
    }

    @Test
    @Order(2)
    void evalPrintsAndSavesMetrics() throws Exception {
        CliTest.Result r = CliTest.run("eval", "--run", run.toString(), "--data", data.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("images 48") && r.out().contains("accuracy") && !r.out().contains("top-5"), r.out());
        JsonObject m = JsonParser.parseString(Files.readString(run.resolve("eval.json"))).getAsJsonObject();
        assertEquals(48, m.get("images").getAsInt());
        double acc = m.get("accuracy").getAsDouble();
        assertTrue(acc >= 0 && acc <= 1);
        assertEquals(3, m.getAsJsonArray("confusion").size());
        // the same weights through --model/--weights give the same numbers
        Path save = tmp.resolve("w-eval.json");
        CliTest.Result w = CliTest.run("eval", "--model", "tiny", "--blocks", BLOCKS, "--width", "0.25", "--resolution", "24",
                "--weights", run.resolve("best.safetensors").toString(), "--data", data.toString(), "--save", save.toString());
        assertEquals(0, w.code(), w.err());
        JsonObject m2 = JsonParser.parseString(Files.readString(save)).getAsJsonObject();
        assertEquals(acc, m2.get("accuracy").getAsDouble(), 0.0);
        assertEquals(m.get("loss").getAsDouble(), m2.get("loss").getAsDouble(), 1e-6);
    }

    @Test
    @Order(3)
    void predictTextAndJson() throws Exception {
        Path img = data.resolve("circle").resolve("circle_0000.png");
        CliTest.Result r = CliTest.run("predict", "--run", run.toString(), "--top", "2", img.toString(),
                data.resolve("square").toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(17, lines.length, r.out());
        assertTrue(lines[0].startsWith(img.toString() + ":"), lines[0]);
        assertEquals(2, lines[0].split("  ").length - 1, lines[0]);
        CliTest.Result j = CliTest.run("predict", "--run", run.toString(), "--json", img.toString());
        assertEquals(0, j.code(), j.err());
        JsonArray arr = JsonParser.parseString(j.out()).getAsJsonArray();
        JsonObject probs = arr.get(0).getAsJsonObject().getAsJsonObject("probabilities");
        assertEquals(3, probs.size());
        double sum = probs.get("circle").getAsDouble() + probs.get("square").getAsDouble() + probs.get("triangle").getAsDouble();
        assertEquals(1.0, sum, 1e-4);
        CliTest.Result bad = CliTest.run("predict", "--run", run.toString(), tmp.resolve("nope.png").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("no such image or folder"), bad.err());
    }

    @Test
    @Order(4)
    void demoQuick() throws Exception {
        Path d = tmp.resolve("demo");
        CliTest.Result r = CliTest.run("demo", "--task", "shapes", "--quick", "--dir", d.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("test accuracy") && r.out().contains("loss.png"), r.out());
        assertTrue(Files.exists(d.resolve("run").resolve("best.safetensors")));
        assertTrue(Files.exists(d.resolve("run").resolve("test-metrics.json")));
    }

    @Test
    @Order(5)
    void trainEvalPredictAChangedNetwork() throws Exception {
        Path changed = tmp.resolve("surgery-run");
        CliTest.Result r = CliTest.run("train", "--model", "tiny", "--blocks", BLOCKS, "--width", "0.25", "--resolution", "24",
                "--surgery", "stem-stride=1,insert=1", "--data", data.toString(), "--epochs", "1", "--batch", "8",
                "--out", changed.toString(), "--workers", "1");
        assertEquals(0, r.code(), r.err());
        JsonObject cfg = JsonParser.parseString(Files.readString(changed.resolve("config.json"))).getAsJsonObject();
        assertEquals("stem-stride=1,insert=1", cfg.getAsJsonObject("model").get("surgery").getAsString());
        assertTrue(CheckpointFiles.readWeights(changed.resolve("best.safetensors")).contains("post_stem.0.conv_dw.weight"));
        CliTest.Result e = CliTest.run("eval", "--run", changed.toString(), "--data", data.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("images 48"), e.out());
        // --model/--weights with the same surgery rebuild the same network
        CliTest.Result p = CliTest.run("predict", "--model", "tiny", "--blocks", BLOCKS, "--width", "0.25",
                "--resolution", "24", "--surgery", "stem-stride=1,insert=1", "--classes", "3",
                "--weights", changed.resolve("best.safetensors").toString(), data.resolve("circle").toString());
        assertEquals(0, p.code(), p.err());
        assertEquals(16, p.out().strip().split("\n").length, p.out());
        CliTest.Result bad = CliTest.run("train", "--model", "resnet18", "--surgery", "stem-stride=3",
                "--data", data.toString(), "--out", tmp.resolve("bad").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("stem-stride"), bad.err());
    }

    @Test
    @Order(6)
    void pretrainedWeightsFromTheHuggingFaceCache() throws Exception {
        PretrainedConfig pc = PretrainedRegistry.get("mixnet_s");
        Path hub = tmp.resolve("hub");
        try (Model m = Models.create(Presets.efficientNet("mixnet_s").toBuilder().resolution(32).build())) {
            Path folder = hub.resolve("models--" + pc.repo().replace("/", "--"));
            String commit = "0123456789abcdef0123456789abcdef01234567";
            Files.createDirectories(folder.resolve("refs"));
            Files.writeString(folder.resolve("refs/main"), commit);
            Files.createDirectories(folder.resolve("snapshots").resolve(commit));
            WeightFiles.write(folder.resolve("snapshots").resolve(commit).resolve("model.safetensors"),
                    ModelWeights.stateDict(m.getBlock()));
        }
        System.setProperty("HF_HUB_CACHE", hub.toString());
        System.setProperty("HF_HUB_OFFLINE", "1");
        try {
            Path img = data.resolve("circle").resolve("circle_0000.png");
            CliTest.Result p = CliTest.run("predict", "--model", "mixnet_s", "--pretrained", "--resolution", "32",
                    "--top", "3", img.toString());
            assertEquals(0, p.code(), p.err());
            assertTrue(p.out().startsWith(img + ":") && p.out().strip().split("  ").length == 4, p.out() + p.err());
            // the tag names the weights; fine-tuning to 3 classes starts from them
            Path ft = tmp.resolve("finetune");
            CliTest.Result t = CliTest.run("train", "--model", pc.name(), "--pretrained", "--resolution", "32",
                    "--data", data.toString(), "--epochs", "1", "--batch", "8", "--out", ft.toString(), "--workers", "1");
            assertEquals(0, t.code(), t.err());
            assertTrue(t.err().contains("initial weights from pretrained " + pc.name()), t.err());
            JsonObject cfg = JsonParser.parseString(Files.readString(ft.resolve("config.json"))).getAsJsonObject();
            assertEquals(pc.name(), cfg.get("pretrained").getAsString());
            // the weights' own evaluation crop and normalization, as timm's data config gives them
            assertEquals(0.875, cfg.getAsJsonObject("augment").get("cropPct").getAsDouble(), 0.0);
            assertEquals("bicubic", cfg.getAsJsonObject("augment").get("interpolation").getAsString());
            assertEquals("0.485,0.456,0.406/0.229,0.224,0.225", cfg.getAsJsonObject("augment").get("normalization").getAsString());
            CliTest.Result crop = CliTest.run("predict", "--model", "mixnet_s", "--pretrained", "--crop-pct", "1.5",
                    img.toString());
            assertEquals(2, crop.code());
            assertTrue(crop.err().contains("--crop-pct must be in (0, 1]"), crop.err());
            CliTest.Result other = CliTest.run("predict", "--model", "resnet18.mixnet", "--pretrained", img.toString());
            assertEquals(2, other.code());
            assertTrue(other.err().contains("resnet18.mixnet"), other.err());
            CliTest.Result missing = CliTest.run("predict", "--model", "mixnet_m", "--pretrained", img.toString());
            assertEquals(2, missing.code());
            assertTrue(missing.err().contains("offline") && missing.err().contains("timm/mixnet_m"), missing.err());
            CliTest.Result both = CliTest.run("predict", "--model", "mixnet_s", "--pretrained", "--weights",
                    ft.resolve("best.safetensors").toString(), img.toString());
            assertEquals(2, both.code());
            assertTrue(both.err().contains("one of --weights FILE and --pretrained"), both.err());
        } finally {
            System.clearProperty("HF_HUB_CACHE");
            System.clearProperty("HF_HUB_OFFLINE");
        }
    }

    @Test
    @Order(7)
    void overwriteStartsAUsedFolderOver() throws Exception {
        Path folder = tmp.resolve("overwritten");
        String[] args = {"train", "--model", "tiny", "--blocks", BLOCKS, "--width", "0.25", "--resolution", "24", "--data",
            data.toString(), "--epochs", "1", "--batch", "8", "--out", folder.toString(), "--workers", "1"};
        assertEquals(0, CliTest.run(args).code());
        String[] over = java.util.Arrays.copyOf(args, args.length + 1);
        over[args.length] = "--overwrite";
        CliTest.Result r = CliTest.run(over);
        assertEquals(0, r.code(), r.err());
        assertEquals(1, Files.readAllLines(folder.resolve("train.log")).size());
        CliTest.Result both = CliTest.run("train", "--resume", folder.toString(), "--overwrite");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("give one of them"), both.err());
    }
}
