package org.efficientmixnet.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.efficientmixnet.steganalysis.DetectorConfig;
import org.efficientmixnet.steganalysis.DetectorTraining;
import org.efficientmixnet.train.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a steganalysis detector on covers and their stegos (pairs kept together through split and batches).")
final class StegoTrainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--covers", description = "cover folder") Path covers;
    @Option(names = "--stegos", description = "stego folder (an `emn stego embed` output, or paired by file name); repeat for several algorithms or payloads")
    List<Path> stegos;
    @Option(names = "--labels", defaultValue = "binary", description = "binary (cover / stego) or per-folder (cover + one class per stego folder); default: ${DEFAULT-VALUE}")
    String labels;
    @Option(names = "--model", description = "network: a preset (see `emn models`, e.g. efficientnet_b0, seresnet18), or a name for --blocks")
    String modelName;
    @Mixin ModelOptions model = new ModelOptions();
    @Option(names = "--stem", defaultValue = "none", description = "none, or srm: the 30 SRM high-pass kernels (Ye-Net) in front of the network; default: ${DEFAULT-VALUE}")
    String stem;
    @Option(names = "--stem-trainable", description = "let the SRM kernels learn (default: fixed)") boolean stemTrainable;
    @Option(names = "--color", defaultValue = "auto", description = "gray, ycbcr or rgb; auto: gray for one-channel covers, else ycbcr; default: ${DEFAULT-VALUE}")
    String color;
    @Option(names = "--jpeg-input", defaultValue = "unrounded", description = "unrounded (decompressed from the DCT coefficients, no rounding or clipping) or rounded (as a viewer); default: ${DEFAULT-VALUE}")
    String jpegInput;
    @Option(names = "--scaling", description = "pixels (x − 128; default from scratch), unit (x / 255) or imagenet (default with --pretrained / --init-weights)")
    String scaling;
    @Option(names = "--crop", defaultValue = "0", description = "training crop side, a multiple of 8 (corner on the JPEG grid); validation and test take the centre; 0: whole images")
    int crop;
    @Option(names = "--epochs", description = "epochs (default 10; with --resume: train the run to this many in all)") Integer epochs;
    @Option(names = "--batch", defaultValue = "32", description = "images per batch (whole groups; default: ${DEFAULT-VALUE})") int batch;
    @Option(names = "--lr", defaultValue = "1e-3") double lr;
    @Option(names = "--optimizer", defaultValue = "adamw", description = "sgd, nesterov, adamw or radam; default: ${DEFAULT-VALUE}") String optimizer;
    @Option(names = "--momentum", defaultValue = "0.9") double momentum;
    @Option(names = "--schedule", defaultValue = "cosine", description = "cosine, step, onecycle or constant") String schedule;
    @Option(names = "--warmup", defaultValue = "0", description = "linear warm-up, in epochs") double warmup;
    @Option(names = "--weight-decay", defaultValue = "1e-4") double weightDecay;
    @Option(names = "--label-smoothing", defaultValue = "0") double labelSmoothing;
    @Option(names = "--seed", defaultValue = "42") long seed;
    @Option(names = "--val-fraction", defaultValue = "0.1", description = "share of covers (with their stegos) for validation") double valFraction;
    @Option(names = "--test-fraction", defaultValue = "0.1", description = "share of covers (with their stegos) for the final test") double testFraction;
    @Option(names = "--best-metric", defaultValue = "pe", description = "validation metric for the best checkpoint: pe, md5, wauc, auc, accuracy or loss; default: ${DEFAULT-VALUE}")
    String bestMetric;
    @Option(names = "--threads", defaultValue = "0", description = "engine threads (0: the engine's default)") int threads;
    @Option(names = "--workers", defaultValue = "2", description = "decoding threads") int workers;
    @Option(names = "--init-weights", description = "start from these weights (timm names); the stem adapts to the input channels")
    Path initWeights;
    @Option(names = "--pretrained", description = "start from pretrained weights of --model (Hugging Face cache or hub)") boolean pretrained;
    @Option(names = "--init-run", description = "start from another detector run's best weights (payload curriculum: trained at a higher payload)")
    Path initRun;
    @Option(names = "--out", description = "run folder (default: runs/stego-<model>-<time>)") Path out;
    @Option(names = "--resume", description = "continue the interrupted run in this folder") Path resume;

    @Override
    public Integer call() throws Exception {
        DetectorTraining t;
        if (resume != null) {
            if (covers != null || stegos != null || modelName != null || out != null) {
                throw new IllegalArgumentException("--resume continues with the run's saved detector.json and split.csv; "
                        + "give no --covers, --stegos, --model or --out with it");
            }
            t = DetectorTraining.resume(resume, epochs == null ? 0 : epochs);
        } else {
            if (covers == null || stegos == null) {
                throw new IllegalArgumentException("give --covers DIR and --stegos DIR (or --resume RUN_DIR)");
            }
            if (model.resolution != null) {
                throw new IllegalArgumentException("--resolution: a detector takes whole images (or --crop N), never resized");
            }
            if (model.inChannels != null) {
                throw new IllegalArgumentException("--in-chans: a detector's input channels follow --color (gray 1, ycbcr/rgb 3)");
            }
            String weightsName = pretrained ? ModelOptions.weightsName(modelName) : null;
            String name = modelName != null ? ModelOptions.architecture(modelName) : model.blocks != null ? "custom" : null;
            var ms = model.spec(name);
            ms.base(); // fail early on a bad model name or option
            Path dir = out != null ? out : Path.of("runs", "stego-" + ms.name() + "-"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
            DetectorConfig cfg = DetectorConfig.builder(covers, stegos, ms).labels(labels).stem(stem)
                    .stemTrainable(stemTrainable).color(color).jpegInput(jpegInput).scaling(scaling).crop(crop)
                    .epochs(epochs == null ? 10 : epochs).batch(batch).lr(lr).optimizer(optimizer).momentum(momentum).schedule(schedule)
                    .warmupEpochs(warmup).weightDecay(weightDecay).labelSmoothing(labelSmoothing).seed(seed)
                    .valFraction(valFraction).testFraction(testFraction).bestMetric(bestMetric).threads(threads)
                    .workers(workers).initWeights(initWeights == null ? null : initWeights.toString())
                    .pretrained(weightsName).initRun(initRun == null ? null : initRun.toString()).build();
            t = DetectorTraining.create(cfg, dir);
        }
        var err = spec.commandLine().getErr();
        DetectorTraining.Result r = t.progress(Progress.to(err)).log(m -> {
            err.println(m);
            err.flush();
        }).fit();
        var o = spec.commandLine().getOut();
        if (r.history().isEmpty()) {
            o.println("stopped before the first epoch finished: nothing was saved in " + r.runDir());
            o.flush();
            return 1;
        }
        var last = r.last();
        o.printf(Locale.ROOT, "finished %d epochs: train loss %.4f; validation P_E %.4f, wAUC %.4f; best %s %.4f at epoch %d%n",
                last.epoch(), last.getOrNaN("train_loss"), last.getOrNaN("val_pe"), last.getOrNaN("val_wauc"),
                t.run().config().bestMetric(),
                r.bestMetric(), r.bestEpoch());
        if (r.test() != null) {
            o.println("test: " + r.test().line());
        }
        if (r.stopped()) {
            o.println("stopped after epoch " + last.epoch() + ": continue with emn stego train --resume " + r.runDir());
        }
        o.println("run folder: " + r.runDir() + " (detector.json, split.csv, best.detector.safetensors, history.csv"
                + (r.test() != null ? ", test-metrics.json, roc.png, histogram.png" : "") + ")");
        o.println("try it: emn stego detect --run " + r.runDir() + " IMAGE|DIR");
        o.flush();
        return 0;
    }
}
