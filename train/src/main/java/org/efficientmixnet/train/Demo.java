package org.efficientmixnet.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.efficientmixnet.train.data.Augment;
import org.efficientmixnet.train.data.ImageDataset;
import org.efficientmixnet.train.data.SyntheticShapes;
import org.efficientmixnet.models.ModelSpec;
import org.efficientmixnet.train.loop.ShutdownGuard;

/**
 * Training from nothing: generates a labelled set of synthetic shapes (and a separate test set), trains a small
 * EfficientNet-style network on it, evaluates it on the test set, and says where the plots and the model are.
 */
public final class Demo {
    /** The small network: MBConv stages with squeeze-excitation, at half width. */
    public static final String BLOCKS = "ds_r1_k3_s1_e1_c16_se0.25;ir_r2_k3_s2_e4_c24_se0.25;ir_r2_k5_s2_e4_c40_se0.25;"
            + "ir_r2_k3_s2_e4_c80_se0.25";

    /**
     * {@code perClass} training images per class (a quarter of that again for validation and for test).
     * {@code threads}: engine threads; one is about as fast for this small network and does not stall when other
     * processes compete for the cores (0: the engine's default).
     */
    public record Options(Path dir, int classes, int perClass, int size, int epochs, int batch, long seed, int threads) {
        public static Options defaults(Path dir) {
            return new Options(dir, 8, 300, 32, 10, 32, 1, 1);
        }
    }

    public record Result(Path runDir, TrainingRun.Result training, EvalMetrics test, Path testJson) {
    }

    private Demo() {
    }

    public static Result run(Options o, Progress progress, Consumer<String> log) throws IOException {
        Path data = o.dir().resolve("data");
        Path test = o.dir().resolve("test");
        Path run = o.dir().resolve("run");
        if (Files.exists(run.resolve("last.json"))) {
            throw new IllegalArgumentException(run + " already holds a demo run: give another --dir or delete it");
        }
        log.accept("generating " + o.classes() + " classes of synthetic shapes (" + o.size() + "×" + o.size() + ") under "
                + o.dir());
        SyntheticShapes.write(data, o.classes(), o.perClass() + o.perClass() / 4, o.size(), o.seed());
        SyntheticShapes.write(test, o.classes(), Math.max(2, o.perClass() / 4), o.size(), o.seed() + 1000);
        ModelSpec spec = ModelSpec.builder("demo_net").blocks(BLOCKS).width(0.5).inChannels(3).resolution(o.size()).drop(0.1).build();
        TrainConfig cfg = TrainConfig.builder(spec, data.toString()).name("demo").epochs(o.epochs()).batch(o.batch())
                .lr(0.05).momentum(0.9).weightDecay(5e-5).warmupEpochs(o.epochs() > 2 ? 1 : 0).labelSmoothing(0.1)
                .valFraction(0.2).seed(o.seed()).workers(1).threads(o.threads())
                .augment(new Augment("none", false, true, false, false, false, 0, "imagenet")).build();
        // a demo killed before its first checkpoint is started over
        TrainingRun.Result r = TrainingRun.create(cfg, run, true).progress(progress).log(log).fit();
        EvalMetrics m;
        // a SIGTERM during the evaluation waits for it (seconds) rather than exit under native code
        try (ShutdownGuard guard = ShutdownGuard.install(); TrainedModel model = TrainedModel.load(run)) {
            m = model.evaluate(ImageDataset.folder(test), 64);
        }
        Path json = run.resolve("test-metrics.json");
        CheckpointFiles.writeStringAtomically(json, m.toJson(SyntheticShapes.CLASSES.subList(0, o.classes())));
        return new Result(run, r, m, json);
    }
}
