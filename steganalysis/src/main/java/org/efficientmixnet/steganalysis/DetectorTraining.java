package org.efficientmixnet.steganalysis;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Pretrained;
import org.efficientmixnet.train.CheckpointFiles;
import org.efficientmixnet.models.ModelSpec;
import org.efficientmixnet.train.Optimizers;
import org.efficientmixnet.train.Progress;
import org.efficientmixnet.train.optim.LabelSmoothingCrossEntropy;
import org.efficientmixnet.train.optim.TorchOptimizer;
import org.efficientmixnet.train.loop.CheckpointListener;
import org.efficientmixnet.train.loop.Checkpoints;
import org.efficientmixnet.train.loop.EpochBatches;
import org.efficientmixnet.train.loop.EpochLine;
import org.efficientmixnet.train.loop.EpochResult;
import org.efficientmixnet.train.loop.Evaluator;
import org.efficientmixnet.train.loop.HistoryListener;
import org.efficientmixnet.train.loop.LoopState;
import org.efficientmixnet.train.loop.NonFiniteStop;
import org.efficientmixnet.train.loop.Objective;
import org.efficientmixnet.train.loop.PlotListener;
import org.efficientmixnet.train.loop.ProgressListener;
import org.efficientmixnet.train.loop.ShutdownGuard;
import org.efficientmixnet.train.loop.StepResult;
import org.efficientmixnet.train.loop.TrainLog;
import org.efficientmixnet.train.loop.TrainingListener;
import org.efficientmixnet.train.loop.TrainingLoop;
import org.efficientmixnet.train.loop.TrainingStep;
import org.efficientmixnet.weights.HubDownloader;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.PretrainedConfig;
import org.efficientmixnet.weights.PretrainedRegistry;
import org.efficientmixnet.weights.StateDict;

/**
 * Trains a detector on cover/stego pairs in a run folder: {@code detector.json} (configuration, classes, decoding),
 * {@code split.csv} (covers by part), {@code last.*} and {@code best.*} checkpoints, {@code history.csv},
 * {@code train.log}, and at the end on the test part {@code test-metrics.json}, {@code roc.png},
 * {@code histogram.png} and {@code test-scores.csv}. Every batch holds whole groups ({@link PairBatches}); the best
 * checkpoint is chosen by a validation metric (P_E by default). {@link #resume} continues an interrupted run
 * exactly: the split is read back, the data order and transforms are functions of (seed, epoch).
 *
 * <pre>{@code
 * DetectorConfig cfg = DetectorConfig.builder(Path.of("covers"), List.of(Path.of("stegos")),
 *         ModelSpec.preset("efficientnet_b0").withSurgery("stem-stride=1,insert=2")).epochs(5).build();
 * DetectorTraining.Result r = DetectorTraining.create(cfg, Path.of("runs/det")).fit();
 * }</pre>
 */
public final class DetectorTraining {
    /**
     * How a run ended: its epochs as named metrics ({@link #METRICS}), the best epoch by the objective, the test
     * part's metrics (null without a test part or when the run was stopped), and whether it was stopped early.
     */
    public record Result(Path runDir, List<EpochResult> history, int bestEpoch, double bestMetric, DetectionMetrics test,
            boolean stopped) {
        public EpochResult last() {
            return history.get(history.size() - 1);
        }
    }

    private final DetectorRun run;
    private final Path dir;
    private Progress progress = Progress.stderr();
    private Consumer<String> log = System.err::println;
    private HubDownloader downloader = new HubDownloader();
    private final List<TrainingListener> listeners = new ArrayList<>();

    private DetectorTraining(DetectorRun run, Path dir) {
        this.run = run;
        this.dir = dir;
    }

    /**
     * A new run in {@code dir} (which must not hold one): pairs the data, fixes the split, the decoding and the
     * network, and writes {@code detector.json} and {@code split.csv}.
     */
    public static DetectorTraining create(DetectorConfig config, Path dir) throws IOException {
        if (Checkpoints.exists(dir, "last") || Files.exists(dir.resolve(DetectorRun.FILE))) {
            throw new IllegalArgumentException("run folder " + dir + " already holds a run: continue it with --resume "
                    + dir + ", or choose another --out");
        }
        PairDataset data = PairDataset.open(Path.of(config.covers()), paths(config.stegos()));
        PairDataset.Group first = data.groups().get(0);
        String color = config.color();
        if (color.equals("auto")) {
            color = channelsOf(first.cover()) == 1 ? "gray" : "ycbcr";
        }
        InputDecoding decoding = InputDecoding.of(color, config.jpegInput(), config.scaling());
        int[] size = ImageHeaders.size(first.cover());
        int res = config.crop() > 0 ? config.crop() : Math.min(size[0], size[1]);
        List<String> classes = config.classNames();
        int inChannels = decoding.channels() * (config.stem().equals("srm") ? SrmStem.KERNELS : 1);
        ModelSpec spec = config.model();
        if (spec.classes() != null && spec.classes() != classes.size()) {
            throw new IllegalArgumentException("--classes " + spec.classes() + " but the detector has " + classes.size()
                    + " classes " + classes);
        }
        spec = spec.withClasses(classes.size()).withInChannels(inChannels).withResolution(res);
        NetworkConfig nc = spec.config();
        if (nc.numClasses() != classes.size()) {
            throw new IllegalArgumentException("--surgery '" + spec.surgery() + "' gives " + nc.numClasses()
                    + " classes but the detector has " + classes.size());
        }
        Models.checkResolution(nc, res);
        if (config.initRun() != null) {
            DetectorRun init = DetectorRun.read(Path.of(config.initRun()));
            if (!init.decoding().equals(decoding)) {
                throw new IllegalArgumentException("--init-run " + config.initRun() + " decodes its input as "
                        + init.decoding() + ", this run as " + decoding + ": give the same --color, --jpeg-input, --scaling");
            }
        }
        Files.createDirectories(dir);
        DetectorRun r = new DetectorRun(DetectorRun.FORMAT, config.withColor(color).withAbsolutePaths(), classes, decoding,
                spec);
        Split split = Split.of(data, config.valFraction(), config.testFraction(), config.seed());
        split.write(dir.resolve("split.csv"));
        r.write(dir);
        return new DetectorTraining(r, dir);
    }

    /** Continues the run in {@code dir} from its last checkpoint, with its saved configuration and split. */
    public static DetectorTraining resume(Path dir) throws IOException {
        return resume(dir, 0);
    }

    /**
     * Continues the run, trained to {@code epochs} in all when that is more than its configuration says (0: as
     * configured); the learning-rate schedule then spans the new number of epochs.
     */
    public static DetectorTraining resume(Path dir, int epochs) throws IOException {
        DetectorRun r = DetectorRun.read(dir);
        if (!Checkpoints.exists(dir, "last")) {
            throw new IllegalArgumentException("cannot resume " + dir + ": no checkpoint yet (last.json); start it again");
        }
        if (epochs > 0 && epochs != r.config().epochs()) {
            r = new DetectorRun(r.format(), r.config().withEpochs(epochs), r.classes(), r.decoding(), r.network());
            r.write(dir);
        }
        return new DetectorTraining(r, dir);
    }

    static List<Path> paths(List<String> s) {
        return s.stream().map(Path::of).toList();
    }

    static int channelsOf(Path image) throws IOException {
        if (InputDecoding.isJpeg(image)) {
            return org.efficientmixnet.stego.jpeg.JpegCoefficients.read(image).numComponents() >= 3 ? 3 : 1;
        }
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(image.toFile());
        return img == null ? 1 : img.getColorModel().getNumColorComponents();
    }

    public DetectorTraining progress(Progress p) {
        this.progress = p;
        return this;
    }

    public DetectorTraining log(Consumer<String> sink) {
        this.log = sink;
        return this;
    }

    /** Adds a listener to the training loop (after the standard ones: checkpoint, history, plots, log, progress). */
    public DetectorTraining listener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    public DetectorTraining downloader(HubDownloader d) {
        this.downloader = d;
        return this;
    }

    public DetectorRun run() {
        return run;
    }

    public Path dir() {
        return dir;
    }

    /** The metric names of an epoch ({@code history.csv}, {@code train.log}, {@link Result#history}). */
    public static final List<String> METRICS = List.of("lr", "train_loss", "train_acc", "val_loss", "val_pe", "val_md5",
            "val_wauc", "val_auc", "val_acc", "loader_images_per_s", "loader_wait_s", "seconds", "images_per_s");

    /** The objective of {@code --best-metric}: the validation metric and its direction. */
    static Objective objective(String bestMetric, boolean validation) {
        if (!validation) {
            return Objective.min("train_loss");
        }
        String name = bestMetric.equals("accuracy") ? "val_acc" : "val_" + bestMetric;
        return DetectionMetrics.higherIsBetter(bestMetric) ? Objective.max(name) : Objective.min(name);
    }

    /** The epoch's line: losses, the validation metrics, training and loader speed. */
    static final EpochLine LINE = (r, epochs) -> String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  acc %.4f  val: loss "
            + "%.4f  P_E %.4f  MD5 %.4f  wAUC %.4f  acc %.4f  lr %.3g  %.1f img/s (loader %.0f img/s, waited %.1fs)  "
            + "%.1fs%s", r.epoch(), epochs, r.getOrNaN("train_loss"), r.getOrNaN("train_acc"), r.getOrNaN("val_loss"),
            r.getOrNaN("val_pe"), r.getOrNaN("val_md5"), r.getOrNaN("val_wauc"), r.getOrNaN("val_acc"),
            r.getOrNaN("lr"), r.getOrNaN("images_per_s"), r.getOrNaN("loader_images_per_s"),
            r.getOrNaN("loader_wait_s"), r.getOrNaN("seconds"), r.best() ? "  (best)" : "");

    static final List<PlotListener.Plot> PLOTS = List.of(
            new PlotListener.Plot("loss.png", "loss", "cross-entropy", List.of(new PlotListener.Curve("train", "train_loss"),
                    new PlotListener.Curve("validation", "val_loss"))),
            new PlotListener.Plot("pe.png", "validation P_E, MD5 and wAUC", "", List.of(new PlotListener.Curve("P_E", "val_pe"),
                    new PlotListener.Curve("wAUC", "val_wauc"), new PlotListener.Curve("MD5", "val_md5"))));

    public Result fit() throws IOException {
        DetectorConfig c = run.config();
        org.efficientmixnet.train.EngineThreads.configure(c.threads());
        PairDataset all = PairDataset.open(Path.of(c.covers()), paths(c.stegos()));
        Path splitFile = dir.resolve("split.csv");
        Split split = Split.read(splitFile);
        PairDataset train = split.part(all, Split.TRAIN, splitFile);
        PairDataset val = split.part(all, Split.VAL, splitFile);
        PairDataset test = split.part(all, Split.TEST, splitFile);
        if (train.groups().isEmpty()) {
            throw new IllegalArgumentException(splitFile + ": no cover in the training part");
        }
        if (val.groups().isEmpty()) {
            log.accept("warning: no validation covers (--val-fraction 0): the best checkpoint has the least training loss");
        }
        Engine.getInstance().setRandomSeed((int) c.seed());
        boolean resuming = Checkpoints.exists(dir, "last");
        int workers = Math.max(1, c.workers());
        // the guard is closed last: a SIGTERM waits until the step in flight is done and every native array is freed
        try (ShutdownGuard guard = ShutdownGuard.install();
                DetectorNet net = openNet(resuming);
                PairBatches trainBatches = new PairBatches(train, run.decoding(), c.perFolder(), c.batch(), c.crop(), workers);
                PairBatches valBatches = new PairBatches(val, run.decoding(), c.perFolder(), c.batch(), c.crop(), workers)) {
            NDManager root = net.model().getNDManager();
            AtomicReference<Float> lr = new AtomicReference<>((float) c.lr());
            TorchOptimizer opt = Optimizers.create(c.optimization(), n -> lr.get());
            Checkpoints checkpoints = Checkpoints.in(dir).part("detector", net::stateDict, net::load)
                    .part("optimizer", () -> optimizerState(opt, net), sd -> restoreOptimizer(opt, net, sd));
            LoopState from = LoopState.fresh();
            if (resuming) {
                from = checkpoints.restore("last");
                log.accept("resuming " + dir + " after epoch " + from.epoch());
            }
            Map<String, Integer> counts = split.counts();
            log.accept(String.format(Locale.ROOT, "training a detector: %s%s (%,d parameters), classes %s; %d covers "
                    + "(%d images) for training, %d for validation, %d for test; input %s; run folder %s",
                    run.network().config().name(), c.stem().equals("srm") ? " with an SRM stem"
                            + (c.stemTrainable() ? " (trainable)" : " (fixed)") : "",
                    Models.countParameters(net.network()) + (net.stem() == null ? 0 : net.stem().outChannels() * 25L),
                    run.classes(), counts.get(Split.TRAIN), train.images(), counts.get(Split.VAL), counts.get(Split.TEST),
                    run.decoding().describe(), dir));
            if (all.unpaired() > 0) {
                log.accept("warning: " + all.unpaired() + " cover(s) have no stego in any stego folder and are left out");
            }
            List<Parameter> params = new ArrayList<>(net.namedParameters().values());
            ParameterStore ps = new ParameterStore(root, false);
            LabelSmoothingCrossEntropy loss = new LabelSmoothingCrossEntropy((float) c.labelSmoothing());
            long[] waited = new long[1];
            EpochBatches<PairBatches.PairBatch> batches = new EpochBatches<>() {
                @Override
                public int stepsPerEpoch() {
                    return trainBatches.batches();
                }

                @Override
                public Iterator<PairBatches.PairBatch> epoch(int epoch) {
                    Engine.getInstance().setRandomSeed((int) (c.seed() * 1000 + epoch));
                    waited[0] = 0;
                    Iterator<PairBatches.PairBatch> it = trainBatches.epoch(c.seed(), epoch, true, true);
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            long t0 = System.nanoTime();
                            boolean h = it.hasNext();
                            waited[0] += System.nanoTime() - t0;
                            return h;
                        }

                        @Override
                        public PairBatches.PairBatch next() {
                            long t0 = System.nanoTime();
                            PairBatches.PairBatch b = it.next();
                            waited[0] += System.nanoTime() - t0;
                            return b;
                        }
                    };
                }
            };
            int stepsPerEpoch = trainBatches.batches();
            TrainingStep<PairBatches.PairBatch> step = (b, ctx) -> {
                float rate = Optimizers.learningRate(c.optimization(), ctx.globalIndex(), stepsPerEpoch);
                lr.set(rate);
                float[] out = trainStep(net, ps, root, opt, params, b, loss);
                return StepResult.of(b.size()).mean("loss", out[0]).sum("acc", out[1]).value("lr", rate);
            };
            Evaluator validation = epoch -> {
                Map<String, Double> m = new LinkedHashMap<>();
                Scores vs = val.groups().isEmpty() ? null : score(net, root, valBatches.epoch(0, 0, false, false));
                DetectionMetrics vm = vs == null ? null : vs.metrics();
                m.put("val_loss", vs == null ? Double.NaN : vs.loss());
                m.put("val_pe", vm == null ? Double.NaN : vm.pe());
                m.put("val_md5", vm == null ? Double.NaN : vm.md5());
                m.put("val_wauc", vm == null ? Double.NaN : vm.wauc());
                m.put("val_auc", vm == null ? Double.NaN : vm.auc());
                m.put("val_acc", vm == null ? Double.NaN : vm.accuracy());
                m.put("loader_images_per_s", trainBatches.imagesPerSecond());
                m.put("loader_wait_s", waited[0] / 1e9);
                return m;
            };
            TrainingLoop<PairBatches.PairBatch> loop = TrainingLoop.builder(batches, step)
                    .epochs(c.epochs())
                    .objective(objective(c.bestMetric(), !val.groups().isEmpty()))
                    .resumeFrom(from)
                    .evaluator(validation)
                    .listener(new NonFiniteStop(dir, "lower --lr, then start again"))
                    .listener(new CheckpointListener(checkpoints)) // before the epoch is reported anywhere
                    .listener(new HistoryListener(dir))
                    .listener(new PlotListener(dir, PLOTS))
                    .listener(new TrainLog(dir.resolve("train.log"), LINE))
                    .listener(new ProgressListener(progress, List.of(new ProgressListener.Shown("loss", "loss", "%.4f"),
                            new ProgressListener.Shown("acc", "acc", "%.3f")), LINE))
                    .listeners(listeners)
                    .build();
            guard.onShutdown(() -> loop.requestStop("the process was asked to stop"));
            LoopState end = loop.run();
            boolean interrupted = loop.stopReason() != null;
            if (interrupted && guard.signalled()) {
                log.accept(end.epoch() == 0 ? "stopped: the process was asked to stop before the first checkpoint"
                        : String.format(Locale.ROOT, "stopped: the process was asked to stop; the last checkpoint (epoch "
                        + "%d) is in %s: continue with emn stego train --resume %s", end.epoch(), dir, dir));
            }
            DetectionMetrics testMetrics = null;
            if (!interrupted && !test.groups().isEmpty()) {
                net.load(CheckpointFiles.readWeights(run.weights(dir)));
                try (PairBatches tb = new PairBatches(test, run.decoding(), c.perFolder(), c.batch(), c.crop(), workers)) {
                    Scores ts = score(net, root, tb.epoch(0, 0, false, false));
                    testMetrics = ts.metrics();
                    ts.write(dir, "test", run.classes());
                    log.accept("test (best checkpoint, epoch " + end.bestEpoch() + "): " + testMetrics.line());
                }
            }
            return new Result(dir, end.history(), end.bestEpoch(), end.best(), testMetrics, interrupted);
        }
    }

    /** The network to train: fresh, from initial weights (file, pretrained, another detector run), or bare to resume. */
    private DetectorNet openNet(boolean resuming) throws IOException {
        DetectorConfig c = run.config();
        ModelSpec spec = run.network();
        SrmStem stem = run.stem();
        int ch = run.decoding().channels();
        int res = spec.config().resolution();
        if (resuming || (c.initWeights() == null && c.pretrained() == null && c.initRun() == null)) {
            return new DetectorNet(Models.create(spec.config()), stem, ch, res);
        }
        if (c.initRun() != null) {
            Path other = Path.of(c.initRun());
            DetectorRun init = DetectorRun.read(other);
            DetectorNet net = new DetectorNet(Models.create(spec.config()), stem, ch, res);
            StateDict sd = CheckpointFiles.readWeights(init.weights(other));
            StateDict netPart = sd.renamed(k -> k.startsWith(DetectorNet.STEM_PREFIX) ? null : k);
            var report = ModelWeights.load(net.network(), netPart, ModelWeights.LoadOptions.PARTIAL);
            if (stem != null && sd.contains(DetectorNet.STEM_PREFIX + "weight")) {
                ModelWeights.load(stem, sd.renamed(k -> k.startsWith(DetectorNet.STEM_PREFIX)
                        ? k.substring(DetectorNet.STEM_PREFIX.length()) : null), ModelWeights.LoadOptions.STRICT);
            }
            log.accept("initial weights from detector run " + other + " (payload curriculum): " + report.summary(5));
            return net;
        }
        StateDict init;
        String from;
        if (c.initWeights() != null) {
            Path w = Path.of(c.initWeights());
            if (!Files.isRegularFile(w)) {
                throw new IllegalArgumentException("--init-weights: no such file " + w);
            }
            init = CheckpointFiles.readWeights(w);
            from = w.toString();
        } else {
            PretrainedConfig pc = PretrainedRegistry.get(c.pretrained());
            init = Pretrained.read(pc, spec.base().name(), downloader);
            from = "pretrained " + pc.name();
        }
        ModelSpec.Built b = spec.create(init);
        log.accept("initial weights from " + from + ": " + b.weights().summary(5));
        b.changes().forEach(line -> log.accept("surgery: " + line));
        if (b.carried() != null) {
            log.accept("surgery: weights carried over: " + b.carried().summary(5));
        }
        return new DetectorNet(b.model(), stem, ch, res);
    }

    private static StateDict optimizerState(TorchOptimizer opt, DetectorNet net) {
        StateDict out = new StateDict();
        for (Map.Entry<String, ai.djl.nn.Block> e : net.blocks()) {
            opt.stateDict(e.getValue()).asMap().forEach((k, v) -> out.put(e.getKey() + k, v));
        }
        return out;
    }

    private static void restoreOptimizer(TorchOptimizer opt, DetectorNet net, StateDict saved) {
        for (Map.Entry<String, ai.djl.nn.Block> e : net.blocks()) {
            String p = e.getKey();
            StateDict part = p.isEmpty() ? saved.renamed(k -> k.startsWith(DetectorNet.STEM_PREFIX) ? null : k)
                    : saved.renamed(k -> k.startsWith(p) ? k.substring(p.length()) : null);
            opt.loadStateDict(e.getValue(), part);
        }
    }

    /** One optimization step in a sub-manager closed at the end; returns {loss, correct}. */
    private static float[] trainStep(DetectorNet net, ParameterStore ps, NDManager root, TorchOptimizer opt,
            List<Parameter> params, PairBatches.PairBatch b, LabelSmoothingCrossEntropy lossFn) {
        try (NDManager sm = root.newSubManager()) {
            NDArray x = sm.create(b.data(), new Shape(b.shape()));
            NDArray labels = sm.create(b.labels());
            NDArray logits;
            float loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                logits = net.forward(ps, x, true);
                NDArray l = lossFn.evaluate(new NDList(labels), new NDList(logits));
                loss = l.getFloat();
                if (!Float.isFinite(loss)) {
                    return new float[] {loss, 0};
                }
                gc.backward(l);
            }
            long[] pred = logits.argMax(1).toLongArray();
            int right = 0;
            for (int i = 0; i < pred.length; i++) {
                if (pred[i] == b.labels()[i]) {
                    right++;
                }
            }
            for (Parameter p : params) {
                if (p.requiresGradient() && p.getArray().hasGradient()) {
                    NDArray g = p.getArray().getGradient();
                    g.attach(sm);
                    opt.update(p.getId(), p.getArray(), g); // also zeroes the gradient
                }
            }
            return new float[] {loss, right};
        }
    }

    /** Scores of every image of a loader (inference mode), with labels and the mean loss. */
    record Scores(List<Path> files, int[] labels, float[][] probabilities, double loss) {
        double[] stego() {
            double[] s = new double[probabilities.length];
            for (int i = 0; i < s.length; i++) {
                s[i] = 1.0 - probabilities[i][0];
            }
            return s;
        }

        DetectionMetrics metrics() {
            return DetectionMetrics.of(stego(), labels);
        }

        /** {@code PREFIX-metrics.json}, {@code PREFIX-scores.csv}, {@code roc.png} and {@code histogram.png}. */
        void write(Path dir, String prefix, List<String> classes) throws IOException {
            DetectionMetrics m = metrics();
            Map<String, Object> json = new LinkedHashMap<>(m.asMap());
            json.put("loss", loss);
            AtomicFile.writeString(dir.resolve(prefix + "-metrics.json"), DetectorRun.GSON.toJson(json));
            StringBuilder sb = new StringBuilder("file,label,stego");
            if (classes.size() > 2) {
                classes.forEach(n -> sb.append(",p_").append(n));
            }
            sb.append('\n');
            for (int i = 0; i < files.size(); i++) {
                sb.append(csv(files.get(i).toString())).append(',').append(labels[i] == 0 ? "cover" : "stego").append(',')
                        .append(String.format(Locale.ROOT, "%.6f", 1.0 - probabilities[i][0]));
                if (classes.size() > 2) {
                    for (float p : probabilities[i]) {
                        sb.append(String.format(Locale.ROOT, ",%.6f", p));
                    }
                }
                sb.append('\n');
            }
            AtomicFile.writeString(dir.resolve(prefix + "-scores.csv"), sb.toString());
            DetectionMetrics.writePlots(stego(), labels, dir.resolve("roc.png"), dir.resolve("histogram.png"), prefix);
        }
    }

    static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    static Scores score(DetectorNet net, NDManager root, Iterator<PairBatches.PairBatch> it) {
        return score(net, root, it, () -> false);
    }

    /** Scores until the loader ends or {@code stop} says so (checked between batches). */
    static Scores score(DetectorNet net, NDManager root, Iterator<PairBatches.PairBatch> it,
            java.util.function.BooleanSupplier stop) {
        return score(net, root, it, stop, false);
    }

    /**
     * @param binaryLabels the labels are cover 0 / stego 1 whatever the classes: the loss is then the binary
     *                     cross-entropy of the stego score (a per-folder detector evaluated on other stegos)
     */
    static Scores score(DetectorNet net, NDManager root, Iterator<PairBatches.PairBatch> it,
            java.util.function.BooleanSupplier stop, boolean binaryLabels) {
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<float[]> probs = new ArrayList<>();
        double lossSum = 0;
        while (!stop.getAsBoolean() && it.hasNext()) {
            PairBatches.PairBatch b = it.next();
            float[][] p = probabilities(net, root, b.data(), b.shape());
            for (int i = 0; i < b.size(); i++) {
                files.add(b.paths().get(i));
                labels.add(b.labels()[i]);
                probs.add(p[i]);
                int y = b.labels()[i];
                double py = binaryLabels ? (y == 0 ? p[i][0] : 1.0 - p[i][0]) : p[i][y];
                lossSum += -Math.log(Math.max(1e-12, py));
            }
        }
        return new Scores(files, labels.stream().mapToInt(Integer::intValue).toArray(), probs.toArray(new float[0][]),
                files.isEmpty() ? Double.NaN : lossSum / files.size());
    }

    /** Softmax probabilities of a batch, inference mode, in a sub-manager. */
    static float[][] probabilities(DetectorNet net, NDManager root, float[] data, long[] shape) {
        try (NDManager sm = root.newSubManager()) {
            NDArray x = sm.create(data, new Shape(shape));
            NDArray logits = net.forward(new ParameterStore(sm, false), x, false);
            float[] p = logits.softmax(1).toType(DataType.FLOAT32, false).toFloatArray();
            int n = (int) shape[0];
            int k = p.length / n;
            float[][] out = new float[n][k];
            for (int i = 0; i < n; i++) {
                System.arraycopy(p, i * k, out[i], 0, k);
            }
            return out;
        }
    }

}
