package org.efficientmixnet.steganalysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.efficientmixnet.stego.embed.Algorithm;
import org.efficientmixnet.stego.dataset.EmbedJob;
import org.efficientmixnet.stego.dataset.SyntheticCovers;
import org.efficientmixnet.models.ModelSpec;
import org.efficientmixnet.train.Progress;

/**
 * The main job, from nothing: makes natural-looking grayscale JPEG covers ({@link SyntheticCovers}, quality 75,
 * the project's own encoder), embeds into each with a simulator at a payload, trains a small EfficientNet-family
 * detector with a surgery on the cover/stego pairs (leak-free split, pair batches, unrounded JPEG input), and
 * scores it on held-out pairs: P_E, wAUC and accuracy, the ROC and histogram PNGs and the model to use with
 * {@code emn stego detect}.
 */
public final class StegoDemo {
    /**
     * The detector network: EfficientNet's stages (MBConv with squeeze-excitation, swish) at a small width and depth,
     * with the full-resolution stem of the steganalysis surgery ({@link #SURGERY}).
     */
    public static final String BLOCKS = "ds_r1_k3_s1_e1_c16_se0.25;ir_r2_k3_s2_e4_c24_se0.25;ir_r2_k5_s2_e4_c40_se0.25;"
            + "ir_r2_k3_s2_e4_c80_se0.25";
    /** The surgery: stem stride 1, so the first blocks see every pixel (Yousfi et al., IH&MMSec 2021). */
    public static final String SURGERY = "stem-stride=1";

    /**
     * What to run. {@code covers} cover images of {@code size}² pixels (each with its stego: twice as many images),
     * {@code algorithm} at {@code payload}; the detector {@code blocks} at {@code width} with {@code surgery} and
     * the {@code stem} (none or srm); {@code threads} engine threads (0: the engine's default), {@code workers}
     * loader and embedding threads.
     */
    public record Options(Path dir, int covers, int size, String algorithm, double payload, String blocks, double width,
            String surgery, String stem, int epochs, int batch, double lr, long seed, int threads, int workers) {
        public Options {
            if (covers < 20) {
                throw new IllegalArgumentException("the demo needs at least 20 covers, got " + covers);
            }
            if (size < 32 || size % 8 != 0) {
                throw new IllegalArgumentException("cover size must be a multiple of 8 and at least 32, got " + size);
            }
            Algorithm.fromId(algorithm);
        }

        /**
         * The measured configuration (docs/steganalysis.md): 1,500 covers of 64×64, nsF5 at 1.0 bpnzAC, the fixed SRM
         * stem in front of the network, 3 epochs; one engine thread (two loader and embedding threads), which does
         * not stall when other processes compete for the cores.
         */
        public static Options defaults(Path dir) {
            return new Options(dir, 1500, 64, "nsf5", 1.0, BLOCKS, 0.5, SURGERY, "srm", 3, 32, 2e-3, 1, 1, 2);
        }

        /** A tiny run for tests: the whole pipeline in seconds (its P_E says little). */
        public static Options quick(Path dir) {
            return new Options(dir, 40, 32, "nsf5", 1.0, BLOCKS, 0.25, SURGERY, "srm", 1, 16, 2e-3, 1, 1, 2);
        }

        public Options withDir(Path d) {
            return new Options(d, covers, size, algorithm, payload, blocks, width, surgery, stem, epochs, batch, lr, seed,
                    threads, workers);
        }
    }

    /** Where everything is, and the held-out result. */
    public record Result(Path covers, Path stegos, Path runDir, DetectorTraining.Result training, DetectionMetrics test,
            double coverSeconds, double embedSeconds, double trainSeconds) {
        /** The detector's weights (the best checkpoint), as {@code emn stego detect --run} loads them. */
        public Path model() {
            try {
                return DetectorRun.read(runDir).weights(runDir);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /**
         * The first held-out cover (test part of the split) and its stego, never seen in training: what to try
         * {@code emn stego detect} on.
         */
        public List<Path> heldOutPair() throws IOException {
            Split split = Split.read(runDir.resolve("split.csv"));
            try (var files = Files.list(covers)) {
                for (Path c : files.sorted().toList()) {
                    String n = c.getFileName().toString();
                    Path s = stegos.resolve(n);
                    if (Split.TEST.equals(split.partOf(n)) && Files.isRegularFile(s)) {
                        return List.of(s, c);
                    }
                }
            }
            throw new IllegalStateException(runDir + ": no held-out cover with its stego in the split");
        }

        public Path roc() {
            return runDir.resolve("roc.png");
        }

        public Path histogram() {
            return runDir.resolve("histogram.png");
        }

        public Path testMetrics() {
            return runDir.resolve("test-metrics.json");
        }
    }

    private StegoDemo() {
    }

    public static Result run(Options o, Progress progress, Consumer<String> log) throws IOException, InterruptedException {
        Path covers = o.dir().resolve("covers");
        Path stegos = o.dir().resolve(o.algorithm().toLowerCase(Locale.ROOT) + "-" + o.payload());
        Path run = o.dir().resolve("run");
        if (Files.exists(run.resolve(DetectorRun.FILE))) {
            throw new IllegalArgumentException(run + " already holds a demo run: give another --dir or delete it");
        }
        long t0 = System.nanoTime();
        log.accept(String.format(Locale.ROOT, "making %d synthetic grayscale covers (%d×%d, JPEG quality 75) in %s",
                o.covers(), o.size(), o.size(), covers));
        SyntheticCovers.write(new SyntheticCovers.Options(covers, o.covers(), o.size(), 75, o.seed(),
                Math.max(1, o.workers())), (d, t) -> { });
        long t1 = System.nanoTime();
        Algorithm algo = Algorithm.fromId(o.algorithm());
        log.accept(String.format(Locale.ROOT, "embedding %s at %s %s into every cover (%s)", algo.id(), o.payload(),
                algo.jpeg() ? "bpnzAC" : "bpp", stegos));
        EmbedJob.Report rep = EmbedJob.run(new EmbedJob.Options(algo, o.payload(), o.payload(), covers, stegos, o.seed(),
                Math.max(1, o.workers())), (d, t) -> { });
        if (!rep.failures().isEmpty()) {
            throw new IllegalStateException("embedding failed for " + rep.failures().size() + " cover(s), e.g. "
                    + rep.failures().get(0));
        }
        long t2 = System.nanoTime();
        ModelSpec spec = ModelSpec.builder("demo_detector").blocks(o.blocks()).width(o.width()).surgery(o.surgery()).build();
        DetectorConfig cfg = DetectorConfig.builder(covers, List.of(stegos), spec).stem(o.stem()).epochs(o.epochs())
                .batch(o.batch()).lr(o.lr()).optimizer("adamw").weightDecay(1e-4).schedule("cosine").valFraction(0.1)
                .testFraction(0.2).seed(o.seed()).threads(o.threads()).workers(Math.max(1, o.workers())).build();
        DetectorTraining.Result r = DetectorTraining.create(cfg, run).progress(progress).log(log).fit();
        long t3 = System.nanoTime();
        return new Result(covers, stegos, run, r, r.test(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
    }
}
