package org.efficientmixnet.advsteg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.efficientmixnet.train.loop.CheckpointListener;
import org.efficientmixnet.train.loop.Checkpoints;
import org.efficientmixnet.train.loop.EpochBatches;
import org.efficientmixnet.train.loop.EpochLine;
import org.efficientmixnet.train.loop.EpochResult;
import org.efficientmixnet.train.loop.HistoryListener;
import org.efficientmixnet.train.loop.NonFiniteStop;
import org.efficientmixnet.train.loop.Objective;
import org.efficientmixnet.train.loop.PlotListener;
import org.efficientmixnet.train.loop.ProgressListener;
import org.efficientmixnet.train.loop.ShutdownGuard;
import org.efficientmixnet.train.loop.StepResult;
import org.efficientmixnet.train.loop.TrainLog;
import org.efficientmixnet.train.loop.TrainingLoop;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.efficientmixnet.io.AtomicFile;
import org.efficientmixnet.train.Progress;

/**
 * A training run of Alice, Bob and Eve in a folder, on the project's training loop ({@code train.loop}) and its
 * listeners: {@code advsteg.json} (what was asked), {@code split.csv} (training and validation covers),
 * {@code checkpoints/} ({@code last} and {@code best} by Bob's validation bit accuracy: the three networks and both
 * optimizers' states, each file's CRC in the checkpoint's JSON), {@code history.csv}/{@code .json},
 * {@code train.log}, the curves as PNG, and a grid of covers, stegos and amplified differences per epoch under
 * {@code samples/}. Shuffling and messages come from generators seeded by (seed, epoch), and nothing else draws
 * random numbers after initialization, so {@code --resume} continues exactly as an uninterrupted run.
 */
public final class AdvStegRun {
    public static final String MARKER = "advsteg.json";
    /** The checkpoint that hiding, revealing and judging use: the best epoch by Bob's validation bit accuracy. */
    public static final Objective OBJECTIVE = Objective.max("val_bit_acc");
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /** What a run was asked to do. */
    public record Settings(AdvStegConfig config, AdvStegTraining.Hyper hyper, int epochs, double valFraction, long seed,
            String data, Variant variant) {
        public Settings {
            if (epochs < 1 || epochs > 100_000) {
                throw new IllegalArgumentException("--epochs must be in 1..100000, got " + epochs);
            }
            if (!(valFraction >= 0 && valFraction < 1)) {
                throw new IllegalArgumentException("--val-fraction must be in [0, 1), got " + valFraction);
            }
            if (variant == null) {
                variant = Variant.REFERENCE;
            }
        }

        /** The reference's recipe. */
        public Settings(AdvStegConfig config, AdvStegTraining.Hyper hyper, int epochs, double valFraction, long seed, String data) {
            this(config, hyper, epochs, valFraction, seed, data, Variant.REFERENCE);
        }
    }

    /** One training batch: which covers, and the messages drawn for them. */
    private record Batch(int[] covers, float[] messages) {
    }

    private AdvStegRun() {
    }

    /**
     * Trains in {@code runDir}, from scratch or, with {@code resume}, from the newest checkpoint there (the settings
     * saved in the run then win over {@code settings}, except the number of epochs). Returns the history: per epoch
     * {@code train_loss_eve}, {@code train_loss_alice_bob}, {@code train_bob_mse}, {@code train_bit_acc},
     * {@code train_eve_acc}, {@code val_bit_acc}, {@code val_eve_acc}, {@code psnr}, {@code ssim}, {@code seconds}.
     */
    public static List<EpochResult> train(Path runDir, Settings settings, boolean resume, Progress progress) throws IOException {
        Settings s = resume ? resumed(runDir, settings) : settings;
        Path dataDir = Path.of(s.data());
        if (runDir.toAbsolutePath().normalize().startsWith(dataDir.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(runDir + ": the run folder must not be inside the data folder " + dataDir);
        }
        if (!resume && Files.exists(runDir.resolve(MARKER))) {
            throw new IllegalArgumentException(runDir + ": already holds an advsteg run; use --resume to continue it or another --out");
        }
        List<String> skipped = new ArrayList<>();
        CoverSet all = CoverSet.folder(dataDir, s.config(), skipped);
        skipped.forEach(m -> progress.end("skipped: " + m));
        int[][] split = split(all.size(), s.valFraction(), s.seed());
        CoverSet train = all.subset(split[0]);
        CoverSet val = all.subset(split[1]);
        if (!resume) {
            Files.createDirectories(runDir);
            AtomicFile.writeString(runDir.resolve(MARKER), GSON.toJson(settingsJson(s)));
            StringBuilder csv = new StringBuilder("name,split\n");
            train.names().forEach(n -> csv.append(n).append(",train\n"));
            val.names().forEach(n -> csv.append(n).append(",val\n"));
            AtomicFile.writeString(runDir.resolve("split.csv"), csv.toString());
        }
        try (ShutdownGuard guard = ShutdownGuard.install(); AdvStegNetworks nets = AdvStegNetworks.create(s.config(), s.variant(), s.seed())) {
            AdvStegTraining t = new AdvStegTraining(nets, s.hyper());
            Checkpoints checkpoints = checkpoints(runDir, nets, t);
            TrainingLoop.Builder<Batch> b = TrainingLoop.builder(batches(train, s), (batch, ctx) -> {
                AdvStegTraining.StepResult r = t.step(train.pack(batch.covers()), batch.messages());
                return StepResult.of(batch.covers().length).mean("loss_eve", r.eveLoss())
                        .mean("loss_alice_bob", r.aliceBobLoss()).mean("bob_mse", r.bobMse())
                        .mean("bit_acc", (double) r.bitsRight() / r.bits()).mean("eve_acc", (double) r.eveRight() / r.eveSeen());
            }).epochs(s.epochs()).objective(OBJECTIVE)
                    .evaluator(epoch -> validate(nets, val.size() > 0 ? val : train, s.seed(), runDir.resolve("samples")
                            .resolve(String.format(Locale.ROOT, "epoch-%03d.png", epoch))))
                    .listener(new NonFiniteStop(runDir, "lower --lr"))
                    .listener(new CheckpointListener(checkpoints))
                    .listener(new HistoryListener(runDir))
                    .listener(new PlotListener(runDir, PLOTS))
                    .listener(new TrainLog(runDir.resolve("train.log"), EpochLine.standard()))
                    .listener(new ProgressListener(progress, List.of(new ProgressListener.Shown("loss_alice_bob", "alice+bob", "%.4f"),
                            new ProgressListener.Shown("loss_eve", "eve", "%.4f"), new ProgressListener.Shown("bit_acc", "bits", "%.3f")),
                            EpochLine.standard()));
            if (resume) {
                b.resumeFrom(checkpoints.restore("last"));
            }
            TrainingLoop<Batch> loop = b.build();
            guard.onShutdown(() -> loop.requestStop("stopped by a signal"));
            return loop.run().history();
        }
    }

    private static final List<PlotListener.Plot> PLOTS = List.of(
            new PlotListener.Plot("losses.png", "Losses", "loss", List.of(new PlotListener.Curve("Eve (BCE, covers + stegos)",
                    "train_loss_eve"), new PlotListener.Curve("Alice + Bob", "train_loss_alice_bob"),
                    new PlotListener.Curve("Bob (MSE)", "train_bob_mse"))),
            new PlotListener.Plot("accuracy.png", "Bob's bits and Eve's accuracy", "accuracy", List.of(
                    new PlotListener.Curve("Bob bits (train)", "train_bit_acc"), new PlotListener.Curve("Bob bits (val)", "val_bit_acc"),
                    new PlotListener.Curve("Eve (train)", "train_eve_acc"), new PlotListener.Curve("Eve (val)", "val_eve_acc"))),
            new PlotListener.Plot("quality.png", "Stego quality (val)", "PSNR dB", List.of(new PlotListener.Curve("PSNR", "psnr"))));

    private static Settings resumed(Path runDir, Settings asked) throws IOException {
        Settings saved = readSettings(runDir);
        return new Settings(saved.config(), saved.hyper(), asked.epochs(), saved.valFraction(), saved.seed(), saved.data(),
                saved.variant());
    }

    /** Epoch e's batches: covers shuffled and messages drawn from a generator seeded by (seed, e). */
    private static EpochBatches<Batch> batches(CoverSet train, Settings s) {
        int batch = Math.min(s.hyper().batch(), train.size());
        int steps = train.size() / batch; // the last partial batch is dropped, so every batch norm sees `batch` images
        return new EpochBatches<>() {
            @Override
            public int stepsPerEpoch() {
                return steps;
            }

            @Override
            public Iterator<Batch> epoch(int epoch) {
                SplittableRandom rng = new SplittableRandom(s.seed() * 1_000_003L + epoch);
                int[] order = shuffled(train.size(), rng);
                List<Batch> out = new ArrayList<>();
                for (int i = 0; i < steps; i++) {
                    out.add(new Batch(Arrays.copyOfRange(order, i * batch, (i + 1) * batch),
                            AdvStegTraining.messages(rng, batch, s.config().messageLength())));
                }
                return out.iterator();
            }
        };
    }

    private static Checkpoints checkpoints(Path runDir, AdvStegNetworks nets, AdvStegTraining t) {
        return Checkpoints.in(runDir.resolve("checkpoints")).network("alice", nets.alice()).network("bob", nets.bob())
                .network("eve", nets.eve())
                .part("optimizer_eve", () -> t.eveOptimizer().stateDict(nets.eve()),
                        sd -> t.eveOptimizer().loadStateDict(nets.eve(), sd))
                .part("optimizer_alice", () -> t.aliceBobOptimizer().stateDict(nets.alice()),
                        sd -> t.aliceBobOptimizer().loadStateDict(nets.alice(), sd))
                .part("optimizer_bob", () -> t.aliceBobOptimizer().stateDict(nets.bob()),
                        sd -> t.aliceBobOptimizer().loadStateDict(nets.bob(), sd));
    }

    /** Bob's bits, Eve's accuracy, PSNR and SSIM on {@code val} with messages fixed by the seed; writes the grid. */
    private static Map<String, Double> validate(AdvStegNetworks nets, CoverSet val, long seed, Path grid) {
        AdvStegConfig c = nets.config();
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5EEDL);
        float[] msgAll = AdvStegTraining.messages(rng, val.size(), c.messageLength());
        long bits = 0, right = 0, eveRight = 0;
        double psnr = 0, ssim = 0;
        int chunk = 16;
        List<float[]> shownCovers = new ArrayList<>();
        List<float[]> shownStegos = new ArrayList<>();
        for (int from = 0; from < val.size(); from += chunk) {
            int n = Math.min(chunk, val.size() - from);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = from + i;
            }
            float[] msg = Arrays.copyOfRange(msgAll, from * c.messageLength(), (from + n) * c.messageLength());
            float[][] out = infer(nets, val.pack(idx), msg, n);
            float[] stegos = out[0];
            float[] decoded = out[1];
            float[] eveCover = out[2];
            float[] eveStego = out[3];
            for (int i = 0; i < msg.length; i++) {
                bits++;
                if ((decoded[i] > 0) == (msg[i] > 0)) {
                    right++;
                }
            }
            for (int i = 0; i < n; i++) {
                eveRight += (eveCover[i] > 0 ? 1 : 0) + (eveStego[i] > 0 ? 0 : 1);
                float[] cover8 = to8bit(val.images().get(from + i), false);
                float[] stego8 = to8bit(Arrays.copyOfRange(stegos, i * c.imageValues(), (i + 1) * c.imageValues()), true);
                psnr += Math.min(ImageQuality.psnr(cover8, stego8), 100.0);
                ssim += ImageQuality.ssim(cover8, stego8, c.inChannels(), c.imageSize());
                if (shownCovers.size() < 6) {
                    shownCovers.add(cover8);
                    shownStegos.add(stego8);
                }
            }
        }
        try {
            writeGrid(grid, shownCovers, shownStegos, c);
        } catch (IOException e) {
            throw new UncheckedIOException(grid + ": cannot write the sample grid: " + e.getMessage(), e);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("val_bit_acc", (double) right / bits);
        m.put("val_eve_acc", (double) eveRight / (2.0 * val.size()));
        m.put("psnr", psnr / val.size());
        m.put("ssim", ssim / val.size());
        return m;
    }

    /** Stegos, Bob's decoding and Eve's logits on covers and stegos, in inference mode. */
    static float[][] infer(AdvStegNetworks nets, float[] covers, float[] messages, int n) {
        AdvStegConfig c = nets.config();
        int side = c.imageSize();
        ParameterStore ps = nets.parameterStore();
        try (NDManager sm = nets.manager().newSubManager()) {
            NDArray cover = sm.create(covers, new Shape(n, c.inChannels(), side, side));
            NDArray msg = sm.create(messages, new Shape(n, c.messageLength()));
            NDArray stego = nets.alice().encode(ps, cover, msg, false);
            return new float[][] {stego.toFloatArray(), nets.bob().forward(ps, stego, false).toFloatArray(),
                    nets.eve().forward(ps, cover, false).toFloatArray(), nets.eve().forward(ps, stego, false).toFloatArray()};
        }
    }

    /** Bob's reading of {@code n} images (stegos as stored), in inference mode: (N·L) values, the sign is the bit. */
    static float[] decode(AdvStegNetworks nets, float[] images, int n) {
        return analyze(nets, nets.bob(), images, n);
    }

    /** Eve's logits for {@code n} images (positive: cover), in inference mode. */
    static float[] eveLogits(AdvStegNetworks nets, float[] images, int n) {
        return analyze(nets, nets.eve(), images, n);
    }

    private static float[] analyze(AdvStegNetworks nets, Analyzer net, float[] images, int n) {
        AdvStegConfig c = nets.config();
        try (NDManager sm = nets.manager().newSubManager()) {
            NDArray x = sm.create(images, new Shape(n, c.inChannels(), c.imageSize(), c.imageSize()));
            return net.forward(nets.parameterStore(), x, false).toFloatArray();
        }
    }

    /** [−1, 1] to the 0..255 scale; {@code round} as a PNG would store it. */
    static float[] to8bit(float[] x, boolean round) {
        float[] o = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            o[i] = round ? CoverSet.toByte(x[i]) : Math.max(0f, Math.min(255f, (x[i] + 1f) * 127.5f));
        }
        return o;
    }

    /** Rows: covers, stegos, |stego − cover| × 10. */
    private static void writeGrid(Path file, List<float[]> covers, List<float[]> stegos, AdvStegConfig c) throws IOException {
        if (covers.isEmpty()) {
            return;
        }
        int s = c.imageSize();
        int gap = 2;
        BufferedImage img = new BufferedImage(covers.size() * (s + gap), 3 * (s + gap), BufferedImage.TYPE_INT_RGB);
        for (int k = 0; k < covers.size(); k++) {
            float[] diff = new float[covers.get(k).length];
            for (int i = 0; i < diff.length; i++) {
                diff[i] = Math.min(255f, Math.abs(stegos.get(k)[i] - covers.get(k)[i]) * 10f);
            }
            float[][] rows = {covers.get(k), stegos.get(k), diff};
            for (int r = 0; r < 3; r++) {
                for (int y = 0; y < s; y++) {
                    for (int x = 0; x < s; x++) {
                        int[] ch = new int[3];
                        for (int q = 0; q < 3; q++) {
                            int src = Math.min(q, c.inChannels() - 1);
                            ch[q] = Math.round(rows[r][(src * s + y) * s + x]);
                        }
                        img.setRGB(k * (s + gap) + x, r * (s + gap) + y, (ch[0] << 16) | (ch[1] << 8) | ch[2]);
                    }
                }
            }
        }
        AtomicFile.write(file, tmp -> ImageIO.write(img, "png", tmp.toFile()));
    }

    /** Indices of the training and validation covers: a seeded shuffle, the first ⌈n·f⌉ (at most n − 1) for validation. */
    static int[][] split(int n, double valFraction, long seed) {
        int[] order = shuffled(n, new SplittableRandom(seed ^ 0x5B117L));
        int val = valFraction == 0 ? 0 : (int) Math.min(n - 1, Math.ceil(n * valFraction));
        int[] v = Arrays.copyOf(order, val);
        int[] t = Arrays.copyOfRange(order, val, n);
        Arrays.sort(v);
        Arrays.sort(t);
        return new int[][] {t, v};
    }

    static int[] shuffled(int n, SplittableRandom rng) {
        int[] o = new int[n];
        Arrays.setAll(o, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = o[i];
            o[i] = o[j];
            o[j] = tmp;
        }
        return o;
    }

    private static JsonObject settingsJson(Settings s) {
        JsonObject o = new JsonObject();
        o.addProperty("kind", "advsteg");
        o.addProperty("width", s.config().width());
        o.addProperty("msg_len", s.config().messageLength());
        o.addProperty("in_chans", s.config().inChannels());
        o.addProperty("image_size", s.config().imageSize());
        o.addProperty("variant", s.variant().name());
        o.addProperty("strength", s.variant().strength());
        o.addProperty("lr", s.hyper().lr());
        o.addProperty("a", s.hyper().a());
        o.addProperty("b", s.hyper().b());
        o.addProperty("c", s.hyper().c());
        o.addProperty("batch", s.hyper().batch());
        o.addProperty("epochs", s.epochs());
        o.addProperty("val_fraction", s.valFraction());
        o.addProperty("seed", s.seed());
        o.addProperty("data", Path.of(s.data()).toAbsolutePath().toString());
        return o;
    }

    /** The settings of the run in {@code runDir}; a folder that is not an advsteg run is a one-line error. */
    public static Settings readSettings(Path runDir) throws IOException {
        Path f = runDir.resolve(MARKER);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(runDir + ": not an advsteg run (no " + MARKER + "; make one with `emn advsteg train`)");
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!"advsteg".equals(o.get("kind").getAsString())) {
                throw new IllegalArgumentException(f + ": not an advsteg run (kind " + o.get("kind") + ")");
            }
            return new Settings(new AdvStegConfig(o.get("width").getAsInt(), o.get("msg_len").getAsInt(), o.get("in_chans").getAsInt()),
                    new AdvStegTraining.Hyper(o.get("lr").getAsDouble(), o.get("a").getAsDouble(), o.get("b").getAsDouble(),
                            o.get("c").getAsDouble(), o.get("batch").getAsInt()),
                    o.get("epochs").getAsInt(), o.get("val_fraction").getAsDouble(), o.get("seed").getAsLong(),
                    o.get("data").getAsString(), variant(f, o));
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(f + ": unreadable run settings (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The run's variant; a run written before variants existed has no field and is the reference. */
    private static Variant variant(Path f, JsonObject o) {
        if (!o.has("variant")) {
            return Variant.REFERENCE;
        }
        try {
            return new Variant(o.get("variant").getAsString(), o.has("strength") ? o.get("strength").getAsDouble() : 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(f + ": " + e.getMessage());
        }
    }

    /** The trained networks of a run (its best checkpoint), for hiding, revealing and judging. */
    public static AdvStegNetworks load(Path runDir) throws IOException {
        Settings s = readSettings(runDir);
        Path dir = runDir.resolve("checkpoints");
        if (!Checkpoints.exists(dir, "best")) {
            throw new IllegalArgumentException(runDir + ": no checkpoint yet (train at least one epoch)");
        }
        AdvStegNetworks nets = AdvStegNetworks.create(s.config(), s.variant(), s.seed());
        try {
            Checkpoints.in(dir).network("alice", nets.alice()).network("bob", nets.bob()).network("eve", nets.eve())
                    .restore("best");
        } catch (IOException | RuntimeException e) {
            nets.close();
            throw e;
        }
        return nets;
    }
}
