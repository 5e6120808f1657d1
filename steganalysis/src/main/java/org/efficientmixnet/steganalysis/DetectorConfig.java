package org.efficientmixnet.steganalysis;

import java.util.List;
import org.efficientmixnet.models.ModelSpec;
import org.efficientmixnet.train.TrainConfig;

/**
 * Everything that defines a detector's training, saved in the run's {@code detector.json}; build one with
 * {@link #builder}.
 *
 * @param covers        the cover folder
 * @param stegos        stego folders ({@code emn stego embed} outputs, or folders paired by file name)
 * @param labels        {@code binary} (cover / stego) or {@code per-folder} (cover + one class per stego folder)
 * @param model         the network (any preset, block string, options and surgery); input channels and classes are
 *                      set by the detector
 * @param stem          {@code none} or {@code srm} (the 30 SRM high-pass kernels in front of the network)
 * @param stemTrainable whether the SRM kernels learn
 * @param color         gray, ycbcr, rgb, or auto (gray when the first cover has one channel, else ycbcr)
 * @param jpegInput     unrounded (the default) or rounded
 * @param scaling       pixels (x − 128, the default from scratch), unit (x / 255) or imagenet (the default with
 *                      pretrained weights)
 * @param crop          training crop (a multiple of 8; validation and test take the centre window), 0 for whole images
 * @param bestMetric    validation metric choosing the best checkpoint: pe (default), md5, wauc, auc, accuracy or loss
 * @param initRun       a detector run whose best weights start this one (payload curriculum); same network
 */
public record DetectorConfig(String covers, List<String> stegos, String labels, ModelSpec model, String stem,
        boolean stemTrainable, String color, String jpegInput, String scaling, int crop, int epochs, int batch, double lr,
        String optimizer, double momentum, String schedule, double warmupEpochs, double weightDecay,
        double labelSmoothing, long seed, double valFraction, double testFraction, String bestMetric, int threads,
        int workers, String initWeights, String pretrained, String initRun) {

    public DetectorConfig {
        if (covers == null || stegos == null || stegos.isEmpty()) {
            throw new IllegalArgumentException("give --covers DIR and at least one --stegos DIR");
        }
        if (!List.of("binary", "per-folder").contains(labels)) {
            throw new IllegalArgumentException("unknown --labels '" + labels + "': expected binary or per-folder");
        }
        if (!List.of("none", "srm").contains(stem)) {
            throw new IllegalArgumentException("unknown --stem '" + stem + "': expected none or srm");
        }
        if (!List.of("auto", "gray", "ycbcr", "rgb").contains(color)) {
            throw new IllegalArgumentException("unknown --color '" + color + "': expected gray, ycbcr or rgb");
        }
        if (!List.of("pe", "md5", "wauc", "auc", "accuracy", "loss").contains(bestMetric)) {
            throw new IllegalArgumentException("unknown --best-metric '" + bestMetric
                    + "': expected pe, md5, wauc, auc, accuracy or loss");
        }
        if (crop < 0 || crop % 8 != 0) {
            throw new IllegalArgumentException("--crop must be a multiple of 8 (JPEG blocks stay aligned), got " + crop);
        }
        if ((initWeights != null ? 1 : 0) + (pretrained != null ? 1 : 0) + (initRun != null ? 1 : 0) > 1) {
            throw new IllegalArgumentException("give one of --init-weights, --pretrained and --init-run");
        }
        trainConfig(model, epochs, batch, lr, optimizer, momentum, schedule, warmupEpochs, weightDecay, labelSmoothing,
                seed); // validates the optimizer settings the one way the trainer does
    }

    private static TrainConfig trainConfig(ModelSpec model, int epochs, int batch, double lr, String optimizer,
            double momentum, String schedule, double warmupEpochs, double weightDecay, double labelSmoothing, long seed) {
        return TrainConfig.builder(model, "-").epochs(epochs).batch(batch).lr(lr).optimizer(optimizer).momentum(momentum)
                .schedule(schedule).warmupEpochs(warmupEpochs).weightDecay(weightDecay).labelSmoothing(labelSmoothing)
                .seed(seed).valFraction(0).earlyStop("train_loss").build();
    }

    /** The optimizer and schedule settings in the trainer's terms (for {@code Optimizers}). */
    TrainConfig optimization() {
        return trainConfig(model, epochs, batch, lr, optimizer, momentum, schedule, warmupEpochs, weightDecay,
                labelSmoothing, seed);
    }

    /** The same configuration with every path absolute (so that a run can be resumed or evaluated from anywhere). */
    public DetectorConfig withAbsolutePaths() {
        return new DetectorConfig(abs(covers), stegos.stream().map(DetectorConfig::abs).toList(), labels, model, stem,
                stemTrainable, color, jpegInput, scaling, crop, epochs, batch, lr, optimizer, momentum, schedule,
                warmupEpochs, weightDecay, labelSmoothing, seed, valFraction, testFraction, bestMetric, threads, workers,
                initWeights == null ? null : abs(initWeights), pretrained, initRun == null ? null : abs(initRun));
    }

    private static String abs(String p) {
        return java.nio.file.Path.of(p).toAbsolutePath().normalize().toString();
    }

    /** The same configuration with the colour resolved. */
    public DetectorConfig withColor(String c) {
        return new DetectorConfig(covers, stegos, labels, model, stem, stemTrainable, c, jpegInput, scaling, crop, epochs,
                batch, lr, optimizer, momentum, schedule, warmupEpochs, weightDecay, labelSmoothing, seed, valFraction,
                testFraction, bestMetric, threads, workers, initWeights, pretrained, initRun);
    }

    /** The same configuration trained for another number of epochs (a resumed run made longer). */
    public DetectorConfig withEpochs(int n) {
        return new DetectorConfig(covers, stegos, labels, model, stem, stemTrainable, color, jpegInput, scaling, crop, n,
                batch, lr, optimizer, momentum, schedule, warmupEpochs, weightDecay, labelSmoothing, seed, valFraction,
                testFraction, bestMetric, threads, workers, initWeights, pretrained, initRun);
    }

    public boolean perFolder() {
        return labels.equals("per-folder");
    }

    /** Classes: cover and stego, or cover and one per stego folder. */
    public List<String> classNames() {
        if (!perFolder()) {
            return List.of("cover", "stego");
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        names.add("cover");
        for (String s : stegos) {
            String n = java.nio.file.Path.of(s).getFileName().toString();
            names.add(names.contains(n) ? s : n);
        }
        return names;
    }

    public static Builder builder(java.nio.file.Path covers, List<java.nio.file.Path> stegos, ModelSpec model) {
        return new Builder(covers.toString(), stegos.stream().map(Object::toString).toList(), model);
    }

    /** Mutable settings with defaults; {@link #build} validates. */
    public static final class Builder {
        public String covers;
        public List<String> stegos;
        public ModelSpec model;
        public String labels = "binary";
        public String stem = "none";
        public boolean stemTrainable;
        public String color = "auto";
        public String jpegInput = "unrounded";
        public String scaling;
        public int crop;
        public int epochs = 10;
        public int batch = 32;
        public double lr = 1e-3;
        public String optimizer = "adamw";
        public double momentum = 0.9;
        public String schedule = "cosine";
        public double warmupEpochs;
        public double weightDecay = 1e-4;
        public double labelSmoothing;
        public long seed = 42;
        public double valFraction = 0.1;
        public double testFraction = 0.1;
        public String bestMetric = "pe";
        public int threads;
        public int workers = 2;
        public String initWeights;
        public String pretrained;
        public String initRun;

        Builder(String covers, List<String> stegos, ModelSpec model) {
            this.covers = covers;
            this.stegos = stegos;
            this.model = model;
        }

        public Builder labels(String v) { labels = v; return this; }
        public Builder stem(String v) { stem = v; return this; }
        public Builder stemTrainable(boolean v) { stemTrainable = v; return this; }
        public Builder color(String v) { color = v; return this; }
        public Builder jpegInput(String v) { jpegInput = v; return this; }
        public Builder scaling(String v) { scaling = v; return this; }
        public Builder crop(int v) { crop = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder batch(int v) { batch = v; return this; }
        public Builder lr(double v) { lr = v; return this; }
        public Builder optimizer(String v) { optimizer = v; return this; }
        public Builder momentum(double v) { momentum = v; return this; }
        public Builder schedule(String v) { schedule = v; return this; }
        public Builder warmupEpochs(double v) { warmupEpochs = v; return this; }
        public Builder weightDecay(double v) { weightDecay = v; return this; }
        public Builder labelSmoothing(double v) { labelSmoothing = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder valFraction(double v) { valFraction = v; return this; }
        public Builder testFraction(double v) { testFraction = v; return this; }
        public Builder bestMetric(String v) { bestMetric = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder workers(int v) { workers = v; return this; }
        public Builder initWeights(String v) { initWeights = v; return this; }
        public Builder pretrained(String v) { pretrained = v; return this; }
        public Builder initRun(String v) { initRun = v; return this; }

        public DetectorConfig build() {
            String sc = scaling != null ? scaling : pretrained != null || initWeights != null ? "imagenet" : "pixels";
            return new DetectorConfig(covers, List.copyOf(stegos), labels, model, stem, stemTrainable, color, jpegInput,
                    sc, crop, epochs, batch, lr, optimizer, momentum, schedule, warmupEpochs, weightDecay, labelSmoothing,
                    seed, valFraction, testFraction, bestMetric, threads, workers, initWeights, pretrained, initRun);
        }
    }
}
