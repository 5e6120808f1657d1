package org.efficientmixnet.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.efficientmixnet.train.Progress;
import org.efficientmixnet.train.TrainConfig;
import org.efficientmixnet.train.TrainingRun;
import org.efficientmixnet.train.data.Augment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a classifier on an image folder (class sub-folders) or a CSV manifest.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", description = "preset name (see `emn models`), or a name for --blocks")
    String modelName;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    PreprocessOptions pre = new PreprocessOptions();

    @Option(names = "--data", description = "training images: a folder of class sub-folders, or a path,label CSV")
    Path data;

    @Option(names = "--val", description = "validation images (else --val-fraction of --data, stratified)")
    Path val;

    @Option(names = "--val-fraction", defaultValue = "0.2", description = "share of each class held out (default: ${DEFAULT-VALUE})")
    double valFraction;

    @Option(names = "--epochs", defaultValue = "10") int epochs;
    @Option(names = "--batch", defaultValue = "32") int batch;
    @Option(names = "--lr", defaultValue = "0.01") double lr;
    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd, nesterov, adamw or radam") String optimizer;
    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum") double momentum;
    @Option(names = "--lookahead", description = "wrap the optimizer in Lookahead (k 6, alpha 0.5)") boolean lookahead;
    @Option(names = "--schedule", defaultValue = "cosine", description = "cosine, step, onecycle or constant") String schedule;
    @Option(names = "--warmup", defaultValue = "0", description = "linear warm-up, in epochs") double warmup;
    @Option(names = "--weight-decay", defaultValue = "1e-5") double weightDecay;
    @Option(names = "--label-smoothing", defaultValue = "0") double labelSmoothing;
    @Option(names = "--clip-grad", defaultValue = "0", description = "clip the global gradient norm (0: off)") double clipGrad;
    @Option(names = "--ema", defaultValue = "0", description = "weight EMA decay per step, e.g. 0.999 (0: off); validation and best use the average")
    double ema;
    @Option(names = "--seed", defaultValue = "42") long seed;
    @Option(names = "--early-stop", defaultValue = "val_acc", description = "val_acc, val_loss, val_top5 or train_loss")
    String earlyStop;
    @Option(names = "--patience", defaultValue = "0", description = "epochs without improvement before stopping (0: never)")
    int patience;
    @Option(names = "--threads", defaultValue = "0", description = "engine threads (0: one per core, one inter-op thread)") int threads;
    @Option(names = "--workers", defaultValue = "2", description = "image loading threads") int workers;
    @Option(names = "--crop", defaultValue = "random", description = "training crop: random or center") String crop;
    @Option(names = "--hflip", defaultValue = "true", negatable = true, description = "random horizontal flips") boolean hflip;
    @Option(names = "--vflip", description = "random vertical flips") boolean vflip;
    @Option(names = "--rot90", description = "random rotations by multiples of 90°") boolean rot90;
    @Option(names = "--d4", description = "random element of D4 (rotations and reflections; no resampling)") boolean d4;
    @Option(names = "--jitter", defaultValue = "0", description = "colour jitter strength (brightness, contrast, saturation)")
    double jitter;
    @Option(names = "--strict", description = "an unreadable image is an error (default: skipped with a warning)") boolean strict;
    @Option(names = "--init-weights", description = "start from these weights (timm names; e.g. ImageNet weights to "
            + "fine-tune): the stem adapts to --in-chans, a classifier of another size starts fresh")
    Path initWeights;
    @Option(names = "--pretrained", description = "start from pretrained weights (timm's, from the Hugging Face cache or "
            + "hub; HF_HOME, HF_HUB_OFFLINE, HF_ENDPOINT apply): the preset's default, or a tag given with the name as "
            + "timm does (--model efficientnet_b0.ra_in1k); the stem adapts to --in-chans, a classifier of another "
            + "size starts fresh, and --normalize defaults to the weights' mean/std")
    boolean pretrained;
    @Option(names = "--out", description = "run folder (default: runs/<model>-<time>)") Path out;
    @Option(names = "--resume", description = "continue the interrupted run in this folder") Path resume;
    @Option(names = "--overwrite", description = "start a new run in --out even if it holds one (that run's files are "
            + "removed first)") boolean overwrite;

    @Override
    public Integer call() throws Exception {
        TrainingRun run;
        if (resume != null) {
            if (overwrite) {
                throw new IllegalArgumentException("--resume continues the run in " + resume + " and --overwrite starts it "
                        + "over: give one of them");
            }
            if (data != null || modelName != null || out != null) {
                throw new IllegalArgumentException("--resume continues with the run's saved config.json; give no --data, "
                        + "--model or --out with it");
            }
            run = TrainingRun.resume(resume);
        } else {
            if (data == null) {
                throw new IllegalArgumentException("give --data DIR (or --resume RUN_DIR)");
            }
            if (!crop.equals("random") && !crop.equals("center")) {
                throw new IllegalArgumentException("--crop must be random or center, got '" + crop + "'");
            }
            String weightsName = pretrained ? ModelOptions.weightsName(modelName) : null;
            model.resolutionOf(weightsName);
            String name = modelName != null ? ModelOptions.architecture(modelName) : model.blocks != null ? "custom" : null;
            var spec = model.spec(name);
            spec.config(); // fail early on a bad model name or option
            String normalize = pre.normalizeFor(weightsName);
            Path dir = out != null ? out : Path.of("runs", spec.name() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
            TrainConfig cfg = TrainConfig.builder(spec, data.toString()).name(dir.getFileName().toString())
                    .val(val == null ? null : val.toString()).valFraction(val == null ? valFraction : 0).epochs(epochs)
                    .batch(batch).lr(lr).optimizer(optimizer).momentum(momentum).lookahead(lookahead).schedule(schedule)
                    .warmupEpochs(warmup).weightDecay(weightDecay).labelSmoothing(labelSmoothing).clipGrad(clipGrad)
                    .ema(ema).seed(seed).earlyStop(earlyStop).patience(patience).threads(threads).workers(workers)
                    .strict(strict).initWeights(initWeights == null ? null : initWeights.toString()).pretrained(weightsName)
                    .augment(new Augment(pre.resize, crop.equals("random"), hflip, vflip, rot90, d4, jitter, normalize,
                            pre.cropPctFor(weightsName), pre.interpolationFor(weightsName)))
                    .build();
            run = TrainingRun.create(cfg, dir, overwrite);
        }
        var err = spec.commandLine().getErr();
        TrainingRun.Result r = run.progress(Progress.to(spec.commandLine().getErr())).log(m -> {
            err.println(m);
            err.flush();
        }).fit();
        var o = spec.commandLine().getOut();
        if (r.interrupted()) {
            o.printf(Locale.ROOT, "stopped by a signal after %d finished epoch(s); run folder: %s%n", r.history().size(),
                    r.runDir());
            o.flush();
            return 143;
        }
        var last = r.last();
        o.printf(Locale.ROOT, "finished %d epochs%s: train loss %.4f, val loss %.4f, val acc %.4f; best %s %.4f at epoch %d%n",
                last.epoch(), r.stoppedEarly() ? " (stopped early)" : "", last.trainLoss(), last.valLoss(), last.valAcc(),
                run.config().earlyStop(), r.bestMetric(), r.bestEpoch());
        o.println("run folder: " + r.runDir() + " (best.safetensors, last.safetensors, history.csv, loss.png, accuracy.png, lr.png)");
        o.flush();
        return 0;
    }
}
