package org.efficientmixnet.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.efficientmixnet.train.data.Augment;
import org.efficientmixnet.models.ModelSpec;

/**
 * Everything that defines a training run; saved as {@code config.json} in the run folder so that a run can be
 * resumed and its model rebuilt. Build one with {@link #builder}.
 *
 * @param valFraction share of each class held out for validation when {@code val} is null (0: no validation)
 * @param schedule    {@code cosine} (to 0, after {@code warmupEpochs} of linear warm-up), {@code step} (×0.1 at each
 *                    third of the run), {@code onecycle} or {@code constant}
 * @param ema         decay of a weight EMA updated every step (0: none); validation and the best checkpoint then
 *                    use the averaged weights
 * @param earlyStop   metric for the best checkpoint and early stopping: val_acc, val_loss, val_top5, train_loss
 * @param patience    epochs without improvement before stopping; 0 never stops early
 * @param initWeights a weights file (timm names) to start from, e.g. ImageNet weights for fine-tuning: the stem is
 *                    adapted to other input channels and a classifier of another size starts fresh; null: random
 * @param pretrained  pretrained weights by name instead of a file ({@code efficientnet_b0} for the preset's default,
 *                    or a tag such as {@code efficientnet_b0.ra_in1k}), from the Hugging Face cache or hub; loaded as
 *                    {@code initWeights} is. With surgery, either is loaded into the network before surgery and
 *                    carried over, so inserted layers start fresh
 */
public record TrainConfig(String name, ModelSpec model, String data, String val, double valFraction, int epochs,
        int batch, double lr, String optimizer, double momentum, boolean lookahead, String schedule,
        double warmupEpochs, double weightDecay, double labelSmoothing, double clipGrad, double ema, long seed,
        String earlyStop, int patience, int threads, int workers, Augment augment, boolean strict, String initWeights,
        String pretrained) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be ≥ 1, got " + epochs);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("--batch must be ≥ 1, got " + batch);
        }
        if (!(lr > 0)) {
            throw new IllegalArgumentException("--lr must be > 0, got " + lr);
        }
        if (labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new IllegalArgumentException("--label-smoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (valFraction < 0 || valFraction >= 1) {
            throw new IllegalArgumentException("--val-fraction must be in [0, 1), got " + valFraction);
        }
        if (!java.util.List.of("val_acc", "val_loss", "val_top5", "train_loss").contains(earlyStop)) {
            throw new IllegalArgumentException("unknown early-stopping metric '" + earlyStop
                    + "': expected val_acc, val_loss, val_top5 or train_loss");
        }
        if (initWeights != null && pretrained != null) {
            throw new IllegalArgumentException("give --init-weights or --pretrained, not both");
        }
        if (!(warmupEpochs >= 0 && warmupEpochs < epochs)) {
            throw new IllegalArgumentException("--warmup must be in [0, --epochs " + epochs + "), got " + warmupEpochs);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("--momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("--weight-decay must be ≥ 0, got " + weightDecay);
        }
        if (!(clipGrad >= 0) || Double.isInfinite(clipGrad)) {
            throw new IllegalArgumentException("--clip-grad must be ≥ 0 (0: off), got " + clipGrad);
        }
        if (!(ema >= 0 && ema < 1)) {
            throw new IllegalArgumentException("--ema must be in [0, 1) (0: off), got " + ema);
        }
        if (threads < 0 || workers < 0 || patience < 0) {
            throw new IllegalArgumentException((threads < 0 ? "--threads" : workers < 0 ? "--workers" : "--patience")
                    + " must be ≥ 0, got " + Math.min(threads, Math.min(workers, patience)));
        }
        if (!java.util.List.of("cosine", "step", "onecycle", "constant").contains(schedule)) {
            throw new IllegalArgumentException("unknown schedule '" + schedule + "': expected cosine, step, onecycle or constant");
        }
    }

    public static Builder builder(ModelSpec model, String data) {
        return new Builder(model, data);
    }

    public Builder toBuilder() {
        Builder b = new Builder(model, data);
        b.name = name;
        b.val = val;
        b.valFraction = valFraction;
        b.epochs = epochs;
        b.batch = batch;
        b.lr = lr;
        b.optimizer = optimizer;
        b.momentum = momentum;
        b.lookahead = lookahead;
        b.schedule = schedule;
        b.warmupEpochs = warmupEpochs;
        b.weightDecay = weightDecay;
        b.labelSmoothing = labelSmoothing;
        b.clipGrad = clipGrad;
        b.ema = ema;
        b.seed = seed;
        b.earlyStop = earlyStop;
        b.patience = patience;
        b.threads = threads;
        b.workers = workers;
        b.augment = augment;
        b.strict = strict;
        b.initWeights = initWeights;
        b.pretrained = pretrained;
        return b;
    }

    public String toJson() {
        return GSON.toJson(this);
    }

    public static TrainConfig fromJson(String json) {
        return GSON.fromJson(json, TrainConfig.class);
    }

    public static TrainConfig read(Path file) throws IOException {
        return JsonFile.read(file, TrainConfig.class, GSON, "run configuration");
    }

    /** Mutable settings with defaults; {@link #build} validates. */
    public static final class Builder {
        public ModelSpec model;
        public String data;
        public String name = "run";
        public String val;
        public double valFraction = 0.2;
        public int epochs = 10;
        public int batch = 32;
        public double lr = 0.01;
        public String optimizer = "sgd";
        public double momentum = 0.9;
        public boolean lookahead;
        public String schedule = "cosine";
        public double warmupEpochs;
        public double weightDecay = 1e-5;
        public double labelSmoothing;
        public double clipGrad;
        public double ema;
        public long seed = 42;
        public String earlyStop = "val_acc";
        public int patience;
        public int threads;
        public int workers = 2;
        public Augment augment = Augment.defaults();
        public boolean strict;
        public String initWeights;
        public String pretrained;

        Builder(ModelSpec model, String data) {
            this.model = model;
            this.data = data;
        }

        public Builder model(ModelSpec v) { model = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder val(String v) { val = v; return this; }
        public Builder valFraction(double v) { valFraction = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batch(int v) { batch = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder optimizer(String v) { optimizer = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder lookahead(boolean v) { lookahead = v; return this; }
        public Builder schedule(String v) { schedule = v; return this; }
        public Builder warmupEpochs(double v) { warmupEpochs = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder labelSmoothing(double v) { labelSmoothing = v; return this; }
        public Builder clipGrad(double v) { clipGrad = v; return this; }
        public Builder ema(double v) { ema = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder earlyStop(String v) { earlyStop = v; return this; }
        public Builder patience(int v) { patience = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder workers(int v) { workers = v; return this; }
        public Builder augment(Augment v) { augment = v; return this; }
        public Builder strict(boolean v) { strict = v; return this; }
        public Builder initWeights(String v) { initWeights = v; return this; }
        public Builder pretrained(String v) { pretrained = v; return this; }

        public TrainConfig build() {
            return new TrainConfig(name, model, data, val, valFraction, epochs, batch, lr, optimizer, momentum, lookahead,
                    schedule, warmupEpochs, weightDecay, labelSmoothing, clipGrad, ema, seed, earlyStop, patience,
                    threads, workers, augment, strict, initWeights, pretrained);
        }
    }
}
