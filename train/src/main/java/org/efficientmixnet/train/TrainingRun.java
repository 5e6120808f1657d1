package org.efficientmixnet.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.efficientmixnet.io.OutputPaths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.models.Pretrained;
import org.efficientmixnet.train.data.Batch;
import org.efficientmixnet.train.data.BatchLoader;
import org.efficientmixnet.train.data.ImageDataset;
import org.efficientmixnet.train.data.Normalization;
import org.efficientmixnet.train.data.Transform;
import org.efficientmixnet.train.loop.CheckpointListener;
import org.efficientmixnet.train.loop.Checkpointer;
import org.efficientmixnet.train.loop.EarlyStopping;
import org.efficientmixnet.train.loop.EpochBatches;
import org.efficientmixnet.train.loop.Evaluator;
import org.efficientmixnet.train.loop.HistoryListener;
import org.efficientmixnet.train.loop.LoopState;
import org.efficientmixnet.train.loop.NonFiniteStop;
import org.efficientmixnet.train.loop.Objective;
import org.efficientmixnet.train.loop.PlotListener;
import org.efficientmixnet.train.loop.ProgressListener;
import org.efficientmixnet.train.loop.ShutdownGuard;
import org.efficientmixnet.train.loop.TrainLog;
import org.efficientmixnet.train.loop.TrainingListener;
import org.efficientmixnet.train.loop.TrainingLoop;
import org.efficientmixnet.train.loop.TrainingStep;
import org.efficientmixnet.train.optim.TorchOptimizer;
import org.efficientmixnet.train.optim.WeightEma;
import org.efficientmixnet.weights.HubDownloader;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.PretrainedConfig;
import org.efficientmixnet.weights.PretrainedRegistry;
import org.efficientmixnet.weights.StateDict;
import org.efficientmixnet.models.ModelSpec;
import org.efficientmixnet.nn.ParameterCopy;

/**
 * A training run in a folder: {@code config.json}, {@code history.csv}/{@code .json}, {@code train.log},
 * {@code loss.png}, {@code accuracy.png}, {@code lr.png}, and the last and best checkpoints
 * ({@code last.safetensors} + {@code last.json}, {@code best.*}), all written atomically. {@link #create} starts a
 * run, {@link #resume} continues an interrupted one exactly: data order, augmentation and dropout draws are functions
 * of (seed, epoch), and the schedule of the global step.
 *
 * <p>It is {@code emn train}'s task for the {@link TrainingLoop}: image batches, {@link ClassificationStep}, validation
 * as {@code val_loss}/{@code val_acc}/{@code val_top5}, and the standard listeners; {@link #listener} adds more and
 * {@link #decorateStep} wraps the step (both run through the same seam as the built-in ones).
 *
 * <pre>{@code
 * TrainConfig cfg = TrainConfig.builder(ModelSpec.preset("efficientnet_b0").withResolution(64), "data/").epochs(5).build();
 * TrainingRun.Result r = TrainingRun.create(cfg, Path.of("runs/b0")).fit();
 * }</pre>
 */
public final class TrainingRun {
    /**
     * How a run ended. {@code stoppedEarly}: by early stopping; {@code interrupted}: by a shutdown signal (SIGTERM,
     * Ctrl-C), after the step in flight, with the last checkpoint intact.
     */
    public record Result(Path runDir, List<EpochStats> history, int bestEpoch, double bestMetric, boolean stoppedEarly,
            int skippedImages, boolean interrupted) {
        public EpochStats last() {
            return history.get(history.size() - 1);
        }
    }

    /** The files a classifier run writes in its folder (what {@code --overwrite} removes first). */
    static final List<String> RUN_FILES = List.of("config.json", "train.log", "history.csv", "history.json", "loss.png",
            "accuracy.png", "lr.png", "eval.json", "test-metrics.json");

    private final TrainConfig config;
    private final Path dir;
    private Progress progress = Progress.stderr();
    private java.util.function.Consumer<String> log = System.err::println;
    private HubDownloader downloader = new HubDownloader();
    private final List<TrainingListener> listeners = new ArrayList<>();
    private Function<ClassificationStep, TrainingStep<Batch>> stepDecorator = s -> s;

    private TrainingRun(TrainConfig config, Path dir) {
        this.config = config;
        this.dir = dir;
    }

    /**
     * A new run in {@code dir}, which must be absent or empty: a folder that holds a run is refused (continue it with
     * {@link #resume}, or start it over with {@link #create(TrainConfig, Path, boolean)}), and so is any other
     * non-empty folder.
     */
    public static TrainingRun create(TrainConfig config, Path dir) throws IOException {
        return create(config, dir, false);
    }

    /**
     * A new run in {@code dir}; with {@code overwrite}, a run already there is replaced (its files removed first;
     * files of other kinds stay, and a folder that holds no run is still refused).
     */
    public static TrainingRun create(TrainConfig config, Path dir, boolean overwrite) throws IOException {
        OutputPaths.requireOutside("run folder", dir, "data folder", Path.of(config.data()));
        if (config.val() != null) {
            OutputPaths.requireOutside("run folder", dir, "validation folder", Path.of(config.val()));
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("run folder " + dir + " is a file: choose another --out");
        }
        if (Files.isDirectory(dir)) {
            List<String> names;
            try (Stream<Path> s = Files.list(dir)) {
                names = s.map(p -> p.getFileName().toString()).sorted().toList();
            }
            boolean isRun = names.contains("config.json") || names.contains("last.json");
            if (!names.isEmpty() && !overwrite) {
                throw new IllegalArgumentException(isRun ? "run folder " + dir + " already holds a run: continue it with "
                        + "--resume " + dir + ", start it over with --overwrite, or choose another --out"
                        : "run folder " + dir + " is not empty and holds no run (" + String.join(", ",
                                names.subList(0, Math.min(3, names.size()))) + (names.size() > 3 ? ", …" : "")
                        + "): choose another --out");
            }
            if (!names.isEmpty() && !isRun) {
                throw new IllegalArgumentException("--overwrite replaces a run, but " + dir + " holds none (no config.json): "
                        + "choose another --out");
            }
            for (String n : names) {
                if (RUN_FILES.contains(n) || n.startsWith("last.") || n.startsWith("best.")) {
                    Files.delete(dir.resolve(n));
                }
            }
        }
        Files.createDirectories(dir);
        CheckpointFiles.writeStringAtomically(dir.resolve("config.json"), config.toJson());
        return new TrainingRun(config, dir);
    }

    /** Continues the run in {@code dir} from its last checkpoint, with the configuration saved there. */
    public static TrainingRun resume(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new IllegalArgumentException("cannot resume " + dir + ": no config.json (is it a run folder?)");
        }
        if (!Files.isRegularFile(dir.resolve("last.json"))) {
            throw new IllegalArgumentException("cannot resume " + dir + ": no checkpoint yet (last.json); start it again "
                    + "with --overwrite");
        }
        return new TrainingRun(TrainConfig.read(dir.resolve("config.json")), dir);
    }

    /** Adds a listener after the built-in ones (checkpoints, history, plots, log, progress, early stopping). */
    public TrainingRun listener(TrainingListener l) {
        listeners.add(java.util.Objects.requireNonNull(l));
        return this;
    }

    /**
     * Wraps the training step: the function gets the classifier's step and returns the step the loop runs (to watch
     * it, change its batches or its results; tests inject faults this way).
     */
    public TrainingRun decorateStep(Function<ClassificationStep, TrainingStep<Batch>> decorator) {
        this.stepDecorator = java.util.Objects.requireNonNull(decorator);
        return this;
    }

    public TrainingRun progress(Progress p) {
        this.progress = p;
        return this;
    }

    /** Where {@link TrainConfig#pretrained} weights come from (default: the hub as the environment configures it). */
    public TrainingRun downloader(HubDownloader d) {
        this.downloader = d;
        return this;
    }

    public TrainingRun log(java.util.function.Consumer<String> sink) {
        this.log = sink;
        return this;
    }

    public TrainConfig config() {
        return config;
    }

    public Path dir() {
        return dir;
    }

    public Result fit() throws IOException {
        TrainConfig c = config;
        org.efficientmixnet.train.EngineThreads.configure(c.threads());
        Data data = data();
        List<String> classNames = data.all().classes();
        ModelSpec spec = resolve(c.model(), classNames);
        NetworkConfig nc = spec.config();
        int res = nc.resolution();
        Normalization norm = Normalization.of(c.augment().normalization(), nc.inChannels());

        Engine.getInstance().setRandomSeed((int) c.seed());
        boolean resuming = Files.isRegularFile(dir.resolve("last.json"));
        // the guard is closed last: a SIGTERM waits until the step in flight is done and every native array is freed
        try (ShutdownGuard guard = ShutdownGuard.install();
                Model model = openModel(spec, resuming);
                BatchLoader trainLoader = loader(data.train(), nc.inChannels(), c.augment().train(res), norm);
                BatchLoader valLoader = data.val() == null ? null
                        : loader(data.val(), nc.inChannels(), c.augment().eval(res), norm)) {
            Network net = (Network) model.getBlock();
            NDManager root = model.getNDManager();
            AtomicReference<Float> lr = new AtomicReference<>((float) c.lr());
            TorchOptimizer opt = Optimizers.create(c, n -> lr.get());
            Checkpoint ck = resuming ? Checkpoint.read(dir.resolve("last.json")) : null;
            if (ck != null) {
                restoreWeights(ck, net, opt, classNames);
            }
            WeightEma ema = c.ema() > 0 ? new WeightEma(net, (float) c.ema()) : null;
            LoopState from = LoopState.fresh();
            if (ck != null) {
                if (ema != null && ck.emaWeights() != null) {
                    loadShadow(ema, root, CheckpointFiles.readWeights(dir.resolve(ck.emaWeights())));
                }
                from = new LoopState(ck.epoch(), ck.globalStep(), ck.history().stream().map(EpochStats::toResult).toList(),
                        ck.bestMetric(), ck.bestEpoch(), ck.badEpochs());
                log.accept("resuming " + dir + " after epoch " + ck.epoch());
            }
            log.accept(String.format(Locale.ROOT, "training %s (%,d parameters) on %d images, validating on %d, %d classes, "
                    + "%d×%d×%d, run folder %s", nc.name(), Models.countParameters(net), data.train().size(),
                    data.val() == null ? 0 : data.val().size(), classNames.size(), nc.inChannels(), res, res, dir));

            ImageBatches batches = new ImageBatches(trainLoader, valLoader, c.seed());
            Validation validation = new Validation(net, root, valLoader, classNames.size(), ema);
            EarlyStopping early = new EarlyStopping(c.patience(), log);
            TrainingLoop<Batch> loop = TrainingLoop.builder(batches,
                    stepDecorator.apply(new ClassificationStep(net, root, opt, lr, ema, c)))
                    .epochs(c.epochs())
                    .objective(new Objective(c.earlyStop(), EpochStats.higherIsBetter(c.earlyStop())))
                    .resumeFrom(from)
                    .evaluator(validation)
                    .evaluator(batches::skipped)
                    .listener(new NonFiniteStop(dir, "lower --lr or set --clip-grad, then start again"))
                    // before the epoch is reported anywhere
                    .listener(new ClassifierCheckpoints(net, opt, validation, spec, classNames).listener())
                    .listener(new HistoryListener(dir, EpochStats.FORMAT))
                    .listener(new PlotListener(dir, RunPlots.PLOTS))
                    .listener(new TrainLog(dir.resolve("train.log"), EpochStats.LINE))
                    .listener(new ProgressListener(progress, EpochStats.SHOWN, EpochStats.LINE))
                    .listener(early)
                    .listeners(listeners)
                    .build();
            guard.onShutdown(() -> loop.requestStop("the process was asked to stop"));
            LoopState end = loop.run();
            boolean interrupted = guard.signalled() && loop.stopReason() != null && !early.fired();
            if (interrupted) {
                log.accept(stopMessage(end.epoch(), loop.stoppedMidEpoch()));
            }
            int skippedTotal = trainLoader.skipped() + (valLoader == null ? 0 : valLoader.skipped());
            if (skippedTotal > 0) {
                log.accept("warning: " + skippedTotal + " unusable image(s) were skipped (--strict makes them an error)");
            }
            if (ema != null) {
                ema.close();
            }
            return new Result(dir, end.history().stream().map(EpochStats::of).toList(), end.bestEpoch(), end.best(),
                    early.fired(), skippedTotal, interrupted);
        }
    }

    /** All images (whose classes the run learns), the training part and the validation part (null: none). */
    private record Data(ImageDataset all, ImageDataset train, ImageDataset val) {
    }

    private Data data() throws IOException {
        TrainConfig c = config;
        ImageDataset all = ImageDataset.open(Path.of(c.data()));
        Data d;
        if (c.val() != null) {
            d = new Data(all, all, ImageDataset.open(Path.of(c.val())).relabel(all.classes()));
        } else if (c.valFraction() > 0) {
            ImageDataset.Split s = all.split(c.valFraction(), c.seed());
            d = new Data(all, s.train(), s.val());
        } else {
            d = new Data(all, all, null);
        }
        if (d.val() == null && !c.earlyStop().equals("train_loss")) {
            throw new IllegalArgumentException("no validation data (--val-fraction 0 and no --val): use --early-stop train_loss");
        }
        return d;
    }

    /** The spec with the data's class count, the resolution and the input channels made explicit; checked. */
    private static ModelSpec resolve(ModelSpec spec, List<String> classNames) {
        int classes = classNames.size();
        if (spec.classes() != null && spec.classes() != classes) {
            throw new IllegalArgumentException("--classes " + spec.classes() + " but the data has " + classes + " classes "
                    + classNames);
        }
        spec = spec.withClasses(classes);
        NetworkConfig nc = spec.config();
        if (nc.numClasses() != classes) {
            throw new IllegalArgumentException("--surgery '" + spec.surgery() + "' gives " + nc.numClasses()
                    + " classes but the data has " + classes + " " + classNames);
        }
        spec = spec.withResolution(spec.base().resolution()).withInChannels(spec.base().inChannels());
        Models.checkResolution(nc, nc.resolution());
        return spec;
    }

    private BatchLoader loader(ImageDataset d, int channels, List<Transform> transforms, Normalization norm) {
        TrainConfig c = config;
        return new BatchLoader(d, channels, transforms, norm, c.batch(), c.workers(), 2 * Math.max(1, c.workers()),
                c.strict()).onWarning(m -> log.accept("warning: " + m));
    }

    /** The last checkpoint's weights and optimizer state, into the network and the optimizer. */
    private void restoreWeights(Checkpoint ck, Network net, TorchOptimizer opt, List<String> classNames) throws IOException {
        if (!ck.classes().equals(classNames)) {
            throw new IllegalArgumentException("cannot resume " + dir + ": its classes " + ck.classes()
                    + " differ from the data's " + classNames);
        }
        ModelWeights.load(net, CheckpointFiles.readWeights(ck.weightsPath(dir.resolve("last.json"))),
                ModelWeights.LoadOptions.STRICT);
        if (ck.optimizer() != null) {
            Optimizers.restore(opt, net, CheckpointFiles.readWeights(dir.resolve(ck.optimizer())));
        }
    }

    private String stopMessage(int lastEpoch, boolean midEpoch) {
        String during = midEpoch ? " during epoch " + (lastEpoch + 1) + " (its steps are not kept)" : "";
        return lastEpoch == 0 ? "stopped: the process was asked to stop" + during + ", before the first checkpoint; "
                + "start it again with --overwrite"
                : String.format(Locale.ROOT, "stopped: the process was asked to stop%s; the last checkpoint (epoch %d) is "
                        + "in %s: continue with --resume %s", during, lastEpoch, dir, dir);
    }

    /** The training images of each epoch: seeded by (seed, epoch), and the images skipped in it. */
    private static final class ImageBatches implements EpochBatches<Batch> {
        private final BatchLoader train;
        private final BatchLoader val;
        private final long seed;
        private int skippedBefore;

        ImageBatches(BatchLoader train, BatchLoader val, long seed) {
            this.train = train;
            this.val = val;
            this.seed = seed;
        }

        @Override
        public int stepsPerEpoch() {
            return train.batches(true);
        }

        @Override
        public Iterator<Batch> epoch(int epoch) {
            Engine.getInstance().setRandomSeed((int) (seed * 1000 + epoch));
            skippedBefore = skippedSoFar();
            return train.epoch(seed, epoch, true, true);
        }

        private int skippedSoFar() {
            return train.skipped() + (val == null ? 0 : val.skipped());
        }

        /** The epoch's metric {@code skipped}: unusable images met in it (training and validation). */
        Map<String, Double> skipped(int epoch) {
            return Map.of("skipped", (double) (skippedSoFar() - skippedBefore));
        }
    }

    /**
     * {@code val_loss}, {@code val_acc}, {@code val_top5} (NaN without validation data); with a weight EMA, of the
     * averaged weights, which it keeps for the checkpoint.
     */
    private static final class Validation implements Evaluator {
        private final Network net;
        private final NDManager root;
        private final BatchLoader loader;
        private final int classes;
        private final WeightEma ema;
        private StateDict validated;

        Validation(Network net, NDManager root, BatchLoader loader, int classes, WeightEma ema) {
            this.net = net;
            this.root = root;
            this.loader = loader;
            this.classes = classes;
            this.ema = ema;
        }

        @Override
        public Map<String, Double> evaluate(int epoch) {
            if (ema != null) {
                ema.swapIn(); // validation (and the best checkpoint) use the averaged weights
            }
            EvalMetrics vm;
            try {
                vm = loader == null ? null : Evaluation.run(net, root, loader, classes);
                validated = ema == null ? null : ModelWeights.stateDict(net);
            } finally {
                if (ema != null) {
                    ema.swapOut();
                }
            }
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("val_loss", vm == null ? Double.NaN : vm.loss());
            m.put("val_acc", vm == null ? Double.NaN : vm.accuracy());
            m.put("val_top5", vm == null ? Double.NaN : vm.top5());
            return m;
        }

        /** The weights validated last (the averaged ones), or null without an EMA. */
        StateDict validated() {
            return validated;
        }
    }

    /** {@code last.*} and {@code best.*} as {@link Checkpoint} describes them. */
    private final class ClassifierCheckpoints implements Checkpointer {
        private final Network net;
        private final TorchOptimizer opt;
        private final Validation validation;
        private final ModelSpec spec;
        private final List<String> classNames;
        private Checkpoint last;

        ClassifierCheckpoints(Network net, TorchOptimizer opt, Validation validation, ModelSpec spec,
                List<String> classNames) {
            this.net = net;
            this.opt = opt;
            this.validation = validation;
            this.spec = spec;
            this.classNames = classNames;
        }

        CheckpointListener listener() {
            return new CheckpointListener(this);
        }

        @Override
        public void save(String name, LoopState s) throws IOException {
            last = TrainingRun.this.save(name, net, opt, validation.validated(), s, spec, classNames);
        }

        @Override
        public void copy(String from, String to, LoopState s) throws IOException {
            copyCheckpoint(to, last);
        }
    }

    /**
     * The network to train: fresh, or with initial weights (a file, or pretrained weights by name) loaded as
     * {@link ModelSpec#create} does, so that with surgery every unchanged layer starts from them and inserted layers
     * start fresh. A resumed run is built bare: its checkpoint is loaded next.
     */
    private Model openModel(ModelSpec spec, boolean resuming) throws IOException {
        StateDict init = null;
        String from = null;
        if (!resuming && config.initWeights() != null) {
            Path w = Path.of(config.initWeights());
            if (!Files.isRegularFile(w)) {
                throw new IllegalArgumentException("--init-weights: no such file " + w);
            }
            init = CheckpointFiles.readWeights(w);
            from = w.toString();
        } else if (!resuming && config.pretrained() != null) {
            PretrainedConfig pc = PretrainedRegistry.get(config.pretrained());
            init = Pretrained.read(pc, spec.base().name(), downloader);
            from = "pretrained " + pc.name();
        }
        if (init == null) {
            return Models.create(spec.config());
        }
        ModelSpec.Built b = spec.create(init);
        log.accept("initial weights from " + from + ": " + b.weights().summary(5));
        b.changes().forEach(line -> log.accept("surgery: " + line));
        if (b.carried() != null) {
            log.accept("surgery: weights carried over: " + b.carried().summary(5));
        }
        return b.model();
    }

    private static void loadShadow(WeightEma ema, NDManager root, StateDict saved) {
        try (NDManager tmp = root.newSubManager()) {
            for (String name : saved.keys()) {
                NDArray dst = ema.shadow(name);
                if (dst == null) {
                    throw new IllegalArgumentException("EMA checkpoint has '" + name + "', which the model lacks");
                }
                ParameterCopy.copy(tmp.create(saved.get(name).toFloatArray(), dst.getShape()), dst);
            }
        }
    }

    /**
     * The trained weights, the optimizer state and, with an EMA, the averaged weights that were validated
     * ({@code NAME.ema.safetensors}), then the JSON that ties them together.
     */
    private Checkpoint save(String name, Network net, TorchOptimizer opt, StateDict validated, LoopState s, ModelSpec spec,
            List<String> classes) throws IOException {
        String wf = name + ".safetensors";
        long wcrc = CheckpointFiles.writeWeights(dir.resolve(wf), ModelWeights.stateDict(net));
        String ef = null;
        if (validated != null) {
            ef = name + ".ema.safetensors";
            CheckpointFiles.writeWeights(dir.resolve(ef), validated);
        }
        StateDict os = Optimizers.state(opt, net);
        String of = null;
        long ocrc = 0;
        if (os != null) {
            of = name + ".optimizer.safetensors";
            ocrc = CheckpointFiles.writeWeights(dir.resolve(of), os);
        }
        Checkpoint ck = new Checkpoint(s.epoch(), s.globalStep(), config.seed(), config.earlyStop(), s.best(),
                s.bestEpoch(), s.badEpochs(), spec, classes, config.augment(), wf, wcrc, of, ocrc, ef,
                s.history().stream().map(EpochStats::of).toList());
        ck.write(dir.resolve(name + ".json"));
        return ck;
    }

    /** The best checkpoint: the validated weights (the EMA's when there is one) with the state of the last. */
    private void copyCheckpoint(String to, Checkpoint ck) throws IOException {
        String source = ck.emaWeights() != null ? ck.emaWeights() : ck.weights();
        long crc = CheckpointFiles.writeAtomically(dir.resolve(to + ".safetensors"), Files.readAllBytes(dir.resolve(source)));
        String of = null;
        if (ck.optimizer() != null) {
            of = to + ".optimizer.safetensors";
            CheckpointFiles.writeAtomically(dir.resolve(of), Files.readAllBytes(dir.resolve(ck.optimizer())));
        }
        new Checkpoint(ck.epoch(), ck.globalStep(), ck.seed(), ck.metric(), ck.bestMetric(), ck.bestEpoch(), ck.badEpochs(),
                ck.model(), ck.classes(), ck.augment(), to + ".safetensors", crc, of, ck.optimizerCrc(), null,
                ck.history()).write(dir.resolve(to + ".json"));
    }

    static String readString(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
