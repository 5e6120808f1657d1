package org.efficientmixnet.train;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.efficientmixnet.arch.NetworkConfig;
import org.efficientmixnet.models.Network;
import org.efficientmixnet.models.Models;
import org.efficientmixnet.train.data.Augment;
import org.efficientmixnet.train.data.Batch;
import org.efficientmixnet.train.data.BatchLoader;
import org.efficientmixnet.train.data.ImageDataset;
import org.efficientmixnet.train.data.ImageDecoder;
import org.efficientmixnet.train.data.ImageSample;
import org.efficientmixnet.train.data.Normalization;
import org.efficientmixnet.models.Pretrained;
import org.efficientmixnet.weights.HubDownloader;
import org.efficientmixnet.weights.LoadReport;
import org.efficientmixnet.weights.PretrainedConfig;
import org.efficientmixnet.weights.PretrainedRegistry;
import org.efficientmixnet.weights.ModelWeights;
import org.efficientmixnet.models.ModelSpec;

/**
 * A trained classifier ready for evaluation and prediction: from one of our run folders or checkpoints
 * ({@link #load}), or a network and a weight file ({@link #of}). Preprocessing is the run's evaluation
 * transform (resize and centre crop, or none) and normalization.
 *
 * <pre>{@code
 * try (TrainedModel m = TrainedModel.load(Path.of("runs/b0"))) {
 *     EvalMetrics e = m.evaluate(ImageDataset.folder(Path.of("test/")), 32);
 *     List<TrainedModel.Prediction> p = m.predict(List.of(Path.of("cat.jpg")), 32);
 * }
 * }</pre>
 */
public final class TrainedModel implements AutoCloseable {
    /** Every class's probability for one image. */
    public record Prediction(Path file, float[] probabilities) {
        /** Class indices by falling probability, at most k. */
        public int[] top(int k) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < probabilities.length; i++) {
                idx.add(i);
            }
            idx.sort(Comparator.comparingDouble((Integer i) -> -probabilities[i]).thenComparingInt(i -> i));
            return idx.subList(0, Math.min(k, idx.size())).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private final Model model;
    private final Network net;
    private final NetworkConfig config;
    private final List<String> classes;
    private final Augment augment;
    private int workers = 2;

    private TrainedModel(NetworkConfig config, List<String> classes, Augment augment) {
        this(Models.create(config), config, classes, augment);
    }

    private TrainedModel(Model model, NetworkConfig config, List<String> classes, Augment augment) {
        this.config = config;
        this.model = model;
        this.net = (Network) model.getBlock();
        this.classes = List.copyOf(classes);
        this.augment = augment;
    }

    /** A run folder (its best checkpoint, else its last) or a checkpoint JSON file. */
    public static TrainedModel load(Path runOrCheckpoint) throws IOException {
        Path json = Checkpoint.locate(runOrCheckpoint);
        Checkpoint ck = Checkpoint.read(json);
        TrainedModel m = new TrainedModel(ck.model().config(), ck.classes(), ck.augment());
        try {
            ModelWeights.load(m.net, CheckpointFiles.readWeights(ck.weightsPath(json)), ModelWeights.LoadOptions.STRICT);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    /**
     * A network with weights from a file (every tensor must match by timm name and shape). Class names default to
     * "0", "1", …; {@code augment} gives the preprocessing.
     */
    public static TrainedModel of(ModelSpec spec, Path weights, List<String> classNames, Augment augment) throws IOException {
        if (!Files.isRegularFile(weights)) {
            throw new IllegalArgumentException(Files.isDirectory(weights)
                    ? "--weights " + weights + " is a folder; give a weights file (.safetensors, .npz, .pth, .h5), or --run for a run folder"
                    : "weights file " + weights + " does not exist");
        }
        NetworkConfig c = spec.config();
        List<String> names = classNames(c, classNames);
        TrainedModel m = new TrainedModel(c, names, augment);
        try {
            LoadReport r = ModelWeights.load(m.net, CheckpointFiles.readWeights(weights), ModelWeights.LoadOptions.STRICT);
            if (!r.complete()) {
                throw new IllegalArgumentException("weights " + weights + " do not fit the model: " + r.summary(5));
            }
        } catch (RuntimeException | IOException e) {
            m.close();
            throw e;
        }
        return m;
    }

    /**
     * A network with pretrained weights by name ({@code efficientnet_b0}, {@code efficientnet_b0.ra_in1k}), classifier
     * included, from the hub or its cache: the stem adapts to other input channels and surgery that keeps every
     * tensor's shape (e.g. {@code stem-stride=1}) is allowed; anything left without pretrained weights is an error.
     */
    public static TrainedModel pretrained(ModelSpec spec, String weightsName, HubDownloader downloader,
            List<String> classNames, Augment augment) throws IOException {
        NetworkConfig c = spec.config();
        List<String> names = classNames(c, classNames);
        PretrainedConfig pc = PretrainedRegistry.get(weightsName);
        ModelSpec.Built b = spec.create(Pretrained.read(pc, spec.base().name(), downloader));
        LoadReport unfit = !b.weights().complete() ? b.weights() : b.carried() != null && !b.carried().complete()
                ? b.carried() : null;
        if (unfit != null) {
            b.model().close();
            throw new IllegalArgumentException("pretrained weights " + pc.name() + " do not fill the model ("
                    + unfit.summary(5) + "); for another classifier, fine-tune with `emn train --pretrained`");
        }
        return new TrainedModel(b.model(), c, names, augment);
    }

    private static List<String> classNames(NetworkConfig c, List<String> given) {
        if (c.numClasses() < 1) {
            throw new IllegalArgumentException("prediction needs a classifier: --classes must be ≥ 1");
        }
        if (given == null) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < c.numClasses(); i++) {
                names.add(Integer.toString(i));
            }
            return names;
        }
        if (given.size() != c.numClasses()) {
            throw new IllegalArgumentException(given.size() + " class names for a model with " + c.numClasses() + " classes");
        }
        return given;
    }

    /**
     * Folds the batch norms into the convolutions before them (outputs equal within float rounding; 1.19× at batch 1,
     * BENCHMARKS.md "levers"), for a model that from now on only scores: its network can no longer be trained or
     * exported as timm weights. {@code emn predict} and {@code emn eval} do this. Returns the number folded.
     */
    public int foldBatchNorms() {
        return net.fuseForInference();
    }

    public TrainedModel workers(int n) {
        this.workers = Math.max(1, n);
        return this;
    }

    public List<String> classes() {
        return classes;
    }

    public NetworkConfig config() {
        return config;
    }

    public Network network() {
        return net;
    }

    private BatchLoader loader(ImageDataset data, int batch, boolean strict) {
        return new BatchLoader(data, config.inChannels(), augment.eval(config.resolution()),
                Normalization.of(augment.normalization(), config.inChannels()), batch, workers, 2 * workers, strict);
    }

    /** Metrics over a labelled folder or manifest; its classes must be among the model's. */
    public EvalMetrics evaluate(ImageDataset data, int batch) {
        return evaluate(data, batch, false);
    }

    public EvalMetrics evaluate(ImageDataset data, int batch, boolean strict) {
        ImageDataset d = data.relabel(classes);
        try (BatchLoader l = loader(d, batch, strict)) {
            return Evaluation.run(net, model.getNDManager(), l, classes.size());
        }
    }

    /** Probabilities for image files and every image under folders, in batches; unusable files are skipped with a warning. */
    public List<Prediction> predict(List<Path> inputs, int batch) {
        List<ImageSample> files = new ArrayList<>();
        for (Path p : expand(inputs)) {
            files.add(new ImageSample(p, 0));
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no images found in " + inputs);
        }
        ImageDataset d = new ImageDataset(inputs.get(0), List.of("?"), files);
        List<Prediction> out = new ArrayList<>();
        NDManager root = model.getNDManager();
        try (BatchLoader l = loader(d, batch, false)) {
            Iterator<Batch> it = l.epoch(0, 0, false, false);
            while (it.hasNext()) {
                Batch b = it.next();
                float[] logits = Steps.logits(net, root, b);
                int k = classes.size();
                for (int i = 0; i < b.size(); i++) {
                    float[] p = new float[k];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        max = Math.max(max, logits[i * k + c]);
                    }
                    double sum = 0;
                    for (int c = 0; c < k; c++) {
                        sum += Math.exp(logits[i * k + c] - max);
                    }
                    for (int c = 0; c < k; c++) {
                        p[c] = (float) (Math.exp(logits[i * k + c] - max) / sum);
                    }
                    out.add(new Prediction(b.paths().get(i), p));
                }
            }
        }
        return out;
    }

    /** The image files named by {@code inputs}: files as given, folders' images (what {@link #predict} reads). */
    public static List<Path> expand(List<Path> inputs) {
        List<Path> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(ImageDecoder::isImage).sorted().forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + p, e);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException("no such image or folder: " + p);
            }
        }
        return out;
    }

    @Override
    public void close() {
        model.close();
    }
}
