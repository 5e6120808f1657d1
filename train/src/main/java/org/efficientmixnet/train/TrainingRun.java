package org.efficientmixnet.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Pretrained;
import org.efficientmixnet.weights.HubDownloader;
import org.efficientmixnet.weights.PretrainedConfig;
import org.efficientmixnet.weights.PretrainedRegistry;
import org.efficientmixnet.train.optim.TorchOptimizer;
import org.efficientmixnet.train.optim.WeightEma;
import org.efficientmixnet.nn.NativeScalar;
import org.efficientmixnet.train.data.Batch;
import org.efficientmixnet.train.data.BatchLoader;
import org.efficientmixnet.train.data.ImageDataset;
import org.efficientmixnet.train.data.Normalization;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.weights.StateDict;

/**
 * A training run in a folder: {@code config.json}, {@code history.csv}/{@code .json}, {@code loss.png},
 * {@code accuracy.png}, {@code lr.png}, and the last and best checkpoints ({@code last.safetensors} +
 * {@code last.json}, {@code best.*}), all written atomically. {@link #create} starts a run, {@link #resume}
 * continues an interrupted one exactly: data order, augmentation and dropout draws are functions of (seed, epoch),
 * and the schedule of the global step.
 *
 * <pre>{@code
 * TrainConfig cfg = TrainConfig.builder(ModelSpec.preset("efficientnet_b0").withResolution(64), "data/").epochs(5).build();
 * TrainingRun.Result r = TrainingRun.create(cfg, Path.of("runs/b0")).fit();
 * }</pre>
 */
public final class TrainingRun {
    /** How a run ended. */
    public record Result(Path runDir, List<EpochStats> history, int bestEpoch, double bestMetric, boolean stoppedEarly,
            int skippedImages) {
        public EpochStats last() {
            return history.get(history.size() - 1);
        }
    }

    private final TrainConfig config;
    private final Path dir;
    private Progress progress = Progress.stderr();
    private java.util.function.Consumer<String> log = System.err::println;
    private HubDownloader downloader = new HubDownloader();
    /** Test hook: the global step at which the loss is replaced by NaN (−1: never). */
    long poisonStep = -1;
    /** Test hook: called after every step with the global step count and the model's manager. */
    java.util.function.BiConsumer<Long, NDManager> afterStep = (s, m) -> { };
    /** Test hook: the process "dies" after this epoch's checkpoint. */
    int interruptAfterEpoch = Integer.MAX_VALUE;

    private TrainingRun(TrainConfig config, Path dir) {
        this.config = config;
        this.dir = dir;
    }

    /** A new run; the folder must not hold one already. */
    public static TrainingRun create(TrainConfig config, Path dir) throws IOException {
        if (Files.exists(dir.resolve("last.json"))) {
            throw new IllegalArgumentException("run folder " + dir + " already holds a run: continue it with --resume "
                    + dir + ", or choose another --out");
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
            throw new IllegalArgumentException("cannot resume " + dir + ": no checkpoint yet (last.json); start it again");
        }
        return new TrainingRun(TrainConfig.read(dir.resolve("config.json")), dir);
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
        ImageDataset all = ImageDataset.open(Path.of(c.data()));
        ImageDataset train;
        ImageDataset val;
        if (c.val() != null) {
            train = all;
            val = ImageDataset.open(Path.of(c.val())).relabel(all.classes());
        } else if (c.valFraction() > 0) {
            ImageDataset.Split s = all.split(c.valFraction(), c.seed());
            train = s.train();
            val = s.val();
        } else {
            train = all;
            val = null;
        }
        if (val == null && !c.earlyStop().equals("train_loss")) {
            throw new IllegalArgumentException("no validation data (--val-fraction 0 and no --val): use --early-stop train_loss");
        }
        int classes = all.classes().size();
        ModelSpec spec = c.model();
        if (spec.classes() != null && spec.classes() != classes) {
            throw new IllegalArgumentException("--classes " + spec.classes() + " but the data has " + classes + " classes "
                    + all.classes());
        }
        spec = spec.withClasses(classes);
        NetworkConfig nc = spec.config();
        if (nc.numClasses() != classes) {
            throw new IllegalArgumentException("--surgery '" + spec.surgery() + "' gives " + nc.numClasses()
                    + " classes but the data has " + classes + " " + all.classes());
        }
        spec = spec.withResolution(spec.base().resolution()).withInChannels(spec.base().inChannels());
        int res = nc.resolution();
        Models.checkResolution(nc, res);
        Normalization norm = Normalization.of(c.augment().normalization(), nc.inChannels());

        Engine.getInstance().setRandomSeed((int) c.seed());
        boolean resuming = Files.isRegularFile(dir.resolve("last.json"));
        try (Model model = openModel(spec, resuming);
                BatchLoader trainLoader = new BatchLoader(train, nc.inChannels(), c.augment().train(res), norm, c.batch(),
                        c.workers(), 2 * Math.max(1, c.workers()), c.strict()).onWarning(m -> log.accept("warning: " + m));
                BatchLoader valLoader = val == null ? null : new BatchLoader(val, nc.inChannels(), c.augment().eval(res),
                        norm, c.batch(), c.workers(), 2 * Math.max(1, c.workers()), c.strict())
                        .onWarning(m -> log.accept("warning: " + m))) {
            Network net = (Network) model.getBlock();
            NDManager root = model.getNDManager();
            AtomicReference<Float> lr = new AtomicReference<>((float) c.lr());
            TorchOptimizer opt = Optimizers.create(c, n -> lr.get());
            int stepsPerEpoch = trainLoader.batches(true);

            List<EpochStats> history = new ArrayList<>();
            WeightEma ema = null;
            int startEpoch = 1;
            long step = 0;
            double best = Double.NaN;
            int bestEpoch = 0;
            int bad = 0;
            if (resuming) {
                Checkpoint ck = Checkpoint.read(dir.resolve("last.json"));
                if (!ck.classes().equals(all.classes())) {
                    throw new IllegalArgumentException("cannot resume " + dir + ": its classes " + ck.classes()
                            + " differ from the data's " + all.classes());
                }
                ModelWeights.load(net, CheckpointFiles.readWeights(ck.weightsPath(dir.resolve("last.json"))),
                        ModelWeights.LoadOptions.STRICT);
                if (ck.optimizer() != null) {
                    Optimizers.restore(opt, net, CheckpointFiles.readWeights(dir.resolve(ck.optimizer())));
                }
                if (c.ema() > 0) {
                    ema = new WeightEma(net, (float) c.ema());
                    if (ck.emaWeights() != null) {
                        loadShadow(ema, root, CheckpointFiles.readWeights(dir.resolve(ck.emaWeights())));
                    }
                }
                history.addAll(ck.history());
                startEpoch = ck.epoch() + 1;
                step = ck.globalStep();
                best = ck.bestMetric();
                bestEpoch = ck.bestEpoch();
                bad = ck.badEpochs();
                log.accept("resuming " + dir + " after epoch " + ck.epoch());
            }
            if (ema == null && c.ema() > 0) {
                ema = new WeightEma(net, (float) c.ema());
            }
            log.accept(String.format(Locale.ROOT, "training %s (%,d parameters) on %d images, validating on %d, %d classes, "
                    + "%d×%d×%d, run folder %s", nc.name(), Models.countParameters(net), train.size(),
                    val == null ? 0 : val.size(), classes, nc.inChannels(), res, res, dir));

            List<Parameter> params = new ArrayList<>(net.getParameters().values());
            ParameterStore ps = new ParameterStore(root, false);
            boolean higher = EpochStats.higherIsBetter(c.earlyStop());
            boolean stopped = false;
            for (int epoch = startEpoch; epoch <= c.epochs(); epoch++) {
                Engine.getInstance().setRandomSeed((int) (c.seed() * 1000 + epoch));
                int skippedBefore = trainLoader.skipped() + (valLoader == null ? 0 : valLoader.skipped());
                long t0 = System.nanoTime();
                double lossSum = 0;
                long right = 0;
                long seen = 0;
                int i = 0;
                progress.begin(String.format(Locale.ROOT, "epoch %d/%d", epoch, c.epochs()), stepsPerEpoch);
                Iterator<Batch> it = trainLoader.epoch(c.seed(), epoch, true, true);
                while (it.hasNext()) {
                    Batch b = it.next();
                    float rate = Optimizers.learningRate(c, step, stepsPerEpoch);
                    lr.set(rate);
                    float[] out = trainStep(net, ps, root, opt, params, b, c, step);
                    if (!Float.isFinite(out[0])) {
                        writeHistory(history);
                        throw new NonFiniteLossException(String.format(Locale.ROOT, "the loss became %s at epoch %d, "
                                + "step %d (learning rate %.3g): training stopped. The last good checkpoint (epoch %d) is "
                                + "unchanged in %s; lower --lr or set --clip-grad, then start again", out[0], epoch, i + 1,
                                rate, epoch - 1, dir));
                    }
                    lossSum += out[0] * b.size();
                    right += (long) out[1];
                    seen += b.size();
                    if (ema != null) {
                        ema.update();
                    }
                    step++;
                    i++;
                    afterStep.accept(step, root);
                    progress.update(i, lossSum / seen, (double) right / seen, seen);
                }
                double trainSecs = (System.nanoTime() - t0) / 1e9;
                if (ema != null) {
                    ema.swapIn(); // validation (and the best checkpoint) use the averaged weights
                }
                EvalMetrics vm;
                StateDict validated;
                try {
                    vm = valLoader == null ? null : Evaluation.run(net, root, valLoader, classes);
                    validated = ema == null ? null : ModelWeights.stateDict(net);
                } finally {
                    if (ema != null) {
                        ema.swapOut();
                    }
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                int skipped = trainLoader.skipped() + (valLoader == null ? 0 : valLoader.skipped()) - skippedBefore;
                EpochStats st = new EpochStats(epoch, lr.get(), seen == 0 ? Double.NaN : lossSum / seen,
                        seen == 0 ? Double.NaN : (double) right / seen, vm == null ? Double.NaN : vm.loss(),
                        vm == null ? Double.NaN : vm.accuracy(), vm == null ? Double.NaN : vm.top5(), secs,
                        seen / trainSecs, skipped);
                history.add(st);
                double m = st.metric(c.earlyStop());
                boolean improved = Double.isNaN(best) || (higher ? m > best : m < best);
                if (improved) {
                    best = m;
                    bestEpoch = epoch;
                    bad = 0;
                } else {
                    bad++;
                }
                String line = String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  acc %.4f  val_loss %.4f  val_acc %.4f  "
                        + "lr %.3g  %.0f img/s  %.1fs%s", epoch, c.epochs(), st.trainLoss(), st.trainAcc(), st.valLoss(),
                        st.valAcc(), st.lr(), st.imagesPerSecond(), secs, improved ? "  (best)" : "");
                progress.end(line);
                Files.writeString(dir.resolve("train.log"), line + "\n", StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                writeHistory(history);
                Checkpoint ck = save("last", net, opt, validated, epoch, step, best, bestEpoch, bad, spec, all.classes(),
                        history);
                if (improved) {
                    copyCheckpoint("best", ck);
                }
                if (epoch >= interruptAfterEpoch) {
                    break;
                }
                if (c.patience() > 0 && bad >= c.patience()) {
                    log.accept(String.format(Locale.ROOT, "early stop: %s has not improved for %d epochs (best %.4f at epoch %d)",
                            c.earlyStop(), bad, best, bestEpoch));
                    stopped = true;
                    break;
                }
            }
            int skippedTotal = trainLoader.skipped() + (valLoader == null ? 0 : valLoader.skipped());
            if (skippedTotal > 0) {
                log.accept("warning: " + skippedTotal + " unusable image(s) were skipped (--strict makes them an error)");
            }
            if (ema != null) {
                ema.close();
            }
            return new Result(dir, List.copyOf(history), bestEpoch, best, stopped, skippedTotal);
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
                tmp.create(saved.get(name).toFloatArray(), dst.getShape()).copyTo(dst);
            }
        }
    }

    /** One optimization step; every array it makes lives in a sub-manager closed at the end. Returns {loss, correct}. */
    private float[] trainStep(Network net, ParameterStore ps, NDManager root, TorchOptimizer opt,
            List<Parameter> params, Batch b, TrainConfig c, long step) {
        try (NDManager sm = root.newSubManager()) {
            NDArray x = Steps.input(sm, b);
            NDArray labels = Steps.labels(sm, b.labels());
            NDArray logits;
            float loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                logits = net.forward(ps, x, true);
                NDArray l = Steps.crossEntropy(logits, labels, c.labelSmoothing());
                if (step == poisonStep) {
                    l = l.mul(NativeScalar.of(l, Double.NaN));
                }
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
            List<Parameter> trainable = new ArrayList<>();
            List<NDArray> grads = new ArrayList<>();
            for (Parameter p : params) {
                if (p.requiresGradient() && p.getArray().hasGradient()) {
                    NDArray g = p.getArray().getGradient();
                    g.attach(sm);
                    trainable.add(p);
                    grads.add(g);
                }
            }
            if (c.clipGrad() > 0) {
                clip(grads, c.clipGrad());
            }
            for (int i = 0; i < trainable.size(); i++) {
                Parameter p = trainable.get(i);
                opt.update(p.getId(), p.getArray(), grads.get(i)); // also zeroes the gradient
            }
            return new float[] {loss, right};
        }
    }

    /** Scales the gradients so that their global L2 norm is at most {@code max} (the one place for clipping). */
    private static void clip(List<NDArray> grads, double max) {
        double sq = 0;
        for (NDArray g : grads) {
            sq += g.square().sum().getFloat();
        }
        double norm = Math.sqrt(sq);
        if (norm > max) {
            for (NDArray g : grads) {
                g.muli(NativeScalar.of(g, max / (norm + 1e-6)));
            }
        }
    }

    /**
     * The trained weights, the optimizer state and, with an EMA, the averaged weights that were validated
     * ({@code NAME.ema.safetensors}), then the JSON that ties them together.
     */
    private Checkpoint save(String name, Network net, TorchOptimizer opt, StateDict validated, int epoch, long step,
            double best, int bestEpoch, int bad, ModelSpec spec, List<String> classes, List<EpochStats> history)
            throws IOException {
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
        Checkpoint ck = new Checkpoint(epoch, step, config.seed(), config.earlyStop(), best, bestEpoch, bad, spec, classes,
                config.augment(), wf, wcrc, of, ocrc, ef, List.copyOf(history));
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

    private void writeHistory(List<EpochStats> history) throws IOException {
        StringBuilder sb = new StringBuilder(EpochStats.CSV_HEADER).append('\n');
        history.forEach(h -> sb.append(h.csv()).append('\n'));
        CheckpointFiles.writeStringAtomically(dir.resolve("history.csv"), sb.toString());
        CheckpointFiles.writeStringAtomically(dir.resolve("history.json"), Checkpoint.GSON.toJson(history));
        if (!history.isEmpty()) {
            RunPlots.write(history, dir);
        }
    }

    static String readString(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
