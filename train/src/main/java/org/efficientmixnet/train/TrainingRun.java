package org.efficientmixnet.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.efficientmixnet.arch.ModelConfig;
import org.efficientmixnet.models.EfficientNet;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.models.Pretrained;
import org.efficientmixnet.weights.LoadReport;
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
        if (c.threads() > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(c.threads()));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
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
        ModelConfig mc = spec.config();
        spec = spec.withResolution(mc.resolution()).withInChannels(mc.inChannels());
        int res = mc.resolution();
        Models.checkResolution(mc, res);
        Normalization norm = Normalization.of(c.augment().normalization(), mc.inChannels());

        Engine.getInstance().setRandomSeed((int) c.seed());
        try (Model model = Models.create(mc);
                BatchLoader trainLoader = new BatchLoader(train, mc.inChannels(), c.augment().train(res), norm, c.batch(),
                        c.workers(), 2 * Math.max(1, c.workers()), c.strict()).onWarning(m -> log.accept("warning: " + m));
                BatchLoader valLoader = val == null ? null : new BatchLoader(val, mc.inChannels(), c.augment().eval(res),
                        norm, c.batch(), c.workers(), 2 * Math.max(1, c.workers()), c.strict())
                        .onWarning(m -> log.accept("warning: " + m))) {
            EfficientNet net = (EfficientNet) model.getBlock();
            NDManager root = model.getNDManager();
            AtomicReference<Float> lr = new AtomicReference<>((float) c.lr());
            Optimizer opt = Optimizers.create(c, n -> lr.get());
            int stepsPerEpoch = trainLoader.batches(true);

            List<EpochStats> history = new ArrayList<>();
            int startEpoch = 1;
            long step = 0;
            double best = Double.NaN;
            int bestEpoch = 0;
            int bad = 0;
            if (Files.isRegularFile(dir.resolve("last.json"))) {
                Checkpoint ck = Checkpoint.read(dir.resolve("last.json"));
                if (!ck.classes().equals(all.classes())) {
                    throw new IllegalArgumentException("cannot resume " + dir + ": its classes " + ck.classes()
                            + " differ from the data's " + all.classes());
                }
                ModelWeights.load(net, CheckpointFiles.readWeights(ck.weightsPath(dir.resolve("last.json"))),
                        ModelWeights.LoadOptions.STRICT);
                if (ck.optimizer() != null) {
                    Optimizers.restore(opt, CheckpointFiles.readWeights(dir.resolve(ck.optimizer())));
                } else if (!Optimizers.stateless(c)) {
                    log.accept("warning: optimizer '" + c.optimizer() + "' state was not saved; its moments restart");
                }
                history.addAll(ck.history());
                startEpoch = ck.epoch() + 1;
                step = ck.globalStep();
                best = ck.bestMetric();
                bestEpoch = ck.bestEpoch();
                bad = ck.badEpochs();
                log.accept("resuming " + dir + " after epoch " + ck.epoch());
            } else if (c.initWeights() != null) {
                Path w = Path.of(c.initWeights());
                if (!Files.isRegularFile(w)) {
                    throw new IllegalArgumentException("--init-weights: no such file " + w);
                }
                LoadReport r = Pretrained.load(model, CheckpointFiles.readWeights(w));
                log.accept("initial weights from " + w + ": " + r.summary(5));
            }
            log.accept(String.format(Locale.ROOT, "training %s (%,d parameters) on %d images, validating on %d, %d classes, "
                    + "%d×%d×%d, run folder %s", mc.name(), Models.countParameters(net), train.size(),
                    val == null ? 0 : val.size(), classes, mc.inChannels(), res, res, dir));

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
                    float[] out = trainStep(net, ps, root, opt, params, b, classes, c, step);
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
                    step++;
                    i++;
                    afterStep.accept(step, root);
                    progress.update(i, lossSum / seen, (double) right / seen, seen);
                }
                double trainSecs = (System.nanoTime() - t0) / 1e9;
                EvalMetrics vm = valLoader == null ? null : Evaluation.run(net, root, valLoader, classes);
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
                Checkpoint ck = save("last", net, opt, epoch, step, best, bestEpoch, bad, spec, all.classes(), history);
                if (improved) {
                    copyCheckpoint("last", "best", ck);
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
            return new Result(dir, List.copyOf(history), bestEpoch, best, stopped, skippedTotal);
        }
    }

    /** One optimization step; every array it makes lives in a sub-manager closed at the end. Returns {loss, correct}. */
    private float[] trainStep(EfficientNet net, ParameterStore ps, NDManager root, Optimizer opt, List<Parameter> params,
            Batch b, int classes, TrainConfig c, long step) {
        try (NDManager sm = root.newSubManager()) {
            NDArray x = Steps.input(sm, b);
            NDArray target = Steps.targets(sm, b.labels(), classes, c.labelSmoothing());
            NDArray logits;
            float loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                logits = net.forward(ps, x, true);
                NDArray l = Steps.crossEntropy(logits, target);
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
                opt.update(p.getId(), p.getArray(), grads.get(i));
                NDArray g = grads.get(i);
                g.subi(g);
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

    private Checkpoint save(String name, EfficientNet net, Optimizer opt, int epoch, long step, double best, int bestEpoch,
            int bad, ModelSpec spec, List<String> classes, List<EpochStats> history) throws IOException {
        String wf = name + ".safetensors";
        long wcrc = CheckpointFiles.writeWeights(dir.resolve(wf), ModelWeights.stateDict(net));
        StateDict os = Optimizers.state(opt);
        String of = null;
        long ocrc = 0;
        if (os != null) {
            of = name + ".optimizer.safetensors";
            ocrc = CheckpointFiles.writeWeights(dir.resolve(of), os);
        }
        Checkpoint ck = new Checkpoint(epoch, step, config.seed(), config.earlyStop(), best, bestEpoch, bad, spec, classes,
                config.augment(), wf, wcrc, of, ocrc, List.copyOf(history));
        ck.write(dir.resolve(name + ".json"));
        return ck;
    }

    private void copyCheckpoint(String from, String to, Checkpoint ck) throws IOException {
        CheckpointFiles.writeAtomically(dir.resolve(to + ".safetensors"), Files.readAllBytes(dir.resolve(ck.weights())));
        String of = null;
        if (ck.optimizer() != null) {
            of = to + ".optimizer.safetensors";
            CheckpointFiles.writeAtomically(dir.resolve(of), Files.readAllBytes(dir.resolve(ck.optimizer())));
        }
        new Checkpoint(ck.epoch(), ck.globalStep(), ck.seed(), ck.metric(), ck.bestMetric(), ck.bestEpoch(), ck.badEpochs(),
                ck.model(), ck.classes(), ck.augment(), to + ".safetensors", ck.weightsCrc(), of, ck.optimizerCrc(),
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
